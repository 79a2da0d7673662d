/**
 * One attendance notice a student a day (decision 0116): what a guardian has been told of a
 * student's attendance on a day, and what a new mark does to it. The first absence or late mark
 * goes out at once; later periods of the same day fold into an end-of-day summary; a change to
 * something the family was told is worded as a correction, and a correction to present asks them
 * to disregard the earlier notice. Families who chose every period get each mark at once.
 */

export type MarkCategory = 'present' | 'tardy' | 'absent';

/** How the family learns a section's mark: its own notice, a correction, the day's summary, or not at all. */
export type Told = 'notice' | 'correction' | 'folded' | 'none';

export interface MarkState {
  readonly category: MarkCategory;
  readonly excused: boolean;
}

export interface DayMark extends MarkState {
  readonly periods: readonly string[];
  /** The event of the mark's latest change. */
  readonly eventId: string;
  readonly told: Told;
  /** Folded marks: true once a summary carried them. */
  readonly summarized?: boolean;
  /** A correction: what the family had been told (a repeat of its event words it the same). */
  readonly was?: MarkState;
}

export interface DaySummary {
  /** The summary notice's id; a new one whenever what it says changes. */
  readonly noticeId: string;
  readonly dueAt: string;
  readonly state: 'pending' | 'sent';
}

export interface AttendanceDay {
  readonly guardianId: string;
  readonly studentId: string;
  readonly schoolId: string;
  readonly date: string;
  /** By section. */
  readonly marks: Readonly<Record<string, DayMark>>;
  readonly summary?: DaySummary;
  readonly version: number;
}

export interface IncomingMark extends MarkState {
  readonly sectionId: string;
  readonly eventId: string;
  readonly periods: readonly string[];
}

/** `oncePerDay` (the default) or every period at once. */
export type AttendanceMode = 'oncePerDay' | 'everyPeriod';

/** What the notifier does about a mark for one guardian. */
export type AttendanceAction =
  | { readonly action: 'notify' }
  | { readonly action: 'correct'; readonly was: MarkState }
  | { readonly action: 'fold' }
  | { readonly action: 'nothing' };

const isMark = (state: MarkState) => state.category !== 'present';
const same = (a: MarkState, b: MarkState) => a.category === b.category && a.excused === b.excused;
const pendingFold = (mark: DayMark | undefined) => mark?.told === 'folded' && !mark.summarized;

/** What the family knows of a section's mark: what a notice, correction or sent summary told them. */
function knownOf(mark: DayMark | undefined): MarkState | undefined {
  if (!mark || mark.told === 'none' || pendingFold(mark)) return undefined;
  return mark;
}

function repeat(mark: DayMark): AttendanceAction {
  if (mark.told === 'notice') return { action: 'notify' };
  if (mark.told === 'correction') return { action: 'correct', was: mark.was ?? { category: 'present', excused: false } };
  return { action: 'nothing' };
}

/**
 * An absence or late mark the family does not know of: at once when no other notice of the day
 * stands (or the family chose every period, or the summary's time has passed), else folded.
 */
function newMark(
  day: AttendanceDay | undefined,
  sectionId: string,
  mode: AttendanceMode,
  summaryAt: Date | undefined,
  now: Date,
): AttendanceAction {
  if (mode === 'everyPeriod') return { action: 'notify' };
  const standing = Object.entries(day?.marks ?? {}).some(
    ([other, mark]) => other !== sectionId && isMark(mark) && (mark.told === 'notice' || mark.told === 'correction' || pendingFold(mark)),
  );
  if (!standing) return { action: 'notify' };
  return summaryAt && summaryAt.getTime() > now.getTime() ? { action: 'fold' } : { action: 'notify' };
}

/**
 * Decides what a new mark does for one guardian, and the day as it is afterwards (undefined when
 * nothing changes: a repeated event). `summaryAt` is when the day's summary would go (the
 * guardian's evening digest time).
 */
export function decideMark(
  day: AttendanceDay | undefined,
  base: Pick<AttendanceDay, 'guardianId' | 'studentId' | 'schoolId' | 'date'>,
  mark: IncomingMark,
  mode: AttendanceMode,
  summaryAt: Date | undefined,
  now: Date,
  newNoticeId: () => string,
): { readonly decision: AttendanceAction; readonly next: AttendanceDay | undefined } {
  const current = day?.marks[mark.sectionId];
  if (current?.eventId === mark.eventId) return { decision: repeat(current), next: undefined };

  const known = knownOf(current);
  let decision: AttendanceAction;
  if (known) {
    if (same(known, mark)) decision = { action: 'nothing' };
    else if (isMark(known)) decision = { action: 'correct', was: { category: known.category, excused: known.excused } };
    else decision = isMark(mark) ? newMark(day, mark.sectionId, mode, summaryAt, now) : { action: 'nothing' };
  } else if (pendingFold(current)) {
    // The summary will show the mark as it stands (a present one drops out of it).
    decision = isMark(mark) ? { action: 'fold' } : { action: 'nothing' };
  } else {
    decision = isMark(mark) ? newMark(day, mark.sectionId, mode, summaryAt, now) : { action: 'nothing' };
  }

  const told: Told =
    decision.action === 'notify'
      ? 'notice'
      : decision.action === 'correct'
        ? 'correction'
        : decision.action === 'fold' || pendingFold(current)
          ? 'folded'
          : known
            ? current!.told
            : 'none';
  const next: DayMark = {
    category: mark.category,
    excused: mark.excused,
    periods: [...mark.periods],
    eventId: mark.eventId,
    told,
    ...(decision.action === 'correct' ? { was: decision.was } : {}),
    ...(told === current?.told && current.summarized && decision.action === 'nothing' ? { summarized: true } : {}),
  };
  // A change to what the summary will say gives it a new id, so a summary being sent meanwhile is followed by the new one.
  const summaryChanges = told === 'folded' && !next.summarized;
  const summary: DaySummary | undefined = summaryChanges
    ? { noticeId: newNoticeId(), dueAt: day?.summary?.state === 'pending' ? day.summary.dueAt : summaryAt!.toISOString(), state: 'pending' }
    : day?.summary;
  return {
    decision,
    next: {
      ...base,
      ...day,
      marks: { ...day?.marks, [mark.sectionId]: next },
      ...(summary ? { summary } : {}),
      version: (day?.version ?? 0) + 1,
    },
  };
}

/** The day as the summary tells it: every absence and late mark as it stands, by period. */
export function summaryOf(day: AttendanceDay): { absentPeriods: string[]; tardyPeriods: string[]; excusedCount: number } {
  const marks = Object.values(day.marks)
    .filter(isMark)
    .sort((a, b) => (a.periods[0] ?? '').localeCompare(b.periods[0] ?? ''));
  return {
    absentPeriods: marks.filter((mark) => mark.category === 'absent').flatMap((mark) => mark.periods),
    tardyPeriods: marks.filter((mark) => mark.category === 'tardy').flatMap((mark) => mark.periods),
    excusedCount: marks.filter((mark) => mark.excused).length,
  };
}

/** True when a folded absence or late mark still waits for the summary (one folded back to present does not). */
export function summaryNeeded(day: AttendanceDay): boolean {
  return Object.values(day.marks).some((mark) => pendingFold(mark) && isMark(mark));
}

/** The day once its summary went: folded marks are summarized. */
export function summarized(day: AttendanceDay): AttendanceDay {
  const marks = Object.fromEntries(
    Object.entries(day.marks).map(([sectionId, mark]) => [sectionId, mark.told === 'folded' ? { ...mark, summarized: true } : mark]),
  );
  return { ...day, marks, ...(day.summary ? { summary: { ...day.summary, state: 'sent' as const } } : {}), version: day.version + 1 };
}
