import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { noticeKeys } from '../../domain/notifications/notice-keys';

/** A channel's shared rate: every notifier instance takes its tokens from the same items. */
export interface RateBucket {
  /** The channel and origination identity, e.g. `email`, `sms-tollFree`. */
  readonly name: string;
  /** Tokens a second, all shards together (already below the provider's rate). */
  readonly perSecond: number;
  /** Tokens that may go at once after a quiet spell. */
  readonly burst: number;
  /** Items the bucket is spread over, each with its share of the rate (a busy bucket is no hot key). */
  readonly shards: number;
  /** Tokens a calendar month (UTC) may spend, all shards together: the SMS spend limit in parts. */
  readonly monthlyTokens?: number;
}

/** When the tokens asked for may be used. */
export type Reservation =
  /** Now: send. */
  | { readonly kind: 'now' }
  /** Reserved for `at`: send then, and take no other token for it. */
  | { readonly kind: 'later'; readonly at: Date }
  /** Nothing reserved: the bucket is booked beyond the horizon; ask again at `retryAt`. */
  | { readonly kind: 'full'; readonly retryAt: Date }
  /** The month's budget is spent: do not send by this channel this month. */
  | { readonly kind: 'spent' };

/** How far ahead a slot may be booked (a wave of notices queues up to this long, then asks again). */
export const MAX_RESERVATION_MS = 60 * 60_000;

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException';

const monthAttribute = (now: Date) => `m${now.toISOString().slice(0, 7).replace('-', '')}`;

/**
 * A shared token bucket in the table, as the generic cell rate algorithm (GCRA): each shard keeps
 * one number, `tat`, the instant its next token is free. Reserving n tokens is one conditional
 * update that moves `tat` by n intervals and says when the caller may send: now, or at a slot it
 * now owns. A busy bucket therefore spreads a wave exactly at the rate, with no retry storm: each
 * sender learns its slot and comes back then (decision 0115). An SMS bucket also counts the
 * month's parts against the spend limit, in the same update.
 */
export class RateLimiterStore {
  /** Per shard: whether it was found busy last time, so the first update tried is usually the right one. */
  private readonly busy = new Map<string, boolean>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly random: () => number = Math.random,
  ) {}

  async reserve(bucket: RateBucket, tokens: number, now: Date): Promise<Reservation> {
    const shards = Math.max(1, Math.floor(bucket.shards));
    const shard = shards > 1 ? Math.floor(this.random() * shards) : 0;
    const key = noticeKeys.rateBucket(bucket.name, shard);
    const interval = (1000 * shards) / bucket.perSecond;
    const cost = Math.max(1, tokens) * interval;
    const tolerance = Math.max(0, bucket.burst / shards - 1) * interval;
    const nowMs = now.getTime();
    const month = monthAttribute(now);
    const budget = bucket.monthlyTokens === undefined ? undefined : Math.floor(bucket.monthlyTokens / shards) - tokens;
    if (budget !== undefined && budget < 0) return { kind: 'spent' };
    const spend = budget === undefined ? '' : ' AND (attribute_not_exists(#month) OR #month <= :budget)';
    const common = {
      TableName: this.tableName,
      Key: key,
      ExpressionAttributeNames: { '#tat': 'tat', ...(budget === undefined ? {} : { '#month': month }) },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    const add = budget === undefined ? '' : ' ADD #month :tokens';
    const budgetValues = budget === undefined ? {} : { ':budget': budget, ':tokens': tokens };
    const shardId = `${key.pk}`;
    for (let attempt = 0; attempt < 6; attempt += 1) {
      try {
        if (this.busy.get(shardId)) {
          // Busy: book the next free interval, if it is within the horizon.
          const result = await this.client.send(
            new UpdateCommand({
              ...common,
              UpdateExpression: `SET #tat = #tat + :cost${add}`,
              ConditionExpression: `#tat > :now AND #tat <= :horizon${spend}`,
              ExpressionAttributeValues: { ':cost': cost, ':now': nowMs, ':horizon': nowMs + MAX_RESERVATION_MS, ...budgetValues },
              ReturnValues: 'UPDATED_NEW',
            }),
          );
          const slot = Math.max(nowMs, Number(result.Attributes?.tat) - cost - tolerance);
          return slot <= nowMs ? { kind: 'now' } : { kind: 'later', at: new Date(slot) };
        }
        // Idle: the bucket's next free instant has passed; the caller sends now.
        await this.client.send(
          new UpdateCommand({
            ...common,
            UpdateExpression: `SET #tat = :next, entity = :entity${add}`,
            ConditionExpression: `(attribute_not_exists(#tat) OR #tat <= :now)${spend}`,
            ExpressionAttributeValues: { ':next': nowMs + cost, ':now': nowMs, ':entity': 'rateBucket', ...budgetValues },
          }),
        );
        this.busy.set(shardId, false);
        return { kind: 'now' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const old = (error as { Item?: Record<string, AttributeValue> }).Item;
        const item = old ? unmarshall(old) : {};
        if (budget !== undefined && Number(item[month] ?? 0) > budget) return { kind: 'spent' };
        const tat = item.tat === undefined ? undefined : Number(item.tat);
        if (tat !== undefined && tat > nowMs + MAX_RESERVATION_MS) {
          this.busy.set(shardId, true);
          return { kind: 'full', retryAt: new Date(tat - MAX_RESERVATION_MS) };
        }
        this.busy.set(shardId, tat !== undefined && tat > nowMs);
      }
    }
    // Contended beyond reason: come back in a second rather than fail the notice.
    return { kind: 'full', retryAt: new Date(nowMs + 1000) };
  }
}
