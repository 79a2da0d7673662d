import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { keys, type Key } from '../../domain/keys';
import { noticeKeys } from '../../domain/notifications/notice-keys';
import { CHANNELS } from '../../domain/notifications/preferences';
import type { Claim, DeferredBy, Delivery, DeliveryKey, DeliveryStep } from './delivery-types';
import { queryByPrefix, type Page } from './query';

export type { Claim, DeferredBy, Delivery, DeliveryContent, DeliveryKey, DeliveryStatus, DeliveryStep } from './delivery-types';

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException';

export const deliveryKey = (delivery: DeliveryKey): Key => keys.delivery(delivery.eventId, delivery.guardianId, delivery.channel);

export const deliveryItem = (delivery: Delivery) => ({
  ...deliveryKey(delivery),
  entity: 'notificationDelivery',
  ...keys.deliveryOfStudent(delivery.studentId, delivery.occurredAt, delivery.eventId, delivery.guardianId, delivery.channel),
  ...delivery,
});

/** Strips the storage attributes off an item. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = item;
  return rest as T;
}

const appendStep = 'steps = list_append(if_not_exists(steps, :noSteps), :step)';

/** An item of the due index: a deferred delivery, or a notice waiting to be put together. */
export interface DueEntry {
  readonly entity: string;
  readonly item: Record<string, unknown>;
}

/**
 * Deliveries: each is the claim that makes one notice reach one guardian by one channel once
 * (decision 0055), and the record of its steps (decision 0119). Every change is one conditional
 * write of the delivery item.
 */
/** The provider answered about a message before its sender recorded the send: the answer is to be tried again shortly. */
export class NotRecordedAsSent extends Error {
  constructor(key: DeliveryKey, cause: unknown) {
    super(`delivery ${key.eventId}/${key.guardianId} is not recorded as sent yet`, { cause });
    this.name = 'NotRecordedAsSent';
  }
}

export class DeliveryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records a delivery in a waiting or final state (skipped, deferred, suppressed) if none is recorded. @returns false when one was */
  async recordOnce(delivery: Delivery): Promise<boolean> {
    const steps: DeliveryStep[] = [
      { status: 'queued', at: delivery.createdAt },
      ...(delivery.status === 'sending'
        ? []
        : [
            {
              status: delivery.status,
              at: delivery.createdAt,
              ...(delivery.reason ? { reason: delivery.reason } : delivery.deferredBy ? { reason: delivery.deferredBy } : {}),
              ...(delivery.sendAfter ? { until: delivery.sendAfter } : {}),
            },
          ]),
    ];
    const item = {
      ...deliveryItem({ ...delivery, steps }),
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
   * send failed, whose lease ran out (the sender died), or whose paced slot has come. A delivery
   * waiting for a later slot is not taken: the claim says until when it waits.
   */
  async claim(delivery: Omit<Delivery, 'status' | 'leaseUntil'>, now: Date, leaseSeconds: number): Promise<Claim> {
    const item = deliveryItem({ ...delivery, status: 'sending' });
    const { pk: _pk, sk: _sk, ...attributes } = item;
    const names: Record<string, string> = { '#status': 'status', '#lease': 'leaseUntil', '#by': 'deferredBy', '#slot': 'slotAt' };
    const at = now.toISOString();
    const values: Record<string, unknown> = {
      ':sending': 'sending',
      ':failed': 'failed',
      ':deferred': 'deferred',
      ':pacing': 'pacing',
      ':now': at,
      ':lease': new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
      ':one': 1,
      ':zero': 0,
      ':queued': [{ status: 'queued', at }],
    };
    const sets = Object.entries(attributes)
      .filter(([name]) => !['status', 'attempts', 'lastError', 'steps', 'slotAt', 'deferredBy', 'sendAfter'].includes(name))
      .map(([name, value], index) => {
        names[`#a${index}`] = name;
        values[`:a${index}`] = value;
        return `#a${index} = :a${index}`;
      });
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(delivery),
          UpdateExpression:
            `SET ${[...sets, '#status = :sending', '#lease = :lease', 'attempts = if_not_exists(attempts, :zero) + :one', 'steps = if_not_exists(steps, :queued)'].join(', ')}` +
            ' REMOVE #slot, gsi2pk, gsi2sk',
          ConditionExpression:
            'attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND #lease < :now) OR ' +
            '(#status = :deferred AND #by = :pacing AND (attribute_not_exists(#slot) OR #slot <= :now))',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return {
        claimed: true,
        slotReserved: typeof result.Attributes?.slotAt === 'string',
        deferrals: Number(result.Attributes?.deferrals ?? 0),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
      const old = raw ? (unmarshall(raw) as Partial<Delivery>) : {};
      const waiting = old.status === 'deferred' && old.deferredBy === 'pacing' && old.slotAt;
      return { claimed: false, ...(old.status ? { status: old.status } : {}), ...(waiting ? { waitUntil: new Date(old.slotAt!) } : {}) };
    }
  }

  /**
   * Claims a deferred delivery whose time has come (or one whose sender died mid-send).
   * @returns the delivery, or undefined when another sweep or sender took it or it was sent
   */
  async claimDue(key: DeliveryKey, now: Date, leaseSeconds: number): Promise<Delivery | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(key),
          UpdateExpression: 'SET #status = :sending, #lease = :lease, attempts = if_not_exists(attempts, :zero) + :one',
          ConditionExpression:
            '(#status = :deferred AND (attribute_not_exists(sendAfter) OR sendAfter <= :now)) OR (#status = :sending AND #lease < :now)',
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

  /**
   * Puts a claimed delivery back to wait: for its paced slot (which it then holds), or a while
   * after the provider throttled it. It also waits in the due index, so the sweep sends it if the
   * notifier's message does not come back first.
   */
  async defer(
    key: DeliveryKey,
    wait: { by: DeferredBy; at: string; until: Date; slotAt?: Date; reason: string; firstDeferral: boolean },
  ): Promise<void> {
    const until = wait.until.toISOString();
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(key),
        UpdateExpression:
          `SET #status = :deferred, deferredBy = :by, sendAfter = :until, lastError = :reason, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, ` +
          `deferrals = if_not_exists(deferrals, :zero) + :one${wait.slotAt ? ', slotAt = :slot' : ''}${wait.firstDeferral ? `, ${appendStep}` : ''} ` +
          `REMOVE leaseUntil${wait.slotAt ? '' : ', slotAt'}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':deferred': 'deferred',
          ':by': wait.by,
          ':until': until,
          ':reason': wait.reason,
          ':zero': 0,
          ':one': 1,
          ...keyValues(keys.dueDelivery(key.guardianId, until, key.eventId, key.channel)),
          ...(wait.slotAt ? { ':slot': wait.slotAt.toISOString() } : {}),
          ...(wait.firstDeferral ? { ':noSteps': [], ':step': [{ status: 'deferred', at: wait.at, reason: wait.by, until }] } : {}),
        },
      }),
    );
  }

  /** The send went out: the delivery is sent and leaves the due index. */
  async markSent(key: DeliveryKey, sentAt: string, messageId: string, sms?: Delivery['sms']): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(key),
        UpdateExpression:
          `SET #status = :sent, sentAt = :sentAt, messageId = :messageId${sms ? ', sms = :sms' : ''}, ${appendStep} ` +
          'REMOVE leaseUntil, lastError, gsi2pk, gsi2sk, slotAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sentAt': sentAt,
          ':messageId': messageId,
          ':noSteps': [],
          ':step': [{ status: 'sent', at: sentAt }],
          ...(sms ? { ':sms': sms } : {}),
        },
      }),
    );
  }

  /** A claimed delivery that will not be sent: the channel's month budget is spent (SMS spend limit). */
  async markSuppressed(key: DeliveryKey, reason: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(key),
        UpdateExpression: `SET #status = :suppressed, reason = :reason, ${appendStep} REMOVE leaseUntil, gsi2pk, gsi2sk, slotAt`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':suppressed': 'suppressed',
          ':reason': reason,
          ':noSteps': [],
          ':step': [{ status: 'suppressed', at, reason }],
        },
      }),
    );
  }

  /**
   * The send failed: `failed` (the queue retries the event, and the claim may be taken again),
   * or, for a deferred one, back to `deferred` for the next sweep.
   */
  async markFailed(key: DeliveryKey, error: string, status: 'failed' | 'deferred', at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(key),
        // Given up for good, a deferred delivery leaves the due index (the sweep stops trying it).
        UpdateExpression: `SET #status = :status, lastError = :error, ${appendStep} REMOVE leaseUntil${status === 'failed' ? ', gsi2pk, gsi2sk' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':error': error.slice(0, 500),
          ':noSteps': [],
          ':step': [{ status, at, reason: error.slice(0, 200) }],
        },
      }),
    );
  }

  /**
   * What the provider said afterwards (SES's delivery, bounce and complaint events). A delivery
   * receipt does not overwrite a bounce or complaint that came first. @returns the delivery, or
   * undefined when there is none or the outcome did not apply
   */
  async recordOutcome(
    key: DeliveryKey,
    outcome: 'delivered' | 'bounced' | 'complained',
    at: string,
    detail?: string,
  ): Promise<Delivery | undefined> {
    const from = outcome === 'delivered' ? ['sent'] : outcome === 'bounced' ? ['sent', 'delivered'] : ['sent', 'delivered', 'bounced'];
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(key),
          UpdateExpression: `SET #status = :outcome, ${appendStep}`,
          ConditionExpression: `#status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':outcome': outcome,
            ':noSteps': [],
            ':step': [{ status: outcome, at, ...(detail ? { reason: detail.slice(0, 200) } : {}) }],
            ...Object.fromEntries(from.map((status, index) => [`:from${index}`, status])),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return result.Attributes ? fromItem<Delivery>(result.Attributes) : undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The provider can answer before the sender has recorded its send: the event is retried until it has.
      const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
      if (raw && unmarshall(raw).status === 'sending') throw new NotRecordedAsSent(key, error);
      return undefined;
    }
  }

  /** Remembers which deliveries one digest message carries, before it is sent (SES's events name it by this id). */
  async rememberDigest(digestId: string, deliveries: readonly DeliveryKey[], at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...noticeKeys.sentMessage(digestId),
          entity: 'digestMessage',
          deliveries: deliveries.map(({ eventId, guardianId, channel }) => ({ eventId, guardianId, channel })),
          at,
        },
      }),
    );
  }

  async digestDeliveries(digestId: string): Promise<DeliveryKey[]> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: noticeKeys.sentMessage(digestId) }));
    return (result.Item?.deliveries as DeliveryKey[] | undefined) ?? [];
  }

  /** Items of one shard of the due index due at or before `now`, oldest first: deferred deliveries and waiting notices. */
  async due(shard: number, now: string, limit: number, cursor?: string): Promise<Page<DueEntry>> {
    const page = await queryByPrefix(this.client, this.tableName, {
      index: 'gsi2',
      partition: keys.dueDeliveries(shard),
      // Sort keys start with the ISO instant; '0' sorts before any of them (an index key cannot be empty).
      sortKeyBetween: ['0', `${now}~`],
      limit,
      cursor,
    });
    return { items: page.items.map((item) => ({ entity: String(item.entity), item })), nextCursor: page.nextCursor };
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

  /** The deliveries of several notices to a guardian, every channel (the inbox's view of them). */
  async deliveriesOf(notices: readonly { eventId: string; guardianId: string }[]): Promise<Delivery[]> {
    const wanted: Record<string, unknown>[] = notices.flatMap((notice) =>
      CHANNELS.map((channel) => ({ ...deliveryKey({ ...notice, channel }) })),
    );
    const found: Delivery[] = [];
    for (let start = 0; start < wanted.length; start += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.tableName]: { Keys: wanted.slice(start, start + 100) },
      };
      // BatchGetItem may leave keys unprocessed under load: ask again for those.
      for (let attempt = 0; request && attempt < 8; attempt += 1) {
        const result: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(result.Responses?.[this.tableName] ?? []).map((item) => fromItem<Delivery>(item)));
        const left: Record<string, unknown>[] | undefined = result.UnprocessedKeys?.[this.tableName]?.Keys;
        request = left && left.length > 0 ? { [this.tableName]: { Keys: left } } : undefined;
      }
    }
    return found;
  }
}

const keyValues = (index: { gsi2pk?: string; gsi2sk?: string }) => ({ ':gsi2pk': index.gsi2pk, ':gsi2sk': index.gsi2sk });
