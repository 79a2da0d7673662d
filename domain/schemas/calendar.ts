import * as z from 'zod';
import { ClockTime, GradeLevel, IsoDate, ShortText, SchoolYearLabel } from './common';
import type { FieldIssue } from '../errors';
import { AttendanceRuleSchema } from '../attendance/rule';

const Span = { startDate: IsoDate, endDate: IsoDate };

export const TermSchema = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9-]{1,20}$/), name: ShortText, ...Span });
export const GradingPeriodSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{1,20}$/),
  name: ShortText,
  /** The term this grading period falls in. */
  termCode: z.string(),
  ...Span,
});
export const NonInstructionalDaySchema = z.strictObject({ date: IsoDate, reason: ShortText });

/**
 * A school's calendar for one school year: its terms, grading periods and the days without
 * instruction. Edited as one versioned document, because its parts are only valid together.
 */
export const SchoolYearSchema = z.strictObject({
  /** The year's label and id, e.g. `2026-2027`. */
  schoolYear: SchoolYearLabel,
  ...Span,
  status: z.enum(['planning', 'active', 'closed']).default('planning'),
  terms: z.array(TermSchema).default([]),
  gradingPeriods: z.array(GradingPeriodSchema).default([]),
  nonInstructionalDays: z.array(NonInstructionalDaySchema).default([]),
  /** Seats per grade for enrollment; a grade not listed has no cap. */
  gradeCapacities: z.partialRecord(GradeLevel, z.number().int().min(0).max(100_000)).default({}),
  /** How a student's day follows from the period marks; the district's rule when absent. */
  attendanceRule: AttendanceRuleSchema.optional(),
});
export type SchoolYear = z.infer<typeof SchoolYearSchema>;

export const BellPeriodSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{1,10}$/, { error: 'must be 1 to 10 letters, digits or dashes' }),
  name: ShortText,
  startTime: ClockTime,
  endTime: ClockTime,
});

/** A bell schedule (regular day, early release, …): the periods sections meet in. */
export const BellScheduleSchema = z.strictObject({
  name: ShortText,
  isDefault: z.boolean().default(false),
  periods: z.array(BellPeriodSchema).min(1, { error: 'must have at least one period' }),
});
export type BellSchedule = z.infer<typeof BellScheduleSchema>;

interface Spanned {
  startDate: string;
  endDate: string;
}

function spanIssues(path: string, span: Spanned, within?: { span: Spanned; name: string }): FieldIssue[] {
  if (span.endDate < span.startDate) return [{ field: `${path}.endDate`, message: 'must not be before startDate' }];
  if (within && (span.startDate < within.span.startDate || span.endDate > within.span.endDate)) {
    return [{ field: path, message: `must fall within the ${within.name} (${within.span.startDate} to ${within.span.endDate})` }];
  }
  return [];
}

function overlapIssues(path: string, spans: readonly (Spanned & { code: string })[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const codes = new Set<string>();
  spans.forEach((span, index) => {
    if (codes.has(span.code)) issues.push({ field: `${path}[${index}].code`, message: `repeats code "${span.code}"` });
    codes.add(span.code);
    spans.slice(0, index).forEach((other) => {
      if (span.startDate <= other.endDate && other.startDate <= span.endDate) {
        issues.push({ field: `${path}[${index}]`, message: `overlaps "${other.code}"` });
      }
    });
  });
  return issues;
}

export function checkSchoolYear(year: SchoolYear): FieldIssue[] {
  const [first, second] = year.schoolYear.split('-').map(Number) as [number, number];
  const issues: FieldIssue[] = [];
  if (second !== first + 1) issues.push({ field: 'schoolYear', message: 'must span two consecutive years, e.g. 2026-2027' });
  issues.push(...spanIssues('', year));
  if (issues.length > 0) return issues.map((issue) => ({ ...issue, field: issue.field.replace(/^\./, '') }));

  const yearSpan = { span: year, name: 'school year' };
  year.terms.forEach((term, index) => issues.push(...spanIssues(`terms[${index}]`, term, yearSpan)));
  issues.push(...overlapIssues('terms', year.terms));
  year.gradingPeriods.forEach((period, index) => {
    const term = year.terms.find((candidate) => candidate.code === period.termCode);
    if (!term) issues.push({ field: `gradingPeriods[${index}].termCode`, message: `names no term of this year ("${period.termCode}")` });
    else issues.push(...spanIssues(`gradingPeriods[${index}]`, period, { span: term, name: `term "${term.code}"` }));
  });
  issues.push(...overlapIssues('gradingPeriods', year.gradingPeriods));
  // A term's final marks are keyed by the term code next to the grading periods' marks (keys.termMark).
  year.gradingPeriods.forEach((period, index) => {
    if (year.terms.some((term) => term.code.toUpperCase() === period.code.toUpperCase())) {
      issues.push({ field: `gradingPeriods[${index}].code`, message: `must differ from every term code ("${period.code}" is a term)` });
    }
  });
  const seen = new Set<string>();
  year.nonInstructionalDays.forEach((day, index) => {
    if (day.date < year.startDate || day.date > year.endDate) {
      issues.push({ field: `nonInstructionalDays[${index}].date`, message: 'must fall within the school year' });
    }
    if (seen.has(day.date)) issues.push({ field: `nonInstructionalDays[${index}].date`, message: `repeats ${day.date}` });
    seen.add(day.date);
  });
  return issues;
}

export function checkBellSchedule(schedule: BellSchedule): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const codes = new Set<string>();
  schedule.periods.forEach((period, index) => {
    if (period.endTime <= period.startTime) issues.push({ field: `periods[${index}].endTime`, message: 'must be after startTime' });
    if (codes.has(period.code)) issues.push({ field: `periods[${index}].code`, message: `repeats code "${period.code}"` });
    codes.add(period.code);
    schedule.periods.slice(0, index).forEach((other) => {
      if (period.startTime < other.endTime && other.startTime < period.endTime) {
        issues.push({ field: `periods[${index}]`, message: `overlaps period "${other.code}"` });
      }
    });
  });
  return issues;
}

/** The first day of a term of the year (of the year itself when the term is unknown): undated roster entries count from it. */
export function termStartOf(year: Pick<SchoolYear, 'startDate' | 'terms'>, termCode: string): string {
  return year.terms.find((term) => term.code === termCode)?.startDate ?? year.startDate;
}

/** Weekdays of the school year that are not marked non-instructional, in order. */
export function instructionalDays(year: SchoolYear): string[] {
  const closed = new Set(year.nonInstructionalDays.map((day) => day.date));
  const days: string[] = [];
  const end = Date.parse(`${year.endDate}T00:00:00Z`);
  for (let time = Date.parse(`${year.startDate}T00:00:00Z`); time <= end; time += 86_400_000) {
    const date = new Date(time);
    const weekday = date.getUTCDay();
    const iso = date.toISOString().slice(0, 10);
    if (weekday !== 0 && weekday !== 6 && !closed.has(iso)) days.push(iso);
  }
  return days;
}
