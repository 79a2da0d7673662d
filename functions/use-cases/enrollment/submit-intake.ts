import { RequestAlreadySettled } from '../../../domain/enrollment/errors';
import { Invalid, ServiceUnavailable } from '../../../domain/errors';
import { newId } from '../../../domain/ids';
import { EnrollmentRequestSchema } from '../../../domain/enrollment/schemas';
import { checkStudent } from '../../../domain/schemas/people';
import { parseOrThrow } from '../../../domain/validation';
import type { Log } from '../../platform/observability';
import type { WorkQueue } from '../../platform/sqs-queue';
import type { EnrollmentRequestRecord } from '../../repositories/enrollment-store';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { authorizeExistingStudent, statusUrl } from './enrollment-requests';

/** The intake's answer: the request is stored and queued; its status is at `statusUrl`. */
export interface IntakeReceipt {
  readonly id: string;
  readonly status: 'PENDING';
  readonly statusUrl: string;
  readonly createdAt?: string;
}

export interface IntakeDeps {
  readonly services: Services;
  readonly queue: WorkQueue;
  readonly log: Log;
}

/** Queues a request; when the queue cannot take it, the client retries with the same key. */
export async function enqueue(deps: IntakeDeps, request: Pick<EnrollmentRequestRecord, 'id' | 'generation'>): Promise<void> {
  try {
    await deps.queue.send({ requestId: request.id, generation: request.generation });
  } catch (error) {
    deps.log.error('could not queue enrollment request', { requestId: request.id, error: error as Error });
    throw new ServiceUnavailable('The enrollment queue is not taking requests right now; nothing was accepted. Retry in a moment.');
  }
}

/**
 * A family's or a registrar's enrollment (a new student or a transfer): validated, stored
 * durably, queued, and answered at once; the enrollment consumer does the work. Nothing is
 * accepted that is not both stored and queued.
 */
export async function submitIntake(deps: IntakeDeps, body: unknown, context: WriteContext): Promise<Written<IntakeReceipt>> {
  const { services } = deps;
  const { records, enrollments, transactions, access, now } = services;
  if (body === undefined) throw new Invalid([{ field: 'body', message: 'is required' }]);
  const request = parseOrThrow(EnrollmentRequestSchema, body);
  if (request.kind === 'new') {
    const student = {
      ...request.student,
      districtStudentId: request.student.districtStudentId ?? 'pending',
      schoolId: request.schoolId,
      gradeLevel: request.gradeLevel,
    };
    const issues = checkStudent(student, now().toISOString().slice(0, 10));
    if (issues.length > 0) throw new Invalid(issues.map((issue) => ({ ...issue, field: `student.${issue.field}` })));
  }
  const { principal } = context;
  await access.authorize(principal, 'create', 'enrollment', {}, { schoolId: request.schoolId });
  // Moving an existing student (and linking guardians to them) is for those who may see that
  // student: a guardian with educational rights, staff of the student's school, a district admin.
  if (request.kind === 'transfer') await authorizeExistingStudent(services, principal, request.studentId);
  const at = now().toISOString();
  const record: EnrollmentRequestRecord = {
    id: newId(),
    status: 'PENDING',
    request,
    schoolId: request.schoolId,
    requestedBy: principal.sub,
    createdAt: at,
    updatedAt: at,
    attempts: 0,
    generation: 0,
    transitions: [{ status: 'PENDING', at, by: principal.sub }],
  };
  const receipt: IntakeReceipt = { id: record.id, status: 'PENDING', statusUrl: statusUrl(record.id), createdAt: at };
  const written = await records.transaction(context, at).add(enrollments.newRequest(record)).commit(receipt);
  if (written.replayed) return written;
  const { idempotency } = context;
  try {
    await enqueue(deps, record);
    return written;
  } catch (error) {
    // Not accepted after all: take the request back (and its idempotency record), so that no
    // request waits PENDING with no message, and a retry, with or without the key, starts afresh.
    const takenBack = await transactions
      .transact([enrollments.withdrawUnqueued(record), ...transactions.idempotencyRemoval(idempotency)])
      .then(() => 'taken back' as const)
      .catch((undo: Error) => {
        // Processed meanwhile: the send that looked refused went through. Accepted after all.
        if (undo instanceof RequestAlreadySettled) return 'queued after all' as const;
        deps.log.error('could not take back an unqueued enrollment request', { requestId: record.id, error: undo });
        return 'stored' as const;
      });
    if (takenBack === 'queued after all') return written;
    if (takenBack === 'stored') {
      // The request is stored (and so is the idempotency record): something was accepted. The
      // sweeper queues it within minutes; a retry with the same key answers with it at once.
      throw new ServiceUnavailable(
        `The enrollment queue is not taking requests right now, but your request is stored as ${record.id} and will be processed. ` +
          (idempotency
            ? 'Retry with the same Idempotency-Key to get its receipt; do not send it under a new key.'
            : `Follow it at ${statusUrl(record.id)}; do not send it again.`),
      );
    }
    throw error;
  }
}

/**
 * A retry of a stored request (its first answer names it): queue it again unless it was
 * processed meanwhile. A duplicate message is harmless; the consumer is idempotent.
 */
export async function requeueIfPending(deps: IntakeDeps, receipt: Pick<IntakeReceipt, 'id'>): Promise<void> {
  const stored = await deps.services.enrollments.getRequest(receipt.id);
  if (stored?.status === 'PENDING') await enqueue(deps, stored);
}
