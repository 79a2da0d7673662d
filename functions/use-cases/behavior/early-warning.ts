import * as z from 'zod';
import { SchoolYearLabel } from '../../../domain/schemas/common';
import { assess, THRESHOLDS, TIERS, type PeriodMarks, type Reason, type Signals } from '../../../domain/early-warning/indicators';
import { Invalid } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { schoolYearType, studentType } from '../../../domain/records/record-types';
import type { Services } from '../../services';

export const EarlyWarningQuery = z.object({
  schoolYear: SchoolYearLabel,
  tier: z.enum(['intensive', 'targeted']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(100).optional(),
});
export type EarlyWarningQuery = z.infer<typeof EarlyWarningQuery>;

const number = (value: unknown) => Number(value ?? 0);
const byStudent = (items: readonly Record<string, unknown>[]) => new Map(items.map((item) => [String(item.studentId), item]));

/** An opaque cursor: the position in the ordered list (the list is computed per request from the counters). */
const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // below
  }
  throw new Invalid([{ field: 'cursor', message: 'is not a cursor this list gave' }]);
}

/** What a reason links to: the records that make it (the student's attendance of the year, behavior records, transcript). */
function linksOf(reason: Reason, studentId: string, year: { startDate: string; endDate: string }): string[] {
  switch (reason.indicator) {
    case 'attendance':
      return [`/v1/students/${studentId}/attendance?from=${year.startDate}&to=${year.endDate}`];
    case 'behavior':
      return [`/v1/students/${studentId}/behavior-records`];
    case 'courses':
      return [`/v1/students/${studentId}/transcript`];
  }
}

/**
 * A school's early-warning list of a school year (issue 23 point 7, decision 0154): every student whose
 * attendance, behavior or posted marks flag them, by tier (intensive, then targeted), each with the reasons
 * and links to the records that make them. Read from the counters the writes keep in their own transactions
 * (attendance days, behavior records, posted marks): three index queries, no batch, as current as the last write.
 */
export async function earlyWarning(services: Services, schoolId: string, query: EarlyWarningQuery, principal: Principal) {
  await services.access.authorize(principal, 'list', 'earlyWarning', { schoolId });
  const { schoolYear } = query;
  const offset = decodeCursor(query.cursor);
  const byYear = (partition: string) => services.records.rawQueryAll({ index: 'gsi2', partition, sortKeyPrefix: '', limit: 1000 });
  const [attendance, behavior, marks, year] = await Promise.all([
    byYear(keys.attendanceYearsOfSchool(schoolId, schoolYear)).then(byStudent),
    byYear(keys.behaviorYearsOfSchool(schoolId, schoolYear)).then(byStudent),
    byYear(keys.markYearsOfSchool(schoolId, schoolYear)).then(byStudent),
    services.records.get(schoolYearType, { schoolId, schoolYear }),
  ]);
  const first = Number(schoolYear.slice(0, 4));
  const span = year?.data ?? { startDate: `${first}-07-01`, endDate: `${first + 1}-06-30` };
  // The year's grading periods in the calendar's order; periods the calendar does not name (yet) after them.
  const periodOrder = [...(year?.data.gradingPeriods ?? [])].sort((a, b) => a.startDate.localeCompare(b.startDate)).map((p) => p.code);
  const periodsOf = (item: Record<string, unknown> | undefined): Signals['marks'] => {
    if (!item) return undefined;
    const codes = new Set(
      Object.keys(item)
        .filter((name) => /^(marks|points10|failing):/.test(name))
        .map((name) => name.slice(name.indexOf(':') + 1)),
    );
    const rank = (code: string) => (periodOrder.includes(code) ? periodOrder.indexOf(code) : periodOrder.length);
    return [...codes]
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      .map((gradingPeriod): PeriodMarks & { gradingPeriod: string } => ({
        gradingPeriod,
        marks: number(item[`marks:${gradingPeriod}`]),
        points: number(item[`points10:${gradingPeriod}`]) / 10,
        failing: number(item[`failing:${gradingPeriod}`]),
      }));
  };

  const studentIds = [...new Set([...attendance.keys(), ...behavior.keys(), ...marks.keys()])];
  const assessed = studentIds.map((studentId) => {
    const days = attendance.get(studentId);
    const conduct = behavior.get(studentId);
    const signals: Signals = {
      ...(days ? { attendance: { daysEnrolled: number(days.daysEnrolled), daysAbsent: number(days.daysAbsent) } } : {}),
      ...(conduct
        ? {
            behavior: {
              incidents: number(conduct.incidents),
              asOffender: number(conduct.asOffender),
              exclusions: number(conduct.exclusions),
              daysExcluded: number(conduct.daysExcluded),
            },
          }
        : {}),
      ...(marks.has(studentId) ? { marks: periodsOf(marks.get(studentId)) } : {}),
    };
    return { studentId, signals, ...assess(signals) };
  });
  const flagged = assessed
    .filter((entry) => entry.tier !== 'on-track' && (!query.tier || entry.tier === query.tier))
    .sort(
      (a, b) =>
        TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) ||
        b.indicators.length - a.indicators.length ||
        b.reasons.filter((reason) => reason.severe).length - a.reasons.filter((reason) => reason.severe).length ||
        a.studentId.localeCompare(b.studentId),
    );
  const pageOf = flagged.slice(offset, offset + query.limit);
  const students = await services.records.getMany(
    studentType,
    pageOf.map(({ studentId }) => ({ studentId })),
  );
  const named = new Map(students.map((student) => [student.id, student.data]));
  const items = pageOf.map(({ studentId, tier, indicators, reasons }) => {
    const student = named.get(studentId);
    return {
      studentId,
      ...(student
        ? {
            name: `${student.preferredName?.first ?? student.legalName.first} ${student.preferredName?.last ?? student.legalName.last}`,
            gradeLevel: student.gradeLevel,
          }
        : {}),
      tier,
      indicators,
      reasons: reasons.map((reason) => ({ ...reason, links: linksOf(reason, studentId, span) })),
    };
  });
  const count = (tier: string) => assessed.filter((entry) => entry.tier === tier).length;
  return {
    schoolId,
    schoolYear,
    thresholds: THRESHOLDS,
    studentsAssessed: assessed.length,
    tiers: { intensive: count('intensive'), targeted: count('targeted'), onTrack: count('on-track') },
    items,
    ...(offset + query.limit < flagged.length ? { nextCursor: encodeCursor(offset + query.limit) } : {}),
  };
}
