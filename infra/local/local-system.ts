/**
 * How the tools (token, seed, oneroster:*, redrive, replay, schedule, restore:rehearse) find the
 * running local system, so that a second terminal needs no variable: `npm start` records where it
 * runs in its data folder (system-lock.ts) and leaves a pointer to that folder in LOCAL_HOME; a
 * tool follows LOCAL_DATA_DIR when it is set, otherwise the pointer, otherwise the default folder
 * (decision 0103).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CURRENT_SYSTEM_POINTER, LOCAL_HOME, localPaths } from './paths';
import { holderAlive, readSystemRecord, type SystemRecord } from './system-lock';

/** A system that is up: every address a tool needs is known. */
export type RunningSystem = SystemRecord &
  Required<Pick<SystemRecord, 'apiUrl' | 'awsEndpoint' | 'dynamoEndpoint' | 'tableName' | 'signingKey'>>;

export interface Lookup {
  /** The system the tools talk to, when one is running. */
  readonly system?: RunningSystem;
  /** The folder the tools use: the system's, or where one would run. */
  readonly dataDir: string;
  /** Why no system was found, in a sentence (undefined when one was). */
  readonly reason?: string;
}

/** Points the tools at the system running on `dataDir` (`npm start` calls it once it is up). */
export function pointToSystem(dataDir: string, pid: number, pointer = CURRENT_SYSTEM_POINTER): void {
  const scratch = `${pointer}.${process.pid}.tmp`;
  // A clean clone started with LOCAL_DATA_DIR elsewhere has no LOCAL_HOME folder yet.
  mkdirSync(dirname(pointer), { recursive: true });
  writeFileSync(scratch, `${JSON.stringify({ dataDir, pid }, null, 2)}\n`);
  renameSync(scratch, pointer);
}

/** Removes the pointer if it still names this process's system. */
export function removePointer(pid: number, pointer = CURRENT_SYSTEM_POINTER): void {
  if (readPointer(pointer)?.pid === pid) rmSync(pointer, { force: true });
}

function readPointer(pointer: string): { dataDir: string; pid: number } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(pointer, 'utf8')) as { dataDir?: unknown; pid?: unknown };
    return typeof parsed.dataDir === 'string' && typeof parsed.pid === 'number' ? { dataDir: parsed.dataDir, pid: parsed.pid } : undefined;
  } catch {
    return undefined;
  }
}

/** The record as a running system, or undefined when it is not up (or its process is gone). */
function runningSystem(record: SystemRecord | undefined): RunningSystem | undefined {
  if (!record || record.state !== 'running' || !holderAlive(record)) return undefined;
  const { apiUrl, awsEndpoint, dynamoEndpoint, tableName } = record;
  if (!apiUrl || !awsEndpoint || !dynamoEndpoint || !tableName) return undefined;
  // A record written before it named its key: the key was the folder's.
  return {
    ...record,
    apiUrl,
    awsEndpoint,
    dynamoEndpoint,
    tableName,
    signingKey: record.signingKey ?? localPaths(record.dataDir).signingKey,
  };
}

/**
 * The system the tools talk to: on LOCAL_DATA_DIR when it is set (and only there), otherwise on the
 * folder the pointer names, otherwise on LOCAL_HOME.
 */
export function findLocalSystem(env: NodeJS.ProcessEnv = process.env, home = LOCAL_HOME, pointer = CURRENT_SYSTEM_POINTER): Lookup {
  if (env.LOCAL_DATA_DIR) {
    const dataDir = resolve(env.LOCAL_DATA_DIR);
    const explicit = readSystemRecord(dataDir);
    const system = runningSystem(explicit);
    if (system) return { system, dataDir };
    const elsewhere = findLocalSystem({ ...env, LOCAL_DATA_DIR: undefined }, home, pointer).system;
    return {
      dataDir,
      reason:
        `no local system is running on LOCAL_DATA_DIR=${dataDir}${explicit && holderAlive(explicit) ? ` (it is ${explicit.state})` : ''}` +
        (elsewhere ? `; one is running on ${elsewhere.dataDir} (${elsewhere.apiUrl}): unset LOCAL_DATA_DIR to use it` : ''),
    };
  }
  const pointed = readPointer(pointer)?.dataDir;
  const folders = [...new Set([...(pointed ? [pointed] : []), home])];
  for (const dataDir of folders) {
    const system = runningSystem(readSystemRecord(dataDir));
    if (system) return { system, dataDir };
  }
  const starting = folders.map((dataDir) => readSystemRecord(dataDir)).find((record) => record && holderAlive(record));
  return {
    dataDir: home,
    reason: !starting
      ? `no local system is running (looked in ${folders.join(' and ')})`
      : starting.holder === 'npm start'
        ? `the local system on ${starting.dataDir} is ${starting.state} (process ${starting.pid}); try again in a few seconds`
        : `${starting.holder} (process ${starting.pid}) is using ${starting.dataDir}; try again when it is done`,
  };
}

/** One line naming the system, for the tools to say whom they talk to. */
export function describeSystem(system: RunningSystem): string {
  return `the local system at ${system.apiUrl.replace('127.0.0.1', 'localhost')} (data in ${system.dataDir}, process ${system.pid})`;
}

/**
 * The running system, announced on stderr ("Using the local system at …"), or an Error that says
 * why there is none and what to do (`otherwise`: how the tool reaches AWS instead).
 */
export function connectToLocalSystem(otherwise?: string, lookup: Lookup = findLocalSystem()): RunningSystem {
  if (!lookup.system) {
    throw new Error(`${lookup.reason}: start it with \`npm start\`${otherwise ? ` (or ${otherwise})` : ''}`);
  }
  process.stderr.write(`Using ${describeSystem(lookup.system)}\n`);
  return lookup.system;
}
