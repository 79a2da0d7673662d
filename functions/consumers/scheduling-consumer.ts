import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { observabilityFor } from '../platform/observability';
import { getServices } from '../services';
import { runRollover } from '../use-cases/enrollment/rollover';
import { runScheduling } from '../use-cases/scheduling/scheduling-run';

/** A scheduling run, or a school's year-end rollover (decision 0156): the district operations this queue carries. */
const MessageSchema = z.union([
  z.object({ runId: z.string().min(1) }),
  z.object({ rolloverId: z.string().min(1), schoolId: z.string().min(1) }),
]);
const observability = observabilityFor('schedulingConsumer');

async function runFromMessage(record: SQSRecord): Promise<void> {
  const message = MessageSchema.parse(JSON.parse(record.body));
  if ('rolloverId' in message) {
    const rollover = await runRollover(getServices(), message.schoolId, message.rolloverId);
    observability.logger.info('rollover done', { runId: rollover.runId, status: rollover.status, progress: rollover.progress });
    return;
  }
  const run = await runScheduling(getServices(), message.runId);
  observability.logger.info('scheduling run done', { runId: message.runId, totals: run.totals, progress: run.progress });
}

/**
 * The scheduling queue's consumer: one run per message (a scheduling run or a school's rollover); a redelivered run
 * resumes (placements, and students rolled over, already written are skipped).
 */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, runFromMessage, new BatchProcessor(EventType.SQS), { context }),
).use(observability.middlewares());
