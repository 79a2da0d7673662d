/**
 * orgs.csv, academicSessions.csv, courses.csv, classes.csv and enrollments.csv rows <-> the SIS's
 * schools, school-year calendars, courses, sections and section teachers.
 */
import type { RecordData } from '../records/record-types';
import { GRADE_LEVELS } from '../schemas/common';
import { SUBJECTS, WEEKDAYS } from '../scheduling/schemas';
import { canonicalJson } from '../validation';
import { sisIdFor } from './csv-ids';
import { compact, merge, residual } from './csv-merge';
import { listOf, sisOf, type CsvRow } from './csv-rows';

type SourcedOf = (kind: 'org' | 'user' | 'course' | 'class', sisId: string) => string;
const withSis = (row: Record<string, string | undefined>, sis: RecordData): CsvRow =>
  Object.fromEntries(
    Object.entries({ ...row, 'metadata.sis': Object.keys(sis).length > 0 ? canonicalJson(sis) : '' }).map(([key, value]) => [
      key,
      value ?? '',
    ]),
  );

/** The district's own org row: the parent of every school (it has no SIS record of its own). */
export const DISTRICT_SOURCED_ID = 'district';
export const districtRow = (name: string): CsvRow => withSis({ sourcedId: DISTRICT_SOURCED_ID, name, type: 'district' }, {});

// ── schools ──
/** What OneRoster cannot say of a school and the SIS requires, when a foreign file says nothing. */
const SCHOOL_DEFAULTS = {
  type: 'other',
  gradeLevels: GRADE_LEVELS.filter((grade) => grade !== 'PK' && grade !== 'TK'),
  address: { line1: 'Address not provided', city: 'Unknown', state: 'ZZ', postalCode: '00000' },
};
const schoolColumns = (row: CsvRow) => compact({ name: row.name, code: row.identifier });
export const schoolFromRow = (row: CsvRow): RecordData => merge(merge(SCHOOL_DEFAULTS, schoolColumns(row)), sisOf(row));
export function schoolRow(id: string, data: RecordData, sourcedOf: SourcedOf): CsvRow {
  const row = {
    sourcedId: sourcedOf('org', id),
    name: String(data.name),
    type: 'school',
    identifier: String(data.code),
    parentSourcedId: DISTRICT_SOURCED_ID,
  };
  return withSis(row, residual(data, merge(SCHOOL_DEFAULTS, schoolColumns(row))));
}
export const SCHOOL_FIELD_COLUMNS: Readonly<Record<string, string>> = { name: 'name', code: 'identifier' };

// ── calendars: a school's school year, its terms and grading periods ──
const endYear = (label: string) => label.slice(5);
const yearSourcedId = (schoolSourcedId: string, schoolYear: string) => `${schoolSourcedId}.${schoolYear}`;
export const termSourcedId = (schoolSourcedId: string, schoolYear: string, code: string) =>
  `${yearSourcedId(schoolSourcedId, schoolYear)}.term.${code}`;
const periodSourcedId = (schoolSourcedId: string, schoolYear: string, code: string) =>
  `${yearSourcedId(schoolSourcedId, schoolYear)}.gp.${code}`;
/** A code for a session a foreign file names only by sourcedId. */
const codeOf = (sourcedId: string) => sourcedId.replace(/[^A-Za-z0-9-]/g, '').slice(-20) || 'T';

interface Term {
  code: string;
  name: string;
  startDate: string;
  endDate: string;
}
interface GradingPeriod extends Term {
  termCode: string;
}

/** The academicSessions.csv rows of one school year record. */
export function sessionRows(schoolId: string, data: RecordData, sourcedOf: SourcedOf): CsvRow[] {
  const school = sourcedOf('org', schoolId);
  const label = String(data.schoolYear);
  const {
    schoolYear: _y,
    startDate,
    endDate,
    terms,
    gradingPeriods,
    ...rest
  } = data as RecordData & { terms: Term[]; gradingPeriods: GradingPeriod[] };
  const yearId = yearSourcedId(school, label);
  const session = (
    sourcedId: string,
    title: string,
    type: string,
    span: { startDate: unknown; endDate: unknown },
    parent: string,
    sis: RecordData,
  ) =>
    withSis(
      {
        sourcedId,
        title,
        type,
        startDate: String(span.startDate),
        endDate: String(span.endDate),
        parentSourcedId: parent,
        schoolYear: endYear(label),
      },
      sis,
    );
  return [
    session(yearId, label, 'schoolYear', { startDate, endDate }, '', { school, ...rest }),
    ...terms.map((term) => session(termSourcedId(school, label, term.code), term.name, 'term', term, yearId, { code: term.code })),
    ...gradingPeriods.map((period) =>
      session(
        periodSourcedId(school, label, period.code),
        period.name,
        'gradingPeriod',
        period,
        termSourcedId(school, label, period.termCode),
        { code: period.code },
      ),
    ),
  ];
}

/** A school year record to write, and the school it belongs to. */
export interface SchoolYearWrite {
  readonly schoolId: string;
  readonly data: RecordData;
  /** The session rows it was made of (for the report). */
  readonly line: number;
}

/** Where a class's term lives: the school year label and term code, per term sourcedId. */
export type TermIndex = Map<string, { schoolYear: string; termCode: string }>;

/**
 * Builds the school year records from all academicSessions rows (a small file, read whole): a
 * schoolYear row with its terms (term or semester rows under it) and their grading periods. A row
 * that names its school in metadata.sis belongs to that school; a foreign file's years apply to
 * every school of the import.
 */
export function schoolYearsFromSessions(
  entries: readonly { row: CsvRow; line: number }[],
  allSchoolIds: readonly string[],
): { years: SchoolYearWrite[]; terms: TermIndex } {
  const rows = entries.map((entry) => entry.row);
  const years: SchoolYearWrite[] = [];
  const terms: TermIndex = new Map();
  for (const { row: year, line } of entries.filter((entry) => entry.row.type === 'schoolYear')) {
    const { school, ...rest } = sisOf(year) as { school?: string };
    const label = /^\d{4}-\d{4}$/.test(year.title ?? '') ? year.title! : `${Number(year.schoolYear) - 1}-${year.schoolYear}`;
    const termRows = rows.filter((row) => (row.type === 'term' || row.type === 'semester') && row.parentSourcedId === year.sourcedId);
    const termOf = (row: CsvRow): Term => ({
      code: String(sisOf(row).code ?? codeOf(row.sourcedId!)),
      name: row.title!,
      startDate: row.startDate!,
      endDate: row.endDate!,
    });
    const yearTerms = termRows.map(termOf).sort((a, b) => (a.startDate + a.code < b.startDate + b.code ? -1 : 1));
    const periods: GradingPeriod[] = rows
      .filter((row) => row.type === 'gradingPeriod' && termRows.some((term) => term.sourcedId === row.parentSourcedId))
      .map((row) => ({ ...termOf(row), termCode: termOf(termRows.find((term) => term.sourcedId === row.parentSourcedId)!).code }))
      .sort((a, b) => (a.startDate + a.code < b.startDate + b.code ? -1 : 1));
    termRows.forEach((row) => terms.set(row.sourcedId!, { schoolYear: label, termCode: termOf(row).code }));
    const data = merge(
      { schoolYear: label, startDate: year.startDate, endDate: year.endDate, terms: yearTerms, gradingPeriods: periods },
      rest,
    );
    for (const schoolId of school ? [sisIdFor('org', school)] : allSchoolIds) years.push({ schoolId, data, line });
  }
  return { years, terms };
}

// ── courses ──
const COURSE_DEFAULTS = { credits: 1 };
const courseColumns = (row: CsvRow) =>
  compact({
    schoolId: row.orgSourcedId ? sisIdFor('org', row.orgSourcedId) : undefined,
    code: row.courseCode,
    title: row.title,
    gradeLevels: row.grades ? listOf(row.grades) : undefined,
    subject: (SUBJECTS as readonly string[]).includes(row.subjects ?? '') ? row.subjects : 'other',
  });
export const courseFromRow = (row: CsvRow): RecordData => merge(merge(COURSE_DEFAULTS, courseColumns(row)), sisOf(row));
export function courseRow(id: string, data: RecordData, sourcedOf: SourcedOf): CsvRow {
  const row = {
    sourcedId: sourcedOf('course', id),
    title: String(data.title),
    courseCode: String(data.code),
    grades: (data.gradeLevels as string[]).join(','),
    orgSourcedId: sourcedOf('org', String(data.schoolId)),
    subjects: String(data.subject),
  };
  return withSis(row, residual(data, merge(COURSE_DEFAULTS, courseColumns(row))));
}
export const COURSE_FIELD_COLUMNS: Readonly<Record<string, string>> = {
  schoolId: 'orgSourcedId',
  code: 'courseCode',
  title: 'title',
  gradeLevels: 'grades',
  subject: 'subjects',
};

// ── classes (sections); their teachers come from enrollments.csv ──
const classColumns = (row: CsvRow, terms: TermIndex) => {
  const term = terms.get(listOf(row.termSourcedIds)[0] ?? '');
  return compact({
    schoolId: row.schoolSourcedId ? sisIdFor('org', row.schoolSourcedId) : undefined,
    courseId: row.courseSourcedId ? sisIdFor('course', row.courseSourcedId) : undefined,
    schoolYear: term?.schoolYear,
    termCode: term?.termCode,
    sectionNumber: row.classCode,
    room: row.location,
    meetings: listOf(row.periods).map((period) => ({ period, days: [...WEEKDAYS] })),
  });
};
export const sectionFromRow = (row: CsvRow, terms: TermIndex, teachers: readonly unknown[]): RecordData => ({
  ...merge(classColumns(row, terms), sisOf(row)),
  teachers,
});
export function classRow(
  id: string,
  data: RecordData,
  course: { title: string; gradeLevels: string[] } | undefined,
  sourcedOf: SourcedOf,
): CsvRow {
  const school = sourcedOf('org', String(data.schoolId));
  const meetings = data.meetings as { period: string }[];
  const term = termSourcedId(school, String(data.schoolYear), String(data.termCode));
  const row = {
    sourcedId: sourcedOf('class', id),
    title: `${course?.title ?? 'Section'} ${String(data.sectionNumber)}`,
    grades: course?.gradeLevels.join(',') ?? '',
    courseSourcedId: sourcedOf('course', String(data.courseId)),
    classCode: String(data.sectionNumber),
    classType: 'scheduled',
    location: data.room as string | undefined,
    schoolSourcedId: school,
    termSourcedIds: term,
    periods: [...new Set(meetings.map((meeting) => meeting.period))].join(','),
  };
  const { teachers: _teachers, ...rest } = data;
  const derived = classColumns(
    withSis(row, {}),
    new Map([[term, { schoolYear: String(data.schoolYear), termCode: String(data.termCode) }]]),
  );
  return withSis(row, residual(rest, derived));
}
export const CLASS_FIELD_COLUMNS: Readonly<Record<string, string>> = {
  schoolId: 'schoolSourcedId',
  courseId: 'courseSourcedId',
  schoolYear: 'termSourcedIds',
  termCode: 'termSourcedIds',
  sectionNumber: 'classCode',
  room: 'location',
  meetings: 'periods',
};

/** enrollments.csv rows of a section's teachers. */
export function teacherEnrollmentRows(id: string, data: RecordData, sourcedOf: SourcedOf): CsvRow[] {
  const classSourcedId = sourcedOf('class', id);
  return (data.teachers as { staffId: string; role: string }[]).map((teacher) => {
    const user = sourcedOf('user', teacher.staffId);
    return withSis(
      {
        sourcedId: `${classSourcedId}.${user}`,
        classSourcedId,
        schoolSourcedId: sourcedOf('org', String(data.schoolId)),
        userSourcedId: user,
        role: 'teacher',
        primary: teacher.role === 'primary' ? 'true' : 'false',
      },
      {},
    );
  });
}

/** A section's teacher from a teacher enrollment row. */
export const teacherFromRow = (row: CsvRow) => ({
  staffId: sisIdFor('user', row.userSourcedId!),
  role: row.primary === 'true' ? ('primary' as const) : ('co' as const),
});

/** enrollments.csv rows of a section's students (its roster). */
export function studentEnrollmentRows(
  entries: readonly { sectionId: string; studentId: string; schoolId: string }[],
  sourcedOf: SourcedOf,
): CsvRow[] {
  return entries.map(({ sectionId, studentId, schoolId }) => {
    const classSourcedId = sourcedOf('class', sectionId);
    const user = sourcedOf('user', studentId);
    return withSis(
      {
        sourcedId: `${classSourcedId}.${user}`,
        classSourcedId,
        schoolSourcedId: sourcedOf('org', schoolId),
        userSourcedId: user,
        role: 'student',
        primary: 'false',
      },
      {},
    );
  });
}
