import { EnrollmentRequestSchema, ResolutionSchema, WithdrawalSchema } from '../../domain/enrollment/schemas';
import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { respondOnce, writeContext } from '../http/idempotency';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { sqsQueue, type WorkQueue } from '../platform/sqs-queue';
import { getServices } from '../services';
import {
  getEnrollmentRequest,
  listEnrollmentRequests,
  listEnrollments,
  RequestListQuery,
} from '../use-cases/enrollment/enrollment-requests';
import { resolveRequest } from '../use-cases/enrollment/resolve-request';
import { requeueIfPending, submitIntake, type IntakeDeps, type IntakeReceipt } from '../use-cases/enrollment/submit-intake';
import { withdrawStudent } from '../use-cases/enrollment/withdraw-student';

// The queue is resolved at first use: the manifest loads this module where no queue is configured (CDK synth).
let intake: WorkQueue | undefined;
const observability = () => observabilityFor('enrollment');
const deps = (): IntakeDeps => ({ services: getServices(), queue: (intake ??= sqsQueue('enrollment')), log: observability().logger });

const accepted = (receipt: IntakeReceipt) => ({ statusCode: 202, headers: { location: receipt.statusUrl }, body: receipt });

/** Enrollment: intake of requests (202, queued), their status and resolution; withdrawals. */
export const ENROLLMENT_ROUTES = served('enrollment', [
  route({
    method: 'POST',
    path: '/v1/enrollment-requests',
    access: { resource: 'enrollment', action: 'create' },
    operationId: 'submitEnrollment',
    summary: 'Submit an enrollment (new student or transfer); answers 202 at once',
    contract: (c) => ({
      body: EnrollmentRequestSchema,
      answers: { 202: c.accepted('Accepted: stored and queued; follow `statusUrl`') },
      problems: [503],
    }),
    run: async (request) => {
      const context = writeContext(request);
      return respondOnce(
        context,
        async () => {
          const written = await submitIntake(deps(), request.body, context);
          if (!written.replayed) count(observability(), METRIC.enrollmentRequestsAccepted);
          return written;
        },
        accepted,
        (receipt) => requeueIfPending(deps(), receipt),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/enrollment-requests/{requestId}',
    access: { resource: 'enrollment', action: 'read' },
    operationId: 'getEnrollmentRequest',
    summary: "An enrollment request's status: PENDING, ENROLLED or REJECTED with reasons",
    contract: (c) => ({ answers: { 200: c.json(c.EnrollmentRequestViewSchema, 'The request and its status') } }),
    run: async (request) => ok(await getEnrollmentRequest(getServices(), request.pathParameters.requestId, request.principal)),
  }),
  route({
    method: 'POST',
    path: '/v1/enrollment-requests/{requestId}/resolution',
    access: { resource: 'enrollment', action: 'update' },
    operationId: 'resolveEnrollmentRequest',
    summary: 'Resolve a possible duplicate: merge into an existing student or confirm a new one',
    contract: (c) => ({
      body: ResolutionSchema,
      answers: { 202: c.accepted('Accepted: the request is PENDING again and queued') },
      problems: [503],
    }),
    run: async (request) => {
      const context = writeContext(request);
      return respondOnce(
        context,
        () => resolveRequest(deps(), request.pathParameters.requestId, request.body, context),
        accepted,
        (receipt) => requeueIfPending(deps(), receipt),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/enrollment-requests',
    access: { resource: 'enrollment', action: 'list' },
    operationId: 'listEnrollmentRequests',
    summary: "A school's enrollment requests in one status",
    contract: (c) => ({
      query: RequestListQuery,
      answers: { 200: c.json(c.EnrollmentRequestPageSchema, 'A page of requests in the status asked for, oldest first') },
    }),
    run: async (request) => {
      const query = parseOrThrow(RequestListQuery, request.query);
      return ok(await listEnrollmentRequests(getServices(), request.pathParameters.schoolId, query, request.principal));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/students/{studentId}/withdrawals',
    access: { resource: 'enrollment', action: 'delete' },
    operationId: 'withdrawStudent',
    summary: "End a student's enrollment for a school year",
    contract: (c) => ({ body: WithdrawalSchema, answers: { 200: c.json(c.EnrollmentSchema, 'The enrollment, ended') } }),
    run: async (request) => {
      const context = writeContext(request);
      return respondOnce(context, () => withdrawStudent(getServices(), request.pathParameters.studentId, request.body, context), ok);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/enrollments',
    access: { resource: 'enrollment', action: 'read' },
    operationId: 'listEnrollments',
    summary: "A student's school enrollments, past and present",
    contract: (c) => ({ query: PageQuery, answers: { 200: c.json(c.EnrollmentPageSchema, "A page of the student's enrollments") } }),
    run: async (request) => {
      const page = parseOrThrow(PageQuery, request.query);
      return ok(await listEnrollments(getServices(), request.pathParameters.studentId, page, request.principal));
    },
  }),
]);
