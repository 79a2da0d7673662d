import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { Invalid } from '../../domain/errors';
import { keyAttributes, type IndexName } from '../../domain/table';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A cursor is a last-evaluated key: a few string key attributes. Anything else (a number too
    // large to marshal, a nested object) is not one we issued, and must not reach the SDK.
    const entries = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
    if (entries.length > 0 && entries.length <= 6 && entries.every(([, part]) => typeof part === 'string' && part.length <= 2048))
      return value as Record<string, unknown>;
  } catch {
    // fall through to the client error below
  }
  throw new Invalid([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
}

/** One Query on a partition of the table or of an index, optionally narrowed to a sort-key prefix. */
export interface PrefixQuery {
  readonly index?: IndexName;
  readonly partition: string;
  /** Empty or absent: the whole partition. */
  readonly sortKeyPrefix?: string;
  /** Instead of a prefix: sort keys from the first to the second, both included. */
  readonly sortKeyBetween?: readonly [string, string];
  readonly limit?: number;
  readonly cursor?: string;
  /** Newest (highest sort key) first. */
  readonly descending?: boolean;
  /** Strongly consistent (base table only). */
  readonly consistent?: boolean;
  /** Leave soft-deleted records out (a filter: a page may come back shorter than the limit). */
  readonly skipDeleted?: boolean;
}

/**
 * The one prefix query of the code base: builds the key condition from the table definition
 * and resumes from a client's cursor. A cursor from another list names keys this query cannot
 * start from; DynamoDB refuses it, and so does the API, with a 400.
 */
export async function queryByPrefix(
  client: DynamoDBDocumentClient,
  tableName: string,
  spec: PrefixQuery,
): Promise<Page<Record<string, unknown>>> {
  const { partitionKey, sortKey } = keyAttributes(spec.index);
  const prefix = spec.sortKeyPrefix ?? '';
  const between = spec.sortKeyBetween;
  const condition = between ? '#pk = :pk AND #sk BETWEEN :from AND :to' : prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk';
  const input: QueryCommandInput = {
    TableName: tableName,
    ...(spec.index ? { IndexName: spec.index } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: { '#pk': partitionKey, ...(prefix || between ? { '#sk': sortKey } : {}) },
    ExpressionAttributeValues: {
      ':pk': spec.partition,
      ...(between ? { ':from': between[0], ':to': between[1] } : prefix ? { ':prefix': prefix } : {}),
    },
    ...(spec.limit !== undefined ? { Limit: spec.limit } : {}),
    ...(spec.descending ? { ScanIndexForward: false } : {}),
    ...(spec.consistent ? { ConsistentRead: true } : {}),
    ...(spec.skipDeleted ? { FilterExpression: 'attribute_not_exists(deletedAt)' } : {}),
    ExclusiveStartKey: decodeCursor(spec.cursor),
  };
  try {
    const result = await client.send(new QueryCommand(input));
    return { items: result.Items ?? [], nextCursor: encodeCursor(result.LastEvaluatedKey) };
  } catch (error) {
    if ((error as Error).name === 'ValidationException' && spec.cursor !== undefined) {
      throw new Invalid([{ field: 'cursor', message: 'does not belong to this list' }]);
    }
    throw error;
  }
}

/**
 * The same prefix query on several partitions of a sharded key (decision 0081), merged by sort
 * key: a page holds the lowest `limit` sort keys of all of them, and its cursor is the last sort
 * key returned (sort keys of a sharded pattern are unique across its shards).
 */
export async function queryPartitions(
  client: DynamoDBDocumentClient,
  tableName: string,
  spec: Omit<PrefixQuery, 'partition' | 'sortKeyBetween' | 'descending'> & {
    readonly partitions: readonly string[];
    readonly limit: number;
  },
): Promise<Page<Record<string, unknown>>> {
  const { partitions, cursor, ...query } = spec;
  if (partitions.length === 1) return queryByPrefix(client, tableName, { ...query, partition: partitions[0]!, cursor });
  const after = cursor === undefined ? undefined : decodeCursor(cursor)?.after;
  if (cursor !== undefined && typeof after !== 'string')
    throw new Invalid([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
  const { sortKey } = keyAttributes(spec.index);
  const prefix = query.sortKeyPrefix ?? '';
  const pages = await Promise.all(
    partitions.map((partition) =>
      queryByPrefix(client, tableName, {
        ...query,
        partition,
        ...(after !== undefined ? { sortKeyPrefix: undefined, sortKeyBetween: [`${after}\u0000`, `${prefix}\uffff`] as const } : {}),
      }),
    ),
  );
  const merged = pages.flatMap((page) => page.items).sort((left, right) => String(left[sortKey]).localeCompare(String(right[sortKey])));
  const items = merged.slice(0, spec.limit);
  const more = merged.length > spec.limit || pages.some((page) => page.nextCursor !== undefined);
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor({ after: String(last[sortKey]) }) : undefined };
}

/** Every item of a prefix query, page after page (for small, bounded sets only). */
export async function queryAll(client: DynamoDBDocumentClient, tableName: string, spec: Omit<PrefixQuery, 'cursor'>) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryByPrefix(client, tableName, { ...spec, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
