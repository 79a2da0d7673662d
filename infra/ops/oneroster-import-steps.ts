/**
 * What each file's rows become in the SIS, and what is written once a file is read: school years
 * (from all session rows), guardian links (after every user), section teachers (from enrollments).
 */
import type { CsvFile } from '../../domain/oneroster/csv-files';
import { sisIdFor, type SourcedKind } from '../../domain/oneroster/csv-ids';
import {
  GENDER_TO_SEX,
  kindOf,
  userFromRow,
  USER_FIELD_COLUMNS,
  profileRowOf,
  type Demographic,
  type UserKind,
  type UserRole,
} from '../../domain/oneroster/csv-people';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import {
  CLASS_FIELD_COLUMNS,
  COURSE_FIELD_COLUMNS,
  courseFromRow,
  SCHOOL_FIELD_COLUMNS,
  schoolFromRow,
  schoolYearsFromSessions,
  sectionFromRow,
  teacherFromRow,
  type TermIndex,
} from '../../domain/oneroster/csv-schooling';
import {
  courseType,
  guardianLinkType,
  guardianType,
  schoolType,
  schoolYearType,
  sectionType,
  staffType,
  studentType,
  type Ids,
  type RecordData,
  type RecordType,
} from '../../domain/records/record-types';
import type { ApplicationProfile } from '../../domain/schemas/people';
import type { Services } from '../../functions/services';
import type { BadRowReport, FileSummary, RowOutcome } from './oneroster-importer';
import { GradebookImport } from './oneroster-gradebook';
import { RosterImport } from './oneroster-rosters';
import { refusedAs, remove, RowRefused, upsert } from './oneroster-writes';

type Handler = (row: CsvRow, line: number, deleting: boolean) => Promise<RowOutcome>;
const skip: Handler = async () => 'skipped';
const LINK_COLUMNS = { '': 'agentSourcedIds' } as Record<string, string>;

async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let index = next++; index < items.length; index = next++) await task(items[index]!);
    }),
  );
}

const USER_TYPES = { student: studentType, staff: staffType, guardian: guardianType } as const;

export class ImportSteps {
  private readonly schoolIds = new Set<string>();
  private readonly sessions: { row: CsvRow; line: number }[] = [];
  private terms: TermIndex = new Map();
  private readonly roles = new Map<string, UserRole[]>();
  private readonly demographics = new Map<string, Demographic>();
  /** userProfiles.csv rows by user sourcedId, and how the file was read (undefined: not in the set). */
  private readonly profiles = new Map<string, CsvRow[]>();
  private profilesMode: 'bulk' | 'delta' | undefined;
  private passwordsDropped = 0;
  private readonly links: { studentId: string; guardianId: string; data: RecordData; line: number }[] = [];
  private readonly teachers = new Map<string, { teachers: ReturnType<typeof teacherFromRow>[]; lines: number[] }>();
  private readonly rosters: RosterImport;
  private readonly gradebook: GradebookImport;

  constructor(
    private readonly services: Services,
    private readonly remember: (kind: SourcedKind, sourcedId: string) => Promise<void>,
    private readonly report: BadRowReport,
  ) {
    this.rosters = new RosterImport(services);
    this.gradebook = new GradebookImport(services, remember);
  }

  handlerFor(file: CsvFile): Handler {
    const handlers: Partial<Record<CsvFile, Handler>> = {
      orgs: (row, _line, deleting) => this.org(row, deleting),
      academicSessions: async (row, line) => {
        this.sessions.push({ row, line });
        return 'skipped';
      },
      courses: (row, _line, deleting) => this.course(row, deleting),
      classes: (row, _line, deleting) => this.section(row, deleting),
      roles: async (row) => {
        const list = this.roles.get(row.userSourcedId!) ?? [];
        list.push({ role: row.role!, roleType: row.roleType as UserRole['roleType'], orgSourcedId: row.orgSourcedId! });
        this.roles.set(row.userSourcedId!, list);
        return 'skipped';
      },
      userProfiles: async (row, _line, deleting) => {
        if (row.password) this.passwordsDropped += 1;
        const list = this.profiles.get(row.userSourcedId!) ?? [];
        list.push(deleting ? { ...row, status: 'tobedeleted' } : row);
        this.profiles.set(row.userSourcedId!, list);
        return 'skipped';
      },
      demographics: async (row) => {
        this.demographics.set(row.sourcedId!, { birthDate: row.birthDate || undefined, sex: row.sex || undefined });
        return 'skipped';
      },
      users: (row, line, deleting) => this.user(row, line, deleting),
      enrollments: async (row, line, deleting) => {
        if (row.role === 'student') return this.rosters.student(row, deleting);
        if (row.role !== 'teacher') return 'skipped';
        const entry = this.teachers.get(row.classSourcedId!) ?? { teachers: [], lines: [] };
        entry.teachers.push(teacherFromRow(row));
        entry.lines.push(line);
        this.teachers.set(row.classSourcedId!, entry);
        return 'skipped';
      },
    };
    const gradebook: Partial<Record<CsvFile, Handler>> = {
      categories: async (row, line) => this.gradebook.category(row, line),
      lineItems: async (row, line, deleting) => this.gradebook.lineItem(row, line, deleting),
      results: async (row, line, deleting) => this.gradebook.result(row, line, deleting),
    };
    return handlers[file] ?? gradebook[file] ?? skip;
  }

  /** Writes what needs the whole file: school years, guardian links, section teachers. */
  async finish(file: CsvFile, summary: FileSummary, concurrency: number): Promise<void> {
    const count = (outcome: RowOutcome) => (summary[outcome] += 1);
    const refuse = (line: number, error: unknown) => {
      if (!(error instanceof RowRefused)) throw error;
      summary.bad += 1;
      this.report.add(file, line, error.issues);
    };
    const tasks = (list: (() => Promise<void>)[]) => pool(list, concurrency, (task) => task());
    if (file === 'categories') this.gradebook.categoriesRead(summary);
    if (file === 'lineItems') await this.gradebook.writeLineItems(summary, refuse, tasks);
    if (file === 'results') await this.gradebook.writeResults(summary, refuse, tasks);
    if (file === 'academicSessions') {
      const { years, terms } = schoolYearsFromSessions(this.sessions, [...this.schoolIds]);
      this.terms = terms;
      summary.skipped = 0;
      await pool(years, concurrency, async (year) => {
        try {
          const ids = { schoolId: year.schoolId, schoolYear: String(year.data.schoolYear) };
          count(await refusedAs({ '': 'metadata.sis' }, () => upsert(this.services, schoolYearType, ids, year.data)));
        } catch (error) {
          refuse(year.line, error);
        }
      });
    }
    if (file === 'users') {
      await pool(this.links, concurrency, async (link) => {
        try {
          const ids = { studentId: link.studentId, guardianId: link.guardianId };
          await refusedAs(LINK_COLUMNS, () => upsert(this.services, guardianLinkType, ids, link.data));
        } catch (error) {
          refuse(link.line, error);
        }
      });
    }
    if (file === 'enrollments') {
      await pool([...this.teachers.entries()], concurrency, async ([classSourcedId, entry]) => {
        try {
          const ids = { sectionId: sisIdFor('class', classSourcedId) };
          const section = await this.services.records.get(sectionType, ids);
          if (!section || section.deletedAt) throw new RowRefused([{ field: 'classSourcedId', reason: 'names no class of classes.csv' }]);
          const outcome = await refusedAs({ '': 'userSourcedId' }, () =>
            upsert(this.services, sectionType, ids, { ...section.data, teachers: entry.teachers }),
          );
          // Each teacher row counted as skipped while read is an update (or nothing) of its section.
          summary.skipped -= entry.lines.length;
          summary[outcome === 'unchanged' ? 'unchanged' : 'updated'] += entry.lines.length;
        } catch (error) {
          summary.skipped -= entry.lines.length;
          for (const line of entry.lines) refuse(line, error);
        }
      });
    }
  }

  private async org(row: CsvRow, deleting: boolean): Promise<RowOutcome> {
    if (row.type !== 'school') return 'skipped';
    const ids = { schoolId: sisIdFor('org', row.sourcedId!) };
    if (deleting) return remove(this.services, schoolType, ids);
    await this.remember('org', row.sourcedId!);
    this.schoolIds.add(ids.schoolId);
    return refusedAs(SCHOOL_FIELD_COLUMNS, () => upsert(this.services, schoolType, ids, schoolFromRow(row)));
  }

  private async course(row: CsvRow, deleting: boolean): Promise<RowOutcome> {
    const ids = { courseId: sisIdFor('course', row.sourcedId!) };
    if (deleting) return remove(this.services, courseType, ids);
    await this.remember('course', row.sourcedId!);
    return refusedAs(COURSE_FIELD_COLUMNS, () => upsert(this.services, courseType, ids, courseFromRow(row)));
  }

  private async section(row: CsvRow, deleting: boolean): Promise<RowOutcome> {
    const ids = { sectionId: sisIdFor('class', row.sourcedId!) };
    if (deleting) return remove(this.services, sectionType, ids);
    await this.remember('class', row.sourcedId!);
    // Teachers come from enrollments.csv, read later: until then the section keeps the ones it has.
    const existing = await this.services.records.get(sectionType, ids);
    const teachers = existing && !existing.deletedAt ? ((existing.data.teachers as unknown[] | undefined) ?? []) : [];
    return refusedAs(CLASS_FIELD_COLUMNS, () => upsert(this.services, sectionType, ids, sectionFromRow(row, this.terms, teachers)));
  }

  /** The live user record with this id, of whichever kind, and (for a student) its demographics. */
  private async existingUser(id: string): Promise<{ kind: UserKind; data: RecordData; demographic?: Demographic } | undefined> {
    for (const kind of ['student', 'staff', 'guardian'] as const) {
      const type: RecordType = USER_TYPES[kind];
      const record = await this.services.records.get(type, { [`${kind}Id`]: id });
      if (!record || record.deletedAt) continue;
      const demographic =
        kind === 'student' ? { birthDate: String(record.data.birthDate), sex: GENDER_TO_SEX[String(record.data.gender)] } : undefined;
      return { kind, data: record.data, demographic };
    }
    return undefined;
  }

  /** What the set says of the profiles files, for the import's summary. */
  notes(): string[] {
    return this.passwordsDropped > 0
      ? [`userProfiles.csv: ${this.passwordsDropped} passwords were not kept (the SIS keeps no credentials)`]
      : [];
  }

  /** Marks userProfiles.csv as read in `mode` even when it has no rows. */
  profilesFile(mode: 'bulk' | 'delta'): void {
    this.profilesMode = mode;
  }

  /**
   * A user's profile rows: a bulk userProfiles.csv says them all; a delta one changes the profiles
   * it names (by profileId) and leaves the others; without the file they stay as they are.
   */
  private async profileRowsOf(sourcedId: string, type: RecordType, ids: Ids): Promise<CsvRow[] | undefined> {
    const rows = this.profiles.get(sourcedId) ?? [];
    if (this.profilesMode === 'bulk') return rows;
    const current = (await this.services.records.get(type, ids))?.data.applicationProfiles as ApplicationProfile[] | undefined;
    const kept = new Map((current ?? []).map((profile) => [profile.profileId, profileRowOf(sourcedId, profile)]));
    for (const row of this.profilesMode === 'delta' ? rows : []) {
      if (row.status === 'tobedeleted') kept.delete(row.sourcedId!);
      else kept.set(row.sourcedId!, row);
    }
    return [...kept.values()];
  }

  private async user(row: CsvRow, line: number, deleting: boolean): Promise<RowOutcome> {
    const roles = this.roles.get(row.sourcedId!) ?? [];
    const id = sisIdFor('user', row.sourcedId!);
    // A delta file may change or delete a user without repeating its roles: the record says what it is.
    const existing = roles.length === 0 ? await this.existingUser(id) : undefined;
    const kind = kindOf(roles) ?? existing?.kind;
    if (!kind) {
      if (deleting) return 'unchanged';
      throw new RowRefused([{ field: 'sourcedId', reason: 'has no student, staff or guardian role in roles.csv' }]);
    }
    const type = USER_TYPES[kind];
    const ids = { [`${kind}Id`]: id };
    if (deleting) return remove(this.services, type, ids);
    await this.remember('user', row.sourcedId!);
    const profiles = await this.profileRowsOf(row.sourcedId!, type, ids);
    const mapped = userFromRow(kind, row, roles, this.demographics.get(row.sourcedId!) ?? existing?.demographic, profiles);
    const { links } = mapped;
    // What roles.csv says of a staff member (type, schools) stays as it is when the file has no roles for them.
    const data =
      existing && kind === 'staff'
        ? { ...mapped.data, staffType: existing.data.staffType, assignments: existing.data.assignments }
        : mapped.data;
    if (kind === 'student' && !this.demographics.has(row.sourcedId!) && !existing) {
      throw new RowRefused([{ field: 'sourcedId', reason: 'a student needs a demographics.csv row (birthDate, sex)' }]);
    }
    const outcome = await refusedAs(USER_FIELD_COLUMNS, () => upsert(this.services, type, ids, data));
    for (const link of links) this.links.push({ studentId: id, guardianId: link.guardianId, data: link.data, line });
    return outcome;
  }
}
