import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { EventCommonSchema } from '../../events/catalog';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { getServices } from '../services';

/** Any domain event, as EventBridge delivers it to the queue: the audit trail needs the common part. */
const EnvelopeSchema = z.object({ source: z.string(), 'detail-type': z.string(), detail: EventCommonSchema });

const observability = observabilityFor('auditConsumer');

export async function fileEvent(record: SQSRecord): Promise<void> {
  const envelope = EnvelopeSchema.parse(JSON.parse(record.body));
  const { detail } = envelope;
  const filed = await getServices().activity.record(
    {
      eventId: detail.eventId,
      occurredAt: detail.occurredAt,
      source: envelope.source,
      detailType: envelope['detail-type'],
      recordType: detail.recordType,
      ids: detail.ids,
      actor: detail.actor,
      ...(detail.reason ? { reason: detail.reason } : {}),
      changedFields: detail.changedFields,
    },
    detail.schoolIds,
  );
  if (filed) count(observability, METRIC.eventsFiled);
  else observability.logger.info('event already filed', { eventId: detail.eventId });
}

/** Files each domain event in its schools' activity logs; failed messages are retried alone. */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, fileEvent, new BatchProcessor(EventType.SQS), { context }),
).use(observability.middlewares());
