/**
 * The SIS records the schooling files make (decision 0105): an org of type school becomes a
 * school, the academic sessions each school's calendar for a school year, a course a course in
 * each school that teaches it, a class a section. What the binding allows and the SIS cannot hold
 * as given is replaced by a value of the SIS's own and noted (realize-values.ts); the rows
 * themselves are kept as given.
 */
import { GRADE_LEVELS } from '../schemas/common';
import { WEEKDAYS } from '../scheduling/schemas';
import { merge } from './csv-merge';
import { listOf, sisOf, type CsvRow } from './csv-rows';
import { codeFrom, isGradeLevel, shortText, subjectOf, tagOf } from './realize-values';
import type { QualityNote } from './roster-rows';

type Data = Record<string, unknown>;

export interface Realized {
  readonly data: Data;
  readonly notes: QualityNote[];
}

// ── schools ──
/** What OneRoster cannot say of a school and the SIS requires, when a file says nothing of it. */
export const SCHOOL_DEFAULTS = {
  type: 'other',
  gradeLevels: GRADE_LEVELS.filter((grade) => grade !== 'PK' && grade !== 'TK'),
  address: { line1: 'Address not provided', city: 'Unknown', state: 'ZZ', postalCode: '00000' },
};

export function schoolFrom(row: CsvRow): Realized {
  const notes: QualityNote[] = [];
  const sis = sisOf(row);
  const code = codeFrom(row.identifier || row.name, `org:${row.sourcedId}`, 20);
  if (sis.code === undefined && code !== row.identifier) {
    notes.push({
      column: 'identifier',
      issue: row.identifier
        ? `"${row.identifier}" is not a SIS school code (1-20 letters, digits or dashes): the school's code is ${code}`
        : `is blank: the SIS gives every school a code (transcripts, state reports); this one is ${code}`,
    });
  }
  if (sis.address === undefined) {
    notes.push({
      column: 'metadata.sis',
      issue:
        "no address nor grades offered (OneRoster has no column for them): the school's address reads 'Address not provided' (mailings, state reports) and it offers grades KG-12 (enrollment checks the grade)",
    });
  }
  const data = merge(merge(SCHOOL_DEFAULTS, { name: shortText(row.name ?? '', 100, 'name', notes), code }), sis);
  return { data, notes };
}

// ── calendars ──
interface Span {
  startDate: string;
  endDate: string;
}
export interface TermPlan extends Span {
  code: string;
  name: string;
}
export interface PeriodPlan extends TermPlan {
  termCode: string;
}
/** A school year every school of the import gets in its calendar, made of the session rows. */
export interface YearPlan extends Span {
  readonly schoolYear: string;
  readonly terms: TermPlan[];
  readonly gradingPeriods: PeriodPlan[];
}
/** Where a session row went in the SIS: its school year, and the term (or grading period) code a class of it is scheduled in. */
export interface SessionPlace {
  readonly schoolYear: string;
  readonly kind: 'schoolYear' | 'term' | 'gradingPeriod';
  /** The term a class taught in this session is scheduled in (for a grading period, its term). */
  readonly termCode?: string;
  /** Its own code in the calendar (a term's or a grading period's). */
  readonly code?: string;
}

/** The school year a date falls in: years run from July to June (a session starting in September 2023 is in 2023-2024). */
export function schoolYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const first = Number(date.slice(5, 7)) >= 7 ? year : year - 1;
  return `${first}-${first + 1}`;
}

const overlap = (a: Span, b: Span) => a.startDate <= b.endDate && b.startDate <= a.endDate;
const within = (inner: Span, outer: Span) => inner.startDate >= outer.startDate && inner.endDate <= outer.endDate;
const days = (span: Span) => (Date.parse(span.endDate) - Date.parse(span.startDate)) / 86_400_000;
/** Sessions by start date, the longer first, then by their id: the same rows always make the same calendar. */
const byStart = (a: Span & { id?: string }, b: Span & { id?: string }) =>
  a.startDate !== b.startDate
    ? a.startDate < b.startDate
      ? -1
      : 1
    : a.endDate !== b.endDate
      ? a.endDate < b.endDate
        ? 1
        : -1
      : (a.id ?? '') < (b.id ?? '')
        ? -1
        : 1;

/**
 * Calendar codes for a year's sessions: the fewest trailing parts of each sourcedId that tell it
 * from the others (`…_2020-2021_Fall` → `Fall`), at most 20 letters, digits or dashes.
 */
function sessionCodes(rows: readonly CsvRow[]): Map<string, string> {
  const parts = new Map(rows.map((row) => [row.sourcedId!, row.sourcedId!.split(/[^A-Za-z0-9]+/).filter(Boolean)]));
  const suffix = (id: string, count: number) => parts.get(id)!.slice(-count).join('-');
  const codes = new Map<string, string>();
  for (const [id, own] of parts) {
    let count = 1;
    while (
      count < own.length &&
      [...parts.keys()].some((other) => other !== id && suffix(other, count).toUpperCase() === suffix(id, count).toUpperCase())
    )
      count += 1;
    codes.set(id, codeFrom(suffix(id, count).slice(-20).replace(/^-+/, ''), `session:${id}`, 20));
  }
  return codes;
}

/**
 * The SIS calendars the session rows make. Sessions go to the school year their start date falls
 * in (the `schoolYear` column says the year differently from one producer to the next); a year's
 * terms are its term and semester rows that do not overlap (the SIS's terms never do: an
 * overlapping one is scheduled in the term it overlaps most), its grading periods those that fall
 * in a term. A year with no term gets one spanning it, so that its classes can be scheduled.
 */
export function calendarsFrom(rows: readonly CsvRow[]): {
  years: YearPlan[];
  places: Map<string, SessionPlace>;
  notes: Map<string, QualityNote[]>;
} {
  const places = new Map<string, SessionPlace>();
  const notes = new Map<string, QualityNote[]>();
  const note = (sourcedId: string, column: string, issue: string) =>
    notes.set(sourcedId, [...(notes.get(sourcedId) ?? []), { column, issue }]);
  const byYear = new Map<string, CsvRow[]>();
  for (const row of rows) {
    const label = schoolYearOf(row.startDate!);
    byYear.set(label, [...(byYear.get(label) ?? []), row]);
  }
  const years: YearPlan[] = [];
  for (const [schoolYear, group] of [...byYear.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const used = new Set<string>();
    const codes = sessionCodes(group.filter((row) => row.type !== 'schoolYear'));
    const codeOf = (row: CsvRow) => {
      // A row this system wrote says its calendar code in metadata.sis.
      const own = sisOf(row).code;
      let code = typeof own === 'string' && /^[A-Za-z0-9-]{1,20}$/.test(own) ? own : codes.get(row.sourcedId!)!;
      if (used.has(code.toUpperCase())) code = `${code.slice(0, 13)}-${tagOf(`session:${row.sourcedId}`)}`;
      used.add(code.toUpperCase());
      return code;
    };
    const spanOf = (row: CsvRow): Span & { id: string } => ({ startDate: row.startDate!, endDate: row.endDate!, id: row.sourcedId! });
    const yearRow = group.find((row) => row.type === 'schoolYear');
    const termRows = group
      .filter((row) => row.type !== 'schoolYear' && row.type !== 'gradingPeriod')
      .sort((a, b) => byStart(spanOf(a), spanOf(b)));
    const terms: (TermPlan & { sourcedId: string })[] = [];
    for (const row of termRows) {
      const { id: _id, ...span } = spanOf(row);
      if (span.endDate < span.startDate) {
        note(row.sourcedId!, 'endDate', 'is before startDate: the SIS keeps no such term (classes of it are not scheduled)');
        continue;
      }
      const clash = terms.filter((term) => overlap(term, span));
      if (clash.length === 0) {
        const term = { code: codeOf(row), name: row.title!.slice(0, 100), ...span, sourcedId: row.sourcedId! };
        terms.push(term);
        places.set(row.sourcedId!, { schoolYear, kind: 'term', termCode: term.code, code: term.code });
      } else {
        const host = clash.sort((a, b) => days(b) - days(a))[0]!;
        places.set(row.sourcedId!, { schoolYear, kind: 'term', termCode: host.code });
        note(
          row.sourcedId!,
          'startDate',
          `overlaps the term ${host.sourcedId}: a SIS calendar's terms do not overlap, so its classes are scheduled in ${host.sourcedId}`,
        );
      }
    }
    if (terms.length === 0) {
      const span = { startDate: (yearRow ?? group[0]!).startDate!, endDate: (yearRow ?? group[0]!).endDate! };
      terms.push({ code: 'FY', name: 'Full year', ...span, sourcedId: yearRow?.sourcedId ?? '' });
      used.add('FY');
    }
    const periods: (PeriodPlan & { sourcedId: string })[] = [];
    for (const row of group.filter((candidate) => candidate.type === 'gradingPeriod').sort((a, b) => byStart(spanOf(a), spanOf(b)))) {
      const { id: _id, ...span } = spanOf(row);
      const parent = terms.find((term) => term.sourcedId === row.parentSourcedId && within(span, term));
      const host = parent ?? terms.find((term) => within(span, term));
      if (!host) {
        note(
          row.sourcedId!,
          'startDate',
          'falls in no term of its school year: the SIS keeps no such grading period (report cards are by grading period)',
        );
        continue;
      }
      if (periods.some((period) => overlap(period, span))) {
        note(
          row.sourcedId!,
          'startDate',
          "overlaps another grading period: a SIS calendar's grading periods do not overlap; report cards use the other one",
        );
        places.set(row.sourcedId!, { schoolYear, kind: 'gradingPeriod', termCode: host.code });
        continue;
      }
      const period = { code: codeOf(row), name: row.title!.slice(0, 100), termCode: host.code, ...span, sourcedId: row.sourcedId! };
      periods.push(period);
      places.set(row.sourcedId!, { schoolYear, kind: 'gradingPeriod', termCode: host.code, code: period.code });
    }
    for (const row of group.filter((candidate) => candidate.type === 'schoolYear')) {
      places.set(row.sourcedId!, { schoolYear, kind: 'schoolYear', termCode: terms[0]!.code });
    }
    const all: Span[] = [...terms, ...(yearRow ? [spanOf(yearRow)] : [])];
    years.push({
      schoolYear,
      startDate: all.reduce((min, span) => (span.startDate < min ? span.startDate : min), all[0]!.startDate),
      endDate: all.reduce((max, span) => (span.endDate > max ? span.endDate : max), all[0]!.endDate),
      terms: terms.map(({ sourcedId: _s, ...term }) => term),
      gradingPeriods: periods.map(({ sourcedId: _s, ...period }) => period),
    });
  }
  return { years, places, notes };
}

/** A school's calendar with a plan laid in: the plan's terms and grading periods replace those of the same code, the others stay. */
export function mergeCalendar(existing: Data | undefined, plan: YearPlan): Data {
  const terms = (existing?.terms as TermPlan[] | undefined) ?? [];
  const periods = (existing?.gradingPeriods as PeriodPlan[] | undefined) ?? [];
  const codes = new Set(plan.terms.map((term) => term.code));
  const periodCodes = new Set(plan.gradingPeriods.map((period) => period.code));
  const keptTerms = terms.filter((term) => !codes.has(term.code) && !plan.terms.some((other) => overlap(other, term)));
  const keptCodes = new Set([...codes, ...keptTerms.map((term) => term.code)]);
  const keptPeriods = periods.filter(
    (period) =>
      !periodCodes.has(period.code) && keptCodes.has(period.termCode) && !plan.gradingPeriods.some((other) => overlap(other, period)),
  );
  const sorted = <T extends Span>(list: T[]) => [...list].sort(byStart);
  return {
    ...(existing ?? { status: 'active' }),
    schoolYear: plan.schoolYear,
    startDate: existing?.startDate && String(existing.startDate) < plan.startDate ? existing.startDate : plan.startDate,
    endDate: existing?.endDate && String(existing.endDate) > plan.endDate ? existing.endDate : plan.endDate,
    terms: sorted([...keptTerms, ...plan.terms]),
    gradingPeriods: sorted([...keptPeriods, ...plan.gradingPeriods]),
  };
}

// ── courses ──
export function courseFrom(row: CsvRow, schoolId: string, schoolGrades: readonly string[]): Realized {
  const notes: QualityNote[] = [];
  const sis = sisOf(row);
  const code = codeFrom(row.courseCode || row.title, `course:${row.sourcedId}`, 20, /^[A-Za-z0-9.-]+$/);
  if (sis.code === undefined && code !== row.courseCode) {
    notes.push({
      column: 'courseCode',
      issue: row.courseCode
        ? `"${row.courseCode}" is not a SIS course code (1-20 letters, digits, dots or dashes): the course's code is ${code}`
        : `is blank: the SIS gives every course a code (transcripts, course requests); this one is ${code}`,
    });
  }
  const subjects = [...listOf(row.subjects), ...listOf(row.subjectCodes)];
  const subject = subjectOf(subjects);
  if (sis.subject === undefined && !subject) {
    notes.push({
      column: 'subjects',
      issue: `${subjects.length ? `"${row.subjects ?? row.subjectCodes}" names` : 'is blank and names'} none of the SIS's subjects: the course counts as "other" in reports by subject`,
    });
  }
  const grades = listOf(row.grades).filter(isGradeLevel);
  if (sis.gradeLevels === undefined && grades.length === 0) {
    notes.push({
      column: 'grades',
      issue: `${row.grades ? `"${row.grades}" holds` : 'is blank and holds'} no grade the SIS enrolls: the course admits every grade of its school (placement checks a student's grade)`,
    });
  }
  const data = merge(
    {
      schoolId,
      code,
      title: shortText(row.title ?? '', 100, 'title', notes),
      subject: subject ?? 'other',
      gradeLevels: grades.length > 0 ? [...new Set(grades)] : [...schoolGrades],
      credits: 1,
    },
    sis,
  );
  return { data: { ...data, schoolId }, notes };
}

// ── classes ──
/** A section from a class row, in its school's course and calendar term; its teachers come from enrollments.csv. */
export function sectionFrom(
  row: CsvRow,
  place: { schoolId: string; courseId: string; schoolYear: string; termCode: string; otherTerms: readonly string[]; firstTerm?: string },
  teachers: readonly unknown[],
): Realized {
  const notes: QualityNote[] = [];
  const sis = sisOf(row);
  const sectionNumber = codeFrom(row.classCode || row.title, `class:${row.sourcedId}`, 10);
  if (sis.sectionNumber === undefined && sectionNumber !== row.classCode) {
    notes.push({
      column: 'classCode',
      issue: row.classCode
        ? `"${row.classCode}" is not a SIS section number (1-10 letters, digits or dashes): the section is numbered ${sectionNumber}`
        : `is blank: the SIS numbers every section of a course; this one is ${sectionNumber}`,
    });
  }
  const periods = listOf(row.periods).map((period) => codeFrom(period, `period:${row.sourcedId}:${period}`, 10));
  if (periods.length === 0 && sis.meetings === undefined) {
    notes.push({
      column: 'periods',
      issue: `is blank: the SIS schedules a section by period; this one meets in the placeholder period P-${tagOf(`class:${row.sourcedId}`, 6)} (no bell time: timetables and period attendance do not show it)`,
    });
  }
  if (place.otherTerms.length > 0) {
    notes.push({
      column: 'termSourcedIds',
      issue: `names ${place.otherTerms.length + 1} terms: a SIS section is in one term, so it is scheduled in the first (${place.firstTerm ?? place.termCode}); attendance and grades in ${place.otherTerms.join(', ')} need a section there`,
    });
  }
  const meetings = (periods.length > 0 ? [...new Set(periods)] : [`P-${tagOf(`class:${row.sourcedId}`, 6)}`]).map((period) => ({
    period,
    days: [...WEEKDAYS],
  }));
  const data = merge(
    {
      schoolId: place.schoolId,
      courseId: place.courseId,
      schoolYear: place.schoolYear,
      termCode: place.termCode,
      sectionNumber,
      meetings: meetings.slice(0, 10),
      ...(row.location ? { room: shortText(row.location, 100, 'location', notes) } : {}),
    },
    sis,
  );
  return { data: { ...data, teachers }, notes };
}
