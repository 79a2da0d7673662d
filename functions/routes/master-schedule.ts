import { SnapshotRequestSchema, SnapshotRestoreSchema } from '../../domain/scheduling/schemas';
import { parseOrThrow } from '../../domain/validation';
import { respondOnce, writeContext } from '../http/idempotency';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { sqsQueue, type WorkQueue } from '../platform/sqs-queue';
import { getServices } from '../services';
import { listSnapshots, restoreSnapshot, snapshotMasterSchedule, SnapshotListQuery } from '../use-cases/scheduling/master-schedule';
import {
  readSchedulingRun,
  SchedulingRunQuery,
  SchedulingRunRequestSchema,
  startSchedulingRun,
} from '../use-cases/scheduling/scheduling-run';

// Resolved at first use: the manifest loads this module where no queue is configured (CDK synth).
let schedulingQueue: WorkQueue | undefined;

/** A term's master schedule: named snapshots and their restore, and runs of the automatic scheduler (the `scheduling` function). */
export const MASTER_SCHEDULE_ROUTES = served('scheduling', [
  route({
    method: 'POST',
    path: '/v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots',
    access: { resource: 'masterSchedule', action: 'create' },
    operationId: 'snapshotMasterSchedule',
    summary: "Save a named, versioned copy of a term's sections",
    contract: (c) => ({ body: SnapshotRequestSchema, answers: { 201: c.json(c.SnapshotSchema, 'The snapshot') } }),
    run: async (request) => {
      const { schoolId, termCode } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(
        context,
        () => snapshotMasterSchedule(getServices(), schoolId, termCode, request.body, context),
        (header) => ({ statusCode: 201, body: header }),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots',
    access: { resource: 'masterSchedule', action: 'list' },
    operationId: 'listSnapshots',
    summary: "A term's master-schedule snapshots",
    contract: (c) => ({ query: SnapshotListQuery, answers: { 200: c.json(c.SnapshotPage, "A page of the term's snapshots") } }),
    run: async (request) => {
      const { schoolId, termCode } = request.pathParameters;
      return ok(await listSnapshots(getServices(), schoolId, termCode, parseOrThrow(SnapshotListQuery, request.query), request.principal));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/schools/{schoolId}/terms/{termCode}/scheduling-runs',
    access: { resource: 'masterSchedule', action: 'create' },
    operationId: 'startSchedulingRun',
    summary: "Run the automatic scheduler over the term's course requests (202; follow the run's URL)",
    contract: (c) => ({
      body: SchedulingRunRequestSchema,
      answers: { 202: c.json(c.SchedulingRunSchema, 'Accepted: stored and queued; follow `runUrl`', { Location: "The run's URL." }) },
    }),
    run: async (request) => {
      const { schoolId, termCode } = request.pathParameters;
      const context = writeContext(request);
      const queue = (schedulingQueue ??= sqsQueue('scheduling'));
      return respondOnce(
        context,
        () => startSchedulingRun(getServices(), queue, schoolId, termCode, request.body, context),
        (run) => ({ statusCode: 202, headers: { location: run.runUrl }, body: run }),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/terms/{termCode}/scheduling-runs/{runId}',
    access: { resource: 'masterSchedule', action: 'read' },
    operationId: 'schedulingRun',
    summary: "A scheduling run's progress and, when done, its report per student",
    contract: (c) => ({
      query: SchedulingRunQuery,
      answers: { 200: c.json(c.SchedulingRunReport, 'The run, and a page of its per-student report once it is done') },
    }),
    run: async (request) => {
      const { schoolId, runId } = request.pathParameters;
      return ok(
        await readSchedulingRun(getServices(), schoolId, runId, parseOrThrow(SchedulingRunQuery, request.query), request.principal),
      );
    },
  }),
  route({
    method: 'POST',
    path: '/v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots/{snapshotId}/restore',
    access: { resource: 'masterSchedule', action: 'restore' },
    operationId: 'restoreSnapshot',
    summary: "Bring a term's sections back to a snapshot (resumable)",
    contract: (c) => ({
      body: SnapshotRestoreSchema,
      answers: { 200: c.json(c.RestoreReportSchema, 'What was restored, deleted, left alone or skipped (and why)') },
    }),
    run: async (request) => {
      const { schoolId, termCode, snapshotId } = request.pathParameters;
      return ok(await restoreSnapshot(getServices(), schoolId, termCode, snapshotId, request.body, writeContext(request)));
    },
  }),
]);
