/**
 * Reading a OneRoster set's files row by row, in the 1.2 form: each record keyed by the columns
 * its header names (a column the header check does not read is left out), a 1.1 row converted
 * (csv-v11.ts; a 1.1 set's roles.csv is made of its users.csv rows). Both import passes read the
 * files through here, so the check and the write see the same rows.
 */
import { FILES_NOT_IN_V11, type CsvFile, type OneRosterVersion } from '../../domain/oneroster/binding';
import { checkHeader, type HeaderCheck } from '../../domain/oneroster/csv-header';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import { fromV11 } from '../../domain/oneroster/csv-v11';
import type { CsvSource } from './oneroster-archive';

export interface ReadRow {
  readonly row: CsvRow;
  readonly line: number;
  /** The file the row was read from (users.csv for a 1.1 set's role rows). */
  readonly origin: CsvFile;
  /** A 1.1 row as it was read, before the conversion (checked against 1.1's table). */
  readonly raw?: CsvRow;
}

export class SetReader {
  private readonly headers = new Map<CsvFile, Promise<HeaderCheck | undefined>>();
  /** Org types by sourcedId (1.1's administrator becomes districtAdministrator at a district org). */
  readonly orgTypes = new Map<string, string>();

  constructor(
    readonly source: CsvSource,
    readonly version: OneRosterVersion,
  ) {}

  /** The file the rows of `file` are read from: a 1.1 set has no roles.csv, its users.csv says the roles. */
  originOf(file: CsvFile): CsvFile {
    return this.version === '1.1' && file === 'roles' ? 'users' : file;
  }

  /** True when the set has the file (or, for a 1.1 set's roles, its users.csv). */
  has(file: CsvFile): boolean {
    if (this.version === '1.1' && FILES_NOT_IN_V11.includes(file)) return file === 'roles' && this.source.has('users');
    return this.source.has(file);
  }

  /** The header check of a file as it is read (undefined: the file has no header row). */
  header(file: CsvFile): Promise<HeaderCheck | undefined> {
    let check = this.headers.get(file);
    if (!check) {
      check = (async () => {
        for await (const { values } of this.source.records(file)) return checkHeader(file, this.version, values);
        return undefined;
      })();
      this.headers.set(file, check);
    }
    return check;
  }

  /** True when the file has at least one data row. */
  async hasRows(file: CsvFile): Promise<boolean> {
    let first = true;
    for await (const _record of this.source.records(this.originOf(file))) {
      if (!first) return true;
      first = false;
    }
    return false;
  }

  /** The rows of a file in the 1.2 form. */
  async *rows(file: CsvFile, bytes?: (read: number) => void): AsyncGenerator<ReadRow> {
    const origin = this.originOf(file);
    const header = await this.header(origin);
    if (!header) return;
    let first = true;
    for await (const { values, line } of this.source.records(origin, bytes)) {
      if (first) {
        first = false;
        continue;
      }
      const record: Record<string, string> = {};
      header.read.forEach((name, index) => {
        if (name !== undefined) record[name] = values[index] ?? '';
      });
      if (this.version === '1.2') {
        yield { row: record, line, origin };
        continue;
      }
      const converted = fromV11(origin, record, (sourcedId) => this.orgTypes.get(sourcedId));
      if (file === 'roles') for (const role of converted.roles) yield { row: role, line, origin };
      else yield { row: converted.row, line, origin, raw: record };
    }
  }
}

/**
 * Reads ahead up to `window` rows and hands them out round-robin over `groupOf`: a file sorted by
 * class (enrollments.csv) would otherwise put every row in flight on the same section's seat counter.
 */
export async function* interleaved<T>(rows: AsyncIterable<T>, groupOf: (row: T) => string, window = 4000): AsyncGenerator<T> {
  const groups = new Map<string, T[]>();
  let held = 0;
  const drain = function* (until: number): Generator<T> {
    while (held > until) {
      for (const [group, queue] of groups) {
        yield queue.shift()!;
        held -= 1;
        if (queue.length === 0) groups.delete(group);
        if (held <= until) return;
      }
    }
  };
  for await (const row of rows) {
    const group = groupOf(row);
    const queue = groups.get(group);
    if (queue) queue.push(row);
    else groups.set(group, [row]);
    held += 1;
    if (held >= window) yield* drain(window / 2);
  }
  yield* drain(0);
}
