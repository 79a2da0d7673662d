/**
 * One system per data folder. The process that runs DynamoDB Local on a folder (`npm start`, or a
 * tool that starts its own) first creates `<folder>/runtime.json`, exclusively; a second process
 * finds it, and is refused with the first one's process id and port. The same file then says where
 * the system runs (its API, DynamoDB Local, the AWS endpoint, its signing key), which is how the
 * tools find it (local-system.ts). It is removed when the system stops; one whose process is gone
 * is stale, and the next start takes the folder over after stopping any DynamoDB Local still
 * serving it (decision 0102).
 */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { localPaths } from './paths';

/** What `<folder>/runtime.json` holds. */
export interface SystemRecord {
  /** The process holding the folder (npm start's Node process, or a tool's). */
  readonly pid: number;
  /** Who holds it, in words a user recognizes. @default 'npm start' */
  readonly holder: string;
  readonly state: 'starting' | 'running' | 'stopping';
  readonly dataDir: string;
  readonly startedAt: string;
  /** The API port asked for (0: any free port). */
  readonly port?: number;
  readonly apiUrl?: string;
  readonly awsEndpoint?: string;
  readonly dynamoEndpoint?: string;
  readonly tableName?: string;
  /** The key the API verifies tokens with: `npm run token` signs with it. */
  readonly signingKey?: string;
}

/** Another live process holds the folder. */
export class FolderInUse extends Error {
  constructor(readonly record: SystemRecord) {
    super(folderInUseMessage(record));
    this.name = 'FolderInUse';
  }
}

function folderInUseMessage(record: SystemRecord): string {
  const where = record.apiUrl ? `, API on ${record.apiUrl.replace('127.0.0.1', 'localhost')}` : record.port ? `, port ${record.port}` : '';
  return [
    `A local system is already running on ${record.dataDir} (${record.holder}, process ${record.pid}${where}, since ${record.startedAt}).`,
    `Use that one (the tools find it), stop it (Ctrl-C in its terminal, or kill ${record.pid}),`,
    'or start another on its own folder and port: LOCAL_DATA_DIR=<folder> PORT=<port> npm start',
  ].join('\n');
}

/** The folder's record, or undefined when there is none (or it cannot be read). */
export function readSystemRecord(dataDir: string): SystemRecord | undefined {
  try {
    const raw = JSON.parse(readFileSync(localPaths(dataDir).runtimeInfo, 'utf8')) as Partial<SystemRecord>;
    if (typeof raw.pid !== 'number') return undefined;
    // A record written before the lock existed carries no state or holder: its system was running.
    return { holder: 'npm start', state: 'running', dataDir, startedAt: 'an earlier start', ...raw } as SystemRecord;
  } catch {
    return undefined;
  }
}

/** True while the process exists (EPERM: it exists, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line, or undefined when it is gone or `ps` is not there. */
function commandOf(pid: number): string | undefined {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The record's process still runs, and is a Node process (a reused pid is not the holder). */
export function holderAlive(record: SystemRecord): boolean {
  if (!isAlive(record.pid)) return false;
  const command = commandOf(record.pid);
  return command === undefined || /\bnode\b/.test(command);
}

/** The DynamoDB Local processes serving the folder's database (found by their `-dbPath`). */
export function dynamoLocalsServing(dataDir: string): number[] {
  const dbPath = localPaths(dataDir).dynamodb;
  let listing: string;
  try {
    listing = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  } catch {
    return [];
  }
  return listing
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && (line.includes(`-dbPath ${dbPath} `) || line.endsWith(`-dbPath ${dbPath}`)))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends SIGTERM and waits up to 10 s for the process to go, then SIGKILL. */
export async function terminate(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export interface LockOptions {
  /** Who takes the folder, for the messages a second process gets. @default 'npm start' */
  readonly holder?: string;
  /** The API port asked for, for the same messages. */
  readonly port?: number;
  /** Told what was cleaned up after a run that did not stop cleanly. @default stderr */
  readonly log?: (line: string) => void;
  /** How long to wait for a holder that is stopping. @default 30 s */
  readonly waitForStopMs?: number;
}

/** The folder, held: its record can be updated, and is removed on release. */
export interface DataFolderLock {
  readonly dataDir: string;
  readonly record: SystemRecord;
  /** Rewrites the record (atomically: a reader never sees half of it). */
  update(fields: Partial<Omit<SystemRecord, 'pid' | 'dataDir'>>): void;
  /** Removes the record if it is still this process's (synchronous: safe in an `exit` handler). */
  release(): void;
}

/**
 * Takes the data folder for this process, or throws FolderInUse naming the live process that has
 * it. A holder that is stopping is waited for; a stale record (its process gone) is taken over,
 * after stopping any DynamoDB Local that the dead run left serving the folder.
 */
export async function lockDataFolder(dataDir: string, options: LockOptions = {}): Promise<DataFolderLock> {
  const file = localPaths(dataDir).runtimeInfo;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  mkdirSync(dataDir, { recursive: true });
  let record: SystemRecord = {
    pid: process.pid,
    holder: options.holder ?? 'npm start',
    state: 'starting',
    dataDir,
    startedAt: new Date().toISOString(),
    ...(options.port !== undefined ? { port: options.port } : {}),
  };
  const write = (target: string) => writeFileSync(target, `${JSON.stringify(record, null, 2)}\n`);
  const scratch = `${file}.${process.pid}.tmp`;
  const deadline = Date.now() + (options.waitForStopMs ?? 30_000);
  let told = false;
  for (;;) {
    write(scratch);
    try {
      // A hard link is created whole or not at all: an exclusive create that never shows a half-written file.
      linkSync(scratch, file);
      rmSync(scratch, { force: true });
      break;
    } catch (error) {
      rmSync(scratch, { force: true });
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readSystemRecord(dataDir);
    if (current && holderAlive(current)) {
      if (current.state !== 'stopping' || Date.now() > deadline) throw new FolderInUse(current);
      if (!told) log(`Waiting for the system that is stopping on ${dataDir} (process ${current.pid})…`);
      told = true;
      await sleep(250);
      continue;
    }
    // Stale (or unreadable): its process is gone. Two processes taking over the same stale record at
    // the same instant could both remove it; the second link then fails and is refused as above.
    rmSync(file, { force: true });
  }
  // Not under the lock before this point: a DynamoDB Local serving the folder now has no live owner.
  for (const pid of dynamoLocalsServing(dataDir)) {
    log(`Stopping DynamoDB Local (process ${pid}), left serving ${localPaths(dataDir).dynamodb} by a run that did not stop cleanly.`);
    await terminate(pid);
  }

  return {
    dataDir,
    get record() {
      return record;
    },
    update(fields) {
      if (readSystemRecord(dataDir)?.pid !== process.pid) return;
      record = { ...record, ...fields };
      write(scratch);
      renameSync(scratch, file);
    },
    release() {
      if (readSystemRecord(dataDir)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}
