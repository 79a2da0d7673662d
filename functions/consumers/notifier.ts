import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { noticeOf } from '../../events/notifications';
import { getChannelRates } from '../platform/channel-rates';
import { sqsDelayedQueue, type DelayedQueue } from '../platform/delayed-queue';
import { getNotificationChannels } from '../platform/notification-channels';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { getServices } from '../services';
import { resolveNotice } from '../use-cases/notifications/gradebook-notices';
import { notifyEvent, SendFailed } from '../use-cases/notifications/notify';

/** A domain event as EventBridge delivers it to the notifications queue. */
const EnvelopeSchema = z.object({ source: z.string(), 'detail-type': z.string(), detail: z.record(z.string(), z.unknown()) });

/** How many times a message went back to the queue to wait for its channels' pace (for the logs). */
export const DEFERRALS_ATTRIBUTE = 'sis-deferrals';

const observability = observabilityFor('notifier');
let queue: DelayedQueue | undefined;

/**
 * Tells the guardians of the event's student. A send that fails fails this record alone, and the
 * queue retries it. A send its channel's rate puts off (or the provider throttles) is no failure:
 * the message goes back to the queue as a new message, delayed until its slot (decision 0115),
 * and this one succeeds, so waiting never counts towards the queue's maxReceiveCount and
 * never dead-letters a notice.
 */
export async function notifyRecord(record: SQSRecord): Promise<void> {
  const envelope = EnvelopeSchema.parse(JSON.parse(record.body));
  const services = getServices();
  const parsed = noticeOf(envelope['detail-type'], envelope.detail);
  // A version-2 gradebook event carries ids: what its notice says is read from the table now (decision 0089).
  const notice = parsed && (await resolveNotice(services, parsed));
  if (parsed && !notice) observability.logger.warn('no notice: what the event is about is not in the table', { eventId: parsed.eventId });
  if (!notice) return;
  const outcome = await notifyEvent(services, { channels: getNotificationChannels(), rates: getChannelRates() }, notice).catch((error) => {
    if (error instanceof SendFailed) count(observability, METRIC.notificationsFailed, error.count);
    throw error;
  });
  count(observability, METRIC.noticesWritten, outcome.inbox);
  count(observability, METRIC.notificationsSent, outcome.sent);
  count(observability, METRIC.notificationsDeferred, outcome.deferred + outcome.waiting);
  count(observability, METRIC.notificationsSkipped, outcome.skipped);
  count(observability, METRIC.notificationsSuppressed, outcome.suppressed);
  if (outcome.repeated > 0) observability.logger.info('event notified before', { eventId: notice.eventId, repeated: outcome.repeated });
  if (outcome.waitUntil) {
    const deferrals = Number(record.messageAttributes?.[DEFERRALS_ATTRIBUTE]?.stringValue ?? 0) + 1;
    queue ??= sqsDelayedQueue('notifications');
    await queue.sendLater(record.body, (outcome.waitUntil.getTime() - services.now().getTime()) / 1000, {
      [DEFERRALS_ATTRIBUTE]: String(deferrals),
    });
    count(observability, METRIC.notificationsPaced, outcome.waiting);
  }
}

/** The notifier: one record per domain event, partial batch failures (functions/manifest.ts QUEUES `notifications`). */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, notifyRecord, new BatchProcessor(EventType.SQS), { context }),
).use(observability.middlewares());
