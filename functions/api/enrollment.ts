import { z } from 'zod';
import { Conflict, Invalid, NotFound, ServiceUnavailable } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { studentType } from '../../domain/records/record-types';
import { ENROLLMENT_STATUSES, EnrollmentRequestSchema, ResolutionSchema, WithdrawalSchema } from '../../domain/enrollment/schemas';
import { checkStudent } from '../../domain/schemas/people';
import { parseOrThrow } from '../../domain/validation';
import { ENROLLMENT_EVENTS, type StudentWithdrawn } from '../../events/catalog';
import type { EnrollmentRequestRecord } from '../repositories/enrollment-store';
import { apiHandler, type ApiRequest, type ApiResponse, type Operation } from '../http/api-handler';
import { idempotencyRecord, replayable, withIdempotency, type OnReplay } from '../http/idempotency';
import { logger } from '../platform/observability';
import { sqsQueue } from '../platform/sqs-queue';
import { getServices } from '../services';

const intake = sqsQueue('enrollment');
const statusUrl = (requestId: string) => `/v1/enrollment-requests/${requestId}`;

function requestView(record: EnrollmentRequestRecord) {
  return { ...record, statusUrl: statusUrl(record.id) };
}

/** Queues a request; when the queue cannot take it, the client retries with the same key. */
async function enqueue(record: Pick<EnrollmentRequestRecord, 'id' | 'generation'>): Promise<void> {
  try {
    await intake.send({ requestId: record.id, generation: record.generation });
  } catch (error) {
    logger.error('could not queue enrollment request', { requestId: record.id, error: error as Error });
    throw new ServiceUnavailable('The enrollment queue is not taking requests right now; nothing was accepted. Retry in a moment.');
  }
}

/** POST /v1/enrollment-requests: validate, store durably, queue, answer 202 without waiting. */
const submitEnrollment: Operation = async (request) => {
  const { store, enrollments, access, now } = getServices();
  if (request.body === undefined) throw new Invalid([{ field: 'body', message: 'is required' }]);
  const body = parseOrThrow(EnrollmentRequestSchema, request.body);
  if (body.kind === 'new') {
    const issues = checkStudent(
      {
        ...body.student,
        districtStudentId: body.student.districtStudentId ?? 'pending',
        schoolId: body.schoolId,
        gradeLevel: body.gradeLevel,
      },
      now().toISOString().slice(0, 10),
    );
    if (issues.length > 0) throw new Invalid(issues.map((issue) => ({ ...issue, field: `student.${issue.field}` })));
  }
  await access.authorize(request.principal, 'create', 'enrollment', {}, { schoolId: body.schoolId });
  // Moving an existing student (and linking guardians to them) is for those who may see that
  // student: a guardian with educational rights, staff of the student's school, a district admin.
  if (body.kind === 'transfer') await authorizeExistingStudent(request, body.studentId);
  const at = now().toISOString();
  const record: EnrollmentRequestRecord = {
    id: newId(),
    status: 'PENDING',
    request: body,
    schoolId: body.schoolId,
    requestedBy: request.principal.sub,
    createdAt: at,
    updatedAt: at,
    attempts: 0,
    generation: 0,
    transitions: [{ status: 'PENDING', at, by: request.principal.sub }],
  };
  const response: ApiResponse = {
    statusCode: 202,
    headers: { location: statusUrl(record.id) },
    body: { id: record.id, status: 'PENDING', statusUrl: statusUrl(record.id), createdAt: at },
  };
  const idempotency = idempotencyRecord(request, response, now());
  return withIdempotency(
    request,
    async () => {
      await store.transact([enrollments.newRequest(record), ...store.idempotencyOperations(idempotency)], idempotency);
      try {
        await enqueue(record);
      } catch (error) {
        // Not accepted after all: take the request back (and its idempotency record), so that no
        // request waits PENDING with no message, and a retry, with or without the key, starts afresh.
        await store
          .transact([enrollments.withdrawUnqueued(record), ...store.idempotencyRemoval(idempotency)])
          .catch((undo: Error) =>
            logger.error('could not take back an unqueued enrollment request', { requestId: record.id, error: undo }),
          );
        throw error;
      }
      return response;
    },
    requeueIfPending,
  );
};

/**
 * A retry of a stored request (its first answer names it): queue it again unless it was
 * processed meanwhile. A duplicate message is harmless; the consumer is idempotent.
 */
const requeueIfPending: OnReplay = async (stored) => {
  const { id } = JSON.parse(stored.response.body) as { id?: string };
  const record = id ? await getServices().enrollments.getRequest(id) : undefined;
  if (record?.status === 'PENDING') await enqueue(record);
};

async function authorizeExistingStudent(request: ApiRequest, studentId: string): Promise<void> {
  const { store, access } = getServices();
  const student = await store.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new Invalid([{ field: 'studentId', message: 'names no student' }]);
  await access.authorize(request.principal, 'read', 'student', { studentId }, student.data);
}

async function loadRequest(request: ApiRequest, action: 'read' | 'update'): Promise<EnrollmentRequestRecord> {
  const { enrollments, access } = getServices();
  const requestId = request.pathParameters.requestId!;
  const record = await enrollments.getRequest(requestId);
  if (!record) throw new NotFound(`No enrollment request ${requestId}.`);
  await access.authorize(
    request.principal,
    action,
    'enrollment',
    {},
    {
      schoolId: record.schoolId,
      requestedBy: record.requestedBy,
      ...(record.studentId ? { studentId: record.studentId } : {}),
    },
  );
  return record;
}

const getEnrollmentRequest: Operation = async (request) => ({ statusCode: 200, body: requestView(await loadRequest(request, 'read')) });

const ListQuery = z.object({
  status: z.enum(ENROLLMENT_STATUSES).default('PENDING'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().optional(),
});

/** A school's requests in one status, oldest first: the registrar's and counselor's work list. */
const listEnrollmentRequests: Operation = async (request) => {
  const { enrollments, access } = getServices();
  const schoolId = request.pathParameters.schoolId!;
  await access.authorize(request.principal, 'list', 'enrollment', { schoolId }, { schoolId });
  const query = parseOrThrow(ListQuery, request.query);
  const page = await enrollments.listRequests(schoolId, query.status, query.limit, query.cursor);
  return { statusCode: 200, body: { schoolId, status: query.status, items: page.items.map(requestView), nextCursor: page.nextCursor } };
};

/** A counselor settles a possible duplicate; the request is processed again with that decision. */
const resolveEnrollmentRequest: Operation = async (request) => {
  const { store, enrollments, now } = getServices();
  const record = await loadRequest(request, 'update');
  const resolution = parseOrThrow(ResolutionSchema, request.body ?? {});
  const duplicate = record.rejection?.reasons.some((reason) => reason.code === 'possible-duplicate');
  if (record.status !== 'REJECTED' || !duplicate) {
    throw new Conflict(`Only a request rejected as a possible duplicate can be resolved; this one is ${record.status}.`);
  }
  if (resolution.action === 'merge') await authorizeExistingStudent(request, resolution.studentId);
  const at = now().toISOString();
  const generation = (record.generation ?? 0) + 1;
  const response: ApiResponse = {
    statusCode: 202,
    headers: { location: statusUrl(record.id) },
    body: { id: record.id, status: 'PENDING', statusUrl: statusUrl(record.id) },
  };
  const idempotency = idempotencyRecord(request, response, now());
  return withIdempotency(request, async () => {
    await store.transact(
      [
        enrollments.transition(
          record,
          ['REJECTED'],
          { status: 'PENDING', at, by: request.principal.sub, note: `resolved: ${resolution.action}` },
          { resolution: { ...resolution, by: request.principal.sub, at }, generation },
          ['rejection'],
        ),
        ...store.idempotencyOperations(idempotency),
      ],
      idempotency,
    );
    await enqueue({ id: record.id, generation });
    return response;
  });
};

/** Ends a student's active enrollment for a school year, freeing the seat, in one transaction. */
const withdrawStudent: Operation = async (request) => {
  const { store, enrollments, access, now } = getServices();
  const studentId = request.pathParameters.studentId!;
  const body = parseOrThrow(WithdrawalSchema, request.body ?? {});
  const active = await enrollments.activeEnrollment(studentId, body.schoolYear);
  if (!active) {
    const student = await store.get(studentType, { studentId });
    if (!student) throw new NotFound(`No student ${studentId}.`);
    throw new Conflict(`The student has no active enrollment for ${body.schoolYear}.`);
  }
  await access.authorize(request.principal, 'delete', 'enrollment', {}, { schoolId: active.schoolId, studentId });
  if (body.exitDate < active.entryDate)
    throw new Invalid([{ field: 'exitDate', message: `must not be before the entry date ${active.entryDate}` }]);
  const at = now().toISOString();
  const ended = { ...active, exitDate: body.exitDate, exitReason: body.reasonCode };
  const detail: StudentWithdrawn = {
    eventId: newId(),
    eventVersion: 1,
    occurredAt: at,
    actor: { sub: request.principal.sub, roles: [...request.principal.roles] },
    ...(body.note ? { reason: body.note } : {}),
    recordType: 'enrollment',
    ids: { studentId, enrollmentId: active.enrollmentId },
    schoolIds: [active.schoolId],
    changedFields: ['exitDate', 'exitReason'],
    enrollment: {
      enrollmentId: active.enrollmentId,
      studentId,
      schoolId: active.schoolId,
      schoolYear: active.schoolYear,
      gradeLevel: active.gradeLevel,
      entryDate: active.entryDate,
      exitDate: body.exitDate,
      exitReason: body.reasonCode,
    },
  };
  const response: ApiResponse = { statusCode: 200, body: ended };
  const idempotency = idempotencyRecord(request, response, now());
  const event = ENROLLMENT_EVENTS.studentWithdrawn;
  return withIdempotency(request, async () => {
    await store.transact(
      [
        ...enrollments.exit(active, body.exitDate, body.reasonCode, true),
        enrollments.seat(active.schoolId, active.schoolYear, active.gradeLevel, -1),
        store.outboxOperation(studentType.key({ studentId }), { source: event.source, detailType: event.detailType, detail }, at),
        ...store.idempotencyOperations(idempotency),
      ],
      idempotency,
    );
    return response;
  });
};

const listEnrollments: Operation = async (request) => {
  const { store, enrollments, access } = getServices();
  const studentId = request.pathParameters.studentId!;
  const student = await store.get(studentType, { studentId });
  if (!student) throw new NotFound(`No student ${studentId}.`);
  await access.authorize(request.principal, 'read', 'enrollment', { studentId }, { schoolId: String(student.data.schoolId), studentId });
  const query = parseOrThrow(ListQuery.omit({ status: true }), request.query);
  const page = await enrollments.enrollmentsOf(studentId, query.limit, query.cursor);
  return { statusCode: 200, body: { studentId, items: page.items, nextCursor: page.nextCursor } };
};

/** Enrollment: intake of requests (202, queued), their status and resolution; withdrawals. */
export const handler = apiHandler('enrollment', (route) => {
  const operations: Record<string, Operation> = {
    submitEnrollment: replayable(submitEnrollment, requeueIfPending),
    getEnrollmentRequest,
    listEnrollmentRequests,
    resolveEnrollmentRequest: replayable(resolveEnrollmentRequest, requeueIfPending),
    withdrawStudent: replayable(withdrawStudent),
    listEnrollments,
  };
  const name = route.operation.kind === 'custom' ? route.operation.name : '';
  const operation = operations[name];
  if (!operation) throw new Error(`the enrollment handler has no operation ${name}`);
  return operation;
});
