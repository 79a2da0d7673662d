import * as z from 'zod';
import type { FieldIssue } from '../errors';
import { ClockTime } from '../schemas/common';
import type { AttendanceCode, Category, StoredMark } from './attendance';
import { DISTRICT_ATTENDANCE_RULE, type AttendanceRule } from './rule';

const Code = z.string().regex(/^[A-Z0-9-]{1,10}$/, { error: 'must be an attendance code such as AE or T' });

/**
 * Body of `PUT /v1/students/{studentId}/attendance/{date}`: the attendance office's entry for a
 * student's day. An empty entry clears the day's office entry.
 */
export const OfficeEntrySchema = z.strictObject({
  /** Absent all day, with an absence code. */
  absence: z.strictObject({ code: Code }).optional(),
  /** Arrived late, at a time, with a tardy code. */
  lateArrival: z.strictObject({ time: ClockTime, code: Code }).optional(),
  /** Left early, at a time, with an absence code (excused or not). */
  earlyDismissal: z.strictObject({ time: ClockTime, code: Code }).optional(),
  comment: z.string().trim().min(1).max(500).optional(),
});
export type OfficeEntry = z.infer<typeof OfficeEntrySchema>;

/** An office entry as stored: its codes resolved to a category and excused. */
export interface StoredOfficePart {
  readonly code: string;
  readonly category: Category;
  readonly excused?: boolean;
  readonly time?: string;
}
export interface StoredOfficeEntry {
  readonly absence?: StoredOfficePart;
  readonly lateArrival?: StoredOfficePart;
  readonly earlyDismissal?: StoredOfficePart;
  readonly comment?: string;
}

const EXPECTED: Record<'absence' | 'lateArrival' | 'earlyDismissal', Category> = {
  absence: 'absent',
  lateArrival: 'tardy',
  earlyDismissal: 'absent',
};

/** Every reason an office entry cannot be kept: unknown codes, codes of the wrong kind, an all-day absence with an arrival or dismissal. */
export function checkOfficeEntry(entry: OfficeEntry, codes: ReadonlyMap<string, AttendanceCode>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const part of ['absence', 'lateArrival', 'earlyDismissal'] as const) {
    const value = entry[part];
    if (!value) continue;
    const found = codes.get(value.code);
    if (!found || found.status !== 'active')
      issues.push({ field: `${part}.code`, message: 'is not an active attendance code of the school' });
    else if (found.category !== EXPECTED[part])
      issues.push({ field: `${part}.code`, message: `must be a code of the ${EXPECTED[part]} category` });
  }
  if (entry.absence && entry.lateArrival) issues.push({ field: 'lateArrival', message: 'cannot go with an all-day absence' });
  if (entry.absence && entry.earlyDismissal) issues.push({ field: 'earlyDismissal', message: 'cannot go with an all-day absence' });
  if (entry.lateArrival && entry.earlyDismissal && entry.earlyDismissal.time <= entry.lateArrival.time)
    issues.push({ field: 'earlyDismissal.time', message: 'must be after the late arrival' });
  return issues;
}

export function storedOfficeEntry(entry: OfficeEntry, codes: ReadonlyMap<string, AttendanceCode>): StoredOfficeEntry {
  const part = (value: { code: string; time?: string } | undefined): StoredOfficePart | undefined => {
    if (!value) return undefined;
    const found = codes.get(value.code)!;
    return {
      code: value.code,
      category: found.category,
      ...(found.excused !== undefined ? { excused: found.excused } : {}),
      ...(value.time ? { time: value.time } : {}),
    };
  };
  const stored: Record<string, unknown> = {};
  for (const name of ['absence', 'lateArrival', 'earlyDismissal'] as const) {
    const value = part(entry[name]);
    if (value) stored[name] = value;
  }
  if (entry.comment) stored.comment = entry.comment;
  return stored as StoredOfficeEntry;
}

/** Same entry: nothing to write. */
export const sameOfficeEntry = (a: StoredOfficeEntry | undefined, b: StoredOfficeEntry): boolean =>
  JSON.stringify(canonical(a ?? {})) === JSON.stringify(canonical(b));
const canonical = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
      )
    : value;

export const isEmptyOfficeEntry = (entry: StoredOfficeEntry | undefined) => !entry || Object.keys(entry).length === 0;

/** A student's day: present, tardy (present, late at least once) or absent (excused or not). */
export interface DailyStatus {
  readonly status: Category;
  readonly excused?: boolean;
  readonly periodsMarked: number;
  readonly periodsAbsent: number;
}

/**
 * The day's status from the period marks and the office entry under the school's rule: an
 * all-day absence from the office is an absent day; otherwise the day is absent when the student
 * missed more than the rule's fraction of the periods marked (or was present in fewer than its
 * minimum), excused when every missed period was; a tardy mark or a late arrival makes a day
 * attended late. Nothing marked and no office entry: no status.
 */
export function dailyStatus(
  marks: readonly Pick<StoredMark, 'category' | 'excused'>[],
  office: StoredOfficeEntry | undefined,
  rule: AttendanceRule = DISTRICT_ATTENDANCE_RULE,
): DailyStatus | undefined {
  const periodsMarked = marks.length;
  const absent = marks.filter((mark) => mark.category === 'absent');
  const periodsAbsent = absent.length;
  if (office?.absence) return { status: 'absent', excused: office.absence.excused === true, periodsMarked, periodsAbsent };
  if (periodsMarked === 0 && isEmptyOfficeEntry(office)) return undefined;
  const present = periodsMarked - periodsAbsent;
  const absentDay =
    periodsMarked > 0 &&
    (periodsAbsent / periodsMarked > rule.absentWhenMoreThan ||
      (rule.minimumPeriodsPresent !== undefined && present < Math.min(rule.minimumPeriodsPresent, periodsMarked)));
  if (absentDay) return { status: 'absent', excused: absent.every((mark) => mark.excused === true), periodsMarked, periodsAbsent };
  const late = marks.some((mark) => mark.category === 'tardy') || office?.lateArrival !== undefined;
  return { status: late ? 'tardy' : 'present', periodsMarked, periodsAbsent };
}

export const sameStatus = (a: DailyStatus | undefined, b: DailyStatus | undefined) =>
  a?.status === b?.status && a?.excused === b?.excused && a?.periodsMarked === b?.periodsMarked && a?.periodsAbsent === b?.periodsAbsent;

/** What a day adds to a student's school-year counters (days enrolled, absent, excused, unexcused, tardy). */
export interface YearCounts {
  daysEnrolled: number;
  daysAbsent: number;
  excusedAbsences: number;
  unexcusedAbsences: number;
  tardies: number;
}
export const YEAR_COUNT_FIELDS = ['daysEnrolled', 'daysAbsent', 'excusedAbsences', 'unexcusedAbsences', 'tardies'] as const;

export function yearCounts(day: Pick<DailyStatus, 'status' | 'excused'> | undefined): YearCounts {
  if (!day) return { daysEnrolled: 0, daysAbsent: 0, excusedAbsences: 0, unexcusedAbsences: 0, tardies: 0 };
  const absent = day.status === 'absent';
  return {
    daysEnrolled: 1,
    daysAbsent: absent ? 1 : 0,
    excusedAbsences: absent && day.excused === true ? 1 : 0,
    unexcusedAbsences: absent && day.excused !== true ? 1 : 0,
    tardies: day.status === 'tardy' ? 1 : 0,
  };
}

/** The change of a student's counters when a day's status goes from one to another (a correction decrements the old, increments the new). */
export function yearDelta(before: DailyStatus | undefined, after: DailyStatus | undefined): YearCounts | undefined {
  const old = yearCounts(before);
  const now = yearCounts(after);
  const delta = Object.fromEntries(YEAR_COUNT_FIELDS.map((field) => [field, now[field] - old[field]])) as unknown as YearCounts;
  return YEAR_COUNT_FIELDS.some((field) => delta[field] !== 0) ? delta : undefined;
}

/** What a day adds to the school's daily counters for average daily attendance: students with a status, attended, absent. */
export interface DayCounts {
  students: number;
  attended: number;
  absent: number;
}
export function dayCounts(day: Pick<DailyStatus, 'status'> | undefined): DayCounts {
  if (!day) return { students: 0, attended: 0, absent: 0 };
  return { students: 1, attended: day.status === 'absent' ? 0 : 1, absent: day.status === 'absent' ? 1 : 0 };
}
export function addDayDelta(total: DayCounts, before: DailyStatus | undefined, after: DailyStatus | undefined): void {
  const old = dayCounts(before);
  const now = dayCounts(after);
  total.students += now.students - old.students;
  total.attended += now.attended - old.attended;
  total.absent += now.absent - old.absent;
}

/** Chronically absent: missed at least this share of the days enrolled. */
export const CHRONIC_ABSENCE_THRESHOLD = 0.1;
export const isChronicallyAbsent = (counts: Pick<YearCounts, 'daysEnrolled' | 'daysAbsent'>) =>
  counts.daysEnrolled > 0 && counts.daysAbsent >= CHRONIC_ABSENCE_THRESHOLD * counts.daysEnrolled;

/** A student's attendance over a range from their daily statuses, so the summary always agrees with the days. */
export function summarizeDays(days: readonly (Pick<DailyStatus, 'status' | 'excused' | 'periodsAbsent'> & { date: string })[]) {
  const absent = days.filter((day) => day.status === 'absent');
  const daysMarked = days.length;
  const attended = daysMarked - absent.length;
  return {
    daysMarked,
    daysPresent: attended,
    excusedAbsences: absent.filter((day) => day.excused === true).length,
    unexcusedAbsences: absent.filter((day) => day.excused !== true).length,
    tardies: days.filter((day) => day.status === 'tardy').length,
    periodsAbsent: days.reduce((sum, day) => sum + day.periodsAbsent, 0),
    /** Days attended ÷ days marked, in percent, rounded to one decimal; null with no day marked. */
    attendanceRate: daysMarked === 0 ? null : Math.round((attended / daysMarked) * 1000) / 10,
  };
}

/** Whether a date is a school day of the calendar for a student enrolled from `entryDate`, or why not. */
export function schoolDayIssue(
  date: string,
  year: { startDate: string; endDate: string; nonInstructionalDays: readonly { date: string; reason: string }[] },
  entryDate: string | undefined,
): string | undefined {
  if (date < year.startDate || date > year.endDate) return `${date} is outside the school year`;
  const closed = year.nonInstructionalDays.find((day) => day.date === date);
  if (closed) return `${date} is not an instructional day (${closed.reason})`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return `${date} is a weekend day`;
  if (entryDate && date < entryDate) return `the student is enrolled from ${entryDate}`;
  return undefined;
}
