import { RolloverRequestSchema } from '../../domain/enrollment/rollover';
import { respondOnce, writeContext } from '../http/idempotency';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { sqsQueue, type WorkQueue } from '../platform/sqs-queue';
import { getServices } from '../services';
import { readRollover, startDistrictRollover, startRollover } from '../use-cases/enrollment/rollover';

// Resolved at first use: the manifest loads this module where no queue is configured (CDK synth).
let queue: WorkQueue | undefined;
const operations = () => (queue ??= sqsQueue('scheduling'));

/**
 * Year-end rollover (decision 0156), served by the `enrollment` function: a school's, or every school's, run through
 * the scheduling queue (a district operation, like a scheduling run); a dry run reports what the run would do.
 */
export const ROLLOVER_ROUTES = served('enrollment', [
  route({
    method: 'POST',
    path: '/v1/schools/{schoolId}/rollovers',
    access: { resource: 'rollover', action: 'create' },
    operationId: 'startRollover',
    summary: "Roll a school over to its next year, or dry-run it (202; follow the run's URL)",
    contract: (c) => ({
      body: RolloverRequestSchema,
      answers: { 202: c.json(c.RolloverRunSchema, 'Accepted: stored and queued; follow `runUrl`', { Location: "The run's URL." }) },
    }),
    run: async (request) => {
      const context = writeContext(request);
      return respondOnce(
        context,
        () => startRollover(getServices(), operations(), request.pathParameters.schoolId, request.body, context),
        (run) => ({ statusCode: 202, headers: { location: run.runUrl }, body: run }),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/rollovers/{runId}',
    access: { resource: 'rollover', action: 'read' },
    operationId: 'rollover',
    summary: "A rollover's status, its dry run's or run's report, and the students done",
    contract: (c) => ({ answers: { 200: c.json(c.RolloverRunSchema, 'The run') } }),
    run: async (request) =>
      ok(
        await readRollover(getServices(), request.pathParameters.schoolId, request.pathParameters.runId, { principal: request.principal }),
      ),
  }),
  route({
    method: 'POST',
    path: '/v1/rollovers',
    access: { resource: 'rollover', action: 'create' },
    operationId: 'startDistrictRollover',
    summary: 'Roll every open school over to its next year, or dry-run them all (202; one run per school)',
    contract: (c) => ({
      body: RolloverRequestSchema,
      answers: { 202: c.json(c.DistrictRollover, 'Accepted: one run per school, queued') },
    }),
    run: async (request) => {
      const context = writeContext(request);
      return respondOnce(
        context,
        async () => ({ result: await startDistrictRollover(getServices(), operations(), request.body, context), replayed: false }),
        (runs) => ({ statusCode: 202, body: runs }),
      );
    },
  }),
]);
