import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import type { DomainEvent } from '../../events/catalog';
import { exponential, retrying } from '../platform/retry';

/** One write inside a transaction, with the error its failed condition means. */
export interface TransactionItem {
  readonly item: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];
  /** The error to raise when this item's condition fails. */
  readonly onConditionFailed: () => Error;
}

/** What a committed write remembers for a client that retries it with the same Idempotency-Key. */
export interface StoredIdempotency {
  /** Identifies "the same request" (method, path, precondition, body). */
  readonly fingerprint: string;
  /** The use case's result, returned again to a retry. */
  readonly result: unknown;
}

export interface IdempotencyRecord extends StoredIdempotency {
  readonly key: Key;
  /** Epoch seconds after which DynamoDB may expire the record. */
  readonly expiresAt: number;
}

/** A retried request whose first attempt committed: its stored result is the answer. */
export class IdempotencyReplay extends Error {
  constructor(readonly stored: StoredIdempotency) {
    super('idempotent replay');
  }
}

const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;
const TRANSACTION_CONFLICT_RETRIES = 4;
/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** Why DynamoDB cancelled a transaction, item by item (none for any other error). */
const reasonsOf = (error: unknown) => (error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : []);
/** The first item whose condition failed, or -1. */
const failedCondition = (error: unknown) => reasonsOf(error).findIndex((reason) => reason.Code === 'ConditionalCheckFailed');

/** A key as a string, for sets of the items a transaction touches. */
export const keyId = (key: Key) => `${key.pk}|${key.sk}`;

/**
 * The key an item touches, and what it does there: a ConditionCheck's condition (two equal checks
 * of one item are one), else 'write' (DynamoDB allows one operation per item in a transaction).
 */
export function touchOf(entry: TransactionItem): { key: string; use: string } {
  const { Put, Update, Delete, ConditionCheck } = entry.item;
  const key = Put?.Item ?? Update?.Key ?? Delete?.Key ?? ConditionCheck?.Key;
  const use = ConditionCheck
    ? JSON.stringify([
        ConditionCheck.ConditionExpression,
        ConditionCheck.ExpressionAttributeNames,
        ConditionCheck.ExpressionAttributeValues,
      ])
    : 'write';
  return { key: keyId({ pk: String(key?.pk), sk: String(key?.sk) }), use };
}

/**
 * The one transaction runner: every write of the system is a TransactWriteItems built from
 * TransactionItems (the entity, its history, its outbox event, counters, claims, the
 * idempotency record), sent here. A failed condition raises the error its item names; a retried
 * request whose first attempt committed raises IdempotencyReplay; conflicts with concurrent
 * transactions are retried with backoff.
 */
export class TransactionRunner {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async transact(items: readonly TransactionItem[], idempotency?: IdempotencyRecord): Promise<void> {
    if (items.length > MAX_TRANSACTION_ITEMS)
      throw new Error(`a transaction of ${items.length} items exceeds DynamoDB's ${MAX_TRANSACTION_ITEMS}`);
    try {
      // Conflicts with concurrent transactions on the same items are retried with backoff.
      await retrying(() => this.client.send(new TransactWriteCommand({ TransactItems: items.map((entry) => entry.item) })), {
        attempts: TRANSACTION_CONFLICT_RETRIES + 1,
        delayMs: exponential(25, 25),
        retryable: (error) => reasonsOf(error).some((reason) => reason.Code === 'TransactionConflict') && failedCondition(error) < 0,
      });
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const failed = failedCondition(error);
      if (failed >= 0) {
        // Which conditions DynamoDB reports as failed is not guaranteed, so look the record up.
        if (idempotency) {
          const stored = await this.getIdempotency(idempotency.key);
          if (stored) throw new IdempotencyReplay(stored);
        }
        throw items[failed]!.onConditionFailed();
      }
      if (reasonsOf(error).some((reason) => reason.Code === 'TransactionConflict'))
        throw new Conflict('Another change to the same record was in progress; try again.');
      throw error;
    }
  }

  async getIdempotency(key: Key): Promise<StoredIdempotency | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item ? { fingerprint: String(Item.fingerprint), result: Item.result } : undefined;
  }

  /** The idempotency record of a request: present only if the transaction holding it committed. */
  idempotencyItems(record: IdempotencyRecord | undefined): TransactionItem[] {
    if (!record) return [];
    return [
      {
        item: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...record.key,
              entity: 'idempotency',
              fingerprint: record.fingerprint,
              result: record.result,
              expiresAt: record.expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: () => new Conflict('idempotency key in use'),
      },
    ];
  }

  /** Forgets an idempotency record, when the request it remembers was taken back. */
  idempotencyRemoval(record: Pick<IdempotencyRecord, 'key'> | undefined): TransactionItem[] {
    if (!record) return [];
    return [
      {
        item: { Delete: { TableName: this.tableName, Key: record.key } },
        onConditionFailed: () => new Conflict('idempotency record changed'),
      },
    ];
  }

  /** An outbox item: the event waits next to the record it is about (no hot partition) until the relay publishes it. */
  outboxItem(recordKey: Key, event: DomainEvent, occurredAt = String(event.detail.occurredAt)): TransactionItem {
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
}
