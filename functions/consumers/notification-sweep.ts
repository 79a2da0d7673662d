import middy from '@middy/core';
import * as z from 'zod';
import { NOTIFY_DUE_SHARDS } from '../../domain/keys';
import { getChannelRates } from '../platform/channel-rates';
import { getNotificationChannels } from '../platform/notification-channels';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { getServices } from '../services';
import { sendDueNotifications } from '../use-cases/notifications/notice-sweep';

/** The schedule's input (functions/manifest.ts SCHEDULES): which shards of the due index; all by default. */
const SweepSchema = z.object({
  shards: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(NOTIFY_DUE_SHARDS - 1),
    )
    .optional(),
});

const observability = observabilityFor('notificationSweep');

/**
 * Scheduled: sends what quiet hours, digests and pacing held back once its time comes, one
 * message per guardian and channel, and puts together the notices that wait to be gathered (the
 * day's attendance summaries, the schedule sittings that ended). Nothing deferred is dropped: a
 * failed send stays due and is tried again on the next run.
 */
export const handler = middy(async (event: unknown) => {
  const { shards } = SweepSchema.parse(event ?? {});
  const outcome = await sendDueNotifications(
    getServices(),
    { channels: getNotificationChannels(), rates: getChannelRates() },
    shards ?? Array.from({ length: NOTIFY_DUE_SHARDS }, (_, shard) => shard),
  );
  count(observability, METRIC.notificationsSent, outcome.messages);
  count(observability, METRIC.notificationsPaced, outcome.paced);
  if (outcome.failed > 0) {
    count(observability, METRIC.notificationsFailed, outcome.failed);
    observability.logger.warn('deferred notices could not be sent; the next run tries again', { ...outcome });
  }
  return outcome;
}).use(observability.middlewares());
