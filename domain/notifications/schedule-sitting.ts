/**
 * Schedule changes made in one sitting reach a family as one notice (decision 0116). A student's
 * changes gather while they keep coming; the notice goes once none came for a quiet spell (or an
 * hour after the first, at the latest), and tells the net change: a class added and dropped again
 * in the same sitting is no change at all.
 */

/** Minutes without a change after which a sitting is over. */
export const SITTING_QUIET_MINUTES = 10;
/** However long a sitting lasts, its notice goes this long after its first change. */
export const SITTING_LONGEST_MINUTES = 60;

export interface ScheduleSitting {
  readonly studentId: string;
  readonly schoolId: string;
  /** Sections added and dropped, net. */
  readonly added: readonly string[];
  readonly dropped: readonly string[];
  /** The events gathered (a repeated event changes nothing). */
  readonly eventIds: readonly string[];
  /** The notice's id; a new one with every change, so a notice sent meanwhile is followed by the whole. */
  readonly noticeId: string;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly dueAt: string;
  readonly version: number;
}

export interface ScheduleChange {
  readonly eventId: string;
  readonly studentId: string;
  readonly schoolId: string;
  readonly added: readonly string[];
  readonly dropped: readonly string[];
}

const minutes = (count: number) => count * 60_000;

/** The sitting with a change in it, or undefined when the change is in it already. */
export function joinSitting(
  sitting: ScheduleSitting | undefined,
  change: ScheduleChange,
  now: Date,
  newNoticeId: () => string,
): ScheduleSitting | undefined {
  if (sitting?.eventIds.includes(change.eventId)) return undefined;
  const added = new Set(sitting?.added ?? []);
  const dropped = new Set(sitting?.dropped ?? []);
  for (const sectionId of change.added) {
    if (dropped.has(sectionId)) dropped.delete(sectionId);
    else added.add(sectionId);
  }
  for (const sectionId of change.dropped) {
    if (added.has(sectionId)) added.delete(sectionId);
    else dropped.add(sectionId);
  }
  const firstAt = sitting?.firstAt ?? now.toISOString();
  const dueAt = Math.min(now.getTime() + minutes(SITTING_QUIET_MINUTES), Date.parse(firstAt) + minutes(SITTING_LONGEST_MINUTES));
  return {
    studentId: change.studentId,
    schoolId: change.schoolId,
    added: [...added],
    dropped: [...dropped],
    eventIds: [...(sitting?.eventIds ?? []), change.eventId],
    noticeId: newNoticeId(),
    firstAt,
    lastAt: now.toISOString(),
    dueAt: new Date(Math.max(dueAt, now.getTime())).toISOString(),
    version: (sitting?.version ?? 0) + 1,
  };
}

/** True when the sitting changed the schedule at all. */
export const sittingChanged = (sitting: ScheduleSitting) => sitting.added.length + sitting.dropped.length > 0;
