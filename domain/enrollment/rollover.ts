import * as z from 'zod';
import { GRADE_LEVELS, RecordId, SchoolYearLabel } from '../schemas/common';
import type { SchoolYear } from '../schemas/calendar';

/**
 * Year-end rollover (issue 23 point 3, decision 0156): what happens to each student of a school when
 * its year ends, decided before anything is written so that a dry run and the run agree.
 *
 * - promote: to the next grade at the same school (a next-year enrollment, pre-enrollment);
 * - retain: the same grade next year (the retention list);
 * - graduate: the last grade of a high school leaves with an exit code (graduated, unless the list says
 *   otherwise: completed with a certificate, aged out);
 * - complete: the last grade of a school that is not a high school leaves it; its students enroll at
 *   their next school like any transfer (a next-year enrollment recorded there before the rollover is kept);
 * - keep: a next-year enrollment recorded already (a transfer, a pre-enrollment) is honoured as it is.
 */
export const GRADUATION_EXIT_CODES = ['graduated', 'completed-certificate', 'aged-out'] as const;
export type GraduationExitCode = (typeof GRADUATION_EXIT_CODES)[number];

export const RolloverRequestSchema = z
  .strictObject({
    /** The year that ends; the next is the one after it. */
    fromYear: SchoolYearLabel,
    /** Report what would happen, write nothing. */
    dryRun: z.boolean().default(false),
    /** Students who repeat their grade next year. */
    retain: z.array(RecordId).max(5000).default([]),
    /** Graduates' exit codes other than `graduated` (a certificate of completion, aged out). */
    exitCodes: z.record(RecordId, z.enum(GRADUATION_EXIT_CODES)).default({}),
  })
  .refine((request) => request.retain.every((id) => request.exitCodes[id] === undefined), {
    path: ['exitCodes'],
    message: 'must not name a student who is on the retention list',
  });
export type RolloverRequest = z.infer<typeof RolloverRequestSchema>;

/** The year after `schoolYear` ("2026-2027" → "2027-2028"). */
export function nextSchoolYear(schoolYear: string): string {
  const first = Number(schoolYear.slice(0, 4)) + 1;
  return `${first}-${first + 1}`;
}

/** The grade after `gradeLevel` in the district's order (PK, TK, KG, 01 … 12); undefined after 12. */
export function nextGrade(gradeLevel: string): string | undefined {
  const index = (GRADE_LEVELS as readonly string[]).indexOf(gradeLevel);
  return index < 0 ? undefined : GRADE_LEVELS[index + 1];
}

export type RolloverOutcome = 'promote' | 'retain' | 'graduate' | 'complete' | 'keep';

export interface StudentPlan {
  readonly studentId: string;
  readonly gradeLevel: string;
  readonly outcome: RolloverOutcome;
  /** The grade of the next-year enrollment the rollover opens (promote, retain). */
  readonly nextGrade?: string;
  /** The exit code of this year's enrollment. */
  readonly exitReason: string;
}

/**
 * A student's outcome: a next-year enrollment recorded already is kept; otherwise retained, or the
 * last of the school's grades leaves (graduates from a high school, completes any other), or promoted.
 */
export function planStudent(
  student: { readonly studentId: string; readonly gradeLevel: string; readonly enrolledNextYear: boolean },
  school: { readonly type: string; readonly gradeLevels: readonly string[] },
  request: Pick<RolloverRequest, 'retain' | 'exitCodes'>,
): StudentPlan {
  const { studentId, gradeLevel } = student;
  if (student.enrolledNextYear) return { studentId, gradeLevel, outcome: 'keep', exitReason: 'end-of-year' };
  if (request.retain.includes(studentId))
    return { studentId, gradeLevel, outcome: 'retain', nextGrade: gradeLevel, exitReason: 'end-of-year' };
  const next = nextGrade(gradeLevel);
  const lastGrade = !next || !school.gradeLevels.includes(next);
  if (lastGrade) {
    return school.type === 'high' || gradeLevel === '12'
      ? { studentId, gradeLevel, outcome: 'graduate', exitReason: request.exitCodes[studentId] ?? 'graduated' }
      : { studentId, gradeLevel, outcome: 'complete', exitReason: 'completed-school' };
  }
  return { studentId, gradeLevel, outcome: 'promote', nextGrade: next, exitReason: 'end-of-year' };
}

const shiftYear = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;

/**
 * Next year's calendar from this year's, in planning: the same terms and grading periods a year later
 * (February 29 becomes the 28th), the grade capacities and the attendance rule; not the days without
 * instruction, which move (a holiday's date, a strike), nor the status.
 */
export function nextYearCalendar(year: SchoolYear): SchoolYear {
  const shift = (date: string) => (date.endsWith('-02-29') ? shiftYear(date.replace(/29$/, '28')) : shiftYear(date));
  const span = <T extends { startDate: string; endDate: string }>(item: T): T => ({
    ...item,
    startDate: shift(item.startDate),
    endDate: shift(item.endDate),
  });
  return {
    ...span(year),
    schoolYear: nextSchoolYear(year.schoolYear),
    status: 'planning',
    terms: year.terms.map(span),
    gradingPeriods: year.gradingPeriods.map(span),
    nonInstructionalDays: [],
    gradeCapacities: year.gradeCapacities ?? {},
    ...(year.attendanceRule ? { attendanceRule: year.attendanceRule } : {}),
  };
}

/** Outcomes counted by grade, as a dry run reports them. */
export function tally(plans: readonly StudentPlan[]): Record<string, Record<RolloverOutcome, number>> {
  const byGrade: Record<string, Record<RolloverOutcome, number>> = {};
  for (const plan of plans) {
    const counts = (byGrade[plan.gradeLevel] ??= { promote: 0, retain: 0, graduate: 0, complete: 0, keep: 0 });
    counts[plan.outcome] += 1;
  }
  return byGrade;
}
