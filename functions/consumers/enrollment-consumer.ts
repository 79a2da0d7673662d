import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { ENV } from '../names';
import { queueOf } from '../queues';
import { requireEnv } from '../platform/config';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { SingleTablePersistenceLayer } from '../platform/powertools-persistence';
import { getServices } from '../services';
import { EnrollmentProcessor, recordAttemptFailure, type Outcome } from '../use-cases/enrollment/enroll-request';

/** `generation` counts the request's resolutions: a resolved request is processed afresh. */
const MessageSchema = z.object({ requestId: z.string().min(1), generation: z.number().int().min(0).default(0) });

const observability = observabilityFor('enrollmentConsumer');
const { logger } = observability;
const processor = new EnrollmentProcessor(getServices());
const { maxReceives } = queueOf('enrollment');

const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: '[requestId, generation]', expiresAfterSeconds: 24 * 3600 });
/**
 * Powertools idempotency per request: a duplicate delivery that arrives while the first is still
 * running waits (it fails and is retried), and one that arrives after gets the stored outcome.
 * The enrollment transaction's own conditions make a double enrollment impossible either way.
 */
const processOnce = makeIdempotent(
  async (message: { requestId: string; generation: number }): Promise<Outcome> => processor.process(message.requestId),
  { persistenceStore: new SingleTablePersistenceLayer(requireEnv(ENV.table)), config: idempotencyConfig },
);

const OUTCOME_METRIC = { ENROLLED: METRIC.enrollmentsCompleted, REJECTED: METRIC.enrollmentRequestsRejected } as const;

export async function enrollFromMessage(record: SQSRecord): Promise<void> {
  const message = MessageSchema.parse(JSON.parse(record.body));
  const attempts = Number(record.attributes.ApproximateReceiveCount ?? '1');
  try {
    const outcome = await processOnce(message);
    if (outcome.status !== 'SETTLED') count(observability, OUTCOME_METRIC[outcome.status]);
    logger.info('enrollment request processed', { requestId: message.requestId, status: outcome.status });
  } catch (error) {
    const last = attempts >= maxReceives;
    await recordAttemptFailure(getServices(), message.requestId, error as Error, { count: attempts, last }).catch(() => undefined);
    if (last) count(observability, METRIC.enrollmentRequestsFailed);
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
}).use(observability.middlewares());
