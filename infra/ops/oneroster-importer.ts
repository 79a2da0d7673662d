/**
 * The OneRoster 1.2 CSV importer: reads a set file by file in dependency order, streaming each,
 * validates every row, and writes the good ones through the record use cases, many at a time.
 * Bad rows go to a report (file, line, field, reason) and never stop the others. Importing the
 * same set again changes nothing: a sourcedId always names the same SIS record.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { stringify } from 'csv-stringify/sync';
import { IMPORT_ORDER, parseManifest, type CsvFile, type FileMode, type Manifest } from '../../domain/oneroster/csv-files';
import { needsMapping, sisIdFor, type SourcedKind } from '../../domain/oneroster/csv-ids';
import { rowIssues, type CsvRow, type RowIssue } from '../../domain/oneroster/csv-rows';
import type { OneRosterStore, SourcedIdEntry } from '../../functions/repositories/oneroster-store';
import type { Services } from '../../functions/services';
import type { CsvSource, NumberedRow } from './oneroster-archive';
import { RowRefused, type WriteOutcome } from './oneroster-writes';
import { ImportSteps } from './oneroster-import-steps';
import { OmittedRecords } from './oneroster-omitted';

export interface ImportOptions {
  /** Where the bad-row report is written (a CSV: file, line, field, reason). */
  readonly reportPath: string;
  /** Show a progress bar per file (rows/s, time left). @default false */
  readonly progress?: boolean;
  /** Rows written at once. @default 16 */
  readonly concurrency?: number;
  /** Let a bulk file delete more than a fifth of its kind's live records (decision 0091). @default false */
  readonly allowMassDelete?: boolean;
  /** Never delete what a bulk file omits (the seed adds a district beside whatever is there). @default false */
  readonly keepOmitted?: boolean;
}

export interface FileSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  skipped: number;
  bad: number;
  /** Time spent on the file, its end-of-file writes included. */
  seconds: number;
}

export interface ImportSummary {
  readonly files: Partial<Record<CsvFile, FileSummary>>;
  readonly rows: number;
  readonly badRows: number;
  readonly seconds: number;
  readonly reportPath: string;
  readonly notes: string[];
}

/** What a row handler answers: an outcome, or 'skipped' for a row the SIS keeps nothing of. */
export type RowOutcome = WriteOutcome | 'skipped';

export class BadRowReport {
  private readonly out: WriteStream;
  count = 0;
  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    this.out.write('file,line,field,reason\n');
  }
  add(file: string, line: number, issues: readonly RowIssue[]): void {
    this.count += 1; // rows, not issues: a row with two bad fields is one bad row
    for (const issue of issues) this.out.write(stringify([[`${file}.csv`, line, issue.field, issue.reason]]));
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}

/**
 * Reads ahead up to `window` rows and hands them out round-robin over `groupOf`: a file sorted by
 * class (enrollments.csv, whose sourcedIds start with the class's) would otherwise put every row in
 * flight on the same section's seat counter, each waiting for the one before.
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

/** Runs `task` over the rows with at most `limit` in flight, reading ahead no further. */
async function parallel<T>(rows: AsyncIterable<T>, limit: number, task: (row: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const row of rows) {
    const promise: Promise<void> = task(row).finally(() => running.delete(promise));
    running.add(promise);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
}

export async function importOneRoster(
  services: Services,
  store: OneRosterStore,
  source: CsvSource,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = Date.now();
  const notes: string[] = [];
  const report = new BadRowReport(options.reportPath);
  let manifest: Manifest;
  if (source.has('manifest')) {
    const parsed = parseManifest(await source.plainRows('manifest'));
    manifest = parsed.manifest;
    if (parsed.issues.length > 0)
      report.add(
        'manifest',
        0,
        parsed.issues.map((reason) => ({ field: 'value', reason })),
      );
  } else {
    notes.push('no manifest.csv: every file present is read in bulk mode');
    manifest = { files: Object.fromEntries(IMPORT_ORDER.map((file) => [file, 'bulk'])) as Record<CsvFile, FileMode>, properties: {} };
  }
  const mappings: SourcedIdEntry[] = [];
  const remember = async (kind: SourcedKind, sourcedId: string) => {
    if (!needsMapping(sourcedId)) return;
    mappings.push({ sisId: sisIdFor(kind, sourcedId), kind, sourcedId });
    if (mappings.length >= 500) await store.rememberSourcedIds(mappings.splice(0));
  };
  const steps = new ImportSteps(services, remember, report);
  const omitted = new OmittedRecords(services, report, { allowMassDelete: options.allowMassDelete });
  await omitted.start(
    store,
    IMPORT_ORDER.filter((file) => !options.keepOmitted && manifest.files[file] === 'bulk' && source.has(file)),
  );
  const files: Partial<Record<CsvFile, FileSummary>> = {};

  for (const file of IMPORT_ORDER) {
    const mode = manifest.files[file];
    if (mode === 'absent') continue;
    if (!source.has(file)) {
      report.add('manifest', 0, [{ field: `file.${file}`, reason: `says ${mode} but ${file}.csv is not in the set` }]);
      continue;
    }
    const summary: FileSummary = { rows: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0, bad: 0, seconds: 0 };
    files[file] = summary;
    const bar = options.progress
      ? new SingleBar({
          format: `${file.padEnd(16)} |{bar}| {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}`,
          hideCursor: true,
          etaBuffer: 50,
        })
      : undefined;
    const fileStarted = Date.now();
    bar?.start(source.size(file), 0, { rows: 0, speed: 0 });
    let bytes = 0;
    const read = source.rows(file, (count) => (bytes = count));
    const rows = file === 'enrollments' ? interleaved(read, ({ row }) => String(row.classSourcedId)) : read;
    const handle = steps.handlerFor(file);
    if (file === 'userProfiles') steps.profilesFile(mode);
    await parallel(rows, options.concurrency ?? 16, async ({ row, line }: NumberedRow) => {
      summary.rows += 1;
      if (mode === 'bulk') omitted.see(file, row as CsvRow);
      const issues = rowIssues(file, mode, row as CsvRow);
      if (issues.length > 0) {
        summary.bad += 1;
        report.add(file, line, issues);
      } else {
        try {
          summary[await handle(row as CsvRow, line, row.status === 'tobedeleted')] += 1;
        } catch (error) {
          if (!(error instanceof RowRefused)) throw error;
          summary.bad += 1;
          report.add(file, line, error.issues);
        }
      }
      if (summary.rows % 50 === 0) {
        const seconds = Math.max(0.001, (Date.now() - fileStarted) / 1000);
        bar?.update(bytes, { rows: summary.rows, speed: Math.round(summary.rows / seconds) });
      }
    });
    await steps.finish(file, summary, options.concurrency ?? 16);
    const seconds = Math.max(0.001, (Date.now() - fileStarted) / 1000);
    summary.seconds = seconds;
    bar?.update(source.size(file), { rows: summary.rows, speed: Math.round(summary.rows / seconds) });
    bar?.stop();
  }
  await omitted.sweep(files, IMPORT_ORDER, notes);
  notes.push(...steps.notes());
  await store.rememberSourcedIds(mappings);
  await report.close();
  const total = Object.values(files).reduce((sum, summary) => sum + summary.rows, 0);
  return { files, rows: total, badRows: report.count, seconds: (Date.now() - started) / 1000, reportPath: report.path, notes };
}
