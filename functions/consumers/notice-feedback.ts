import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { NotRecordedAsSent } from '../repositories/delivery-store';
import { sqsDelayedQueue, type DelayedQueue } from '../platform/delayed-queue';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { sesEventOf } from '../platform/ses-events';
import { getServices } from '../services';
import { recordEmailFeedback } from '../use-cases/notifications/notice-feedback';

const observability = observabilityFor('noticeFeedback');

/** How long an event about a send not yet recorded waits, and how often, before the queue's own retries take over. */
export const NOT_YET_SENT_RETRY = { delaySeconds: 5, attempts: 12 } as const;
const ATTEMPT_ATTRIBUTE = 'notYetSentAttempts';

let queue: DelayedQueue | undefined;

/**
 * One SES event (delivery, bounce, complaint) from the configuration set's SNS destination; idempotent per event.
 * SES can report a delivery before the notifier has recorded its send: such an event goes back to the queue for a
 * few seconds (as a new message) rather than failing, which would hide it for the queue's visibility timeout (190 s).
 * After a minute of that it fails as any other, and the queue's retries and dead-letter queue take over.
 */
export async function feedbackRecord(record: SQSRecord): Promise<void> {
  const result = await recordEmailFeedback(getServices(), sesEventOf(record.body)).catch(async (error: unknown) => {
    const attempts = Number(record.messageAttributes?.[ATTEMPT_ATTRIBUTE]?.stringValue ?? 0) + 1;
    if (!(error instanceof NotRecordedAsSent) || attempts > NOT_YET_SENT_RETRY.attempts) throw error;
    queue ??= sqsDelayedQueue('noticeFeedback');
    await queue.sendLater(record.body, NOT_YET_SENT_RETRY.delaySeconds, { [ATTEMPT_ATTRIBUTE]: String(attempts) });
    return undefined;
  });
  if (!result) return;
  if (result.outcome === 'bounced') count(observability, METRIC.emailBounces, result.deliveries);
  if (result.outcome === 'complained') count(observability, METRIC.emailComplaints, result.deliveries);
  if (result.suppressed > 0) observability.logger.info('addresses suppressed', { outcome: result.outcome, suppressed: result.suppressed });
}

/** The notice feedback consumer (functions/manifest.ts QUEUES `noticeFeedback`): partial batch failures. */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, feedbackRecord, new BatchProcessor(EventType.SQS), { context }),
).use(observability.middlewares());
