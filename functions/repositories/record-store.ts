import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { Conflict, Invalid, NotFound, StaleVersion } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import type { Ids, RecordData, RecordType } from '../../domain/records/record-types';
import type { DomainEvent } from '../../events/catalog';

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

export type ChangeAction = 'Created' | 'Updated' | 'Deleted' | 'Restored';

export interface HistoryEntry {
  readonly version: number;
  readonly action: ChangeAction;
  readonly at: string;
  readonly actor: string;
  readonly reason?: string;
  readonly record: StoredRecord;
}

/** A stored response, replayed when a client retries with the same Idempotency-Key. */
export interface IdempotentResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface IdempotencyRecord {
  readonly key: Key;
  readonly requestHash: string;
  readonly response: IdempotentResponse;
  readonly expiresAt: number;
}

/** One write inside a change's transaction, with what its failed condition means. */
export interface TransactOperation {
  readonly item: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];
  /** The error to raise when this operation's condition fails. */
  readonly onConditionFailed: () => Error;
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
  readonly extra?: readonly TransactOperation[];
}

/** A unique value (district student id, employee id, …) already belongs to another record. */
export class UniqueClaimTaken extends Conflict {
  constructor(
    readonly field: string,
    readonly ownerKey: Key | undefined,
    message: string,
  ) {
    super(message);
  }
}

export class IdempotencyReplay extends Error {
  constructor(readonly stored: { requestHash: string; response: IdempotentResponse }) {
    super('idempotent replay');
  }
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

export interface QuerySpec {
  readonly index?: string;
  readonly partition: string;
  readonly sortKeyPrefix: string;
  readonly limit: number;
  readonly cursor?: string;
  /** Leave soft-deleted records out (base items stay in their partition when deleted). */
  readonly skipDeleted?: boolean;
}

const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;
const TRANSACTION_CONFLICT_RETRIES = 4;

/** A key as a string, for sets of the items a transaction touches. */
export const keyId = (key: Key) => `${key.pk}|${key.sk}`;

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the client error below
  }
  throw new Invalid([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
}

/**
 * One page of a Query that resumes from a client's cursor. A cursor from another list names
 * keys this query cannot start from; DynamoDB refuses it, and so does the API, with a 400.
 */
export async function queryPage(client: DynamoDBDocumentClient, input: QueryCommandInput, cursor: string | undefined) {
  try {
    return await client.send(new QueryCommand({ ...input, ExclusiveStartKey: decodeCursor(cursor) }));
  } catch (error) {
    if ((error as Error).name === 'ValidationException' && cursor !== undefined) {
      throw new Invalid([{ field: 'cursor', message: 'does not belong to this list' }]);
    }
    throw error;
  }
}

/** Reads a stored record out of a base or projection item. */
function toRecord(item: Record<string, unknown>): StoredRecord {
  return {
    entity: String(item.recordEntity ?? item.entity),
    id: String(item.id),
    ids: item.ids as Ids,
    version: Number(item.version),
    data: item.data as RecordData,
    createdAt: String(item.createdAt),
    createdBy: String(item.createdBy),
    updatedAt: String(item.updatedAt),
    updatedBy: String(item.updatedBy),
    ...(item.deletedAt ? { deletedAt: String(item.deletedAt), deletedBy: String(item.deletedBy) } : {}),
  };
}

function recordAttributes(record: StoredRecord) {
  return {
    id: record.id,
    ids: record.ids,
    version: record.version,
    data: record.data,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    ...(record.deletedAt ? { deletedAt: record.deletedAt, deletedBy: record.deletedBy } : {}),
  };
}

/**
 * The records repository: the only code that builds DynamoDB commands for records. Every
 * mutation goes through `commit`, the one transaction builder.
 */
export class RecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

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

  async query(spec: QuerySpec): Promise<Page<StoredRecord>> {
    const index = spec.index;
    const pkName = index ? `${index}pk` : 'pk';
    const skName = index ? `${index}sk` : 'sk';
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: index,
      KeyConditionExpression: spec.sortKeyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': pkName, ...(spec.sortKeyPrefix ? { '#sk': skName } : {}) },
      ExpressionAttributeValues: { ':pk': spec.partition, ...(spec.sortKeyPrefix ? { ':prefix': spec.sortKeyPrefix } : {}) },
      Limit: spec.limit,
      ...(spec.skipDeleted ? { FilterExpression: 'attribute_not_exists(deletedAt)' } : {}),
    };
    const result = await queryPage(this.client, input, spec.cursor);
    return { items: (result.Items ?? []).map(toRecord), nextCursor: encodeCursor(result.LastEvaluatedKey) };
  }

  async history(type: RecordType, ids: Ids, limit: number, cursor?: string): Promise<Page<HistoryEntry>> {
    const { pk, skPrefix } = keys.historyOf(type.key(ids));
    const result = await queryPage(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ScanIndexForward: false,
        Limit: limit,
      },
      cursor,
    );
    return {
      items: (result.Items ?? []).map((item) => ({
        version: Number(item.version),
        action: item.action as ChangeAction,
        at: String(item.at),
        actor: String(item.actor),
        ...(item.reason ? { reason: String(item.reason) } : {}),
        record: toRecord(item),
      })),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  async historyVersion(type: RecordType, ids: Ids, version: number): Promise<StoredRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.history(type.key(ids), version), ConsistentRead: true }),
    );
    return result.Item ? toRecord(result.Item) : undefined;
  }

  async getIdempotency(key: Key): Promise<{ requestHash: string; response: IdempotentResponse } | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (!result.Item) return undefined;
    return { requestHash: String(result.Item.requestHash), response: result.Item.response as IdempotentResponse };
  }

  /** Writes a change as one transaction; see `Change`. */
  async commit(change: Change): Promise<void> {
    await this.transact([...this.changeOperations(change), ...this.idempotencyOperations(change.idempotency)], change.idempotency);
  }

  /**
   * Writes operations as one TransactWriteItems. A failed condition raises the error its
   * operation names; a retried request whose first attempt committed raises IdempotencyReplay;
   * conflicts with concurrent transactions are retried with backoff.
   */
  async transact(operations: readonly TransactOperation[], idempotency?: IdempotencyRecord): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: operations.map((operation) => operation.item) }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        if (failed >= 0) {
          // A retried request whose first attempt committed: replay that attempt's response.
          // (Which conditions DynamoDB reports as failed is not guaranteed, so look it up.)
          if (idempotency) {
            const stored = await this.getIdempotency(idempotency.key);
            if (stored) throw new IdempotencyReplay(stored);
          }
          throw operations[failed]!.onConditionFailed();
        }
        const conflicting = reasons.some((reason) => reason.Code === 'TransactionConflict');
        if (!conflicting || attempt >= TRANSACTION_CONFLICT_RETRIES) {
          if (conflicting) throw new Conflict('Another change to the same record was in progress; try again.');
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25 + Math.random() * 25));
      }
    }
  }

  /** The idempotency record of a request: present only if the transaction holding it committed. */
  idempotencyOperations(idempotency: IdempotencyRecord | undefined): TransactOperation[] {
    if (!idempotency) return [];
    return [
      {
        item: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...idempotency.key,
              entity: 'idempotency',
              requestHash: idempotency.requestHash,
              response: idempotency.response,
              expiresAt: idempotency.expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: () => new Conflict('idempotency key in use'),
      },
    ];
  }

  /** Forgets an idempotency record, when the request it remembers was taken back. */
  idempotencyRemoval(idempotency: IdempotencyRecord | undefined): TransactOperation[] {
    if (!idempotency) return [];
    return [
      {
        item: { Delete: { TableName: this.tableName, Key: idempotency.key } },
        onConditionFailed: () => new Conflict('idempotency record changed'),
      },
    ];
  }

  /** An outbox item: the event waits next to the record it is about until the relay publishes it. */
  outboxOperation(recordKey: Key, event: DomainEvent, occurredAt: string): TransactOperation {
    const eventId = String(event.detail.eventId);
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.outbox(recordKey, eventId),
            entity: 'outbox',
            eventId,
            source: event.source,
            detailType: event.detailType,
            detail: event.detail,
            expiresAt: Math.floor(Date.parse(occurredAt) / 1000) + OUTBOX_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new Conflict('duplicate event id'),
    };
  }

  /** The record, its history, projections, claims, reference checks, extras and outbox event. */
  /**
   * @param touched keys already written by the transaction this change joins: a reference to a
   *   record created in the same transaction needs no check (and DynamoDB allows one operation
   *   per item).
   */
  changeOperations(change: Change, touched = new Set<string>()): TransactOperation[] {
    const { type, before, after } = change;
    const key = type.key(after.ids);
    const live = (record: StoredRecord | undefined) => record !== undefined && record.deletedAt === undefined;
    const operations: TransactOperation[] = [];
    touched.add(keyId(key));

    // 1. The record itself, guarded by its version.
    const indexKeys = live(after) ? type.indexKeys(after.data, after.ids) : {};
    operations.push({
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
    operations.push({
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
      operations.push({
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
      operations.push({
        item: { Delete: { TableName: this.tableName, Key: { pk: projection.pk, sk: projection.sk } } },
        onConditionFailed: () => new Conflict('projection delete failed'),
      });
    }

    // 4. Uniqueness claims: a value is claimed by one record; a claim is kept while deleted.
    const oldClaims = before ? type.uniques(before.data) : [];
    const newClaims = type.uniques(after.data);
    const oldClaimIds = new Set(oldClaims.map((claim) => keyId(claim.key)));
    const newClaimIds = new Set(newClaims.map((claim) => keyId(claim.key)));
    for (const claim of newClaims.filter((candidate) => !oldClaimIds.has(keyId(candidate.key)))) {
      touched.add(keyId(claim.key));
      operations.push({
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
            `${claim.field} ${JSON.stringify(after.data[claim.field])} already belongs to another ${type.label.toLowerCase()}.`,
          ),
      });
    }
    for (const claim of oldClaims.filter((candidate) => !newClaimIds.has(keyId(candidate.key)))) {
      touched.add(keyId(claim.key));
      operations.push({
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
        operations.push({
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
    operations.push(...(change.extra ?? []));

    // 7. The outbox event, next to the record so no partition is hot.
    if (change.event) operations.push(this.outboxOperation(key, change.event, after.updatedAt));
    return operations;
  }
}
