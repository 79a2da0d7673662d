import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Invalid, type FieldIssue } from '../../domain/errors';
import { FIELD_KEY_ENV } from '../../functions/platform/field-encryption';
import type { WorkQueue } from '../../functions/platform/sqs-queue';
import { createServices, type Services } from '../../functions/services';
import type { IntakeDeps } from '../../functions/use-cases/enrollment/submit-intake';
import { createTestTable, type TestTable } from './dynamo';

/** A queue port that keeps what it is sent, in order (SQS is not what a use-case test is about). */
export interface RecordingQueue extends WorkQueue {
  readonly sent: Record<string, unknown>[];
  /** Takes every message sent so far, oldest first. */
  drain(): Record<string, unknown>[];
}

export function recordingQueue(): RecordingQueue {
  const sent: Record<string, unknown>[] = [];
  return {
    sent,
    send: async (body) => {
      sent.push(body);
    },
    drain: () => sent.splice(0, sent.length),
  };
}

const silent = { error: () => undefined, warn: () => undefined, info: () => undefined };

/** The use cases' collaborators on a table of one test file's own, in the jest run's DynamoDB Local. */
export interface UseCaseServices {
  readonly services: Services;
  readonly table: TestTable;
  /** What the enrollment intake needs: the services and the intake queue (recorded, not sent). */
  readonly intake: IntakeDeps & { readonly queue: RecordingQueue };
  /** The same services on a clock of the test's choosing (a daily job run on a later date, say). */
  at(now: Date): Services;
  drop(): Promise<void>;
}

/**
 * The use-case tier's starting point (decision 0099): `createServices` over a fresh table, as a
 * function builds them, with a local field key for confidential records. Data is then made by
 * calling use cases (test/support/seed.ts), never by driving queues.
 */
export async function useCaseServices(label: string): Promise<UseCaseServices> {
  // Confidential records are sealed with a key of this test file's own (the local key file provider).
  process.env[FIELD_KEY_ENV.keyFile] ??= join(mkdtempSync(join(tmpdir(), `sis-${label}-keys-`)), 'field-key.json');
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const table = await createTestTable(label);
  const documents = DynamoDBDocumentClient.from(table.client);
  const services = createServices(documents, table.tableName);
  return {
    services,
    table,
    intake: { services, queue: recordingQueue(), log: silent },
    at: (now) => ({ ...services, now: () => now, access: services.access.withClock(() => now) }),
    drop: () => table.drop(),
  };
}

/** The field issues a use case refused with (fails the test when it did not refuse with Invalid). */
export async function issuesOf(attempt: Promise<unknown>): Promise<readonly FieldIssue[]> {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Invalid);
  return (error as Invalid).issues;
}
