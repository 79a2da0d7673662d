import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { observabilityFor } from '../platform/observability';
import { getServices } from '../services';
import { runScheduling } from '../use-cases/scheduling/scheduling-run';

const MessageSchema = z.object({ runId: z.string().min(1) });
const observability = observabilityFor('schedulingConsumer');

async function runFromMessage(record: SQSRecord): Promise<void> {
  const { runId } = MessageSchema.parse(JSON.parse(record.body));
  const run = await runScheduling(getServices(), runId);
  observability.logger.info('scheduling run done', { runId, totals: run.totals, progress: run.progress });
}

/** The scheduling queue's consumer: one run per message; a redelivered run resumes (placements already written are skipped). */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, runFromMessage, new BatchProcessor(EventType.SQS), { context }),
).use(observability.middlewares());
