import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLocalSystem, pointToSystem } from '../../infra/local/local-system';
import { localPaths, systemPointer } from '../../infra/local/paths';
import type { SystemRecord } from '../../infra/local/system-lock';
import { packageScripts } from '../../infra/ops/help';
import { REPO_ROOT } from '../../infra/repo-root';

const home = mkdtempSync(join(tmpdir(), 'sis-tools-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** `npm run -s <script> -- <args>` in a terminal of its own: no system running, LOCAL_HOME the test's. */
function npmRun(script: string, args: string[], extraEnv: Record<string, string> = {}) {
  return run('npm', ['run', '-s', script, '--', ...args], extraEnv);
}

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const { LOCAL_DATA_DIR: _dataDir, ...env } = process.env;
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...env, LOCAL_HOME: home, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (status) => resolve({ status, stdout, stderr })),
  );
}

/** A script's command from package.json, run as npm would run it (in the repository, with the arguments after it). */
function scriptRun(script: string, args: string[]) {
  const [command, ...words] = packageScripts()[script]!.split(' ');
  return run(command!, [...words, ...args]);
}

describe('the tools run by npm scripts', () => {
  // The scripts that run a tool of ours (infra/), not a test runner or a benchmark.
  const tools = Object.entries(packageScripts())
    .filter(([, command]) => / infra\/\S+\.ts$/.test(command))
    .map(([name]) => name);

  it('covers the tools the README names', () => {
    expect(tools).toEqual(
      expect.arrayContaining(['start', 'token', 'seed', 'redrive', 'replay', 'schedule', 'restore:rehearse', 'oneroster:import', 'help']),
    );
  });

  it('each answers --help with its usage, its options and an example, and changes nothing', async () => {
    const answers: Record<string, { status: number | null; stdout: string }> = {};
    // Two at a time: each is a Node process with the TypeScript loader. Each runs its script's command as package.json
    // writes it, without npm in front (npm's own start is ~0.7 CPU-s; the other cases here go through npm).
    for (let index = 0; index < tools.length; index += 2) {
      await Promise.all(tools.slice(index, index + 2).map(async (tool) => (answers[tool] = await scriptRun(tool, ['--help']))));
    }
    for (const tool of tools) {
      expect({ tool, status: answers[tool]!.status }).toEqual({ tool, status: 0 });
      expect(answers[tool]!.stdout).toMatch(/^usage: npm (start|run \S+)/);
      expect(answers[tool]!.stdout).toMatch(/-h, --help/);
      expect(answers[tool]!.stdout).toMatch(/\nExamples?:\n {2}(npm|export|[A-Z_]+=)/);
    }
    // --help started no system and wrote no key.
    expect(readdirSync(home)).toEqual([]);
  }, 300_000);

  it('restore:rehearse with no arguments wipes nothing: it asks for --target or --in-place', async () => {
    const { status, stderr } = await npmRun('restore:rehearse', []);
    expect(status).toBe(2);
    expect(stderr).toContain('--target <new table> (beside it), or --in-place (deletes the table first)');
    expect(readdirSync(home)).toEqual([]);
  }, 60_000);

  it('token with no system running never makes a key silently: it says it made one, then whose key it used', async () => {
    const first = await npmRun('token', ['--role', 'district_admin']);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain(
      `no local system is running (looked in ${home}); created a new signing key, ${localPaths(home).signingKey}`,
    );
    const again = await npmRun('token', ['--role', 'district_admin']);
    expect(again.stderr).toContain(`signed with the key in ${home}, which \`npm start\` on that folder uses`);
  }, 60_000);
});

describe('finding the running system', () => {
  const lookupHome = mkdtempSync(join(tmpdir(), 'sis-lookup-'));
  afterAll(() => rmSync(lookupHome, { recursive: true, force: true }));
  const folder = (name: string) => {
    const dataDir = join(lookupHome, name);
    mkdirSync(dataDir, { recursive: true });
    return dataDir;
  };
  /** A record as npm start writes it; this test's own process stands in for npm start's (a live Node process). */
  const record = (dataDir: string, fields: Partial<SystemRecord> = {}) =>
    writeFileSync(
      localPaths(dataDir).runtimeInfo,
      JSON.stringify({
        pid: process.pid,
        holder: 'npm start',
        state: 'running',
        dataDir,
        startedAt: new Date().toISOString(),
        apiUrl: `http://127.0.0.1:3999`,
        awsEndpoint: 'http://127.0.0.1:40001',
        dynamoEndpoint: 'http://127.0.0.1:40002',
        tableName: 'sis',
        signingKey: localPaths(dataDir).signingKey,
        ...fields,
      }),
    );

  it('follows the pointer to a system started on another folder, with no variable', () => {
    const other = folder('pointed');
    record(other);
    pointToSystem(other, process.pid, systemPointer(lookupHome));
    expect(findLocalSystem({}, lookupHome, systemPointer(lookupHome)).system).toMatchObject({
      dataDir: other,
      apiUrl: 'http://127.0.0.1:3999',
    });
  });

  it('leaves its pointer in a LOCAL_HOME that does not exist yet (a clean clone started with LOCAL_DATA_DIR elsewhere)', () => {
    const other = folder('pointed-from-a-new-home');
    record(other);
    const newHome = join(lookupHome, 'not-yet-made');
    pointToSystem(other, process.pid, systemPointer(newHome));
    expect(findLocalSystem({}, newHome, systemPointer(newHome)).system).toMatchObject({ dataDir: other });
  });

  it('with LOCAL_DATA_DIR on a folder where nothing runs, says so and names the system that does run', () => {
    const empty = folder('nothing-here');
    const found = findLocalSystem({ LOCAL_DATA_DIR: empty }, lookupHome, systemPointer(lookupHome));
    expect(found.system).toBeUndefined();
    expect(found.reason).toBe(
      `no local system is running on LOCAL_DATA_DIR=${empty}; one is running on ${join(lookupHome, 'pointed')} (http://127.0.0.1:3999): unset LOCAL_DATA_DIR to use it`,
    );
  });

  it('skips a pointer whose system died, and tells a system that is still starting from none', () => {
    const dead = folder('dead');
    record(dead, { pid: 2 ** 22 + 17 });
    pointToSystem(dead, 2 ** 22 + 17, systemPointer(lookupHome));
    record(lookupHome, { state: 'starting', apiUrl: undefined });
    const found = findLocalSystem({}, lookupHome, systemPointer(lookupHome));
    expect(found.system).toBeUndefined();
    expect(found.reason).toBe(`the local system on ${lookupHome} is starting (process ${process.pid}); try again in a few seconds`);
    rmSync(localPaths(lookupHome).runtimeInfo);
    expect(existsSync(systemPointer(lookupHome))).toBe(true);
    expect(findLocalSystem({}, lookupHome, systemPointer(lookupHome)).reason).toBe(
      `no local system is running (looked in ${dead} and ${lookupHome})`,
    );
  });
});
