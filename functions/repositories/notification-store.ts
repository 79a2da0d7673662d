import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StaleVersion } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import type { Channel, NotificationKind, Preferences } from '../../domain/notifications/preferences';
import { queryByPrefix, type Page } from './query';
import type { TransactionRunner } from './transaction-runner';

/** A guardian's stored preferences. */
export interface StoredPreferences {
  readonly preferences: Preferences;
  readonly version: number;
  readonly updatedAt: string;
}

/** A notice in a guardian's inbox. */
export interface InboxNotice {
  readonly notificationId: string;
  readonly guardianId: string;
  readonly studentId: string;
  readonly kind: NotificationKind;
  readonly language: string;
  readonly subject: string;
  readonly body: string;
  readonly occurredAt: string;
  readonly createdAt: string;
  readonly readAt?: string;
}

export type DeliveryStatus = 'sent' | 'skipped' | 'deferred' | 'sending' | 'failed';

/** What the family is sent by email or SMS, rendered in their language when the event arrived. */
export interface DeliveryContent {
  readonly subject: string;
  readonly body: string;
  readonly sms: string;
}

/** The delivery of one event to one guardian by one channel. */
export interface Delivery {
  readonly eventId: string;
  readonly guardianId: string;
  readonly studentId: string;
  readonly channel: Channel;
  readonly kind: NotificationKind;
  readonly language: string;
  readonly occurredAt: string;
  readonly status: DeliveryStatus;
  readonly createdAt: string;
  /** Email address or phone number (email and SMS). */
  readonly to?: string;
  readonly content?: DeliveryContent;
  readonly sendAfter?: string;
  readonly deferredBy?: 'quietHours' | 'digest';
  readonly sentAt?: string;
  readonly messageId?: string;
  readonly reason?: string;
  readonly lastError?: string;
  readonly attempts?: number;
  /** While `sending`: until when the claim holds; after it, another attempt may take it over. */
  readonly leaseUntil?: string;
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException';

const deliveryKey = (delivery: Pick<Delivery, 'eventId' | 'guardianId' | 'channel'>): Key =>
  keys.delivery(delivery.eventId, delivery.guardianId, delivery.channel);

const deliveryItem = (delivery: Delivery) => ({
  ...deliveryKey(delivery),
  entity: 'notificationDelivery',
  ...keys.deliveryOfStudent(delivery.studentId, delivery.occurredAt, delivery.eventId, delivery.guardianId, delivery.channel),
  ...delivery,
});

/** Strips the storage attributes off an item. */
function fromItem<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = item;
  return rest as T;
}

/**
 * The notifications repository: preferences, inboxes and deliveries. A delivery item is the
 * claim that makes one event reach one guardian by one channel once: it is created or taken
 * over only under a condition, before anything is sent (decision 0055).
 */
export class NotificationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly transactions: TransactionRunner,
  ) {}

  async getPreferences(guardianId: string): Promise<StoredPreferences | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.notificationPreferences(guardianId) }));
    if (!result.Item) return undefined;
    // The guardian's view: the preferences and their version, not the item's bookkeeping.
    const stored = fromItem<StoredPreferences>(result.Item);
    return { preferences: stored.preferences, version: stored.version, updatedAt: stored.updatedAt };
  }

  /** Replaces a guardian's preferences; with `expectedVersion`, only over that version (412 otherwise). */
  async putPreferences(guardianId: string, preferences: Preferences, expectedVersion: number | undefined, now: string, by: string) {
    const current = await this.getPreferences(guardianId);
    const currentVersion = current?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== currentVersion) throw new StaleVersion(currentVersion);
    const version = currentVersion + 1;
    await this.transactions.transact([
      {
        item: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.notificationPreferences(guardianId),
              entity: 'notificationPreferences',
              guardianId,
              preferences,
              version,
              updatedAt: now,
              updatedBy: by,
            },
            ConditionExpression: current ? '#version = :version' : 'attribute_not_exists(pk)',
            ...(current
              ? { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': currentVersion } }
              : {}),
          },
        },
        onConditionFailed: () => new StaleVersion(currentVersion),
      },
    ]);
    return { preferences, version, updatedAt: now };
  }

  /**
   * Puts the notice in the guardian's inbox and records the inbox delivery, in one transaction,
   * both only if absent. @returns false when an earlier delivery of the event had done it
   */
  async writeInbox(notice: InboxNotice, delivery: Delivery): Promise<boolean> {
    const absent = 'attribute_not_exists(pk)';
    const already = new Error('already in the inbox');
    try {
      await this.transactions.transact([
        {
          item: {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.inboxItem(notice.guardianId, notice.notificationId), entity: 'inboxNotice', ...notice },
              ConditionExpression: absent,
            },
          },
          onConditionFailed: () => already,
        },
        {
          item: { Put: { TableName: this.tableName, Item: deliveryItem(delivery), ConditionExpression: absent } },
          onConditionFailed: () => already,
        },
      ]);
      return true;
    } catch (error) {
      if (error === already) return false;
      throw error;
    }
  }

  /** Records a delivery in its final or waiting state (skipped, deferred) if none is recorded. @returns false when one was */
  async recordOnce(delivery: Delivery): Promise<boolean> {
    const item = {
      ...deliveryItem(delivery),
      ...(delivery.status === 'deferred' && delivery.sendAfter
        ? keys.dueDelivery(delivery.guardianId, delivery.sendAfter, delivery.eventId, delivery.channel)
        : {}),
    };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Claims a delivery for sending: creates it as `sending` with a lease, or takes over one whose
   * send failed or whose lease ran out (the sender died). @returns false when it was sent,
   * skipped or deferred already, or another attempt holds a live lease
   */
  async claim(delivery: Omit<Delivery, 'status' | 'leaseUntil'>, now: Date, leaseSeconds: number): Promise<boolean> {
    const item = deliveryItem({ ...delivery, status: 'sending' });
    const { pk: _pk, sk: _sk, ...attributes } = item;
    const names: Record<string, string> = { '#status': 'status', '#lease': 'leaseUntil' };
    const values: Record<string, unknown> = {
      ':sending': 'sending',
      ':failed': 'failed',
      ':now': now.toISOString(),
      ':lease': new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
      ':one': 1,
      ':zero': 0,
    };
    const sets = Object.entries(attributes)
      .filter(([name]) => !['status', 'attempts', 'lastError'].includes(name))
      .map(([name, value], index) => {
        names[`#a${index}`] = name;
        values[`:a${index}`] = value;
        return `#a${index} = :a${index}`;
      });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(delivery),
          UpdateExpression: `SET ${[...sets, '#status = :sending', '#lease = :lease', 'attempts = if_not_exists(attempts, :zero) + :one'].join(', ')}`,
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND #lease < :now)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Claims a deferred delivery whose time has come (or one whose sender died mid-send).
   * @returns the delivery, or undefined when another sweep took it or it was sent
   */
  async claimDue(
    key: Pick<Delivery, 'eventId' | 'guardianId' | 'channel'>,
    now: Date,
    leaseSeconds: number,
  ): Promise<Delivery | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(key),
          UpdateExpression: 'SET #status = :sending, #lease = :lease, attempts = if_not_exists(attempts, :zero) + :one',
          ConditionExpression: '#status = :deferred OR (#status = :sending AND #lease < :now)',
          ExpressionAttributeNames: { '#status': 'status', '#lease': 'leaseUntil' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':deferred': 'deferred',
            ':now': now.toISOString(),
            ':lease': new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
            ':one': 1,
            ':zero': 0,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? fromItem<Delivery>(result.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** The send went out: the delivery is final and leaves the due index. */
  async markSent(key: Pick<Delivery, 'eventId' | 'guardianId' | 'channel'>, sentAt: string, messageId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(key),
        UpdateExpression: 'SET #status = :sent, sentAt = :sentAt, messageId = :messageId REMOVE leaseUntil, lastError, gsi2pk, gsi2sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':sentAt': sentAt, ':messageId': messageId },
      }),
    );
  }

  /**
   * The send failed: `failed` (the queue retries the event, and the claim may be taken again),
   * or, for a deferred one, back to `deferred` for the next sweep.
   */
  async markFailed(key: Pick<Delivery, 'eventId' | 'guardianId' | 'channel'>, error: string, status: 'failed' | 'deferred'): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(key),
        // Given up for good, a deferred delivery leaves the due index (the sweep stops trying it).
        UpdateExpression: `SET #status = :status, lastError = :error REMOVE leaseUntil${status === 'failed' ? ', gsi2pk, gsi2sk' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':error': error.slice(0, 500) },
      }),
    );
  }

  /** Deferred deliveries of one shard due at or before `now`, oldest first. */
  async due(shard: number, now: string, limit: number, cursor?: string): Promise<Page<Delivery>> {
    const page = await queryByPrefix(this.client, this.tableName, {
      index: 'gsi2',
      partition: keys.dueDeliveries(shard),
      // Sort keys start with the ISO instant; '0' sorts before any of them (an index key cannot be empty).
      sortKeyBetween: ['0', `${now}~`],
      limit,
      cursor,
    });
    return { items: page.items.map((item) => fromItem<Delivery>(item)), nextCursor: page.nextCursor };
  }

  async inbox(guardianId: string, limit: number, cursor?: string): Promise<Page<InboxNotice>> {
    const { pk, skPrefix } = keys.inboxOfGuardian(guardianId);
    const page = await queryByPrefix(this.client, this.tableName, {
      partition: pk,
      sortKeyPrefix: skPrefix,
      limit,
      cursor,
      descending: true,
    });
    return { items: page.items.map((item) => fromItem<InboxNotice>(item)), nextCursor: page.nextCursor };
  }

  /** Marks a notice read (the first time only). @returns the notice, or undefined when the guardian has none by that id */
  async markRead(guardianId: string, notificationId: string, now: string): Promise<InboxNotice | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.inboxItem(guardianId, notificationId),
          UpdateExpression: 'SET readAt = if_not_exists(readAt, :now)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? fromItem<InboxNotice>(result.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** What was sent about a student, newest first. */
  async deliveriesOfStudent(studentId: string, limit: number, cursor?: string): Promise<Page<Delivery>> {
    const page = await queryByPrefix(this.client, this.tableName, {
      index: 'gsi1',
      partition: keys.deliveriesOfStudent(studentId),
      limit,
      cursor,
      descending: true,
    });
    return { items: page.items.map((item) => fromItem<Delivery>(item)), nextCursor: page.nextCursor };
  }
}
