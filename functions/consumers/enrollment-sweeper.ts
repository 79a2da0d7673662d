import middy from '@middy/core';
import * as z from 'zod';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { sqsQueue } from '../platform/sqs-queue';
import { getServices } from '../services';
import { requeueUnsettled } from '../use-cases/enrollment/unsettled-requests';

/** The schedule's input (functions/manifest.ts SCHEDULES). */
const SweepSchema = z.object({ olderThanSeconds: z.number().int().min(0).default(300) });

const observability = observabilityFor('enrollmentSweeper');
const queue = sqsQueue('enrollment');

/**
 * Scheduled: requests PENDING for longer than the threshold since they were last queued are
 * queued again. It closes the gap of a function that died between storing a request and queueing
 * it, and of an intake whose take-back failed. The consumer is idempotent, so a request that was
 * only slow to be processed is processed once.
 */
export const handler = middy(async (event: unknown) => {
  const { olderThanSeconds } = SweepSchema.parse(event ?? {});
  const requeued = await requeueUnsettled({ services: getServices(), queue, log: observability.logger }, 'PENDING', olderThanSeconds);
  if (requeued > 0) {
    count(observability, METRIC.enrollmentRequestsRequeued, requeued);
    observability.logger.warn('queued PENDING enrollment requests again', { requeued, olderThanSeconds });
  }
  return { requeued };
}).use(observability.middlewares());
