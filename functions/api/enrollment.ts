import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { apiHandler, type RouteHandler } from '../http/api-handler';
import { respondOnce, writeContext } from '../http/idempotency';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { sqsQueue } from '../platform/sqs-queue';
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

const observability = observabilityFor('enrollment');
const intake = sqsQueue('enrollment');
const deps = (): IntakeDeps => ({ services: getServices(), queue: intake, log: observability.logger });

const accepted = (receipt: IntakeReceipt) => ({ statusCode: 202, headers: { location: receipt.statusUrl }, body: receipt });

const operations: Record<string, RouteHandler> = {
  submitEnrollment: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      async () => {
        const written = await submitIntake(deps(), request.body, context);
        if (!written.replayed) count(observability, METRIC.enrollmentRequestsAccepted);
        return written;
      },
      accepted,
      (receipt) => requeueIfPending(deps(), receipt),
    );
  },
  getEnrollmentRequest: async (request) => ({
    statusCode: 200,
    body: await getEnrollmentRequest(getServices(), request.pathParameters.requestId!, request.principal),
  }),
  listEnrollmentRequests: async (request) => {
    const query = parseOrThrow(RequestListQuery, request.query);
    return {
      statusCode: 200,
      body: await listEnrollmentRequests(getServices(), request.pathParameters.schoolId!, query, request.principal),
    };
  },
  resolveEnrollmentRequest: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => resolveRequest(deps(), request.pathParameters.requestId!, request.body, context),
      accepted,
      (receipt) => requeueIfPending(deps(), receipt),
    );
  },
  withdrawStudent: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => withdrawStudent(getServices(), request.pathParameters.studentId!, request.body, context),
      (ended) => ({ statusCode: 200, body: ended }),
    );
  },
  listEnrollments: async (request) => {
    const page = parseOrThrow(PageQuery, request.query);
    return { statusCode: 200, body: await listEnrollments(getServices(), request.pathParameters.studentId!, page, request.principal) };
  },
};

/** Enrollment: intake of requests (202, queued), their status and resolution; withdrawals. */
export const handler = apiHandler('enrollment', (route) => {
  const name = route.operation.kind === 'custom' ? route.operation.name : '';
  const operation = operations[name];
  if (!operation) throw new Error(`the enrollment handler has no operation ${name}`);
  return operation;
});
