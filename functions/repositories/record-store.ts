import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Conflict, Invalid, NotFound, StaleVersion, UniqueClaimTaken } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import type { Ids, RecordData, RecordType } from '../../domain/records/record-types';
import type { IndexName } from '../../domain/table';
import type { DomainEvent } from '../../events/catalog';
import { queryByPrefix, queryPartitions, type Page } from './query';
import { keyId, TransactionRunner, type IdempotencyRecord, type TransactionItem } from './transaction-runner';

/** A record as the API serves it: its data plus the bookkeeping every record carries. */
export interface StoredRecord {
  readonly entity: string;
  readonly id: string;
  readonly ids: Ids;
  readonly version: number;
  readonly data: RecordData;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly deletedAt?: string;
  readonly deletedBy?: string;
}

/** The bookkeeping fields, in the order the API shows them after the data. */
export const BOOKKEEPING_FIELDS = ['version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt', 'deletedBy'] as const;

export type ChangeAction = 'Created' | 'Updated' | 'Deleted' | 'Restored';

export interface HistoryEntry {
  readonly version: number;
  readonly action: ChangeAction;
  readonly at: string;
  readonly actor: string;
  readonly reason?: string;
  readonly record: StoredRecord;
}

/**
 * A change to one record: the engine turns it into one TransactWriteItems holding the record,
 * its history item, its projections, uniqueness claims, reference checks, the outbox event and
 * the idempotency record. Either all of it is written or none of it.
 */
export interface Change {
  readonly type: RecordType;
  readonly action: ChangeAction;
  /** The record as read before the change; absent when creating. */
  readonly before?: StoredRecord;
  readonly after: StoredRecord;
  readonly actor: string;
  readonly reason?: string;
  /** The outbox event; a change inside a larger transaction may leave it to that transaction's own event. */
  readonly event?: DomainEvent;
  readonly idempotency?: IdempotencyRecord;
  /** Further writes a bounded context adds to the same transaction (counters, links, …). */
  readonly extra?: readonly TransactionItem[];
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

/** Reads a stored record out of a base, history or projection item. */
export function toRecord(item: Record<string, unknown>): StoredRecord {
  const record: Record<string, unknown> = {
    entity: String(item.recordEntity ?? item.entity),
    id: String(item.id),
    ids: item.ids,
    data: item.data,
  };
  for (const field of BOOKKEEPING_FIELDS) if (item[field] !== undefined) record[field] = item[field];
  return record as unknown as StoredRecord;
}

/** The attributes that store a record (in its own item, its history items and its projections). */
function recordAttributes(record: StoredRecord): Record<string, unknown> {
  const attributes: Record<string, unknown> = { id: record.id, ids: record.ids, data: record.data };
  for (const field of BOOKKEEPING_FIELDS) if (record[field] !== undefined) attributes[field] = record[field];
  return attributes;
}

/**
 * The records repository: reads records, and turns a change into the items of its transaction
 * (record, history, projections, claims, reference checks, outbox), which the one transaction
 * runner writes.
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

  async get(type: RecordType, ids: Ids): Promise<StoredRecord | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: type.key(ids), ConsistentRead: true }));
    return result.Item ? toRecord(result.Item) : undefined;
  }

  /** Reads records by key, in one or more BatchGetItem calls; missing ones are left out. */
  async getMany(type: RecordType, idsList: readonly Ids[]): Promise<StoredRecord[]> {
    const found: StoredRecord[] = [];
    for (let start = 0; start < idsList.length; start += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.tableName]: { Keys: idsList.slice(start, start + 100).map((ids) => ({ ...type.key(ids) })) },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 8; attempt += 1) {
        const result = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(result.Responses?.[this.tableName] ?? []).map(toRecord));
        request = result.UnprocessedKeys as typeof request;
        if (request && Object.keys(request).length > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 20));
      }
    }
    return found;
  }

  /**
   * Reads items by key, as stored, in BatchGetItem calls of up to 100 keys (strongly consistent:
   * they are the "before" of a write), retrying unprocessed keys; missing ones are left out.
   */
  async getItems(itemKeys: readonly Key[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let start = 0; start < itemKeys.length; start += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: itemKeys.slice(start, start + 100).map((key) => ({ pk: key.pk, sk: key.sk })), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 8; attempt += 1) {
        const result = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(result.Responses?.[this.tableName] ?? []));
        request = result.UnprocessedKeys as typeof request;
        if (request && Object.keys(request).length > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 20));
      }
    }
    return found;
  }

  async query(spec: QuerySpec): Promise<Page<StoredRecord>> {
    const page = await this.rawQuery(spec);
    return { items: page.items.map(toRecord), nextCursor: page.nextCursor };
  }

  /** Every record of a prefix query, page after page (for small, bounded sets only). */
  async queryAll(spec: Omit<QuerySpec, 'cursor' | 'limit'>): Promise<StoredRecord[]> {
    const records: StoredRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.query({ ...spec, limit: 1000, cursor });
      records.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return records;
  }

  /** Items that are not records (snapshot headers and chunks, …), as stored. */
  async rawQuery(spec: QuerySpec): Promise<Page<Record<string, unknown>>> {
    const { partition, ...query } = spec;
    return typeof partition === 'string'
      ? queryByPrefix(this.client, this.tableName, { ...query, partition })
      : queryPartitions(this.client, this.tableName, { ...query, partitions: partition });
  }

  async history(type: RecordType, ids: Ids, limit: number, cursor?: string): Promise<Page<HistoryEntry>> {
    const { pk, skPrefix } = keys.historyOf(type.key(ids));
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
        action: item.action as ChangeAction,
        at: String(item.at),
        actor: String(item.actor),
        ...(item.reason ? { reason: String(item.reason) } : {}),
        record: toRecord(item),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async historyVersion(type: RecordType, ids: Ids, version: number): Promise<StoredRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.history(type.key(ids), version), ConsistentRead: true }),
    );
    return result.Item ? toRecord(result.Item) : undefined;
  }

  /** Writes a change as one transaction; see `Change`. */
  async commit(change: Change): Promise<void> {
    const transactions = this.transactions;
    await transactions.transact([...this.changeItems(change), ...transactions.idempotencyItems(change.idempotency)], change.idempotency);
  }

  /**
   * The record, its history, projections, claims, reference checks, extras and outbox event.
   * @param touched keys already written by the transaction this change joins: a reference to a
   *   record created in the same transaction needs no check (and DynamoDB allows one operation
   *   per item).
   */
  changeItems(change: Change, touched = new Set<string>()): TransactionItem[] {
    const { type, before, after } = change;
    const key = type.key(after.ids);
    const live = (record: StoredRecord | undefined) => record !== undefined && record.deletedAt === undefined;
    const items: TransactionItem[] = [];
    touched.add(keyId(key));

    // 1. The record itself, guarded by its version.
    const indexKeys = live(after) ? type.indexKeys(after.data, after.ids) : {};
    items.push({
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...key, entity: type.entity, ...recordAttributes(after), ...indexKeys },
          ...(before
            ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': before.version } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      onConditionFailed: () =>
        before ? new StaleVersion(undefined) : new Conflict(`A ${type.label.toLowerCase()} with id ${after.id} already exists.`),
    });

    // 2. Its history: one item per version, never overwritten.
    const historyKey = keys.history(key, after.version);
    touched.add(keyId(historyKey));
    items.push({
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...historyKey,
            entity: 'history',
            recordEntity: type.entity,
            ...recordAttributes(after),
            action: change.action,
            at: after.updatedAt,
            actor: change.actor,
            ...(change.reason ? { reason: change.reason } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new StaleVersion(undefined),
    });

    // 3. Projections (extra index items) follow the record; a deleted record has none.
    const oldProjections = live(before) ? type.projections(before!.data, before!.ids) : [];
    const newProjections = live(after) ? type.projections(after.data, after.ids) : [];
    const keep = new Set(newProjections.map(keyId));
    for (const projection of newProjections) {
      touched.add(keyId(projection));
      items.push({
        item: {
          Put: {
            TableName: this.tableName,
            Item: { ...projection, entity: `${type.entity}Projection`, recordEntity: type.entity, ...recordAttributes(after) },
          },
        },
        onConditionFailed: () => new Conflict('projection write failed'),
      });
    }
    for (const projection of oldProjections.filter((candidate) => !keep.has(keyId(candidate)))) {
      touched.add(keyId(projection));
      items.push({
        item: { Delete: { TableName: this.tableName, Key: { pk: projection.pk, sk: projection.sk } } },
        onConditionFailed: () => new Conflict('projection delete failed'),
      });
    }

    // 4. Uniqueness claims: a value is claimed by one record; a claim is kept while deleted.
    // A kind that releases its claims when deleted takes them again when restored.
    const claimsOf = (record: StoredRecord | undefined) =>
      record === undefined || (type.releaseClaimsWhenDeleted && !live(record)) ? [] : type.uniques(record.data);
    const oldClaims = claimsOf(before);
    const newClaims = claimsOf(after);
    const oldClaimIds = new Set(oldClaims.map((claim) => keyId(claim.key)));
    const newClaimIds = new Set(newClaims.map((claim) => keyId(claim.key)));
    for (const claim of newClaims.filter((candidate) => !oldClaimIds.has(keyId(candidate.key)))) {
      touched.add(keyId(claim.key));
      items.push({
        item: {
          Put: {
            TableName: this.tableName,
            Item: { ...claim.key, entity: 'uniqueClaim', ownerPk: key.pk, ownerSk: key.sk, field: claim.field },
            ConditionExpression: 'attribute_not_exists(pk) OR (ownerPk = :pk AND ownerSk = :sk)',
            ExpressionAttributeValues: { ':pk': key.pk, ':sk': key.sk },
          },
        },
        onConditionFailed: () =>
          new UniqueClaimTaken(
            claim.field,
            claim.key,
            claim.message ??
              `${claim.field} ${JSON.stringify(after.data[claim.field])} already belongs to another ${type.label.toLowerCase()}.`,
          ),
      });
    }
    for (const claim of oldClaims.filter((candidate) => !newClaimIds.has(keyId(candidate.key)))) {
      touched.add(keyId(claim.key));
      items.push({
        item: {
          Delete: {
            TableName: this.tableName,
            Key: claim.key,
            ConditionExpression: 'ownerPk = :pk AND ownerSk = :sk',
            ExpressionAttributeValues: { ':pk': key.pk, ':sk': key.sk },
          },
        },
        onConditionFailed: () => new Conflict(`${claim.field} claim is held by another record.`),
      });
    }

    // 5. Referenced records must exist and not be deleted, checked in the same transaction.
    if (live(after)) {
      for (const reference of type.references(after.data, after.ids)) {
        const referenceKey = reference.type.key(reference.ids);
        if (touched.has(keyId(referenceKey))) continue;
        touched.add(keyId(referenceKey));
        const fromPath = type.idParams.includes(reference.field);
        items.push({
          item: {
            ConditionCheck: {
              TableName: this.tableName,
              Key: referenceKey,
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)',
            },
          },
          onConditionFailed: () => {
            const message = `names no ${reference.type.label.toLowerCase()} (it does not exist or was deleted)`;
            return fromPath
              ? new NotFound(`No ${reference.type.label.toLowerCase()} ${Object.values(reference.ids).join('/')}.`)
              : new Invalid([{ field: reference.field, message }]);
          },
        });
      }
    }

    // 6. Whatever a bounded context adds.
    items.push(...(change.extra ?? []));

    // 7. The outbox event, next to the record so no partition is hot.
    if (change.event) items.push(this.transactions.outboxItem(key, change.event, after.updatedAt));
    return items;
  }
}
