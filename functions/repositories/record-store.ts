import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UniqueClaimTaken } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import type { Ids, RecordData, RecordKind, StoredRecord } from '../../domain/records/record-kind';
import type { IndexName } from '../../domain/table';
import { batchGet } from './batch-get';
import { queryByPrefix, queryPartitions, type Page } from './query';
import { recordOf, type ChangeAction } from './record-items';
import { commitInChunks, RecordTransaction, type RecordWrite } from './record-transaction';
import { TransactionRunner, type TransactionItem } from './transaction-runner';
import type { WriteContext, Written } from './write-context';

export { BOOKKEEPING_FIELDS, type StoredRecord } from '../../domain/records/record-kind';
export { asRecordOf, recordOf, toRecord, type ChangeAction } from './record-items';
export type { PreparedWrite, RecordWrite } from './record-transaction';

export interface HistoryEntry<T extends RecordData = RecordData> {
  readonly version: number;
  readonly action: ChangeAction;
  readonly at: string;
  readonly actor: string;
  readonly reason?: string;
  readonly record: StoredRecord<T>;
}

export interface QuerySpec {
  readonly index?: IndexName;
  /** Instead of a prefix: sort keys from the first to the second, both included. */
  readonly sortKeyBetween?: readonly [string, string];
  /** One partition, or every shard of a sharded one (read together and merged by sort key). */
  readonly partition: string | readonly string[];
  readonly sortKeyPrefix: string;
  readonly limit: number;
  readonly cursor?: string;
  /** Leave soft-deleted records out (base items stay in their partition when deleted). */
  readonly skipDeleted?: boolean;
  /** Strongly consistent (base table only). */
  readonly consistent?: boolean;
}

/**
 * The records repository: reads records typed by their kind, and the write primitive: every change
 * of a record goes through `write` (one record), `transaction` (several, with other items) or
 * `commitInChunks` (many), which build the next version, its history, projections, claims,
 * reference checks and outbox events, add the idempotency record, and commit through the one
 * transaction runner.
 */
export class RecordStore {
  readonly transactions: TransactionRunner;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    transactions?: TransactionRunner,
  ) {
    this.transactions = transactions ?? new TransactionRunner(client, tableName);
  }

  // ── reads ────────────────────────────────────────────────────────────

  async get<T extends RecordData>(kind: RecordKind<T>, ids: Ids): Promise<StoredRecord<T> | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: kind.key(ids), ConsistentRead: true }));
    return result.Item ? recordOf(kind, result.Item) : undefined;
  }

  /** Reads records by key, in one or more BatchGetItem calls; missing ones are left out. */
  async getMany<T extends RecordData>(kind: RecordKind<T>, idsList: readonly Ids[]): Promise<StoredRecord<T>[]> {
    const items = await batchGet(
      this.client,
      this.tableName,
      idsList.map((ids) => kind.key(ids)),
    );
    return items.map((item) => recordOf(kind, item));
  }

  /**
   * Reads items by key, as stored (strongly consistent: they are the "before" of a write), in
   * BatchGetItem calls; missing ones are left out. `recordOf` types a record among them.
   */
  async getItems(itemKeys: readonly Key[]): Promise<Record<string, unknown>[]> {
    return batchGet(this.client, this.tableName, itemKeys, { consistent: true });
  }

  /** A page of the records of `kind` a prefix query finds. */
  async query<T extends RecordData>(kind: RecordKind<T>, spec: QuerySpec): Promise<Page<StoredRecord<T>>> {
    const page = await this.rawQuery(spec);
    return { items: page.items.map((item) => recordOf(kind, item)), nextCursor: page.nextCursor };
  }

  /** Every record of `kind` a prefix query finds, page after page (for small, bounded sets only). */
  async queryAll<T extends RecordData>(kind: RecordKind<T>, spec: Omit<QuerySpec, 'cursor' | 'limit'>): Promise<StoredRecord<T>[]> {
    const records: StoredRecord<T>[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.query(kind, { ...spec, limit: 1000, cursor });
      records.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return records;
  }

  /** Items that are not records (snapshot headers and chunks, …), as stored. */
  /** Every item a query finds, page after page (for bounded sets: a school year's counters of one kind). */
  async rawQueryAll(spec: Omit<QuerySpec, 'cursor'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.rawQuery({ ...spec, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  async rawQuery(spec: QuerySpec): Promise<Page<Record<string, unknown>>> {
    const { partition, ...query } = spec;
    return typeof partition === 'string'
      ? queryByPrefix(this.client, this.tableName, { ...query, partition })
      : queryPartitions(this.client, this.tableName, { ...query, partitions: partition });
  }

  async history<T extends RecordData>(kind: RecordKind<T>, ids: Ids, limit: number, cursor?: string): Promise<Page<HistoryEntry<T>>> {
    const { pk, skPrefix } = keys.historyOf(kind.key(ids));
    const page = await queryByPrefix(this.client, this.tableName, {
      partition: pk,
      sortKeyPrefix: skPrefix,
      descending: true,
      limit,
      cursor,
    });
    return {
      items: page.items.map((item) => ({
        version: Number(item.version),
        action: String(item.action) as ChangeAction,
        at: String(item.at),
        actor: String(item.actor),
        ...(item.reason ? { reason: String(item.reason) } : {}),
        record: recordOf(kind, item),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async historyVersion<T extends RecordData>(kind: RecordKind<T>, ids: Ids, version: number): Promise<StoredRecord<T> | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.history(kind.key(ids), version), ConsistentRead: true }),
    );
    return result.Item ? recordOf(kind, result.Item) : undefined;
  }

  // ── the write primitive ──────────────────────────────────────────────

  /**
   * Writes one record's change in one transaction (with its history, projections, claims,
   * reference checks, extra items, outbox events and idempotency record) and answers `result` of
   * the new version (the version itself by default); a retry whose first attempt committed is
   * answered with that attempt's result.
   * @param at when the write happens (ISO 8601)
   */
  async write<T extends RecordData, R = StoredRecord<T>>(
    context: WriteContext,
    write: RecordWrite<T>,
    options: { readonly at: string; readonly result?: (record: StoredRecord<T>) => R },
  ): Promise<Written<R>> {
    const transaction = this.transaction(context, options.at);
    const record = await transaction.write(write);
    try {
      return await transaction.commit(options.result ? options.result(record) : (record as R));
    } catch (error) {
      if (error instanceof UniqueClaimTaken) await this.nameHolder(error);
      throw error;
    }
  }

  /**
   * Adds the id of the record holding a taken value to the refusal (`existingId`, beside `field`), so
   * that a caller told "code LHS already belongs to another school" can go to that school. Read only
   * on this failure path: the claim names its owner's key, the owner's item its id.
   */
  private async nameHolder(error: UniqueClaimTaken): Promise<void> {
    const [claim] = await this.getItems([error.claimKey]);
    const { ownerPk, ownerSk } = claim ?? {};
    if (typeof ownerPk !== 'string' || typeof ownerSk !== 'string') return;
    const [owner] = await this.getItems([{ pk: ownerPk, sk: ownerSk }]);
    if (typeof owner?.id === 'string') error.details = { ...error.details, field: error.field, existingId: owner.id };
  }

  /** A transaction to assemble: several record writes and other items, committed as one (see RecordTransaction). */
  transaction(context: WriteContext, at: string): RecordTransaction {
    return new RecordTransaction(this.transactions, context, at);
  }

  /** Many record writes, packed in as few transactions as DynamoDB allows (see `commitInChunks`). */
  async commitInChunks<T extends RecordData, R>(
    context: WriteContext,
    writes: readonly RecordWrite<T>[],
    parts: {
      readonly at: string;
      readonly head?: readonly TransactionItem[];
      readonly tail?: readonly TransactionItem[];
      readonly result: R;
    },
  ): Promise<Written<R>> {
    return commitInChunks(() => this.transaction(context, parts.at), writes, parts);
  }

  // ── conditions on records, for other records' transactions ───────────

  /** The record exists and is not deleted; `error` when it does not hold. */
  liveCheck(kind: RecordKind, ids: Ids, error: () => Error): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: kind.key(ids),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)',
        },
      },
      onConditionFailed: error,
    };
  }

  /** The record is still at the version read, and not deleted; `error` when it changed. */
  unchangedCheck(kind: RecordKind, ids: Ids, version: number, error: () => Error): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: kind.key(ids),
          ConditionExpression: 'version = :version AND attribute_not_exists(deletedAt)',
          ExpressionAttributeValues: { ':version': version },
        },
      },
      onConditionFailed: error,
    };
  }
}
