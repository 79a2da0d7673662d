/**
 * What the import's write pass shares between files: the rows earlier imports kept (read a file at a
 * time, in bulk), what this import has realized so far, and the services. A later file finds an
 * earlier one's SIS records here (a class's school and course, an enrollment's section and user).
 */
import type { CsvFile } from '../../domain/oneroster/binding';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import type { QualityNote, Realization, StoredRow } from '../../domain/oneroster/roster-rows';
import { schoolType } from '../../domain/records/record-types';
import type { OneRosterRows } from '../../functions/repositories/oneroster-rows';
import type { Services } from '../../functions/services';
import { RecordLoader } from './oneroster-loader';

/** An accepted row of the file being written, and how it compares with what an earlier import kept. */
export interface RowState {
  readonly file: CsvFile;
  readonly sourcedId: string;
  /** The row as read (1.2 form, status included). */
  readonly row: CsvRow;
  readonly line: number;
  readonly origin: CsvFile;
  readonly prev?: StoredRow;
  readonly deleting: boolean;
  /** New, or its columns or status differ from the kept row. */
  readonly changed: boolean;
}

/** What the SIS made of a row. */
export interface RealizeResult {
  readonly sis?: readonly Realization[];
  readonly derived?: Readonly<Record<string, string>>;
  readonly notes: readonly QualityNote[];
}

/** A handler's answer for a row: realized now, at the end of the file, or as before (nothing to do). */
export type Take = RealizeResult | 'later' | 'keep';

export interface FileHandler {
  take(state: RowState): Promise<Take>;
  /** After the file's rows: what needs all of them (calendars, section teachers, guardian links). */
  finish?(): Promise<[RowState, RealizeResult][]>;
  /** Undoes the SIS side of a row deleted (tobedeleted, or omitted from a bulk file). */
  unrealize?(stored: StoredRow): Promise<void>;
}

export class ImportContext {
  private readonly storedFiles = new Map<CsvFile, Promise<Map<string, StoredRow>>>();
  /** What this import made of each file's rows (overlaid on the kept rows' realizations). */
  private readonly realized = new Map<CsvFile, Map<string, readonly Realization[] | undefined>>();
  /** Rows this import changed or realized again, by file: what depends on them is realized again too. */
  readonly touched = new Map<CsvFile, Set<string>>();
  /** Rows this import deleted, by file. */
  readonly deleted = new Map<CsvFile, Set<string>>();

  /** Reads the rows' records many at a time. */
  readonly loader: RecordLoader;

  constructor(
    readonly services: Services,
    readonly rows: OneRosterRows,
    readonly today: string,
    /** Rows (or classes, line items, schools) written at once. */
    readonly concurrency = 16,
  ) {
    this.loader = new RecordLoader(services.records);
  }

  /** Runs a task over items, `concurrency` at a time (the writes of many rows go out together: decision 0090). */
  async each<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, items.length) }, async () => {
        for (let index = next++; index < items.length; index = next++) results[index] = await task(items[index]!);
      }),
    );
    return results;
  }

  /** The rows earlier imports kept of a file (deleted ones included), read once. */
  stored(file: CsvFile): Promise<Map<string, StoredRow>> {
    let found = this.storedFiles.get(file);
    if (!found) {
      found = this.rows.readFile(file);
      this.storedFiles.set(file, found);
    }
    return found;
  }

  /** Records what this import made of a row. */
  setRealized(file: CsvFile, sourcedId: string, sis: readonly Realization[] | undefined, touched = true): void {
    let map = this.realized.get(file);
    if (!map) this.realized.set(file, (map = new Map()));
    map.set(sourcedId, sis);
    if (touched) this.touch(file, sourcedId);
  }

  touch(file: CsvFile, sourcedId: string): void {
    let set = this.touched.get(file);
    if (!set) this.touched.set(file, (set = new Set()));
    set.add(sourcedId);
  }

  markDeleted(file: CsvFile, sourcedId: string): void {
    let set = this.deleted.get(file);
    if (!set) this.deleted.set(file, (set = new Set()));
    set.add(sourcedId);
    this.setRealized(file, sourcedId, undefined);
  }

  /** A kept row that is still live: not deleted before nor by this import. */
  async isLive(file: CsvFile, row: StoredRow): Promise<boolean> {
    return row.status === 'active' && !this.deleted.get(file)?.has(row.sourcedId);
  }

  wasTouched(file: CsvFile, sourcedId: string | undefined): boolean {
    return sourcedId !== undefined && (this.touched.get(file)?.has(sourcedId) ?? false);
  }

  /** A row's realizations: this import's, else the kept row's (when active). */
  async realizationsOf(file: CsvFile, sourcedId: string): Promise<readonly Realization[] | undefined> {
    const own = this.realized.get(file);
    if (own?.has(sourcedId)) return own.get(sourcedId);
    const kept = (await this.stored(file)).get(sourcedId);
    return kept?.status === 'active' ? kept.sis : undefined;
  }

  /** The SIS school an org's sourcedId names (realized from orgs.csv, or a school made through the API). */
  async schoolOf(orgSourcedId: string): Promise<string | undefined> {
    const sis = await this.realizationsOf('orgs', orgSourcedId);
    if (sis?.[0]) return sis[0].ids.schoolId;
    const own = this.realized.get('orgs');
    const kept = (await this.stored('orgs')).get(orgSourcedId);
    if (own?.has(orgSourcedId) || kept) return undefined;
    // Not a OneRoster row: a school made through the API, named by its id.
    const school = await this.loader.get(schoolType, { schoolId: orgSourcedId });
    return school && !school.deletedAt ? school.id : undefined;
  }

  /** The SIS person a user's sourcedId names: realized from users.csv, or one made through the API. */
  async personOf(userSourcedId: string): Promise<{ kind: 'student' | 'staff' | 'guardian'; id: string } | undefined> {
    const sis = await this.realizationsOf('users', userSourcedId);
    const entity = sis?.[0]?.entity;
    if (entity === 'student' || entity === 'staff' || entity === 'guardian') return { kind: entity, id: sis![0]!.ids[`${entity}Id`]! };
    return undefined;
  }

  /** The section a class's sourcedId names, when realized. */
  async sectionOf(classSourcedId: string): Promise<string | undefined> {
    return (await this.realizationsOf('classes', classSourcedId))?.[0]?.ids.sectionId;
  }

  /** The SIS course of a OneRoster course in a school: its own when the school owns it, else one made for the school. */
  courseIdIn(courseSourcedId: string, schoolId: string, ownerSchoolId: string | undefined): string {
    return ownerSchoolId === schoolId ? sisIdFor('course', courseSourcedId) : sisIdFor('course', `${courseSourcedId}@${schoolId}`);
  }
}
