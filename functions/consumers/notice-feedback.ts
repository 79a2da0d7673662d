import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { sesEventOf } from '../platform/ses-events';
import { getServices } from '../services';
import { recordEmailFeedback } from '../use-cases/notifications/notice-feedback';

const observability = observabilityFor('noticeFeedback');

/** One SES event (delivery, bounce, complaint) from the configuration set's SNS destination; idempotent per event. */
export async function feedbackRecord(record: SQSRecord): Promise<void> {
  const result = await recordEmailFeedback(getServices(), sesEventOf(record.body));
  if (result.outcome === 'bounced') count(observability, METRIC.emailBounces, result.deliveries);
  if (result.outcome === 'complained') count(observability, METRIC.emailComplaints, result.deliveries);
  if (result.suppressed > 0) observability.logger.info('addresses suppressed', { outcome: result.outcome, suppressed: result.suppressed });
}

/** The notice feedback consumer (functions/manifest.ts QUEUES `noticeFeedback`): partial batch failures. */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, feedbackRecord, new BatchProcessor(EventType.SQS), { context }),
).use(observability.middlewares());
