/**
 * The floor a benchmark compares itself with: the transactions its requests wrote, captured as the
 * functions sent them, sent again bare (no HTTP, no handler, no reads, no stream relay or consumers)
 * at the same concurrency against a fresh table of the same DynamoDB Local.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient } from '../../functions/platform/aws-clients';
import { ensureTable } from '../../infra/local/dynamo-local';
import { percentile } from './support';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One request's transactions, in the order it sent them. */
export interface CapturedRequest {
  readonly key: string;
  readonly transactions: TransactItem[][];
}

/**
 * Records, until `stop()`, every TransactWriteItems of the functions in this process that writes an
 * item of `entity` (a submission's section-day record), grouped by that item's partition.
 */
export function captureSubmissionTransactions(entity = 'sectionAttendance') {
  const byKey = new Map<string, TransactItem[][]>();
  let capturing = true;
  const name = `benchCapture-${entity}`;
  const stack = getDocumentClient().middlewareStack;
  stack.add(
    (next) => async (args) => {
      const items = (args.input as TransactWriteCommandInput).TransactItems;
      const put = items?.find((item) => item.Put?.Item?.entity === entity)?.Put;
      if (capturing && items && put) {
        const key = String(put.Item!.pk);
        byKey.set(key, [...(byKey.get(key) ?? []), structuredClone(items)]);
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    get transactions(): CapturedRequest[] {
      return [...byKey].map(([key, transactions]) => ({ key, transactions }));
    },
    stop: () => {
      capturing = false;
      stack.remove(name);
    },
  };
}

const ALWAYS = '#benchBareNever';

/**
 * The item on another table, its condition kept but made to hold on an empty table (`attribute_not_exists`
 * of an attribute no item has, OR the original): DynamoDB still evaluates it, as it did the first time.
 */
function onTable(item: TransactItem, tableName: string): TransactItem {
  const [operation, body] = Object.entries(item)[0]! as [string, Record<string, unknown>];
  const condition = body.ConditionExpression as string | undefined;
  return {
    [operation]: {
      ...body,
      TableName: tableName,
      ...(condition
        ? {
            ConditionExpression: `attribute_not_exists(${ALWAYS}) OR (${condition})`,
            ExpressionAttributeNames: { ...(body.ExpressionAttributeNames as object | undefined), [ALWAYS]: 'benchBareNever' },
          }
        : {}),
    },
  } as TransactItem;
}

/**
 * Sends each captured request's transactions again, in order, all requests at once, against a new
 * table; a transaction that conflicts with another is retried after a short pause, as the
 * transaction runner does. Returns requests per second and latency.
 */
export async function replayBare(client: DynamoDBClient, requests: readonly CapturedRequest[], tableName = 'bench-bare') {
  await ensureTable(client, tableName);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const latencies: number[] = [];
  let conflictRetries = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    requests.map(async ({ transactions }) => {
      const sent = performance.now();
      for (const items of transactions) {
        for (let attempt = 0; ; attempt += 1) {
          try {
            await documents.send(new TransactWriteCommand({ TransactItems: items.map((item) => onTable(item, tableName)) }));
            break;
          } catch (error) {
            const conflict =
              (error as Error).name === 'TransactionCanceledException' && /TransactionConflict/.test((error as Error).message);
            if (!conflict || attempt >= 8) {
              failed += 1;
              if (process.env.BENCH_DEBUG) process.stderr.write(`bare: ${(error as Error).message}\n`);
              break;
            }
            conflictRetries += 1;
            await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25 + Math.random() * 25));
          }
        }
      }
      latencies.push(performance.now() - sent);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    submissions: requests.length,
    transactions: requests.reduce((sum, request) => sum + request.transactions.length, 0),
    submissionsPerSecond: Number((requests.length / seconds).toFixed(1)),
    p50Ms: Math.round(percentile(sorted, 50)),
    p95Ms: Math.round(percentile(sorted, 95)),
    conflictRetries,
    failed,
  };
}
