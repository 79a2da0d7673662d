import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Key } from '../../domain/keys';
import { exponential, retrying } from '../platform/retry';
import { keyId } from './transaction-runner';

/** DynamoDB's limit on the keys of one BatchGetItem. */
const MAX_BATCH_KEYS = 100;
/** Attempts at the keys DynamoDB leaves unprocessed (throttled) before the read fails. */
const UNPROCESSED_ATTEMPTS = 8;

/** Keys a BatchGetItem left unprocessed: read again after a backoff. */
class UnprocessedKeys extends Error {
  constructor(readonly count: number) {
    super(`DynamoDB left ${count} keys unprocessed`);
  }
}

/**
 * The one BatchGetItem of the code: items by key, in calls of up to 100 distinct keys, reading
 * again with exponential backoff the keys DynamoDB leaves unprocessed (AWS's advice for
 * BatchGetItem); missing items are left out, and a read still unfinished after 8 attempts fails.
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keyList: readonly Key[],
  options: { readonly consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keyList.map((key) => [keyId(key), { pk: key.pk, sk: key.sk }])).values()];
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < unique.length; start += MAX_BATCH_KEYS) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + MAX_BATCH_KEYS);
    await retrying(
      async () => {
        const result = await client.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: pending, ...(options.consistent ? { ConsistentRead: true } : {}) } },
          }),
        );
        found.push(...(result.Responses?.[tableName] ?? []));
        pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
        if (pending.length > 0) throw new UnprocessedKeys(pending.length);
      },
      { attempts: UNPROCESSED_ATTEMPTS, delayMs: exponential(20), retryable: (error) => error instanceof UnprocessedKeys },
    );
  }
  return found;
}
