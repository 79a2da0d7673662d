import { Conflict, Invalid, NotFound } from '../../../domain/errors';
import { WithdrawalSchema } from '../../../domain/enrollment/schemas';
import { studentType } from '../../../domain/records/record-types';
import { parseOrThrow } from '../../../domain/validation';
import { ENROLLMENT_EVENTS } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { EnrollmentRecord } from '../../repositories/enrollment-store';
import type { Services } from '../../services';
import { dropAll } from '../scheduling/placements';
import type { WriteContext, Written } from '../write-context';

/** Ends a student's active enrollment for a school year, freeing the seat, in one transaction. */
export async function withdrawStudent(
  services: Services,
  studentId: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<EnrollmentRecord>> {
  const { records, enrollments, access, now } = services;
  const withdrawal = parseOrThrow(WithdrawalSchema, body ?? {});
  const active = await enrollments.activeEnrollment(studentId, withdrawal.schoolYear);
  if (!active) {
    const student = await records.get(studentType, { studentId });
    if (!student) throw new NotFound(`No student ${studentId}.`);
    throw new Conflict(`The student has no active enrollment for ${withdrawal.schoolYear}.`);
  }
  const { principal } = context;
  await access.authorize(principal, 'delete', 'enrollment', {}, { schoolId: active.schoolId, studentId });
  if (withdrawal.exitDate < active.entryDate) {
    throw new Invalid([{ field: 'exitDate', message: `must not be before the entry date ${active.entryDate}` }]);
  }
  const ended: EnrollmentRecord = { ...active, exitDate: withdrawal.exitDate, exitReason: withdrawal.reasonCode };
  const event = buildEvent(ENROLLMENT_EVENTS.studentWithdrawn, {
    occurredAt: now().toISOString(),
    actor: { sub: principal.sub, roles: [...principal.roles] },
    ...(withdrawal.note ? { reason: withdrawal.note } : {}),
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
      exitDate: withdrawal.exitDate,
      exitReason: withdrawal.reasonCode,
    },
  });
  // The student leaves every class of the year with the school, in the same transaction.
  const at = now().toISOString();
  const transaction = records.transaction(context, at);
  await dropAll(services, transaction, studentId, withdrawal.schoolYear, {
    principal,
    at,
    reason: `Withdrawn: ${withdrawal.reasonCode}`,
    recordKey: studentType.key({ studentId }),
    exitDate: withdrawal.exitDate,
  });
  return transaction
    .add(
      ...enrollments.exit(active, withdrawal.exitDate, withdrawal.reasonCode, true),
      enrollments.seat(active.schoolId, active.schoolYear, active.gradeLevel, -1),
      enrollments.enrolledCount(studentId, -1),
    )
    .event(studentType.key({ studentId }), event)
    .commit(ended);
}
