/**
 * What the OneRoster REST API serves, read through the existing keys and listings (no scan): the
 * district's kept rows (a few queries per file, decision 0105) and the SIS records beside them (the
 * school listing, then each school's students, staff, courses, calendars and sections, each section's
 * roster or gradebook; guardians by their name partitions). They make the same view the CSV export
 * writes (view.ts), kept for a few seconds per execution environment: a vendor paging through a
 * collection reads it once, and pages of one read are consistent with each other.
 */
import { keys } from '../../../domain/keys';
import type { CsvFile } from '../../../domain/oneroster/binding';
import { DISTRICT_SOURCED_ID } from '../../../domain/oneroster/csv-schooling';
import { restObjects, type RestObjects } from '../../../domain/oneroster/rest-model';
import type { StoredRow } from '../../../domain/oneroster/roster-rows';
import { buildView, type SisRecord } from '../../../domain/oneroster/view';
import { OneRosterRows } from '../../repositories/oneroster-rows';
import { writeGeneration } from '../../repositories/write-generation';
import type { StoredRecord } from '../../repositories/record-store';
import type { RecordKind } from '../../../domain/records/record-kind';
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
import type { Services } from '../../services';

const ROSTERING: readonly CsvFile[] = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'roles',
  'userProfiles',
  'demographics',
  'enrollments',
];
const GRADEBOOK: readonly CsvFile[] = ['categories', 'lineItems', 'results'];
/** The files whose rows name what the gradebook's rows refer to (classes, students, schools). */
const GRADEBOOK_NAMES: readonly CsvFile[] = ['orgs', 'classes', 'users', ...GRADEBOOK];
const GUARDIAN_PARTITIONS = ['_', ...'abcdefghijklmnopqrstuvwxyz'];

/** How long a read view is served again, in seconds (ONEROSTER_VIEW_SECONDS; 0 reads every request afresh). */
const viewSeconds = () => Number(process.env.ONEROSTER_VIEW_SECONDS ?? '10');

/** Runs one loader per input, a few at a time. */
async function each<K, T>(inputs: readonly K[], load: (input: K) => Promise<T[]>, concurrency = 16): Promise<T[]> {
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

export interface Served {
  readonly objects: RestObjects;
  readonly districtSourcedId: string;
}

const cache = new Map<string, { at: number; generation: number; served: Promise<Served> }>();

/**
 * The REST objects of the rostering or the gradebook service, read at most every few seconds, and
 * again as soon as this execution environment has written anything since (its own writes are read back at once).
 */
export function served(services: Services, family: 'rostering' | 'gradebook'): Promise<Served> {
  const now = Date.now();
  const generation = writeGeneration();
  const hit = cache.get(family);
  if (hit && hit.generation === generation && now - hit.at < viewSeconds() * 1000) return hit.served;
  const read = new RosterReader(services).read(family);
  cache.set(family, { at: now, generation, served: read });
  read.catch(() => cache.delete(family));
  return read;
}

class RosterReader {
  private readonly records: Services['records'];
  private readonly rows: OneRosterRows;

  constructor(services: Services) {
    this.records = services.records;
    this.rows = new OneRosterRows(services.records, services.transactions);
  }

  /** The records a listing finds, read as records of `kind` (a listing may hold other kinds: callers filter by entity). */
  private all(
    kind: RecordKind,
    spec: { index?: 'gsi1' | 'gsi2'; partition: string | readonly string[]; sortKeyPrefix: string },
  ): Promise<StoredRecord[]> {
    return this.records.queryAll(kind, spec);
  }

  async read(family: 'rostering' | 'gradebook'): Promise<Served> {
    const files = family === 'rostering' ? ROSTERING : GRADEBOOK_NAMES;
    const [kept, records] = await Promise.all([
      Promise.all(files.map(async (file) => [file, [...(await this.rows.readFile(file)).values()]] as const)),
      family === 'rostering' ? this.rostering() : this.gradebook(),
    ]);
    const rows = Object.fromEntries(kept) as Partial<Record<CsvFile, StoredRow[]>>;
    const view = buildView({ rows, records, complete: new Set(records.keys()) }, family === 'rostering' ? ROSTERING : GRADEBOOK);
    const districts = (rows.orgs ?? []).filter((row) => row.status === 'active' && row.row.type === 'district');
    const districtSourcedId = districts.length === 1 ? districts[0]!.sourcedId : DISTRICT_SOURCED_ID;
    return { objects: restObjects(view, districtSourcedId), districtSourcedId };
  }

  /** Every school, and each school's calendars and sections. */
  private async schooling(): Promise<{ schools: StoredRecord[]; years: StoredRecord[]; sections: StoredRecord[] }> {
    const schools = (await this.all(schoolType, { index: 'gsi1', partition: keys.allSchoolsPartition(), sortKeyPrefix: '' })).filter(
      (record) => record.entity === 'school',
    );
    const years = await each(schools, (school) => {
      const listing = keys.schoolYearsOfSchool(school.id);
      return this.all(schoolYearType, { partition: listing.pk, sortKeyPrefix: listing.skPrefix });
    });
    const terms = years.flatMap((year) =>
      (year.data.terms as { code: string }[]).map((term) => ({
        schoolId: year.ids.schoolId!,
        schoolYear: String(year.data.schoolYear),
        termCode: term.code,
      })),
    );
    const sections = await each(terms, (term) =>
      this.all(sectionType, {
        index: 'gsi1',
        partition: keys.sectionsOfSchoolTerm(term.schoolId, term.schoolYear, term.termCode),
        sortKeyPrefix: '',
      }),
    );
    return {
      schools,
      years: years.filter((year) => year.entity === 'schoolYear'),
      sections: sections.filter((section) => section.entity === 'section'),
    };
  }

  private async rostering(): Promise<Map<string, SisRecord[]>> {
    const { schools, years, sections } = await this.schooling();
    const [courses, students, staff, guardians, rosters] = await Promise.all([
      each(schools, (school) => this.all(courseType, { index: 'gsi1', partition: keys.coursesOfSchool(school.id), sortKeyPrefix: '' })),
      each(schools, (school) => this.all(studentType, { index: 'gsi1', partition: keys.studentsOfSchool(school.id), sortKeyPrefix: '' })),
      each(schools, (school) => this.all(staffType, { index: 'gsi1', partition: keys.staffOfSchool(school.id), sortKeyPrefix: '' })),
      each(GUARDIAN_PARTITIONS, (letter) =>
        this.all(guardianType, { index: 'gsi1', partition: keys.guardiansByNamePartitions(letter), sortKeyPrefix: '' }),
      ),
      each(sections, (section) => {
        const listing = keys.rosterOfSection(section.id);
        return this.all(rosterEntryType, { partition: listing.pk, sortKeyPrefix: listing.skPrefix });
      }),
    ]);
    const staffOnce = [...new Map(staff.map((member) => [member.id, member])).values()];
    // Guardian links: the students' own partitions (one query a student), for the people no kept row stands for.
    const kept = new Set(
      [...(await this.rows.readFile('users')).values()].flatMap((row) =>
        (row.sis ?? []).map((realization) => realization.ids.studentId ?? realization.ids.guardianId),
      ),
    );
    const links = await each(
      students.filter((student) => !kept.has(student.id)),
      (student) => {
        const listing = keys.guardiansOfStudent(student.id);
        return this.all(guardianLinkType, { partition: listing.pk, sortKeyPrefix: listing.skPrefix });
      },
    );
    return new Map<string, SisRecord[]>([
      ['school', schools],
      ['schoolYear', years],
      ['course', courses.filter((record) => record.entity === 'course')],
      ['section', sections],
      ['rosterEntry', rosters.filter((record) => record.entity === 'rosterEntry')],
      ['student', students.filter((record) => record.entity === 'student')],
      ['staff', staffOnce.filter((record) => record.entity === 'staff')],
      ['guardian', guardians.filter((record) => record.entity === 'guardian')],
      ['guardianLink', links.filter((record) => record.entity === 'guardianLink')],
    ]);
  }

  private async gradebook(): Promise<Map<string, SisRecord[]>> {
    const { schools, sections } = await this.schooling();
    const bySection = await each(sections, async (section) => {
      const assignments = keys.assignmentsOfSection(section.id);
      const scores = keys.scoresOfSection(section.id);
      const [settings, works, marks] = await Promise.all([
        this.records.get(gradebookSettingsType, { sectionId: section.id }),
        this.all(assignmentType, { partition: assignments.pk, sortKeyPrefix: assignments.skPrefix }),
        this.all(scoreType, { partition: scores.pk, sortKeyPrefix: scores.skPrefix }),
      ]);
      return [{ settings, works, marks }];
    });
    return new Map<string, SisRecord[]>([
      ['school', schools],
      ['section', sections],
      ['gradebookSettings', bySection.flatMap((entry) => (entry.settings ? [entry.settings] : []))],
      ['assignment', bySection.flatMap((entry) => entry.works.filter((record) => record.entity === 'assignment'))],
      ['score', bySection.flatMap((entry) => entry.marks.filter((record) => record.entity === 'score'))],
    ]);
  }
}
