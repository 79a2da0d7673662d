/**
 * The OneRoster 1.2 CSV exporter: every live school, calendar, course, section, student, staff
 * member and guardian as a bulk file set. Rows are sorted by sourcedId and bulk files leave status
 * and dateLastModified blank, so the same data always gives the same bytes.
 */
import { columnsOf, EXPORTED_FILES, manifestRows, type CsvFile } from '../../domain/oneroster/csv-files';
import { categoryRows, lineItemRow, resultRow } from '../../domain/oneroster/csv-gradebook';
import { guardianRows, staffRows, studentRows, type PersonRows } from '../../domain/oneroster/csv-people';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import {
  classRow,
  courseRow,
  districtRow,
  schoolRow,
  sessionRows,
  studentEnrollmentRows,
  teacherEnrollmentRows,
} from '../../domain/oneroster/csv-schooling';
import type { RecordData } from '../../domain/records/record-types';
import type { OneRosterStore } from '../../functions/repositories/oneroster-store';
import { writeCsvSet, type CsvOutput } from './oneroster-archive';

const EXPORTED_ENTITIES = [
  'school',
  'schoolYear',
  'course',
  'section',
  'rosterEntry',
  'gradebookSettings',
  'assignment',
  'score',
  'guardianLink',
  'student',
  'staff',
  'guardian',
];

export interface ExportOptions {
  /** The district org's name. @default "District" */
  readonly districtName?: string;
}

export interface ExportSummary {
  readonly files: Partial<Record<CsvFile, number>>;
  readonly rows: number;
  readonly seconds: number;
}

/** The manifest and each exported file, rows sorted by sourcedId and laid out in the binding's column order. */
export function csvOutputs(rows: Readonly<Record<CsvFile, CsvRow[]>>, systemName: string): CsvOutput[] {
  const outputs: CsvOutput[] = [{ name: 'manifest', columns: ['propertyName', 'value'], rows: manifestRows(systemName).slice(1) }];
  for (const file of EXPORTED_FILES) {
    const columns = columnsOf(file);
    const sorted = [...rows[file]].sort((a, b) => (a.sourcedId! < b.sourcedId! ? -1 : a.sourcedId! > b.sourcedId! ? 1 : 0));
    outputs.push({ name: file, columns, rows: sorted.map((row) => columns.map((column) => row[column] ?? '')) });
  }
  return outputs;
}

export async function exportOneRoster(store: OneRosterStore, path: string, options: ExportOptions = {}): Promise<ExportSummary> {
  const started = Date.now();
  const { records, sourcedIds: sourced } = await store.snapshot(EXPORTED_ENTITIES);
  const all = (entity: string) => records.get(entity) ?? [];
  const sourcedOf = (_kind: string, sisId: string) => sourced.get(sisId) ?? sisId;
  const rows: Record<CsvFile, CsvRow[]> = Object.fromEntries(EXPORTED_FILES.map((file) => [file, []])) as unknown as Record<
    CsvFile,
    CsvRow[]
  >;

  rows.orgs.push(districtRow(options.districtName ?? 'District'));
  for (const school of all('school')) rows.orgs.push(schoolRow(school.id, school.data, sourcedOf));
  for (const year of all('schoolYear')) rows.academicSessions.push(...sessionRows(year.ids.schoolId!, year.data, sourcedOf));
  const courses = new Map<string, { title: string; gradeLevels: string[] }>();
  for (const course of all('course')) {
    courses.set(course.id, { title: String(course.data.title), gradeLevels: course.data.gradeLevels as string[] });
    rows.courses.push(courseRow(course.id, course.data, sourcedOf));
  }
  for (const section of all('section')) {
    rows.classes.push(classRow(section.id, section.data, courses.get(String(section.data.courseId)), sourcedOf));
    rows.enrollments.push(...teacherEnrollmentRows(section.id, section.data, sourcedOf));
  }
  rows.enrollments.push(
    ...studentEnrollmentRows(
      all('rosterEntry').map((entry) => ({
        sectionId: entry.ids.sectionId!,
        studentId: entry.ids.studentId!,
        schoolId: String(entry.data.schoolId),
      })),
      sourcedOf,
    ),
  );
  for (const settings of all('gradebookSettings')) rows.categories.push(...categoryRows(settings.ids.sectionId!, settings.data, sourcedOf));
  const liveAssignments = new Set<string>();
  for (const assignment of all('assignment')) {
    liveAssignments.add(assignment.id);
    rows.lineItems.push(lineItemRow(assignment.id, assignment.data, sourcedOf));
  }
  for (const score of all('score'))
    if (liveAssignments.has(String(score.data.assignmentId))) rows.results.push(resultRow(score.data, sourcedOf));
  const linksOfStudent = new Map<string, { guardianId: string; data: RecordData }[]>();
  const childrenOfGuardian = new Map<string, string[]>();
  for (const link of all('guardianLink')) {
    const studentId = link.ids.studentId!;
    const guardianId = link.ids.guardianId!;
    linksOfStudent.set(studentId, [...(linksOfStudent.get(studentId) ?? []), { guardianId, data: link.data }]);
    childrenOfGuardian.set(guardianId, [...(childrenOfGuardian.get(guardianId) ?? []), studentId]);
  }
  const person = (entry: PersonRows) => {
    rows.users.push(entry.user);
    rows.roles.push(...entry.roles);
    rows.userProfiles.push(...entry.profiles);
    if (entry.demographic) rows.demographics.push(entry.demographic);
  };
  for (const student of all('student')) person(studentRows(student.id, student.data, linksOfStudent.get(student.id) ?? [], sourcedOf));
  for (const staff of all('staff')) person(staffRows(staff.id, staff.data, sourcedOf));
  for (const guardian of all('guardian')) {
    person(guardianRows(guardian.id, guardian.data, childrenOfGuardian.get(guardian.id) ?? [], 'district', sourcedOf));
  }

  const outputs = csvOutputs(rows, 'district-sis');
  const files: Partial<Record<CsvFile, number>> = Object.fromEntries(EXPORTED_FILES.map((file) => [file, rows[file].length]));
  await writeCsvSet(path, outputs);
  const total = Object.values(files).reduce((sum, count) => sum + count, 0);
  return { files, rows: total, seconds: (Date.now() - started) / 1000 };
}
