import { StaleVersion } from '../../../domain/errors';
import { studentType } from '../../../domain/records/record-types';
import { changedFields } from '../../../domain/validation';
import { recordEvent } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { ScheduledSchoolMove } from '../../repositories/enrollment-store';
import type { Services } from '../../services';
import { systemContext } from '../write-context';

const ACTOR = 'school-moves';
/** Days looked back, so that a job that did not run for a while still applies what became due. */
const CATCH_UP_DAYS = 7;

export interface MovesApplied {
  readonly applied: number;
  /** Moves whose enrollment is no longer the student's active one (withdrawn, transferred again). */
  readonly dropped: number;
}

const dayOffset = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The student's school (and grade) change on their new enrollment's entry date, not when the
 * enrollment was made (decision 0042). Runs on a schedule; applies every move due by today (UTC).
 * Each move is one transaction: the student record (with its history and event), a check that
 * the enrollment is still the active one, and the move's removal. Safe to run twice at once.
 */
export async function applySchoolMoves(
  services: Pick<Services, 'records' | 'enrollments' | 'transactions' | 'now'>,
): Promise<MovesApplied> {
  const today = services.now().toISOString().slice(0, 10);
  let applied = 0;
  let dropped = 0;
  for (let back = CATCH_UP_DAYS; back >= 0; back -= 1) {
    for (const move of await services.enrollments.schoolMovesDue(dayOffset(today, -back))) {
      try {
        if (await applyMove(services, move)) applied += 1;
        else dropped += 1;
      } catch (error) {
        if (!(error instanceof StaleVersion)) throw error; // applied or changed meanwhile: the next run looks again
      }
    }
  }
  return { applied, dropped };
}

async function applyMove(services: Pick<Services, 'records' | 'enrollments' | 'transactions' | 'now'>, move: ScheduledSchoolMove) {
  const { records, enrollments, transactions } = services;
  const [before, active] = await Promise.all([
    records.get(studentType, { studentId: move.studentId }),
    enrollments.activeEnrollment(move.studentId, move.schoolYear),
  ]);
  if (!before || before.deletedAt || active?.enrollmentId !== move.enrollmentId) {
    await transactions.transact([enrollments.schoolMoveDone(move)]);
    return false;
  }
  const at = services.now().toISOString();
  const reason = `Enrollment ${move.enrollmentId} starts on ${move.entryDate}`;
  const transaction = records.transaction(systemContext(ACTOR, reason), at);
  await transaction.write({
    kind: studentType,
    ids: before.ids,
    before,
    data: { ...before.data, schoolId: move.schoolId, gradeLevel: move.gradeLevel },
    events: (after) => [
      buildEvent(recordEvent(studentType, 'Updated'), {
        occurredAt: at,
        actor: { sub: ACTOR, roles: [] },
        reason,
        recordType: studentType.entity,
        ids: { ...after.ids },
        schoolIds: [...new Set([before.data.schoolId, move.schoolId])],
        changedFields: changedFields(before.data, after.data),
        recordVersion: after.version,
      }),
    ],
  });
  await transaction.add(enrollments.stillActive(move), enrollments.schoolMoveDone(move)).send();
  return true;
}
