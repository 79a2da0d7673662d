import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { getServices } from '../services';
import { markDeadLettered } from '../use-cases/enrollment/unsettled-requests';

const MessageSchema = z.object({ requestId: z.string().min(1) });

const observability = observabilityFor('enrollmentDeadLetters');

export async function settleDeadLetter(record: SQSRecord): Promise<void> {
  const parsed = MessageSchema.safeParse(JSON.parse(record.body));
  if (!parsed.success) {
    observability.logger.error('a dead letter that names no enrollment request', { messageId: record.messageId });
    return;
  }
  if (await markDeadLettered(getServices(), parsed.data.requestId)) {
    count(observability, METRIC.enrollmentRequestsDeadLettered);
    observability.logger.warn('enrollment request marked FAILED: its message was dead-lettered', { requestId: parsed.data.requestId });
  }
}

/**
 * The enrollment DLQ's consumer: a request still PENDING when its message arrives here is marked
 * FAILED with the reason. The request itself (FAILED, listed in the district-wide index) is what
 * the redrive queues again (`npm run redrive -- enrollment`); the message has done its work.
 */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, settleDeadLetter, new BatchProcessor(EventType.SQS), { context }),
).use(observability.middlewares());
