import * as z from 'zod';
import type { FieldIssue } from '../errors';
import { instructionalDays, type SchoolYear } from '../schemas/calendar';
import { RecordId } from '../schemas/common';
import { isWeekday, WEEKDAYS, type Meeting } from '../scheduling/schemas';

/** What a mark means, whatever its code: the categories summaries, reports and notices use. */
export const CATEGORIES = ['present', 'tardy', 'absent'] as const;
export type Category = (typeof CATEGORIES)[number];

export const AttendanceCodeSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]{1,10}$/, { error: 'must be 1 to 10 capital letters, digits or dashes' }),
  name: z.string().trim().min(1).max(100),
  category: z.enum(CATEGORIES),
  /** For absences: excused (illness, appointment) or not. */
  excused: z.boolean().optional(),
  /** Counts as present for funding (average daily attendance): school activities, independent study. */
  countsForFunding: z.boolean(),
  /** A school's own code; a district code when absent. */
  schoolId: RecordId.optional(),
  status: z.enum(['active', 'retired']).default('active'),
});
export type AttendanceCode = z.infer<typeof AttendanceCodeSchema>;

const code = (c: string, name: string, category: Category, countsForFunding: boolean, excused?: boolean): AttendanceCode => ({
  code: c,
  name,
  category,
  countsForFunding,
  ...(excused === undefined ? {} : { excused }),
  status: 'active',
});

/** The district's code table when it has not set its own (a district may add codes and schools theirs). */
export const DISTRICT_DEFAULT_CODES: readonly AttendanceCode[] = [
  code('P', 'Present', 'present', true),
  code('T', 'Tardy', 'tardy', true),
  code('TE', 'Tardy, excused', 'tardy', true),
  code('A', 'Absent, unexcused', 'absent', false, false),
  code('AE', 'Absent, excused (illness, appointment)', 'absent', false, true),
  code('MED', 'Medical', 'absent', false, true),
  code('REL', 'Religious observance', 'absent', false, true),
  code('SUS', 'Suspension', 'absent', false, false),
  code('SA', 'School activity (field trip, competition)', 'present', true),
  code('IS', 'Independent study', 'present', true),
];

/** The code table in force at a school: stored district and school codes over the defaults. */
export function codeTable(stored: readonly AttendanceCode[], schoolId: string): Map<string, AttendanceCode> {
  const table = new Map(DISTRICT_DEFAULT_CODES.map((entry) => [entry.code, entry]));
  for (const entry of stored) if (!entry.schoolId || entry.schoolId === schoolId) table.set(entry.code, entry);
  return table;
}

export const MarkSchema = z.strictObject({
  studentId: RecordId,
  code: z.string().regex(/^[A-Z0-9-]{1,10}$/, { error: 'must be an attendance code such as P, A or T' }),
  minutesLate: z.number().int().min(0).max(240).optional(),
  comment: z.string().trim().min(1).max(200).optional(),
});
export type Mark = z.infer<typeof MarkSchema>;

/** Body of `PUT /v1/sections/{sectionId}/attendance/{date}`: the whole roster's marks for the day. */
export const SectionAttendanceSchema = z.strictObject({
  marks: z.array(MarkSchema).min(1, { error: 'must mark at least one student' }).max(200, { error: 'must have at most 200 marks' }),
});

/** A mark as stored: its code resolved to a category. */
export interface StoredMark {
  readonly code: string;
  readonly category: Category;
  readonly excused?: boolean;
  readonly minutesLate?: number;
  readonly comment?: string;
}

/** Every reason the marks cannot be taken: unknown or retired codes, students not on the roster, late minutes on a non-tardy code. */
export function checkMarks(
  marks: readonly Mark[],
  codes: ReadonlyMap<string, AttendanceCode>,
  /** The students on the section's roster that day. */
  roster: ReadonlySet<string>,
  date: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  marks.forEach((mark, index) => {
    if (seen.has(mark.studentId)) issues.push({ field: `marks[${index}].studentId`, message: 'repeats a student' });
    seen.add(mark.studentId);
    if (!roster.has(mark.studentId))
      issues.push({ field: `marks[${index}].studentId`, message: `was not on the section’s roster on ${date}` });
    const found = codes.get(mark.code);
    if (!found || found.status !== 'active')
      issues.push({ field: `marks[${index}].code`, message: `is not an active attendance code of the school` });
    else if (mark.minutesLate !== undefined && found.category !== 'tardy') {
      issues.push({ field: `marks[${index}].minutesLate`, message: 'goes only with a tardy code' });
    }
  });
  return issues;
}

export function storedMark(mark: Mark, codes: ReadonlyMap<string, AttendanceCode>): StoredMark {
  const found = codes.get(mark.code)!;
  return {
    code: mark.code,
    category: found.category,
    ...(found.excused !== undefined ? { excused: found.excused } : {}),
    ...(mark.minutesLate !== undefined ? { minutesLate: mark.minutesLate } : {}),
    ...(mark.comment ? { comment: mark.comment } : {}),
  };
}

const sameMark = (a: StoredMark | undefined, b: StoredMark) =>
  a !== undefined && a.code === b.code && a.minutesLate === b.minutesLate && a.comment === b.comment;

/** Which marks are new, which change (with the previous one) and which are as stored: a resubmission changes nothing. */
export function diffMarks(stored: Readonly<Record<string, StoredMark>>, submitted: Readonly<Record<string, StoredMark>>) {
  const added: string[] = [];
  const changed: { studentId: string; before: StoredMark }[] = [];
  let unchanged = 0;
  for (const [studentId, mark] of Object.entries(submitted)) {
    const before = stored[studentId];
    if (before === undefined) added.push(studentId);
    else if (sameMark(before, mark)) unchanged += 1;
    else changed.push({ studentId, before });
  }
  return { added, changed, unchanged };
}

/**
 * The rotation day (A or B) of a date: days alternate A, B over the instructional days of the
 * term, starting with A on the term's first instructional day.
 */
export function rotationDayOf(date: string, year: SchoolYear, termStart: string): 'A' | 'B' | undefined {
  const days = instructionalDays(year).filter((day) => day >= termStart);
  const index = days.indexOf(date);
  if (index < 0) return undefined;
  return index % 2 === 0 ? 'A' : 'B';
}

/** Why attendance cannot be taken for a section on a date, or nothing when it can. */
export function meetingDayIssue(date: string, year: SchoolYear, termCode: string, meetings: readonly Meeting[]): string | undefined {
  const term = year.terms.find((candidate) => candidate.code === termCode);
  if (!term || date < term.startDate || date > term.endDate) return `${date} is outside the section's term ${termCode}`;
  const closed = year.nonInstructionalDays.find((day) => day.date === date);
  if (closed) return `${date} is not an instructional day (${closed.reason})`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return `${date} is a weekend day`;
  const name = WEEKDAYS[weekday - 1]!;
  const days = meetings.flatMap((meeting) => meeting.days);
  if (days.some((day) => isWeekday(day))) return days.includes(name) ? undefined : `the section does not meet on ${name}`;
  const rotation = rotationDayOf(date, year, term.startDate);
  return rotation && days.includes(rotation) ? undefined : `the section does not meet on ${date} (a ${rotation ?? '?'} day)`;
}

/** What a parent notice about a mark carries: no other student, no comment. */
export interface MarkNotice {
  readonly studentId: string;
  readonly schoolId: string;
  readonly sectionId: string;
  readonly periods: readonly string[];
  readonly date: string;
  readonly category: Category;
  readonly excused?: boolean;
}
