/**
 * The SIS's schools, calendars, courses, sections and section teachers as OneRoster rows (orgs,
 * academicSessions, courses, classes, enrollments), for the records the district's files did not
 * give (made through the API) and for what the SIS changed in those they did (view.ts). A row's
 * `metadata.sis` holds what the columns cannot say, so that importing the row makes the record again
 * (realize-schooling.ts reads it back).
 */
import { canonicalJson } from '../validation';
import { merge, residual } from './csv-merge';
import type { CsvRow } from './csv-rows';
import { courseFrom, schoolFrom, sectionFrom } from './realize-schooling';

type Data = Record<string, unknown>;
export type SourcedOf = (kind: 'org' | 'user' | 'course' | 'class' | 'lineItem', sisId: string) => string;

export const withSis = (row: Record<string, string | undefined>, sis: Data): CsvRow =>
  Object.fromEntries(
    Object.entries({ ...row, 'metadata.sis': Object.keys(sis).length > 0 ? canonicalJson(sis) : '' }).map(([key, value]) => [
      key,
      value ?? '',
    ]),
  );

/** The district org of the SIS's own rows, when the district's files gave none. */
export const DISTRICT_SOURCED_ID = 'district';
export const districtRow = (name: string, sourcedId = DISTRICT_SOURCED_ID): CsvRow => withSis({ sourcedId, name, type: 'district' }, {});

export function schoolRow(id: string, data: Data, sourcedOf: SourcedOf, districtSourcedId = DISTRICT_SOURCED_ID): CsvRow {
  const row = {
    sourcedId: sourcedOf('org', id),
    name: String(data.name),
    type: 'school',
    identifier: String(data.code),
    parentSourcedId: districtSourcedId,
  };
  // The type, grades and address are always said: when a file says none the SIS's are placeholders, not facts.
  const { type: _type, gradeLevels: _grades, address: _address, ...derived } = schoolFrom(withSis(row, {})).data;
  return withSis(row, residual(data, derived));
}

// ── calendars: a school's school year, its terms and grading periods ──
const endYear = (label: string) => label.slice(5);
const yearSourcedId = (schoolSourcedId: string, schoolYear: string) => `${schoolSourcedId}.${schoolYear}`;
export const termSourcedId = (schoolSourcedId: string, schoolYear: string, code: string) =>
  `${yearSourcedId(schoolSourcedId, schoolYear)}.term.${code}`;
export const periodSourcedId = (schoolSourcedId: string, schoolYear: string, code: string) =>
  `${yearSourcedId(schoolSourcedId, schoolYear)}.gp.${code}`;

interface Term {
  code: string;
  name: string;
  startDate: string;
  endDate: string;
}
interface GradingPeriod extends Term {
  termCode: string;
}

/**
 * The academicSessions rows of one school year record: the year, its terms and grading periods.
 * `skip` leaves out the parts the district's own session rows already say (by term code).
 */
export function sessionRows(schoolId: string, data: Data, sourcedOf: SourcedOf, skip: ReadonlySet<string> = new Set()): CsvRow[] {
  const school = sourcedOf('org', schoolId);
  const label = String(data.schoolYear);
  const {
    schoolYear: _y,
    startDate,
    endDate,
    terms,
    gradingPeriods,
    ...rest
  } = data as Data & {
    terms: Term[];
    gradingPeriods: GradingPeriod[];
  };
  const yearId = yearSourcedId(school, label);
  const session = (
    sourcedId: string,
    title: string,
    type: string,
    span: { startDate: unknown; endDate: unknown },
    parent: string,
    sis: Data,
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
    ...(skip.has('') ? [] : [session(yearId, label, 'schoolYear', { startDate, endDate }, '', { school, ...rest })]),
    ...terms
      .filter((term) => !skip.has(term.code))
      .map((term) => session(termSourcedId(school, label, term.code), term.name, 'term', term, yearId, { code: term.code })),
    ...gradingPeriods
      .filter((period) => !skip.has(period.code))
      .map((period) =>
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

export function courseRow(id: string, data: Data, sourcedOf: SourcedOf): CsvRow {
  const row = {
    sourcedId: sourcedOf('course', id),
    title: String(data.title),
    courseCode: String(data.code),
    grades: (data.gradeLevels as string[]).join(','),
    orgSourcedId: sourcedOf('org', String(data.schoolId)),
    subjects: String(data.subject),
  };
  const { data: derived } = courseFrom(withSis(row, {}), String(data.schoolId), data.gradeLevels as string[]);
  return withSis(row, residual(data, derived));
}

/** A section's class row; its term is the calendar's term (`termSourcedIdOf` gives the district's when its files named it). */
export function classRow(
  id: string,
  data: Data,
  course: { title: string; gradeLevels: string[] } | undefined,
  sourcedOf: SourcedOf,
  termSourcedIdOf: (schoolId: string, schoolYear: string, code: string) => string = (schoolId, schoolYear, code) =>
    termSourcedId(sourcedOf('org', schoolId), schoolYear, code),
): CsvRow {
  const meetings = data.meetings as { period: string }[];
  const row = {
    sourcedId: sourcedOf('class', id),
    title: `${course?.title ?? 'Section'} ${String(data.sectionNumber)}`,
    grades: course?.gradeLevels.join(',') ?? '',
    courseSourcedId: sourcedOf('course', String(data.courseId)),
    classCode: String(data.sectionNumber),
    classType: 'scheduled',
    location: data.room as string | undefined,
    schoolSourcedId: sourcedOf('org', String(data.schoolId)),
    termSourcedIds: termSourcedIdOf(String(data.schoolId), String(data.schoolYear), String(data.termCode)),
    periods: [...new Set(meetings.map((meeting) => meeting.period))].join(','),
  };
  const { teachers: _teachers, ...rest } = data;
  const place = {
    schoolId: String(data.schoolId),
    courseId: String(data.courseId),
    schoolYear: String(data.schoolYear),
    termCode: String(data.termCode),
    otherTerms: [],
  };
  const { data: derived } = sectionFrom(withSis(row, {}), place, []);
  const { teachers: _none, ...columns } = derived;
  return withSis(row, residual(rest, merge(columns, {})));
}

/** enrollments.csv rows of a section's teachers. */
export function teacherEnrollmentRows(id: string, data: Data, sourcedOf: SourcedOf): CsvRow[] {
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
