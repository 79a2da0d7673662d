import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { ENV, queueOf } from '../manifest';
import { getDocumentClient } from '../platform/aws-clients';
import { requireEnv } from '../platform/config';
import { EnrollmentProcessor, type Outcome } from '../use-cases/enrollment/enroll-request';
import { logger } from '../platform/observability';
import { SingleTablePersistenceLayer } from '../platform/powertools-persistence';
import { EnrollmentStore } from '../repositories/enrollment-store';
import { RecordStore } from '../repositories/record-store';

/** `generation` counts the request's resolutions: a resolved request is processed afresh. */
const MessageSchema = z.object({ requestId: z.string().min(1), generation: z.number().int().min(0).default(0) });

const tableName = requireEnv(ENV.table);
const enrollments = new EnrollmentStore(getDocumentClient(), tableName);
const processor = new EnrollmentProcessor(new RecordStore(getDocumentClient(), tableName), enrollments);
const { maxReceives } = queueOf('enrollment');

const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: '[requestId, generation]', expiresAfterSeconds: 24 * 3600 });
/**
 * Powertools idempotency per request: a duplicate delivery that arrives while the first is still
 * running waits (it fails and is retried), and one that arrives after gets the stored outcome.
 * The enrollment transaction's own conditions make a double enrollment impossible either way.
 */
const processOnce = makeIdempotent(
  async (message: { requestId: string; generation: number }): Promise<Outcome> => processor.process(message.requestId),
  {
    persistenceStore: new SingleTablePersistenceLayer(tableName),
    config: idempotencyConfig,
  },
);

export async function enrollFromMessage(record: SQSRecord): Promise<void> {
  const message = MessageSchema.parse(JSON.parse(record.body));
  try {
    const outcome = await processOnce(message);
    logger.info('enrollment request processed', { requestId: message.requestId, status: outcome.status });
  } catch (error) {
    // Leave the reason on the request; on the last receive, mark it FAILED: the message is
    // about to go to the DLQ, and a redrive will pick it up again.
    const attempts = Number(record.attributes.ApproximateReceiveCount ?? '1');
    const stored = await enrollments.getRequest(message.requestId).catch(() => undefined);
    if (stored) {
      const final =
        attempts >= maxReceives
          ? { status: 'FAILED' as const, at: new Date().toISOString(), by: 'enrollment-consumer', note: 'sent to the dead-letter queue' }
          : undefined;
      await enrollments
        .recordFailure(message.requestId, (error as Error).message, attempts, final, stored.schoolId, stored.createdAt)
        .catch(() => undefined);
    }
    logger.warn('enrollment attempt failed', { requestId: message.requestId, attempts, error: error as Error });
    throw error;
  }
}

/**
 * The intake queue's consumer: one transaction per request, failures retried one by one. The
 * batch processor is made per invocation: it holds the batch's failures, and the local runtime
 * runs concurrent invocations in one process.
 */
export const handler = middy(async (event: SQSEvent, context: Context) => {
  idempotencyConfig.registerLambdaContext(context);
  return processPartialResponse(event, enrollFromMessage, new BatchProcessor(EventType.SQS), { context });
}).use(injectLambdaContext(logger, { resetKeys: true }));
