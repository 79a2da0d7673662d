import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemPointer } from '../../infra/local/paths';
import { dynamoLocalsServing, isAlive, readSystemRecord } from '../../infra/local/system-lock';
import { REPO_ROOT } from '../../infra/repo-root';

/**
 * `npm start` as a user runs it, in a process group of its own as a terminal would, on a data folder
 * and a LOCAL_HOME of the test's (a developer's .local/ and running system are left alone).
 */
describe('npm start: a clean stop and one system per folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'sis-lifecycle-'));
  const started: ChildProcess[] = [];
  const env = (extra: Record<string, string> = {}) => {
    const { LOCAL_DATA_DIR: _dataDir, PORT: _port, ...rest } = process.env;
    return { ...rest, LOCAL_HOME: home, PORT: '0', ...extra };
  };

  afterAll(() => {
    for (const child of started) if (child.pid !== undefined && isAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Starts `npm start` and resolves once it printed that it is ready (or rejects with what it printed when it exited). */
  async function npmStart(extraEnv: Record<string, string> = {}) {
    const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env: env(extraEnv), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    while (!output.includes('Ctrl-C stops everything')) {
      const code = await Promise.race([exited, sleep(200).then(() => 'running' as const)]);
      if (code !== 'running') return { child, output: () => output, exitCode: code };
    }
    return { child, output: () => output, exitCode: undefined };
  }

  /** npm, the shell it runs, Node, and DynamoDB Local (in a process group of its own). */
  function processesOf(child: ChildProcess, dataDir: string): number[] {
    const listing = spawnSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' }).stdout;
    const group = listing
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter(([, pgid]) => pgid === child.pid)
      .map(([pid]) => pid!);
    return [...group, ...dynamoLocalsServing(dataDir)];
  }

  async function untilGone(pids: readonly number[]): Promise<void> {
    while (pids.some(isAlive)) await sleep(100);
  }

  test('Ctrl-C stops npm, Node and DynamoDB Local, and frees the folder; meanwhile a second start on the folder is refused and a second terminal needs no variable', async () => {
    const dataDir = join(home, 'ctrl-c');
    const first = await npmStart({ LOCAL_DATA_DIR: dataDir });
    expect(first.exitCode).toBeUndefined();
    const record = readSystemRecord(dataDir)!;
    expect(record).toMatchObject({
      state: 'running',
      pid: expect.any(Number),
      apiUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const { apiUrl, pid } = record;
    const processes = processesOf(first.child, dataDir);
    expect(dynamoLocalsServing(dataDir)).toHaveLength(1);

    const second = await npmStart({ LOCAL_DATA_DIR: dataDir });
    expect(second.exitCode).toBe(1);
    expect(second.output()).toContain(`A local system is already running on ${dataDir}`);
    expect(second.output()).toContain(`process ${record.pid}`);
    expect(second.output()).toContain(record.apiUrl!.replace('127.0.0.1', 'localhost'));
    expect(dynamoLocalsServing(dataDir)).toHaveLength(1);
    expect((await fetch(`${record.apiUrl}/health`)).status).toBe(200);

    // A second terminal, as typed there: no LOCAL_DATA_DIR, no PORT; the tools find the system started with them.
    expect(existsSync(systemPointer(home))).toBe(true);
    const typed = (args: string[]) =>
      spawnSync('npm', ['run', '-s', ...args], { cwd: REPO_ROOT, env: { ...env(), PORT: '' }, encoding: 'utf8' });
    const token = typed(['token', '--', '--role', 'district_admin']);
    expect(token.status).toBe(0);
    expect(token.stderr).toContain(
      `token for the local system at ${apiUrl!.replace('127.0.0.1', 'localhost')} (data in ${dataDir}, process ${pid})`,
    );
    const schools = await fetch(`${apiUrl}/v1/schools`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    expect(schools.status).toBe(200);
    const exported = typed(['oneroster:export', '--', join(home, 'export')]);
    expect(exported.stderr).toContain(`Using the local system at ${apiUrl!.replace('127.0.0.1', 'localhost')}`);
    expect(exported.status).toBe(0);

    process.kill(-first.child.pid!, 'SIGINT');
    await untilGone(processes);
    expect(first.output()).toContain('SIGINT: stopping');
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
    expect(dynamoLocalsServing(dataDir)).toEqual([]);
    // Stopped: the tools say so, and a token names the key it signs with rather than failing later with a bare 401.
    const after = typed(['token', '--', '--role', 'district_admin']);
    expect(after.stderr).toMatch(/no local system is running/);
  }, 300_000);

  test('a run killed outright leaves DynamoDB Local behind; the next start stops it before it takes the folder, and SIGTERM to npm (what a process manager sends) stops everything it started', async () => {
    const dataDir = join(home, 'killed');
    const killed = await npmStart({ LOCAL_DATA_DIR: dataDir });
    const [orphan] = dynamoLocalsServing(dataDir);
    process.kill(-killed.child.pid!, 'SIGKILL');
    await untilGone([readSystemRecord(dataDir)!.pid]);
    expect(isAlive(orphan!)).toBe(true);

    const next = await npmStart({ LOCAL_DATA_DIR: dataDir });
    expect(next.exitCode).toBeUndefined();
    expect(next.output()).toContain(`Stopping DynamoDB Local (process ${orphan})`);
    expect(isAlive(orphan!)).toBe(false);
    expect(dynamoLocalsServing(dataDir)).toHaveLength(1);

    // SIGTERM to npm alone, not to its process group: npm passes it on, and Node stops DynamoDB Local.
    const processes = processesOf(next.child, dataDir);
    process.kill(next.child.pid!, 'SIGTERM');
    await untilGone(processes);
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
    expect(dynamoLocalsServing(dataDir)).toEqual([]);
  }, 300_000);
});
