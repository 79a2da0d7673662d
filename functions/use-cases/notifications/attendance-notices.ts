import { newId } from '../../../domain/ids';
import { decideMark, type AttendanceAction, type MarkState } from '../../../domain/notifications/attendance-day';
import { kindEnabled, type NotificationKind, type Preferences } from '../../../domain/notifications/preferences';
import { summaryTime } from '../../../domain/notifications/timing';
import type { Notice, NoticeMark } from '../../../events/notifications';
import type { Services } from '../../services';

/** What an attendance mark gives one guardian. */
export type AttendanceOutcome =
  | { readonly tell: Notice }
  /** Folded into the day's summary, or nothing new for this family. */
  | { readonly quiet: 'folded' | 'nothing' }
  /** The family turned this kind of notice off. */
  | { readonly off: NotificationKind };

const kindOf = (mark: NoticeMark): NotificationKind => (mark.category === 'absent' ? 'absence' : 'tardy');

/** How a correction is worded: to present, excused or not, or from one kind of mark to the other. */
function changeOf(was: MarkState, now: NoticeMark): 'present' | 'excused' | 'unexcused' | 'absent' | 'tardy' {
  if (now.category === 'present') return 'present';
  if (was.category !== now.category) return now.category;
  return now.excused ? 'excused' : 'unexcused';
}

/**
 * Decides, for one guardian, what an attendance mark becomes (decision 0116): the day's first
 * absence or late mark told at once, a later one folded into the evening's summary, a change
 * to what the family was told worded as a correction. The guardian's day is read and written
 * under its version; a concurrent mark for the same day reads it again.
 */
export async function attendanceOutcome(
  services: Services,
  guardian: { guardianId: string; preferences: Preferences; zone: string },
  notice: Notice & { mark: NoticeMark },
  schoolId: string,
): Promise<AttendanceOutcome> {
  const { mark } = notice;
  const { preferences } = guardian;
  if (mark.category !== 'present' && !kindEnabled(preferences, kindOf(mark))) return { off: kindOf(mark) };
  const base = { guardianId: guardian.guardianId, studentId: notice.studentId, schoolId, date: mark.date };
  const summaryAt = summaryTime(mark.date, preferences, guardian.zone);
  let decision: AttendanceAction | undefined;
  for (let attempt = 0; attempt < 8 && !decision; attempt += 1) {
    const day = await services.notifications.memory.attendanceDay(guardian.guardianId, notice.studentId, mark.date);
    const decided = decideMark(
      day,
      base,
      { sectionId: mark.sectionId, eventId: notice.eventId, category: mark.category, excused: mark.excused, periods: mark.periods },
      preferences.attendance ?? 'oncePerDay',
      summaryAt,
      services.now(),
      () => newId(services.now().getTime()),
    );
    if (!decided.next || (await services.notifications.memory.saveAttendanceDay(decided.next))) decision = decided.decision;
  }
  if (!decision)
    throw new Error(`the attendance day of student ${notice.studentId} on ${mark.date} kept changing; the notice will be retried`);
  switch (decision.action) {
    case 'notify':
      return { tell: { ...notice, kind: kindOf(mark) } };
    case 'correct':
      if (!kindEnabled(preferences, 'attendanceCorrected')) return { off: 'attendanceCorrected' };
      return {
        tell: {
          ...notice,
          kind: 'attendanceCorrected',
          values: { ...notice.values, change: changeOf(decision.was, mark), category: mark.category },
        },
      };
    default:
      return { quiet: decision.action === 'fold' ? 'folded' : 'nothing' };
  }
}
