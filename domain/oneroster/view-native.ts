/**
 * The SIS's records as OneRoster rows, for view.ts: those made through the API (no row of the
 * district's files stands for them), and a record a kept row stands for, to see what the SIS changed.
 */
import type { CsvFile } from './binding';
import { categoryRows, lineItemRow, resultRow } from './csv-gradebook';
import { guardianRows, staffRows, studentRows, type PersonRows } from './csv-people';
import type { CsvRow } from './csv-rows';
import { classRow, courseRow, schoolRow, sessionRows, studentEnrollmentRows, teacherEnrollmentRows, type SourcedOf } from './csv-schooling';
import type { RowStatus } from './roster-rows';
import type { SisRecord, ViewRow } from './view';

export interface Derivers {
  readonly sourcedOf: SourcedOf;
  readonly districtSourcedId: string;
  /** The district's session a calendar term stands for, when its files named it. */
  readonly termSourcedIdOf: (schoolId: string, schoolYear: string, code: string) => string | undefined;
  /** True when a kept row stands for the record (or its member: a section teacher, a gradebook category). */
  readonly covered: (entity: string, ids: Readonly<Record<string, string>>, member?: string) => boolean;
  /** True when a kept row stands for the SIS id (a school, course, section, person, assignment). */
  readonly claimed: (id: string) => boolean;
  /** True when a kept session row stands for a calendar's school year (no code) or its term or grading period. */
  readonly sessionCovered: (schoolYear: string, code?: string) => boolean;
  readonly records: (entity: string) => readonly SisRecord[];
  readonly record: (entity: string, ids: Readonly<Record<string, string>>) => SisRecord | undefined;
}

const statusOf = (record: SisRecord): RowStatus => (record.deletedAt ? 'tobedeleted' : 'active');
const entry = (row: CsvRow, record: SisRecord): ViewRow => ({
  row,
  status: statusOf(record),
  lastModified: record.deletedAt ?? record.updatedAt,
});

function courseInfo(d: Derivers, courseId: string): { title: string; gradeLevels: string[] } | undefined {
  const course = d.record('course', { courseId });
  return course ? { title: String(course.data.title), gradeLevels: course.data.gradeLevels as string[] } : undefined;
}

const termOf = (d: Derivers) => (schoolId: string, schoolYear: string, code: string) =>
  d.termSourcedIdOf(schoolId, schoolYear, code) ?? `${d.sourcedOf('org', schoolId)}.${schoolYear}.term.${code}`;

/** A guardian's linked children, with the child's school and the link's relationship. */
function childrenOf(d: Derivers, guardianId: string) {
  return d
    .records('guardianLink')
    .filter((link) => !link.deletedAt && link.ids.guardianId === guardianId)
    .map((link) => ({
      studentId: link.ids.studentId!,
      schoolId: String(d.record('student', { studentId: link.ids.studentId! })?.data.schoolId ?? ''),
      relationship: String(link.data.relationship),
    }));
}

function personRows(d: Derivers, record: SisRecord): PersonRows {
  if (record.entity === 'student') {
    const links = d
      .records('guardianLink')
      .filter((link) => !link.deletedAt && link.ids.studentId === record.id)
      .map((link) => ({ guardianId: link.ids.guardianId!, data: link.data }));
    return studentRows(record.id, record.data, links, d.sourcedOf);
  }
  if (record.entity === 'staff') return staffRows(record.id, record.data, d.sourcedOf);
  return guardianRows(record.id, record.data, childrenOf(d, record.id), d.districtSourcedId, d.sourcedOf);
}

/** The row a SIS record makes in a file (for a kept row: what the SIS says of it now). */
export function deriveRow(file: CsvFile, record: SisRecord, member: string | undefined, d: Derivers): CsvRow | undefined {
  switch (file) {
    case 'orgs':
      return schoolRow(record.id, record.data, d.sourcedOf, d.districtSourcedId);
    case 'courses':
      return courseRow(record.id, record.data, d.sourcedOf);
    case 'classes':
      return classRow(record.id, record.data, courseInfo(d, String(record.data.courseId)), d.sourcedOf, termOf(d));
    case 'users':
      return personRows(d, record).user;
    case 'demographics':
      return personRows(d, record).demographic;
    case 'categories':
      return categoryRows(record.ids.sectionId!, record.data, d.sourcedOf).find((row) => row.sourcedId!.endsWith(`.${member}`));
    case 'lineItems':
      return lineItemRow(record.id, record.data, d.sourcedOf);
    case 'results':
      return resultRow(record.data, d.sourcedOf);
    default:
      return undefined;
  }
}

const PEOPLE = ['student', 'staff', 'guardian'];

/** The rows of a file that the SIS's own records make (no kept row stands for them). */
export function nativeRows(file: CsvFile, d: Derivers): ViewRow[] {
  const own = (entity: string) => d.records(entity).filter((record) => !d.claimed(record.id));
  switch (file) {
    case 'orgs':
      return own('school').map((school) => entry(schoolRow(school.id, school.data, d.sourcedOf, d.districtSourcedId), school));
    case 'academicSessions':
      return d.records('schoolYear').flatMap((year) => {
        const label = String(year.data.schoolYear);
        const codes = [...(year.data.terms as { code: string }[]), ...(year.data.gradingPeriods as { code: string }[])].map(
          (part) => part.code,
        );
        const skip = new Set([...(d.sessionCovered(label) ? [''] : []), ...codes.filter((code) => d.sessionCovered(label, code))]);
        return sessionRows(year.ids.schoolId!, year.data, d.sourcedOf, skip).map((row) => entry(row, year));
      });
    case 'courses':
      return own('course').map((course) => entry(courseRow(course.id, course.data, d.sourcedOf), course));
    case 'classes':
      return own('section').map((section) =>
        entry(classRow(section.id, section.data, courseInfo(d, String(section.data.courseId)), d.sourcedOf, termOf(d)), section),
      );
    case 'enrollments': {
      const teachers = d.records('section').flatMap((section) =>
        teacherEnrollmentRows(section.id, section.data, d.sourcedOf)
          .filter((_, index) => !d.covered('section', section.ids, (section.data.teachers as { staffId: string }[])[index]!.staffId))
          .map((row) => entry(row, section)),
      );
      const students = d
        .records('rosterEntry')
        .filter((roster) => !d.covered('rosterEntry', roster.ids))
        .map((roster) =>
          entry(
            studentEnrollmentRows(
              [{ sectionId: roster.ids.sectionId!, studentId: roster.ids.studentId!, schoolId: String(roster.data.schoolId) }],
              d.sourcedOf,
            )[0]!,
            roster,
          ),
        );
      return [...teachers, ...students];
    }
    case 'users':
    case 'roles':
    case 'userProfiles':
    case 'demographics':
      return PEOPLE.flatMap((entity) => own(entity)).flatMap((person) => {
        const rows = personRows(d, person);
        const part =
          file === 'users'
            ? [rows.user]
            : file === 'roles'
              ? rows.roles
              : file === 'userProfiles'
                ? rows.profiles
                : rows.demographic
                  ? [rows.demographic]
                  : [];
        return part.map((row) => entry(row, person));
      });
    case 'categories':
      return d.records('gradebookSettings').flatMap((settings) =>
        categoryRows(settings.ids.sectionId!, settings.data, d.sourcedOf)
          .filter((row) => !d.covered('gradebookSettings', settings.ids, row.sourcedId!.slice(row.sourcedId!.lastIndexOf('.') + 1)))
          .map((row) => entry(row, settings)),
      );
    case 'lineItems':
      return own('assignment').map((assignment) => entry(lineItemRow(assignment.id, assignment.data, d.sourcedOf), assignment));
    case 'results': {
      const live = new Set(
        d
          .records('assignment')
          .filter((assignment) => !assignment.deletedAt)
          .map((assignment) => assignment.id),
      );
      return d
        .records('score')
        .filter((score) => live.has(String(score.data.assignmentId)) && !d.covered('score', score.ids))
        .map((score) => entry(resultRow(score.data, d.sourcedOf), score));
    }
    default:
      return [];
  }
}
