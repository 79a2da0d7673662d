import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../infra/local/runtime';
import { ApiClient } from './api';
import { assertAnswersKeepContract } from './contract';

export interface TestSystem {
  readonly runtime: LocalRuntime;
  readonly api: ApiClient;
  /** Stops the system, then fails when an answer the tests received broke the API contract. */
  stop(): Promise<void>;
}

/**
 * The whole local system for one test file: its own table in the jest run's DynamoDB Local,
 * the API on a free port, the queues, the stream relay and the bus.
 */
export async function startTestSystem(label: string, options: Partial<LocalRuntimeOptions> = {}): Promise<TestSystem> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run the tests through jest (its global setup starts DynamoDB Local)');
  // The run's key when the global setup made one (the same for every file; each file's system has its own table).
  const keyFile = process.env.TEST_SIGNING_KEY_FILE;
  const auth = keyFile ? LocalAuth.persistent(keyFile) : LocalAuth.ephemeral();
  // Failures the tests provoke on purpose would otherwise fill the output with warnings.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const runtime = await startLocalRuntime({
    auth,
    port: 0,
    dynamoEndpoint: endpoint,
    tableName: `e2e-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    // The notifier's email and SMS land here rather than in the working copy's .local/outbox.
    outboxDir: mkdtempSync(join(tmpdir(), `sis-${label}-outbox-`)),
    fieldKeyFile: join(mkdtempSync(join(tmpdir(), `sis-${label}-keys-`)), 'field-key.json'),
    // Batches still gather what arrives together; a test's single write does not wait out a window meant for load.
    maxBatchingWindowSeconds: 0.05,
    ...options,
  });
  const api = new ApiClient(runtime.apiUrl, auth);
  return {
    runtime,
    api,
    stop: async () => {
      await runtime.stop();
      assertAnswersKeepContract(api.exchanges, label);
    },
  };
}
