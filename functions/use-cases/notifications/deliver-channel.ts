import type { SendChannel } from '../../../domain/notifications/preferences';
import { smsParts } from '../../../domain/notifications/sms-segments';
import { pacedRates, SMS_PRICE_PER_PART_USD, type ChannelRates } from '../../platform/channel-rates';
import { isThrottled, type NotificationChannels } from '../../platform/notification-channels';
import type { Delivery, DeliveryContent } from '../../repositories/delivery-store';
import type { RateBucket } from '../../repositories/rate-limiter-store';
import type { Services } from '../../services';

/**
 * How long a claim on a delivery holds. Above the notifier's timeout (a live sender keeps it),
 * below the queue's visibility timeout (the retry of a dead sender's message finds it expired).
 */
export const CLAIM_LEASE_SECONDS = 60;

/** What sends notices: the channels, and the rates they are paced to. */
export interface Senders {
  readonly channels: NotificationChannels;
  readonly rates: ChannelRates;
}

/** A bucket shard takes at most this many tokens a second (DynamoDB: well under a partition's 1,000 writes/s). */
const TOKENS_PER_SHARD = 50;
/** Share of the month's SMS spend limit the notifier spends; the rest is for the codes Cognito sends. */
const SMS_BUDGET_SHARE = 0.9;

/** The shared token buckets of this deployment's configured rates (decision 0115). */
export function bucketsOf(rates: ChannelRates): Record<SendChannel, RateBucket> {
  const paced = pacedRates(rates);
  const bucket = (name: string, perSecond: number): RateBucket => ({
    name,
    perSecond,
    burst: Math.max(1, Math.floor(perSecond)),
    shards: Math.max(1, Math.ceil(perSecond / TOKENS_PER_SHARD)),
  });
  const scope = rates.scope ? `${rates.scope}-` : '';
  return {
    email: bucket(`${scope}email`, paced.emailPerSecond),
    sms: {
      ...bucket(`${scope}sms-${rates.smsOrigination}`, paced.smsPartsPerSecond),
      monthlyTokens: Math.floor((rates.smsMonthlySpendUsd * SMS_BUDGET_SHARE) / SMS_PRICE_PER_PART_USD),
    },
  };
}

/** One email or SMS to send. */
export interface ChannelSend {
  readonly delivery: Omit<Delivery, 'status' | 'channel' | 'to' | 'content'>;
  readonly channel: SendChannel;
  readonly to: string;
  readonly content: DeliveryContent;
  readonly notificationIds: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

export type ChannelResult =
  | { readonly status: 'sent' }
  /** Done by an earlier delivery of the same notice (or being done by another sender now). */
  | { readonly status: 'repeated' }
  /** Paced or throttled: it waits, and goes when its time comes. */
  | { readonly status: 'waiting'; readonly until: Date }
  | { readonly status: 'suppressed'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string };

/** After a provider's throttle: 1, 2, 4… seconds, up to a minute, with jitter so retries do not arrive together. */
const backoffMs = (deferrals: number) => Math.min(60_000, 1000 * 2 ** Math.min(6, deferrals)) * (0.75 + Math.random() / 2);

/**
 * Sends one email or SMS once (decision 0055), at the channel's pace (0115): claims the delivery,
 * takes its tokens from the shared bucket (or uses the slot it already holds), sends, and records
 * the outcome with its time (0119). A delivery the bucket cannot serve now is given a slot and
 * waits for it; one the provider throttles waits a while; neither counts as a failure.
 */
export async function deliverByChannel(services: Services, senders: Senders, send: ChannelSend): Promise<ChannelResult> {
  const store = services.notifications.deliveries;
  const key = { eventId: send.delivery.eventId, guardianId: send.delivery.guardianId, channel: send.channel };
  const now = services.now();
  const claim = await store.claim(
    { ...send.delivery, channel: send.channel, to: send.to, content: send.content },
    now,
    CLAIM_LEASE_SECONDS,
  );
  if (!claim.claimed)
    return claim.waitUntil && claim.waitUntil > now ? { status: 'waiting', until: claim.waitUntil } : { status: 'repeated' };

  const parts = send.channel === 'sms' ? smsParts(send.content.sms) : undefined;
  const at = now.toISOString();
  if (!claim.slotReserved) {
    const reservation = await services.notifications.limiter.reserve(bucketsOf(senders.rates)[send.channel], parts?.parts ?? 1, now);
    if (reservation.kind === 'spent') {
      const reason = "the month's SMS spend limit is reached";
      await store.markSuppressed(key, reason, at);
      return { status: 'suppressed', reason };
    }
    if (reservation.kind !== 'now') {
      const until = reservation.kind === 'later' ? reservation.at : reservation.retryAt;
      await store.defer(key, {
        by: 'pacing',
        at,
        until,
        ...(reservation.kind === 'later' ? { slotAt: reservation.at } : {}),
        reason: `paced to the ${send.channel} rate`,
        firstDeferral: claim.deferrals === 0,
      });
      return { status: 'waiting', until };
    }
  }

  try {
    // The step's time is when the provider was handed the message: its delivery event may be stamped before the call returns.
    const sentAt = services.now();
    const messageId = await senders.channels.send({
      channel: send.channel,
      to: send.to,
      language: send.delivery.language,
      subject: send.content.subject,
      text: send.channel === 'sms' ? send.content.sms : send.content.body,
      notificationIds: send.notificationIds,
      tags: send.tags,
    });
    const { schoolId, occurredAt } = send.delivery;
    await Promise.all([
      store.markSent(key, sentAt.toISOString(), messageId, parts ? { encoding: parts.encoding, parts: parts.parts } : undefined),
      schoolId &&
        services.notifications.reports.count(
          schoolId,
          occurredAt.slice(0, 10),
          send.channel,
          'sent',
          sentAt.getTime() - Date.parse(occurredAt),
        ),
    ]);
    return { status: 'sent' };
  } catch (error) {
    if (isThrottled(error)) {
      const until = new Date(now.getTime() + backoffMs(claim.deferrals));
      await store.defer(key, {
        by: 'pacing',
        at,
        until,
        reason: `throttled by the provider: ${(error as Error).message}`,
        firstDeferral: claim.deferrals === 0,
      });
      return { status: 'waiting', until };
    }
    const reason = (error as Error).message;
    await store.markFailed(key, reason, 'failed', services.now().toISOString());
    return { status: 'failed', reason };
  }
}
