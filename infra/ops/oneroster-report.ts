/**
 * What an import tells its user: a summary per file in which every row is accounted for (rows =
 * created + updated + unchanged + deleted + refused), the refused rows (file, line, column and the
 * binding's rule: the file's faults), and the data-quality report (file, line, sourcedId, column,
 * and what is missing for which SIS feature: rows kept, but the SIS could not use all of them).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { CsvFile, OneRosterVersion } from '../../domain/oneroster/binding';
import type { QualityNote } from '../../domain/oneroster/roster-rows';

export interface FileSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  refused: number;
  /** Data-quality notes of the file's rows. */
  notes: number;
  /** Rows kept from earlier imports deleted because a bulk file omits them or their user or class went (not rows of this file). */
  removed?: number;
  /** Time spent on the file (its check, rows and end-of-file writes). */
  seconds: number;
}

export type Outcome = 'created' | 'updated' | 'unchanged' | 'deleted';

export interface ImportSummary {
  readonly version?: OneRosterVersion;
  /** Why the whole set was refused before anything was written (a fault no row can be read past). */
  readonly refusedSet?: string;
  readonly files: Partial<Record<CsvFile, FileSummary>>;
  readonly rows: number;
  readonly refused: number;
  readonly qualityNotes: number;
  readonly seconds: number;
  readonly reportPath: string;
  readonly qualityPath: string;
  readonly notes: string[];
}

export const emptySummary = (): FileSummary => ({
  rows: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  refused: 0,
  notes: 0,
  seconds: 0,
});

const csvLine = (values: readonly (string | number)[]) => stringify([values.map(String)], { record_delimiter: '\n' });

/** The two reports of an import, written as it goes. */
export class ImportReport {
  private readonly refusals: WriteStream;
  private readonly quality: WriteStream;
  refusedRows = 0;
  qualityNotes = 0;

  constructor(
    readonly path: string,
    readonly qualityPath: string,
  ) {
    this.refusals = createWriteStream(path);
    this.refusals.write('file,line,column,rule\n');
    this.quality = createWriteStream(qualityPath);
    this.quality.write('file,line,sourcedId,column,issue\n');
  }

  /** A refused row (counted once, whatever the number of its faults), or a fault of a header or of the manifest (line 1, not counted). */
  refuse(file: string, line: number, issues: readonly { field: string; reason: string }[], countsAsRow = true): void {
    if (countsAsRow) this.refusedRows += 1;
    for (const issue of issues) this.refusals.write(csvLine([`${file}.csv`, line, issue.field, issue.reason]));
  }

  note(file: string, line: number, sourcedId: string, notes: readonly QualityNote[]): void {
    for (const note of notes) {
      this.qualityNotes += 1;
      this.quality.write(csvLine([`${file}.csv`, line, sourcedId, note.column, note.issue]));
    }
  }

  close(): Promise<void> {
    const end = (stream: WriteStream) => new Promise<void>((resolve) => stream.end(resolve));
    return Promise.all([end(this.refusals), end(this.quality)]).then(() => undefined);
  }
}

/** The summary as a table, one line per file, and what the user should read next. */
export function describeImport(summary: ImportSummary): string {
  if (summary.refusedSet) {
    return `The set was not imported (nothing was written): ${summary.refusedSet}\nDetails: ${summary.reportPath}\n`;
  }
  const pad = (value: number | string, width: number) => String(value).padStart(width);
  const lines = [
    `OneRoster ${summary.version ?? '1.2'} set${summary.version === '1.1' ? ' (converted to 1.2, docs/oneroster.md)' : ''}`,
    'file                 rows  created  updated  unchanged  deleted  refused  notes  seconds',
    ...Object.entries(summary.files).map(
      ([file, s]) =>
        `${file.padEnd(16)} ${pad(s.rows, 8)} ${pad(s.created, 8)} ${pad(s.updated, 8)} ${pad(s.unchanged, 10)} ${pad(s.deleted, 8)} ` +
        `${pad(s.refused, 8)} ${pad(s.notes, 6)} ${pad(s.seconds.toFixed(1), 8)}`,
    ),
    `${summary.rows} rows in ${summary.seconds.toFixed(1)} s (${Math.round(summary.rows / Math.max(summary.seconds, 0.001))} rows/s); ` +
      `${summary.refused} refused${summary.refused > 0 ? ` (faults of the files, in the binding's words: ${summary.reportPath})` : ''}; ` +
      `${summary.qualityNotes} data-quality notes${summary.qualityNotes > 0 ? ` (kept, but not all of use to the SIS: ${summary.qualityPath})` : ''}`,
    ...(summary.files.roles || summary.files.demographics || summary.files.userProfiles
      ? [
          "roles, demographics and userProfiles rows are kept as rows and written into their user's record" +
            (summary.version === '1.1' && summary.files.roles ? '; the roles rows are made of users.csv rows (1.1 has no roles.csv)' : ''),
        ]
      : []),
    ...summary.notes.map((note) => `note: ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}
