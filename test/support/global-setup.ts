import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoLocal } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';

/**
 * Starts one DynamoDB Local for the whole jest run, when a project that uses it has a test to run
 * (jest.config.js names this module in those projects); each test file then creates its own
 * uniquely named table, so files run in parallel without seeing each other's data.
 *
 * Its database is a file in memory-backed storage (/dev/shm where there is one), not DynamoDB
 * Local's in-memory mode: only a database file can be given the index on stream records that
 * `startDynamoLocal` adds (infra/local/dynamo-local.ts). Without it, every write to a table with a
 * stream scans the stream records of every table the run made, and the whole-system files' writes
 * grew slower file after file. Removed by the teardown.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DYNAMODB_ENDPOINT) return; // an already running instance was given
  // DynamoDB Local under tests lives for minutes, not days: the JIT's second tier and the parallel
  // collector cost more CPU than they give back. Measured on this 2-core machine, the access-matrix
  // file took 70 s of CPU with the JVM's defaults and 45 s with these (the use-case tier 32 → 22 s).
  // Set here, the variable reaches every DynamoDB Local the tests start, the workers' own included.
  process.env.JAVA_TOOL_OPTIONS ??= '-XX:+UseSerialGC -XX:TieredStopAtLevel=1';
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'sis-tests-dynamodb-'));
  const dynamo = await startDynamoLocal({ dataDir });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  // One RSA signing key for the run's local systems (test/support/runtime.ts): making one took each
  // whole-system file 0.3–0.8 s of CPU. Tests of a foreign key still make their own.
  process.env.TEST_SIGNING_KEY_FILE = join(dataDir, 'signing-key.pem');
  LocalAuth.persistent(process.env.TEST_SIGNING_KEY_FILE);
  Object.assign(globalThis, { __dynamoLocal: dynamo, __dynamoLocalDataDir: dataDir });
}
