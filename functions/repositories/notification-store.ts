import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StaleVersion } from '../../domain/errors';
import { keys } from '../../domain/keys';
import type { NotificationKind, Preferences } from '../../domain/notifications/preferences';
import { DeliveryStore, deliveryItem, fromItem, type Delivery } from './delivery-store';
import { NoticeMemoryStore } from './notice-memory-store';
import { NoticeReportStore } from './notice-report-store';
import { queryByPrefix, type Page } from './query';
import { RateLimiterStore } from './rate-limiter-store';
import { SuppressionStore } from './suppression-store';
import type { TransactionRunner } from './transaction-runner';

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException';

export type { Delivery, DeliveryContent, DeliveryStatus, DeliveryStep, DeferredBy } from './delivery-store';

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

/**
 * The notifications repository: preferences and inboxes here, and the context's other stores
 * beside them: deliveries (the claims, decision 0055), the channels' shared rate (0115), what
 * families were told (0116), the suppression list (0117) and the notice report (0119).
 */
export class NotificationStore {
  readonly deliveries: DeliveryStore;
  readonly limiter: RateLimiterStore;
  readonly memory: NoticeMemoryStore;
  readonly suppressions: SuppressionStore;
  readonly reports: NoticeReportStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly transactions: TransactionRunner,
  ) {
    this.deliveries = new DeliveryStore(client, tableName);
    this.limiter = new RateLimiterStore(client, tableName);
    this.memory = new NoticeMemoryStore(client, tableName);
    this.suppressions = new SuppressionStore(client, tableName);
    this.reports = new NoticeReportStore(client, tableName);
  }

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
          item: {
            Put: {
              TableName: this.tableName,
              Item: deliveryItem({
                ...delivery,
                steps: [
                  { status: 'queued', at: delivery.createdAt },
                  { status: 'sent', at: delivery.sentAt ?? delivery.createdAt },
                ],
              }),
              ConditionExpression: absent,
            },
          },
          onConditionFailed: () => already,
        },
      ]);
      return true;
    } catch (error) {
      if (error === already) return false;
      throw error;
    }
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
}
