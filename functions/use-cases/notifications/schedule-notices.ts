import { newId } from '../../../domain/ids';
import { joinSitting, sittingChanged, type ScheduleSitting } from '../../../domain/notifications/schedule-sitting';
import type { Notice } from '../../../events/notifications';
import type { Services } from '../../services';

/**
 * Gathers a schedule change into the student's sitting (decision 0116): the changes a counselor
 * makes in one sitting reach the family as one notice, sent by the sweep once they stop coming.
 * Written under the sitting's version; a concurrent change reads it again.
 */
export async function gatherScheduleChange(
  services: Services,
  notice: Notice & { schedule: NonNullable<Notice['schedule']> },
): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const sitting = await services.notifications.memory.sitting(notice.studentId);
    const next = joinSitting(
      sitting,
      {
        eventId: notice.eventId,
        studentId: notice.studentId,
        schoolId: notice.schoolId ?? sitting?.schoolId ?? '',
        added: notice.schedule.added,
        dropped: notice.schedule.dropped,
      },
      services.now(),
      () => newId(services.now().getTime()),
    );
    if (!next || (await services.notifications.memory.saveSitting(next))) return;
  }
  throw new Error(`the schedule sitting of student ${notice.studentId} kept changing; the change will be retried`);
}

/** The notice a sitting puts together: the net classes added and dropped, told as one change. */
export function sittingNotice(sitting: ScheduleSitting): Notice {
  return {
    eventId: sitting.noticeId,
    occurredAt: sitting.lastAt,
    kind: 'scheduleChanged',
    studentId: sitting.studentId,
    ...(sitting.schoolId ? { schoolId: sitting.schoolId } : {}),
    values: { addedCount: sitting.added.length, droppedCount: sitting.dropped.length },
  };
}

export { sittingChanged };
