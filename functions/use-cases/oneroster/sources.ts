/**
 * Reads the SIS records the OneRoster REST objects are made of, through the existing listings
 * and keys (docs/data-model.md): a district-wide collection is one query per school on that
 * school's listing (schools are few; no scan), a school's or a class's collection one query.
 */
import { keys } from '../../../domain/keys';
import type { Source } from '../../../domain/oneroster/rest-model';
import {
  assignmentType,
  courseType,
  gradebookSettingsType,
  guardianType,
  rosterEntryType,
  schoolType,
  schoolYearType,
  scoreType,
  sectionType,
  staffType,
  studentType,
} from '../../../domain/records/record-types';
import type { RecordType } from '../../../domain/records/record-types';
import type { SchoolYear } from '../../../domain/schemas/calendar';
import type { Guardian, GuardianLink, Staff, Student } from '../../../domain/schemas/people';
import type { School } from '../../../domain/schemas/school';
import type { Assignment, GradebookSettings } from '../../../domain/gradebook/schemas';
import type { ScoreData } from '../../../domain/oneroster/rest-gradebook';
import type { Course, RosterEntry, Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';

const source = <T>(record: StoredRecord): Source<T> => ({
  id: record.id,
  data: record.data as T,
  updatedAt: record.updatedAt,
  ...(record.deletedAt ? { deletedAt: record.deletedAt } : {}),
});

const byId = <T extends { id: string }>(items: T[]) => items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Runs one loader per key, a few at a time (a district has tens of schools, a school hundreds of sections). */
async function each<K, T>(inputs: readonly K[], load: (input: K) => Promise<T[]>, concurrency = 8): Promise<T[]> {
  const results: T[][] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await load(inputs[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  return results.flat();
}

/** The SIS side of the OneRoster REST API: one instance per request (it remembers what it read). */
export class RosterSources {
  private schoolsCache?: Promise<Source<School>[]>;
  private readonly yearsCache = new Map<string, Promise<Source<SchoolYear>[]>>();

  constructor(private readonly services: Services) {}

  private async one<T>(type: RecordType, ids: Record<string, string>): Promise<Source<T> | undefined> {
    const record = await this.services.records.get(type, ids);
    return record ? source<T>(record) : undefined;
  }

  school = (schoolId: string) => this.one<School>(schoolType, { schoolId });
  course = (courseId: string) => this.one<Course>(courseType, { courseId });
  student = (studentId: string) => this.one<Student>(studentType, { studentId });
  staff = (staffId: string) => this.one<Staff>(staffType, { staffId });
  guardian = (guardianId: string) => this.one<Guardian>(guardianType, { guardianId });
  schoolYear = (schoolId: string, schoolYear: string) => this.one<SchoolYear>(schoolYearType, { schoolId, schoolYear });
  section = (sectionId: string) => this.one<Section>(sectionType, { sectionId });
  rosterEntry = (sectionId: string, studentId: string) => this.one<RosterEntry>(rosterEntryType, { sectionId, studentId });
  gradebookSettings = (sectionId: string) => this.one<GradebookSettings & { sectionId: string }>(gradebookSettingsType, { sectionId });
  assignment = (sectionId: string, assignmentId: string) =>
    this.one<Assignment & { sectionId: string; schoolId: string }>(assignmentType, { sectionId, assignmentId });
  score = (sectionId: string, assignmentId: string, studentId: string) =>
    this.one<ScoreData>(scoreType, { sectionId, assignmentId, studentId });

  private async all<T>(spec: { index?: 'gsi1' | 'gsi2'; partition: string; sortKeyPrefix: string }): Promise<Source<T>[]> {
    return (await this.services.records.queryAll(spec)).map((record) => source<T>(record));
  }

  /** Every school: the district's school listing (gsi1). */
  schools(): Promise<Source<School>[]> {
    this.schoolsCache ??= this.all<School>({ index: 'gsi1', partition: keys.allSchoolsPartition(), sortKeyPrefix: '' }).then(byId);
    return this.schoolsCache;
  }

  async schoolIds(): Promise<string[]> {
    return (await this.schools()).map((school) => school.id);
  }

  schoolYears(schoolId: string): Promise<Source<SchoolYear>[]> {
    let years = this.yearsCache.get(schoolId);
    if (!years) {
      const listing = keys.schoolYearsOfSchool(schoolId);
      years = this.all<SchoolYear>({ partition: listing.pk, sortKeyPrefix: listing.skPrefix });
      this.yearsCache.set(schoolId, years);
    }
    return years;
  }

  /** The school's terms, from its calendars: where its sections are listed (one listing per term). */
  async termsOf(schoolId: string): Promise<{ schoolYear: string; termCode: string }[]> {
    const years = await this.schoolYears(schoolId);
    return years.flatMap((year) => year.data.terms.map((term) => ({ schoolYear: year.data.schoolYear, termCode: term.code })));
  }

  coursesOfSchool(schoolId: string) {
    return this.all<Course>({ index: 'gsi1', partition: keys.coursesOfSchool(schoolId), sortKeyPrefix: '' });
  }

  studentsOfSchool(schoolId: string) {
    return this.all<Student>({ index: 'gsi1', partition: keys.studentsOfSchool(schoolId), sortKeyPrefix: '' });
  }

  staffOfSchool(schoolId: string) {
    return this.all<Staff>({ index: 'gsi1', partition: keys.staffOfSchool(schoolId), sortKeyPrefix: '' });
  }

  async sectionsOfSchool(schoolId: string, term?: { schoolYear: string; termCode: string }): Promise<Source<Section>[]> {
    const terms = term ? [term] : await this.termsOf(schoolId);
    return each(terms, (entry) =>
      this.all<Section>({
        index: 'gsi1',
        partition: keys.sectionsOfSchoolTerm(schoolId, entry.schoolYear, entry.termCode),
        sortKeyPrefix: '',
      }),
    );
  }

  /** A district-wide collection: the school listing, then one query per school. */
  async perSchool<T>(load: (schoolId: string) => Promise<T[]>): Promise<T[]> {
    return each(await this.schoolIds(), load);
  }

  /** Staff serve several schools: each once. */
  async allStaff(): Promise<Source<Staff>[]> {
    const seen = new Map<string, Source<Staff>>();
    for (const staff of await this.perSchool((schoolId) => this.staffOfSchool(schoolId))) seen.set(staff.id, staff);
    return byId([...seen.values()]);
  }

  async allStudents(): Promise<Source<Student>[]> {
    return byId(await this.perSchool((schoolId) => this.studentsOfSchool(schoolId)));
  }

  async allSections(): Promise<Source<Section>[]> {
    return byId(await this.perSchool((schoolId) => this.sectionsOfSchool(schoolId)));
  }

  roster(sectionId: string) {
    const listing = keys.rosterOfSection(sectionId);
    return this.all<RosterEntry>({ partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  /** A student's sections of every term: the roster entries on the student's gsi2 partition. */
  sectionsOfStudent(studentId: string) {
    return this.all<RosterEntry>({ index: 'gsi2', partition: keys.sectionsOfStudentInYear(studentId, '').pk, sortKeyPrefix: '' });
  }

  guardianLinksOf(studentId: string) {
    const listing = keys.guardiansOfStudent(studentId);
    return this.all<GuardianLink>({ partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  /** A guardian's links to their children (the link's own id is the guardian's: the student's is in its ids). */
  async childrenOf(guardianId: string): Promise<{ studentId: string; relationship: GuardianLink['relationship'] }[]> {
    const listing = keys.childrenOfGuardianQuery(guardianId);
    const links = await this.services.records.queryAll({ index: 'gsi1', partition: listing.pk, sortKeyPrefix: listing.skPrefix });
    return links
      .filter((link) => !link.deletedAt && link.ids.studentId)
      .map((link) => ({ studentId: link.ids.studentId!, relationship: (link.data as GuardianLink).relationship }));
  }

  assignmentsOf(sectionId: string) {
    const listing = keys.assignmentsOfSection(sectionId);
    return this.all<Assignment & { sectionId: string; schoolId: string }>({ partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  scoresOf(sectionId: string, assignmentId?: string) {
    const listing = assignmentId ? keys.scoresOfAssignment(sectionId, assignmentId) : keys.scoresOfSection(sectionId);
    return this.all<ScoreData>({ partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  scoresOfStudentIn(studentId: string, sectionId: string) {
    const listing = keys.scoresOfStudentInSection(studentId, sectionId);
    return this.all<ScoreData>({ index: 'gsi1', partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  /** Runs a per-item loader over many keys a few at a time. */
  each = each;
  /** Reads several sections at once (BatchGetItem). */
  async sections(sectionIds: readonly string[]): Promise<Source<Section>[]> {
    const records = await this.services.records.getMany(
      sectionType,
      [...new Set(sectionIds)].map((sectionId) => ({ sectionId })),
    );
    return byId(records.map((record) => source<Section>(record)));
  }
  async courses(courseIds: readonly string[]): Promise<Source<Course>[]> {
    const records = await this.services.records.getMany(
      courseType,
      [...new Set(courseIds)].map((courseId) => ({ courseId })),
    );
    return records.map((record) => source<Course>(record));
  }
}
