/**
 * The import's first pass: every row of every file is checked against the binding before anything
 * is written (so a set is never half-processed by a fault found late): its values (csv-rows.ts), a
 * sourcedId unique in its file, and its required references, which must name a row of the set
 * that is not refused, or one an earlier import kept, or a SIS record. A refusal names file, line,
 * column and rule; an optional reference that names nothing is a data-quality note.
 */
import { columnsFor, type CsvFile } from '../../domain/oneroster/binding';
import { IMPORT_ORDER, type Manifest } from '../../domain/oneroster/csv-files';
import { listOf, rowIssues, type CsvRow, type RowIssue } from '../../domain/oneroster/csv-rows';
import type { StoredRow } from '../../domain/oneroster/roster-rows';
import type { ImportReport, FileSummary } from './oneroster-report';
import type { SetReader } from './oneroster-read';

const LABEL: Readonly<Record<string, string>> = {
  orgs: 'org',
  academicSessions: 'academic session',
  courses: 'course',
  classes: 'class',
  users: 'user',
  userProfiles: 'user profile',
  categories: 'category',
  lineItems: 'line item',
};

/** A row's identity across the two passes (a 1.1 users.csv line makes several role rows). */
export const rowKey = (line: number, sourcedId: string | undefined) => `${line}|${sourcedId ?? ''}`;

export interface CheckResult {
  /** The rows refused, by file, as rowKey. */
  readonly refused: Map<CsvFile, Set<string>>;
  /** The sourcedIds a file's accepted rows carry (active or tobedeleted). */
  readonly accepted: Map<CsvFile, Map<string, 'active' | 'tobedeleted'>>;
}

export interface CheckContext {
  readonly reader: SetReader;
  readonly manifest: Manifest;
  readonly files: readonly CsvFile[];
  readonly report: ImportReport;
  readonly summaries: Partial<Record<CsvFile, FileSummary>>;
  /** The rows earlier imports kept, by file (read before the check). */
  readonly stored: (file: CsvFile) => Promise<Map<string, StoredRow>>;
  /** True when a sourcedId of that file names a SIS record made without a OneRoster file (through the API). */
  readonly sisRecordExists: (file: CsvFile, sourcedId: string) => Promise<boolean>;
}

export async function checkSet(context: CheckContext): Promise<CheckResult> {
  const { reader, manifest, report } = context;
  const refused = new Map<CsvFile, Set<string>>();
  const accepted = new Map<CsvFile, Map<string, 'active' | 'tobedeleted'>>();
  const refusedIds = new Map<CsvFile, Map<string, number>>();

  /** Why a required reference names nothing the import can use, or undefined when it does. */
  const missing = async (target: CsvFile, sourcedId: string): Promise<string | undefined> => {
    if (accepted.get(target)?.has(sourcedId)) return undefined;
    const line = refusedIds.get(target)?.get(sourcedId);
    if (line !== undefined) return `names the ${LABEL[target]} of ${reader.originOf(target)}.csv line ${line}, which is refused`;
    const kept = (await context.stored(target)).get(sourcedId);
    if (kept?.status === 'active') return undefined;
    if (await context.sisRecordExists(target, sourcedId)) return undefined;
    const inSet = context.files.includes(target);
    return `names no ${LABEL[target]} (${sourcedId.slice(0, 60)})${inSet ? ` of ${target}.csv` : ` and ${target}.csv is not in the set`}`;
  };

  for (const file of IMPORT_ORDER.filter((candidate) => context.files.includes(candidate))) {
    const started = Date.now();
    const summary = context.summaries[file]!;
    const mode = manifest.files[file];
    const fileRefused = new Set<string>();
    const fileAccepted = new Map<string, 'active' | 'tobedeleted'>();
    const fileRefusedIds = new Map<string, number>();
    const firstLine = new Map<string, number>();
    refused.set(file, fileRefused);
    accepted.set(file, fileAccepted);
    refusedIds.set(file, fileRefusedIds);
    const specs = columnsFor(file, '1.2');
    // A row may name a later row of its own file (a school its district, a session its parent): checked once the file is read.
    const ownReferences: { line: number; sourcedId: string; origin: CsvFile; column: string; value: string }[] = [];
    for await (const { row, line, origin, raw } of reader.rows(file)) {
      summary.rows += 1;
      const sourcedId = row.sourcedId ?? '';
      const issues: RowIssue[] = [];
      // A 1.1 role row goes with the users.csv line it is made of: that line's refusal says why, once.
      const madeOfRefused = origin !== file && refusedIds.get('users')?.get(row.userSourcedId ?? '') === line;
      if (raw) issues.push(...rowIssues(origin, reader.version, mode, raw));
      else issues.push(...rowIssues(file, '1.2', mode, row).map((issue) => (origin === file ? issue : rolesIssueOf(issue))));
      const earlier = firstLine.get(sourcedId);
      if (sourcedId && earlier !== undefined)
        issues.push({ field: 'sourcedId', reason: `must be unique in the file; line ${earlier} has it` });
      if (issues.length === 0 && row.status !== 'tobedeleted') {
        for (const spec of specs) {
          if (!spec.names || !row[spec.name]) continue;
          const target = spec.names as CsvFile;
          const values = spec.type === 'refs' ? listOf(row[spec.name]) : [row[spec.name]!];
          for (const value of values) {
            if (target === file) {
              ownReferences.push({ line, sourcedId, origin, column: spec.name, value });
              continue;
            }
            if (madeOfRefused && spec.name === 'userSourcedId') continue;
            const why = await missing(target, value);
            if (!why) continue;
            if (spec.required) issues.push({ field: columnOfRef(origin, file, spec.name), reason: why });
            else report.note(origin, line, sourcedId, [{ column: spec.name, issue: `${why}: the reference is kept but leads nowhere` }]);
          }
        }
      }
      if (sourcedId && earlier === undefined) firstLine.set(sourcedId, line);
      if (file === 'orgs' && row.type) reader.orgTypes.set(sourcedId, row.type);
      if (issues.length > 0 || madeOfRefused) {
        summary.refused += 1;
        fileRefused.add(rowKey(line, sourcedId));
        if (sourcedId && !fileAccepted.has(sourcedId)) fileRefusedIds.set(sourcedId, line);
        report.refuse(origin, line, issues);
      } else {
        fileAccepted.set(sourcedId, row.status === 'tobedeleted' ? 'tobedeleted' : 'active');
      }
    }
    for (const reference of ownReferences) {
      const why = await missing(file, reference.value);
      if (why)
        report.note(reference.origin, reference.line, reference.sourcedId, [
          { column: reference.column, issue: `${why}: the reference is kept but leads nowhere` },
        ]);
    }
    summary.seconds += (Date.now() - started) / 1000;
  }
  return { refused, accepted };
}

/** A 1.1 set's role rows are made of users.csv: a fault is reported under the users.csv column it came from. */
function rolesIssueOf(issue: RowIssue): RowIssue {
  const column = { userSourcedId: 'sourcedId', orgSourcedId: 'orgSourcedIds', sourcedId: 'sourcedId' }[issue.field] ?? issue.field;
  return { field: column, reason: issue.reason };
}
const columnOfRef = (origin: CsvFile, file: CsvFile, column: string) =>
  origin === file ? column : ({ userSourcedId: 'sourcedId', orgSourcedId: 'orgSourcedIds' }[column] ?? column);

/** Rows of a file, for the passes that read a whole small file at once (academicSessions). */
export type CheckedRow = { readonly row: CsvRow; readonly line: number };
