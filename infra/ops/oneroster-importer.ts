/**
 * The OneRoster CSV importer (decisions 0105, 0106). First the whole set is checked against the
 * binding (manifest, headers, every row), so a set is refused up front or not at all; then each
 * accepted row is kept as given and the SIS makes what records it can of it, file by file in
 * dependency order, many rows at a time. Rows equal to what an earlier import kept are not written
 * again. Refused rows go to the report in the binding's words, SIS gaps to the data-quality report.
 */
import { SingleBar } from 'cli-progress';
import { CSV_FILES, FILES_NOT_IN_V11, type CsvFile } from '../../domain/oneroster/binding';
import { IMPORT_ORDER, parseManifest, type FileMode, type Manifest } from '../../domain/oneroster/csv-files';
import { needsMapping } from '../../domain/oneroster/csv-ids';
import { parseSessionId } from '../../domain/oneroster/rest-model';
import {
  courseType,
  schoolType,
  schoolYearType,
  sectionType,
  staffType,
  studentType,
  guardianType,
  type RecordType,
} from '../../domain/records/record-types';
import { OneRosterRows } from '../../functions/repositories/oneroster-rows';
import type { Services } from '../../functions/services';
import { plainRows, type CsvSource } from './oneroster-archive';
import { checkSet } from './oneroster-check';
import { ImportContext } from './oneroster-context';
import { WritePass } from './oneroster-write-pass';
import { SetReader } from './oneroster-read';
import { emptySummary, ImportReport, type FileSummary, type ImportSummary } from './oneroster-report';

export interface ImportOptions {
  /** Where the refused rows are listed (CSV: file, line, column, rule). */
  readonly reportPath: string;
  /** Where the data-quality notes are listed (CSV: file, line, sourcedId, column, issue). @default the report's path with -data-quality */
  readonly qualityPath?: string;
  /** Show a progress bar per file (rows/s, time left); off a terminal, a line every 10 s. @default false */
  readonly progress?: boolean;
  /** Rows written at once. @default 32 */
  readonly concurrency?: number;
  /** Let a bulk file delete more than a fifth of its kind's rows (decision 0091). @default false */
  readonly allowMassDelete?: boolean;
  /** Never delete what a bulk file omits (the seed adds a district beside whatever is there). @default false */
  readonly keepOmitted?: boolean;
}

export const qualityPathOf = (reportPath: string) => reportPath.replace(/(\.csv)?$/, '-data-quality.csv');

/** The manifest, or (without manifest.csv) every binding file present in bulk mode. */
async function manifestOf(source: CsvSource, report: ImportReport, notes: string[]): Promise<{ manifest: Manifest; fatal?: string }> {
  if (!source.has('manifest')) {
    notes.push('no manifest.csv: every file of the binding present is read as OneRoster 1.2 in bulk mode');
    const files = Object.fromEntries(CSV_FILES.map((file) => [file, source.has(file) ? 'bulk' : 'absent'])) as Record<CsvFile, FileMode>;
    return { manifest: { version: '1.2', files, properties: {} } };
  }
  const { manifest, issues } = parseManifest(await plainRows(source, 'manifest'));
  for (const issue of issues) report.refuse('manifest', 0, [{ field: issue.property, reason: issue.reason }], false);
  const fatal = issues.find((issue) => issue.fatal);
  return { manifest, ...(fatal ? { fatal: `manifest.csv: ${fatal.property} ${fatal.reason}` } : {}) };
}

/** The set's faults no row can be read past: a declared file missing, a required column missing from a header. */
async function setFaults(
  reader: SetReader,
  manifest: Manifest,
  report: ImportReport,
  notes: string[],
): Promise<{ files: CsvFile[]; fatal?: string }> {
  const { source } = reader;
  const known = new Set<string>(['manifest', ...CSV_FILES]);
  for (const name of source.names().filter((candidate) => !known.has(candidate))) {
    const meant = [...known].find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    const reason = meant
      ? `is not a file of the binding: file names are case-sensitive (${meant}.csv); it is not read`
      : 'is not a file of the OneRoster CSV binding this system reads; it is not read';
    report.refuse(name, 0, [{ field: 'file', reason }], false);
    notes.push(`${name}.csv ${reason}`);
  }
  const files: CsvFile[] = [];
  const fatal: string[] = [];
  for (const file of IMPORT_ORDER) {
    const mode = manifest.files[file];
    if (manifest.version === '1.1' && FILES_NOT_IN_V11.includes(file)) {
      if (file === 'roles' && manifest.files.users !== 'absent' && reader.has('users')) files.push(file);
      continue;
    }
    if (mode === 'absent') {
      if (source.has(file) && source.has('manifest')) notes.push(`${file}.csv is in the set but the manifest says absent: not read`);
      continue;
    }
    if (!source.has(file)) {
      fatal.push(`the manifest says file.${file} is ${mode} but the set has no ${file}.csv`);
      continue;
    }
    const header = await reader.header(file);
    const issues = header?.issues ?? [{ column: 'header', reason: 'the file is empty: a header row is required', fatal: true }];
    // A header without rows has nothing to read: its faults (even a missing required column) cost no row.
    const empty = header !== undefined && !(await reader.hasRows(file));
    for (const issue of issues) {
      const reason = empty && issue.fatal ? issue.reason.replace(/; the file cannot be read$/, '') : issue.reason;
      report.refuse(file, 1, [{ field: issue.column, reason }], false);
    }
    const blocking = issues.filter((issue) => issue.fatal);
    if (blocking.length > 0 && !empty) {
      fatal.push(`${file}.csv: ${blocking.map((issue) => `${issue.column} ${issue.reason}`).join('; ')}`);
      continue;
    }
    if (empty) {
      notes.push(`${file}.csv has no data rows (the binding permits no file without them): read as absent`);
      report.refuse(
        file,
        1,
        [{ field: 'file', reason: 'has no data rows: files that contain no data rows are not permitted; read as absent' }],
        false,
      );
      continue;
    }
    files.push(file);
  }
  return { files, ...(fatal.length > 0 ? { fatal: fatal.join('; ') } : {}) };
}

/** True when a sourcedId that is not a kept row names a SIS record made through the API (its id). */
function sisRecordExists(services: Services): (file: CsvFile, sourcedId: string) => Promise<boolean> {
  const cache = new Map<string, Promise<boolean>>();
  const live = async (type: RecordType, ids: Record<string, string>) => {
    const record = await services.records.get(type, ids);
    return record !== undefined && !record.deletedAt;
  };
  return (file, sourcedId) => {
    const key = `${file}|${sourcedId}`;
    let found = cache.get(key);
    if (!found) {
      const id = needsMapping(sourcedId) ? undefined : sourcedId;
      const session = file === 'academicSessions' ? parseSessionId(sourcedId) : undefined;
      found = (async () => {
        if (session) return live(schoolYearType, { schoolId: session.schoolId, schoolYear: session.schoolYear });
        if (!id) return false;
        if (file === 'orgs') return live(schoolType, { schoolId: id });
        if (file === 'courses') return live(courseType, { courseId: id });
        if (file === 'classes') return live(sectionType, { sectionId: id });
        if (file === 'users')
          return (
            await Promise.all([
              live(studentType, { studentId: id }),
              live(staffType, { staffId: id }),
              live(guardianType, { guardianId: id }),
            ])
          ).some(Boolean);
        return false;
      })();
      cache.set(key, found);
    }
    return found;
  };
}

export async function importOneRoster(services: Services, source: CsvSource, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const notes: string[] = [];
  const report = new ImportReport(options.reportPath, options.qualityPath ?? qualityPathOf(options.reportPath));
  const summaries: Partial<Record<CsvFile, FileSummary>> = {};
  const finish = async (extra: Partial<ImportSummary> = {}): Promise<ImportSummary> => {
    await report.close();
    const rows = Object.values(summaries).reduce((sum, summary) => sum + summary.rows, 0);
    return {
      files: summaries,
      rows,
      refused: report.refusedRows,
      qualityNotes: report.qualityNotes,
      seconds: (Date.now() - started) / 1000,
      reportPath: report.path,
      qualityPath: report.qualityPath,
      notes,
      ...extra,
    };
  };
  const { manifest, fatal: manifestFault } = await manifestOf(source, report, notes);
  if (manifestFault) return finish({ refusedSet: manifestFault });
  const reader = new SetReader(source, manifest.version);
  const { files, fatal } = await setFaults(reader, manifest, report, notes);
  if (fatal) return finish({ version: manifest.version, refusedSet: fatal });
  for (const file of files) summaries[file] = emptySummary();

  const rows = new OneRosterRows(services.records, services.transactions);
  const context = new ImportContext(services, rows, services.now().toISOString().slice(0, 10), options.concurrency ?? 32);
  const check = await checkSet({
    reader,
    manifest,
    files,
    report,
    summaries,
    stored: (file) => context.stored(file),
    sisRecordExists: sisRecordExists(services),
  });
  const pass = new WritePass(context, reader, manifest, check, report, summaries, {
    concurrency: options.concurrency ?? 32,
    progress: (file) =>
      options.progress
        ? new SingleBar({
            format: `${file.padEnd(16)} |{bar}| {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}`,
            hideCursor: true,
            etaBuffer: 50,
            // Off a terminal (a log, CI, `| tee`), a line every 10 s instead of a redrawn bar: a long load never goes silent.
            noTTYOutput: true,
            notTTYSchedule: 10_000,
          })
        : undefined,
  });
  await pass.run(files);
  if (!options.keepOmitted) await pass.sweepOmitted(files, { allowMassDelete: options.allowMassDelete ?? false }, notes);
  notes.push(...pass.notes());
  return finish({ version: manifest.version });
}
