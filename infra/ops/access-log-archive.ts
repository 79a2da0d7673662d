/**
 * The archive of FERPA's record of access (decisions 0138, 0158): copies a student's, or every student of a school's,
 * access-log entries out of the table into the archive, before the student's records leave the table or whenever
 * the district wants a copy that nobody can erase. In AWS the archive is the access-log bucket of the stateful stack
 * (S3 Object Lock in compliance mode, infra/stacks/access-log-archive.ts); here, and as the stand-in for it, a folder.
 *
 * The layout, the same in both:
 *   access-log/student=<id>/date=<YYYY-MM-DD>.jsonl   the day's entries, oldest first, one JSON object a line
 *   access-log/student=<id>/manifest.json              per day: entries and SHA-256; in all: entries and a digest
 *
 * Only closed days are archived (entries read before `--before`, today by default), so an object once written
 * never changes: a second run finds every object with its checksum and writes nothing (idempotent), and a run
 * that stopped goes on from the students its state file does not list as done (resumable).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { AccessLogStore, type AccessLogEntry } from '../../functions/repositories/access-log-store';
import { queryByPrefix } from '../../functions/repositories/query';
import { localDynamoClient } from '../local/dynamo-local';
import { connectToLocalSystem } from '../local/local-system';
import { defineTool } from './tool-cli';

/** Where archived objects go: a bucket in AWS, a folder here. Keys are the layout's, `/`-separated. */
export interface ArchiveSink {
  /** The SHA-256 (hex) of the object at `key`, or undefined when there is none. */
  checksumOf(key: string): Promise<string | undefined>;
  put(key: string, body: string): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A folder as the archive: each object a file, written whole (to a temporary name, then renamed). */
export class FolderSink implements ArchiveSink {
  constructor(readonly root: string) {}

  private path(key: string): string {
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(resolve(this.root))) throw new Error(`archive key ${key} leaves the archive folder`);
    return path;
  }

  async checksumOf(key: string): Promise<string | undefined> {
    const path = this.path(key);
    return existsSync(path) ? sha256(readFileSync(path, 'utf8')) : undefined;
  }

  async put(key: string, body: string): Promise<void> {
    const path = this.path(key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.partial`, body);
    renameSync(`${path}.partial`, path);
  }
}

export interface DayManifest {
  readonly count: number;
  readonly sha256: string;
}

/** A student's manifest: each archived day, and the whole (entries, and the SHA-256 of the days' checksums in order). */
export interface StudentManifest {
  readonly studentId: string;
  readonly before: string;
  readonly days: Readonly<Record<string, DayManifest>>;
  readonly count: number;
  readonly digest: string;
}

export interface ArchiveSummary {
  readonly students: number;
  readonly entries: number;
  /** Day objects written by this run. */
  readonly written: number;
  /** Day objects already in the archive with the same checksum. */
  readonly unchanged: number;
  /** Students a resumed run found done already. */
  readonly resumed: number;
}

const EMPTY: ArchiveSummary = { students: 0, entries: 0, written: 0, unchanged: 0, resumed: 0 };

export const studentPrefix = (studentId: string) => `access-log/student=${encodeURIComponent(studentId)}`;

/** A line of the archive: the entry's fields in a fixed order, so that the same entries always make the same bytes. */
function line(entry: AccessLogEntry): string {
  const { entryId, studentId, at, actor, role, what, purpose, disclosure } = entry;
  return JSON.stringify({ entryId, studentId, at, actor, role, what, purpose, disclosure });
}

/** Copies one student's entries read before `before` into the archive; returns their manifest and what was written. */
export async function archiveStudent(
  store: AccessLogStore,
  sink: ArchiveSink,
  studentId: string,
  before: string,
): Promise<{ manifest: StudentManifest; written: number; unchanged: number }> {
  const days = new Map<string, string[]>();
  for await (const entry of store.allOfStudent(studentId, before)) {
    const day = entry.at.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), line(entry)]);
  }
  let written = 0;
  let unchanged = 0;
  const manifestDays: Record<string, DayManifest> = {};
  for (const [day, lines] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
    const body = lines.join('\n') + '\n';
    const checksum = sha256(body);
    const key = `${studentPrefix(studentId)}/date=${day}.jsonl`;
    const found = await sink.checksumOf(key);
    if (found === checksum) unchanged += 1;
    else {
      // A closed day's entries never change; a different object means the archive was written from other data.
      if (found !== undefined) throw new Error(`${key} is in the archive with other contents: not overwritten`);
      await sink.put(key, body);
      written += 1;
    }
    manifestDays[day] = { count: lines.length, sha256: checksum };
  }
  const count = Object.values(manifestDays).reduce((sum, day) => sum + day.count, 0);
  const digest = sha256(
    Object.entries(manifestDays)
      .map(([day, { sha256: daySum }]) => `${day} ${daySum}`)
      .join('\n'),
  );
  const manifest: StudentManifest = { studentId, before, days: manifestDays, count, digest };
  const manifestBody = JSON.stringify(manifest, null, 2) + '\n';
  const manifestKey = `${studentPrefix(studentId)}/manifest.json`;
  if ((await sink.checksumOf(manifestKey)) !== sha256(manifestBody)) await sink.put(manifestKey, manifestBody);
  return { manifest, written, unchanged };
}

/** Every student the school lists (the students-of-school index, deleted students included: their record of access stays). */
export async function studentsOfSchool(documents: DynamoDBDocumentClient, tableName: string, schoolId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryByPrefix(documents, tableName, {
      index: 'gsi1',
      partition: keys.studentsOfSchool(schoolId),
      limit: 500,
      cursor,
    });
    ids.push(...page.items.map((item) => String(item.id)));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

export interface ArchiveOptions {
  /** Archive entries read before this ISO date or time (closed days). */
  readonly before: string;
  /** Keeps the students done and the counts so far; a run that stopped resumes from it. Removed when the run ends. */
  readonly stateFile?: string;
  /** Stop after this many students (a test's crash in the middle). */
  readonly stopAfter?: number;
}

interface ArchiveState {
  readonly before: string;
  readonly done: string[];
  summary: ArchiveSummary;
}

/** Archives each student in turn, saving the state after each; resolves with the counts of this run and the ones it resumed. */
export async function archiveStudents(
  store: AccessLogStore,
  sink: ArchiveSink,
  studentIds: readonly string[],
  options: ArchiveOptions,
): Promise<ArchiveSummary> {
  const saved =
    options.stateFile && existsSync(options.stateFile) ? (JSON.parse(readFileSync(options.stateFile, 'utf8')) as ArchiveState) : undefined;
  if (saved && saved.before !== options.before) {
    throw new Error(`${options.stateFile} is a run up to ${saved.before}, not ${options.before}: finish it or pass --restart`);
  }
  const state: ArchiveState = saved ?? { before: options.before, done: [], summary: EMPTY };
  const done = new Set(state.done);
  let archivedNow = 0;
  for (const studentId of studentIds) {
    if (done.has(studentId)) {
      state.summary = { ...state.summary, resumed: state.summary.resumed + 1 };
      continue;
    }
    if (options.stopAfter !== undefined && archivedNow >= options.stopAfter) return state.summary;
    const result = await archiveStudent(store, sink, studentId, options.before);
    archivedNow += 1;
    state.done.push(studentId);
    done.add(studentId);
    state.summary = {
      ...state.summary,
      students: state.summary.students + 1,
      entries: state.summary.entries + result.manifest.count,
      written: state.summary.written + result.written,
      unchanged: state.summary.unchanged + result.unchanged,
    };
    if (options.stateFile) writeFileSync(options.stateFile, JSON.stringify(state));
  }
  if (options.stateFile) rmSync(options.stateFile, { force: true });
  return state.summary;
}

const cli = defineTool({
  script: 'access-log:archive',
  summary:
    "Copies FERPA's record of access (the access-log entries) of a student or of every student of a school into the archive, " +
    'as JSON Lines per student and day with a manifest of counts and checksums: idempotent, and resumable from its state file.',
  usage: ['--student <id> | --school <id> [--before <date>] [--out <folder>] [--restart]'],
  options: {
    student: { type: 'string', value: 'id', description: "One student's entries." },
    school: { type: 'string', value: 'id', description: 'The entries of every student the school lists, deleted ones included.' },
    before: { type: 'string', value: 'YYYY-MM-DD', description: 'Archive the entries read before this day. Default: today (UTC).' },
    out: {
      type: 'string',
      value: 'folder',
      description: "The archive folder. Default: access-log-archive in the local system's data folder.",
    },
    restart: { type: 'boolean', default: false, description: 'Forget a stopped run and start again (objects already archived are kept).' },
  },
  examples: ['npm run access-log:archive -- --student <id>', 'npm run access-log:archive -- --school <id> --before 2026-07-01'],
  notes: [
    'In AWS the archive is the stack output AccessLogArchiveBucket (S3 Object Lock, compliance mode); the folder this writes keeps ' +
      "its layout, and `aws s3 sync <folder> s3://<bucket>/` puts it there under the bucket's default retention (docs/deploy.md).",
  ],
});

async function main(): Promise<void> {
  const { values } = cli.parse();
  if (Boolean(values.student) === Boolean(values.school)) return cli.fail('say whose entries: --student <id> or --school <id>');
  const before = values.before ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(before)) return cli.fail(`--before ${before} is not a date (YYYY-MM-DD)`);
  const system = connectToLocalSystem();
  const documents = DynamoDBDocumentClient.from(localDynamoClient(system.dynamoEndpoint));
  const store = new AccessLogStore(documents, system.tableName);
  const out = values.out ?? join(system.dataDir, 'access-log-archive');
  const stateFile = join(out, `.state-${values.student ? `student-${values.student}` : `school-${values.school!}`}.json`);
  mkdirSync(out, { recursive: true });
  if (values.restart) rmSync(stateFile, { force: true });
  else if (existsSync(stateFile)) process.stdout.write(`resuming the run saved in ${stateFile}\n`);
  const students = values.student ? [values.student] : await studentsOfSchool(documents, system.tableName, values.school!);
  const summary = await archiveStudents(store, new FolderSink(out), students, { before, stateFile });
  process.stdout.write(`archive          ${out}\nbefore           ${before}\n`);
  for (const [name, value] of Object.entries(summary)) process.stdout.write(`${name.padEnd(16)} ${String(value)}\n`);
  documents.destroy();
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`access-log archive failed: ${error.message}\n`);
    process.exit(1);
  });
}
