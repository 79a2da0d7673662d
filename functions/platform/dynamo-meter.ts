import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { itemBytes, readUnits, transactWriteUnits, type TransactionItemSize } from './capacity-units';

/**
 * The benchmarks' meter on the DynamoDB clients (decision 0088), on when SIS_COUNT_DYNAMODB_CALLS=1:
 * calls by command name, and the capacity units DynamoDB reports (`ReturnConsumedCapacity: TOTAL`),
 * both as reported and priced by AWS's rules. DynamoDB Local reports AWS's figure for single-item
 * and batch operations and for queries, but not for TransactWriteItems (it counts the items of one
 * size once: 63 items of 1.5 KB are reported as 4 units, AWS charges 126), so a transaction is priced from the sizes of the items
 * it wrote. With SIS_SIZE_TRANSACTION_ITEMS=1 those sizes are read from the table around the
 * transaction (by an unmetered client); otherwise they are estimated from the request.
 */

/** DynamoDB calls by command name. */
export const dynamoCalls: Record<string, number> = {};
/** Units consumed: as DynamoDB reports them, and AWS's figure for transactions. */
export const dynamoConsumed = { readUnits: 0, writeUnits: 0, awsTransactionWriteUnits: 0 };

/** What one metered scope (a function, in the benchmarks) consumed. */
export interface ScopeUnits {
  calls: number;
  transactions: number;
  /** As DynamoDB (Local) reported them. */
  reportedRead: number;
  reportedWrite: number;
  /** Priced by AWS's rules. */
  awsRead: number;
  awsWrite: number;
}
/** Units by scope: whatever runs inside `meterScope.run(name, …)` is counted under `name` (else `unscoped`). */
export const dynamoUnitsByScope: Record<string, ScopeUnits> = {};
export const meterScope = new AsyncLocalStorage<string>();

const TRANSACTIONS = new Set(['TransactWriteItemsCommand', 'TransactGetItemsCommand']);
const WRITES = /^(TransactWrite|BatchWrite|Put|Update|Delete)/;
const CONTROL_PLANE = /^(Describe|Create|Delete|List|Update)Table|TimeToLive|Stream/;

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}
type Key = Record<string, unknown>;
type TransactEntry = Record<string, { TableName?: string; Item?: Key; Key?: Key; ExpressionAttributeValues?: unknown } | undefined>;

/** An estimate from the request alone: the item put, or an update's values (a counter's update is well under 1 KB). */
function estimatedTransactionUnits(entries: readonly TransactEntry[]): number {
  return transactWriteUnits(
    entries.map((entry) => {
      const operation = Object.values(entry)[0];
      return { after: JSON.stringify(operation?.Item ?? operation?.ExpressionAttributeValues ?? {}).length };
    }),
  );
}

let sizer: DynamoDBDocumentClient | undefined;
const keyOf = (table: string, key: Key) => `${table}|${JSON.stringify(key)}`;

/** The stored items' sizes (0 for an item that does not exist), read strongly consistent by an unmetered client. */
async function storedSizes(targets: readonly { table: string; key: Key }[]): Promise<Map<string, number>> {
  sizer ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const sizes = new Map<string, number>(targets.map(({ table, key }) => [keyOf(table, key), 0]));
  const byTable = new Map<string, Key[]>();
  for (const { table, key } of targets) byTable.set(table, [...(byTable.get(table) ?? []), key]);
  for (const [table, tableKeys] of byTable) {
    let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
      [table]: { Keys: tableKeys, ConsistentRead: true },
    };
    while (request && Object.keys(request).length > 0) {
      const page = await sizer.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of page.Responses?.[table] ?? []) {
        const key = Object.fromEntries(Object.keys(tableKeys[0]!).map((name) => [name, item[name]]));
        sizes.set(keyOf(table, key), itemBytes(item));
      }
      request = page.UnprocessedKeys as typeof request;
    }
  }
  return sizes;
}

/** Prices a TransactWriteItems from the sizes of its items before and after it (decision 0088). */
async function sizedTransaction(entries: readonly TransactEntry[], send: () => Promise<unknown>): Promise<number> {
  const items = entries.map((entry) => {
    const [kind, operation] = Object.entries(entry)[0] ?? [];
    return { kind, table: operation?.TableName ?? '', key: operation?.Key, item: operation?.Item };
  });
  const stored = items.filter((item) => item.key).map((item) => ({ table: item.table, key: item.key! }));
  const before = stored.length > 0 ? await storedSizes(stored) : new Map<string, number>();
  await send();
  const updated = items.filter((item) => item.kind === 'Update').map((item) => ({ table: item.table, key: item.key! }));
  const after = updated.length > 0 ? await storedSizes(updated) : new Map<string, number>();
  const sizes: TransactionItemSize[] = items.map((item) =>
    item.item
      ? { after: itemBytes(item.item) }
      : { before: before.get(keyOf(item.table, item.key!)) ?? 0, after: after.get(keyOf(item.table, item.key!)) ?? 0 },
  );
  return transactWriteUnits(sizes);
}

/** Adds the meter to a DynamoDB client (the document client's and the Powertools idempotency layer's). */
export function meterDynamoClient(client: DynamoDBClient): DynamoDBClient {
  if (process.env.SIS_COUNT_DYNAMODB_CALLS !== '1') return client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown');
      dynamoCalls[name] = (dynamoCalls[name] ?? 0) + 1;
      const scope = (dynamoUnitsByScope[meterScope.getStore() ?? 'unscoped'] ??= {
        calls: 0,
        transactions: 0,
        reportedRead: 0,
        reportedWrite: 0,
        awsRead: 0,
        awsWrite: 0,
      });
      scope.calls += 1;
      if (TRANSACTIONS.has(name)) scope.transactions += 1;
      const input = args.input as Record<string, unknown>;
      if (!CONTROL_PLANE.test(name)) input.ReturnConsumedCapacity ??= 'TOTAL';
      let result!: Awaited<ReturnType<typeof next>>;
      let awsTransactionUnits: number | undefined;
      if (name === 'TransactWriteItemsCommand') {
        const entries = (input.TransactItems ?? []) as TransactEntry[];
        if (process.env.SIS_SIZE_TRANSACTION_ITEMS === '1') {
          awsTransactionUnits = await sizedTransaction(entries, async () => (result = await next(args)));
        } else {
          result = await next(args);
          awsTransactionUnits = estimatedTransactionUnits(entries);
        }
        dynamoConsumed.awsTransactionWriteUnits += awsTransactionUnits;
      } else result = await next(args);
      const output = result.output as { ConsumedCapacity?: Consumed | Consumed[]; Responses?: unknown };
      const reported = output.ConsumedCapacity;
      let read = 0;
      let write = 0;
      for (const entry of Array.isArray(reported) ? reported : reported ? [reported] : []) {
        write += entry.WriteCapacityUnits ?? (WRITES.test(name) ? (entry.CapacityUnits ?? 0) : 0);
        read += entry.ReadCapacityUnits ?? (WRITES.test(name) ? 0 : (entry.CapacityUnits ?? 0));
      }
      dynamoConsumed.writeUnits += write;
      dynamoConsumed.readUnits += read;
      scope.reportedRead += read;
      scope.reportedWrite += write;
      if (name === 'TransactWriteItemsCommand') scope.awsWrite += awsTransactionUnits ?? 0;
      else if (name === 'TransactGetItemsCommand') {
        // 2 units per 4 KB of each item read (DynamoDB Local reports the same; priced here so the rule is explicit).
        const responses = (Array.isArray(output.Responses) ? output.Responses : []) as { Item?: Key }[];
        scope.awsRead += responses.reduce((sum, response) => sum + readUnits(itemBytes(response.Item ?? {}), { transactional: true }), 0);
      } else {
        // Single-item, batch and query operations: DynamoDB Local reports what AWS charges.
        scope.awsRead += read;
        scope.awsWrite += write;
      }
      return result;
    },
    { step: 'initialize', name: 'countDynamoCalls' },
  );
  return client;
}
