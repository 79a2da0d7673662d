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
  guardianLinkType,
  guardianType,
  rosterEntryType,
  schoolType,
  schoolYearType,
  scoreType,
  sectionType,
  staffType,
  studentType,
} from '../../../domain/records/record-types';
import type { RecordData, RecordKind } from '../../../domain/records/record-types';
import type { SchoolYear } from '../../../domain/schemas/calendar';
import type { GuardianLink, Staff, Student } from '../../../domain/schemas/people';
import type { School } from '../../../domain/schemas/school';
import type { Course, Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';

const source = <T extends RecordData>(record: StoredRecord<T>): Source<T> => ({
  id: record.id,
  data: record.data,
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

  private async one<T extends RecordData>(kind: RecordKind<T>, ids: Record<string, string>): Promise<Source<T> | undefined> {
    const record = await this.services.records.get(kind, ids);
    return record ? source<T>(record) : undefined;
  }

  school = (schoolId: string) => this.one(schoolType, { schoolId });
  course = (courseId: string) => this.one(courseType, { courseId });
  student = (studentId: string) => this.one(studentType, { studentId });
  staff = (staffId: string) => this.one(staffType, { staffId });
  guardian = (guardianId: string) => this.one(guardianType, { guardianId });
  schoolYear = (schoolId: string, schoolYear: string) => this.one(schoolYearType, { schoolId, schoolYear });
  section = (sectionId: string) => this.one(sectionType, { sectionId });
  rosterEntry = (sectionId: string, studentId: string) => this.one(rosterEntryType, { sectionId, studentId });
  gradebookSettings = (sectionId: string) => this.one(gradebookSettingsType, { sectionId });
  assignment = (sectionId: string, assignmentId: string) => this.one(assignmentType, { sectionId, assignmentId });
  score = (sectionId: string, assignmentId: string, studentId: string) => this.one(scoreType, { sectionId, assignmentId, studentId });

  private async all<T extends RecordData>(
    kind: RecordKind<T>,
    spec: { index?: 'gsi1' | 'gsi2'; partition: string; sortKeyPrefix: string },
  ): Promise<Source<T>[]> {
    return (await this.services.records.queryAll(kind, spec)).map((record) => source(record));
  }

  /** Every school: the district's school listing (gsi1). */
  schools(): Promise<Source<School>[]> {
    this.schoolsCache ??= this.all(schoolType, { index: 'gsi1', partition: keys.allSchoolsPartition(), sortKeyPrefix: '' }).then(byId);
    return this.schoolsCache;
  }

  async schoolIds(): Promise<string[]> {
    return (await this.schools()).map((school) => school.id);
  }

  schoolYears(schoolId: string): Promise<Source<SchoolYear>[]> {
    let years = this.yearsCache.get(schoolId);
    if (!years) {
      const listing = keys.schoolYearsOfSchool(schoolId);
      years = this.all(schoolYearType, { partition: listing.pk, sortKeyPrefix: listing.skPrefix });
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
    return this.all(courseType, { index: 'gsi1', partition: keys.coursesOfSchool(schoolId), sortKeyPrefix: '' });
  }

  studentsOfSchool(schoolId: string) {
    return this.all(studentType, { index: 'gsi1', partition: keys.studentsOfSchool(schoolId), sortKeyPrefix: '' });
  }

  staffOfSchool(schoolId: string) {
    return this.all(staffType, { index: 'gsi1', partition: keys.staffOfSchool(schoolId), sortKeyPrefix: '' });
  }

  async sectionsOfSchool(schoolId: string, term?: { schoolYear: string; termCode: string }): Promise<Source<Section>[]> {
    const terms = term ? [term] : await this.termsOf(schoolId);
    return each(terms, (entry) =>
      this.all(sectionType, {
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
    return this.all(rosterEntryType, { partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  /** A student's sections of every term: the roster entries on the student's gsi2 partition. */
  sectionsOfStudent(studentId: string) {
    return this.all(rosterEntryType, { index: 'gsi2', partition: keys.sectionsOfStudentInYear(studentId, '').pk, sortKeyPrefix: '' });
  }

  guardianLinksOf(studentId: string) {
    const listing = keys.guardiansOfStudent(studentId);
    return this.all(guardianLinkType, { partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  /** A guardian's links to their children (the link's own id is the guardian's: the student's is in its ids). */
  async childrenOf(guardianId: string): Promise<{ studentId: string; relationship: GuardianLink['relationship'] }[]> {
    const listing = keys.childrenOfGuardianQuery(guardianId);
    const links = await this.services.records.queryAll(guardianLinkType, {
      index: 'gsi1',
      partition: listing.pk,
      sortKeyPrefix: listing.skPrefix,
    });
    return links
      .filter((link) => !link.deletedAt && link.ids.studentId)
      .map((link) => ({ studentId: link.ids.studentId!, relationship: link.data.relationship }));
  }

  assignmentsOf(sectionId: string) {
    const listing = keys.assignmentsOfSection(sectionId);
    return this.all(assignmentType, { partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  scoresOf(sectionId: string, assignmentId?: string) {
    const listing = assignmentId ? keys.scoresOfAssignment(sectionId, assignmentId) : keys.scoresOfSection(sectionId);
    return this.all(scoreType, { partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  scoresOfStudentIn(studentId: string, sectionId: string) {
    const listing = keys.scoresOfStudentInSection(studentId, sectionId);
    return this.all(scoreType, { index: 'gsi1', partition: listing.pk, sortKeyPrefix: listing.skPrefix });
  }

  /** Runs a per-item loader over many keys a few at a time. */
  each = each;
  /** Reads several sections at once (BatchGetItem). */
  async sections(sectionIds: readonly string[]): Promise<Source<Section>[]> {
    const records = await this.services.records.getMany(
      sectionType,
      [...new Set(sectionIds)].map((sectionId) => ({ sectionId })),
    );
    return byId(records.map((record) => source(record)));
  }
  async courses(courseIds: readonly string[]): Promise<Source<Course>[]> {
    const records = await this.services.records.getMany(
      courseType,
      [...new Set(courseIds)].map((courseId) => ({ courseId })),
    );
    return records.map((record) => source(record));
  }
}
