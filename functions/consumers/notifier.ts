import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { noticeOf } from '../../events/notifications';
import { getNotificationChannels } from '../platform/notification-channels';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { getServices } from '../services';
import { resolveNotice } from '../use-cases/notifications/gradebook-notices';
import { notifyEvent } from '../use-cases/notifications/notify';

/** A domain event as EventBridge delivers it to the notifications queue. */
const EnvelopeSchema = z.object({ source: z.string(), 'detail-type': z.string(), detail: z.record(z.string(), z.unknown()) });

const observability = observabilityFor('notifier');

/** Tells the guardians of the event's student; a send that fails fails this record alone, and the queue retries it. */
export async function notifyRecord(record: SQSRecord): Promise<void> {
  const envelope = EnvelopeSchema.parse(JSON.parse(record.body));
  const services = getServices();
  const parsed = noticeOf(envelope['detail-type'], envelope.detail);
  // A version-2 gradebook event carries ids: what its notice says is read from the table now (decision 0089).
  const notice = parsed && (await resolveNotice(services, parsed));
  if (parsed && !notice) observability.logger.warn('no notice: what the event is about is not in the table', { eventId: parsed.eventId });
  if (!notice) return;
  const outcome = await notifyEvent(services, getNotificationChannels(), notice);
  count(observability, METRIC.noticesWritten, outcome.inbox);
  count(observability, METRIC.notificationsSent, outcome.sent);
  count(observability, METRIC.notificationsDeferred, outcome.deferred);
  count(observability, METRIC.notificationsSkipped, outcome.skipped);
  if (outcome.repeated > 0) observability.logger.info('event notified before', { eventId: notice.eventId, repeated: outcome.repeated });
}

/** The notifier: one record per domain event, partial batch failures (functions/manifest.ts QUEUES `notifications`). */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, notifyRecord, new BatchProcessor(EventType.SQS), { context }),
).use(observability.middlewares());
