/**
 * The import's write pass (decision 0105): each accepted row is compared with the row an earlier
 * import kept; a new or changed row is kept (one transaction: the row and its history item) and the
 * SIS makes its records of it; an unchanged row costs nothing, unless what it depends on changed. A
 * deleted row (tobedeleted, or omitted from a bulk file) is kept with status tobedeleted and its SIS
 * records deleted; a user's or a class's rows of other files go with it.
 */
import type { SingleBar } from 'cli-progress';
import type { CsvFile } from '../../domain/oneroster/binding';
import type { Manifest } from '../../domain/oneroster/csv-files';
import { givenRow, sameRow, type QualityNote, type StoredRow } from '../../domain/oneroster/roster-rows';
import { canonicalJson } from '../../domain/validation';
import { IMPORTER, SisRefused } from './oneroster-writes';
import { rowKey, type CheckResult } from './oneroster-check';
import type { FileHandler, ImportContext, RealizeResult, RowState } from './oneroster-context';
import { GradebookHandler } from './oneroster-gradebook';
import { interleaved, type SetReader } from './oneroster-read';
import { ClassesHandler, CoursesHandler, OrgsHandler } from './oneroster-realize-schooling';
import { SessionsHandler } from './oneroster-realize-sessions';
import { UserPartsHandler, UsersHandler } from './oneroster-realize-people';
import { EnrollmentsHandler } from './oneroster-rosters';
import { emptySummary, type FileSummary, type ImportReport } from './oneroster-report';

/** The order rows are written in: a user's roles, demographics and profiles are read before the user. */
const WRITE_ORDER: readonly CsvFile[] = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'userProfiles',
  'roles',
  'demographics',
  'users',
  'enrollments',
  'categories',
  'lineItems',
  'results',
];
/** What goes with a deleted row: a user's roles, demographics, profiles and enrollments; a class's enrollments. */
const DEPENDANTS: Partial<Record<CsvFile, readonly { file: CsvFile; column: string }[]>> = {
  users: [
    { file: 'enrollments', column: 'userSourcedId' },
    { file: 'roles', column: 'userSourcedId' },
    { file: 'demographics', column: 'sourcedId' },
    { file: 'userProfiles', column: 'userSourcedId' },
  ],
  classes: [{ file: 'enrollments', column: 'classSourcedId' }],
};

async function parallel<T>(rows: AsyncIterable<T>, limit: number, task: (row: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const row of rows) {
    const promise: Promise<void> = task(row).finally(() => running.delete(promise));
    running.add(promise);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
}

export class WritePass {
  private readonly handlers: Record<CsvFile, FileHandler>;
  private readonly sessions: SessionsHandler;
  private readonly users: UsersHandler;
  private readonly seen = new Map<CsvFile, Set<string>>();
  private readonly extra: string[] = [];

  constructor(
    private readonly context: ImportContext,
    private readonly reader: SetReader,
    private readonly manifest: Manifest,
    private readonly check: CheckResult,
    private readonly report: ImportReport,
    private readonly summaries: Partial<Record<CsvFile, FileSummary>>,
    private readonly options: { concurrency: number; progress: (file: CsvFile) => SingleBar | undefined },
  ) {
    const courses = new CoursesHandler(context, (line, sourcedId, notes) => this.noteRow('courses', line, sourcedId, notes));
    const courseRows = new Map<string, Record<string, string>>();
    const parts = {
      roles: new UserPartsHandler('roles', context),
      demographics: new UserPartsHandler('demographics', context),
      userProfiles: new UserPartsHandler('userProfiles', context),
    };
    this.sessions = new SessionsHandler(context);
    this.users = new UsersHandler(context, parts, (file, line, sourcedId, notes) => this.noteRow(file, line, sourcedId, notes));
    const gradebook = new GradebookHandler(context);
    this.handlers = {
      orgs: new OrgsHandler(context),
      academicSessions: this.sessions,
      courses: {
        take: (state) => (courseRows.set(state.sourcedId, state.row), courses.take(state)),
        unrealize: (row) => courses.unrealize(row),
      },
      classes: new ClassesHandler(
        context,
        courses,
        async (sourcedId) => courseRows.get(sourcedId) ?? (await context.stored('courses')).get(sourcedId)?.row,
      ),
      ...parts,
      users: this.users,
      enrollments: new EnrollmentsHandler(context),
      categories: gradebook.handlerFor('categories'),
      lineItems: gradebook.handlerFor('lineItems'),
      results: gradebook.handlerFor('results'),
    };
  }

  private noteRow(file: CsvFile, line: number, sourcedId: string, notes: readonly QualityNote[]): void {
    if (notes.length === 0) return;
    this.report.note(this.reader.originOf(file), line, sourcedId, notes);
    (this.summaries[file] ??= emptySummary()).notes += notes.length;
  }

  async run(files: readonly CsvFile[]): Promise<void> {
    for (const file of WRITE_ORDER.filter((candidate) => files.includes(candidate))) {
      if (file === 'users') await this.users.prepare();
      await this.writeFile(file);
    }
    // A new school gets the district's calendars even when the set has no academicSessions.csv.
    if (!files.includes('academicSessions') && (this.context.touched.get('orgs')?.size ?? 0) > 0) await this.sessions.finish();
  }

  private async writeFile(file: CsvFile): Promise<void> {
    const started = Date.now();
    const summary = this.summaries[file]!;
    const handler = this.handlers[file];
    const stored = await this.context.stored(file);
    const refused = this.check.refused.get(file) ?? new Set<string>();
    const seen = new Set<string>();
    this.seen.set(file, seen);
    const bar = this.options.progress(file);
    let bytes = 0;
    let done = 0;
    bar?.start(this.reader.source.size(this.reader.originOf(file)), 0, { rows: 0, speed: 0 });
    const read = this.reader.rows(file, (count) => (bytes = count));
    const rows = file === 'enrollments' ? interleaved(read, ({ row }) => String(row.classSourcedId)) : read;
    await parallel(rows, this.options.concurrency, async ({ row, line, origin }) => {
      const sourcedId = row.sourcedId ?? '';
      seen.add(sourcedId);
      done += 1;
      if (done % 50 === 0) bar?.update(bytes, { rows: done, speed: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
      if (refused.has(rowKey(line, sourcedId))) return;
      const prev = stored.get(sourcedId);
      const deleting = row.status === 'tobedeleted';
      const changed = !prev || prev.status !== (deleting ? 'tobedeleted' : 'active') || (!deleting && !sameRow(prev.row, givenRow(row)));
      const state: RowState = { file, sourcedId, row, line, origin, prev, deleting, changed };
      const taken = await handler.take(state);
      if (deleting) await this.deleteRow(file, prev, line, 'deleted');
      else if (taken === 'keep') await this.settle(state, { sis: prev?.sis, derived: prev?.derived, notes: prev?.notes ?? [] });
      else if (taken !== 'later') await this.settle(state, taken);
    });
    await this.context.each((await handler.finish?.()) ?? [], ([state, result]) => this.settle(state, result));
    summary.seconds += (Date.now() - started) / 1000;
    bar?.update(this.reader.source.size(this.reader.originOf(file)), {
      rows: done,
      speed: Math.round(done / Math.max(0.001, summary.seconds)),
    });
    bar?.stop();
  }

  /** Keeps a row (when new, changed, or realized differently) and counts it. */
  private async settle(state: RowState, result: RealizeResult): Promise<void> {
    const { prev } = state;
    const now = this.context.services.now().toISOString();
    const next: StoredRow = {
      file: state.file,
      sourcedId: state.sourcedId,
      version: (prev?.version ?? 0) + 1,
      status: 'active',
      row: givenRow(state.row),
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
      updatedBy: IMPORTER.sub,
      ...(result.sis?.length ? { sis: result.sis } : {}),
      ...(result.derived && Object.keys(result.derived).length > 0 ? { derived: result.derived } : {}),
      ...(result.notes.length > 0 ? { notes: result.notes } : {}),
    };
    const realization = (row: StoredRow | undefined) => canonicalJson({ sis: row?.sis, derived: row?.derived, notes: row?.notes });
    if (state.changed || realization(prev) !== realization(next)) {
      // A row only realized anew keeps its dateLastModified: the district's row did not change.
      await this.context.rows.write(prev, state.changed || !prev ? next : { ...next, updatedAt: prev.updatedAt });
    }
    this.context.setRealized(state.file, state.sourcedId, next.sis, state.changed || realization(prev) !== realization(next));
    const summary = (this.summaries[state.file] ??= emptySummary());
    summary[!prev ? 'created' : prev.status !== 'active' || state.changed ? 'updated' : 'unchanged'] += 1;
    this.noteRow(state.file, state.line, state.sourcedId, result.notes);
  }

  /**
   * Deletes a kept row: its dependants first (a user's enrollments, roles, demographics and
   * profiles; a class's enrollments), then its SIS records, then the row itself (status tobedeleted).
   */
  private async deleteRow(file: CsvFile, prev: StoredRow | undefined, line: number, counted: 'deleted' | 'removed'): Promise<void> {
    const summary = (this.summaries[file] ??= emptySummary());
    if (!prev || prev.status !== 'active' || this.context.deleted.get(file)?.has(prev.sourcedId)) {
      if (counted === 'deleted') summary.unchanged += 1;
      return;
    }
    this.context.markDeleted(file, prev.sourcedId);
    for (const dependant of DEPENDANTS[file] ?? []) {
      for (const row of (await this.context.stored(dependant.file)).values()) {
        if (row.row[dependant.column] === prev.sourcedId && (await this.context.isLive(dependant.file, row))) {
          await this.deleteRow(dependant.file, row, 0, 'removed');
        }
      }
    }
    let notes: readonly QualityNote[] = [];
    try {
      await this.handlers[file].unrealize?.(prev);
    } catch (error) {
      if (!(error instanceof SisRefused)) throw error;
      notes = error.notes;
    }
    const now = this.context.services.now().toISOString();
    await this.context.rows.write(prev, {
      ...prev,
      version: prev.version + 1,
      status: 'tobedeleted',
      updatedAt: now,
      updatedBy: IMPORTER.sub,
    });
    if (counted === 'deleted') summary.deleted += 1;
    else summary.removed = (summary.removed ?? 0) + 1;
    this.noteRow(file, line, prev.sourcedId, notes);
  }

  /**
   * OneRoster's bulk mode (decision 0091): a bulk file is the whole set of its kind, so a row an
   * earlier import kept that the file omits is deleted, dependants first. A bulk file that would
   * delete more than a fifth of its kind's rows (a truncated export) deletes none unless told to.
   */
  async sweepOmitted(files: readonly CsvFile[], options: { allowMassDelete: boolean }, notes: string[]): Promise<void> {
    for (const file of [...WRITE_ORDER].reverse()) {
      if (!files.includes(file) || this.manifest.files[this.reader.originOf(file)] !== 'bulk') continue;
      const seen = this.seen.get(file) ?? new Set<string>();
      const kept = [...(await this.context.stored(file)).values()];
      const live = [];
      for (const row of kept) if (await this.context.isLive(file, row)) live.push(row);
      const omitted = live.filter((row) => !seen.has(row.sourcedId));
      if (omitted.length === 0) continue;
      const share = omitted.length / live.length;
      if (share > 0.2 && omitted.length > 5 && !options.allowMassDelete) {
        notes.push(
          `${file}.csv (bulk) omits ${omitted.length} of ${live.length} rows kept (${Math.round(share * 100)}%): none deleted; ` +
            'import with --allow-mass-delete if the file really is the whole set',
        );
        continue;
      }
      for (const row of omitted) await this.deleteRow(file, row, 0, 'removed');
    }
  }

  notes(): string[] {
    const removed = Object.entries(this.summaries).filter(([, summary]) => (summary.removed ?? 0) > 0);
    return [
      ...this.extra,
      ...removed.map(
        ([file, summary]) =>
          `${file}.csv: ${summary.removed} rows kept from earlier imports were deleted (omitted from a bulk file, or with their user or class)`,
      ),
    ];
  }
}
