import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime';
import { ApiClient } from '../support/api';
import { schoolBody } from '../support/fixtures';

/** The local runtime supervises the DynamoDB Local it started (npm start does). */
describe('DynamoDB Local supervision', () => {
  const started: LocalRuntime[] = [];
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(started.map((runtime) => runtime.stop()));
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  const waitFor = async (condition: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  test('when DynamoDB Local dies it is started again on the same data, and the system carries on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sis-supervision-'));
    folders.push(dataDir);
    const lines: string[] = [];
    const auth = LocalAuth.ephemeral();
    const runtime = await startLocalRuntime({
      auth,
      port: 0,
      dynamoDataDir: dataDir,
      schedules: 'manual',
      log: (line) => lines.push(line),
    });
    started.push(runtime);
    const api = new ApiClient(runtime.apiUrl, auth);
    const admin = api.token('district_admin');
    const school = await api.call('POST', '/v1/schools', { token: admin, body: schoolBody() });
    expect(school.status).toBe(201);

    const pid = runtime.dynamoLocal!.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => lines.some((line) => line.includes('running again')), 60_000);

    expect(lines.filter((line) => line.includes('exited'))).toHaveLength(1);
    expect(runtime.dynamoLocal!.pid).not.toBe(pid);
    const read = await api.call('GET', `/v1/schools/${school.body.id}`, { token: admin });
    // On a failure, the runtime's last lines show what happened around the restart.
    expect({ status: read.status, body: read.body, log: lines.slice(-15) }).toMatchObject({
      status: 200,
      body: { name: school.body.name },
    });
    // The pollers' connection errors while it was down are not repeated in the log.
    expect(lines.filter((line) => /failed a batch|could not poll/.test(line)).length).toBeLessThan(5);
  }, 120_000);

  test('an in-memory DynamoDB Local that dies cannot be restarted with its data: everything stops, with the reason', async () => {
    let fatal: string | undefined;
    const runtime = await startLocalRuntime({
      auth: LocalAuth.ephemeral(),
      port: 0,
      schedules: 'manual',
      onFatal: (message) => (fatal = message),
    });
    started.push(runtime);
    process.kill(runtime.dynamoLocal!.pid!, 'SIGKILL');
    await waitFor(() => fatal !== undefined, 30_000);
    expect(fatal).toMatch(/DynamoDB Local exited .*in memory only.*stopping/);
    await expect(fetch(`${runtime.apiUrl}/health`)).rejects.toThrow();
  }, 120_000);
});
