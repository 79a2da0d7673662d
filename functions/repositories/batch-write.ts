import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { exponential, retrying } from '../platform/retry';

/** DynamoDB's limit on the requests of one BatchWriteItem. */
const MAX_BATCH_WRITES = 25;
/** Attempts at the items DynamoDB leaves unprocessed (throttled) before the write fails. */
const UNPROCESSED_ATTEMPTS = 12;

/** Items a BatchWriteItem left unprocessed: written again after a backoff. */
class UnprocessedWrites extends Error {
  constructor(readonly count: number) {
    super(`DynamoDB left ${count} writes unprocessed`);
  }
}

/**
 * The one BatchWriteItem of the code, beside `batchGet`: puts items in calls of up to 25 (all at
 * once, or one call after another), writing again with exponential backoff what DynamoDB leaves
 * unprocessed; a write still unfinished after 12 attempts fails. Only for items whose keys no other
 * writer shares or whose content is the same whoever writes it: a put here has no condition.
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  options: { readonly parallel?: boolean } = {},
): Promise<void> {
  const calls: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += MAX_BATCH_WRITES) calls.push(items.slice(start, start + MAX_BATCH_WRITES));
  const write = async (call: Record<string, unknown>[]) => {
    let requests = call.map((Item) => ({ PutRequest: { Item } }));
    await retrying(
      async () => {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        if (requests.length > 0) throw new UnprocessedWrites(requests.length);
      },
      { attempts: UNPROCESSED_ATTEMPTS, delayMs: exponential(20, 0, 1000), retryable: (error) => error instanceof UnprocessedWrites },
    );
  };
  if (options.parallel) await Promise.all(calls.map(write));
  else for (const call of calls) await write(call);
}
