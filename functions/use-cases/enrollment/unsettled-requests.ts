import { RequestAlreadySettled } from '../../../domain/enrollment/errors';
import type { Log } from '../../platform/observability';
import type { WorkQueue } from '../../platform/sqs-queue';
import type { StatusTransition } from '../../repositories/enrollment-store';
import type { Services } from '../../services';

export interface RequeueDeps {
  readonly services: Pick<Services, 'enrollments' | 'transactions' | 'now'>;
  readonly queue: WorkQueue;
  readonly log: Log;
}

/**
 * Queues again the requests that have been PENDING (the sweeper) or FAILED (the redrive) since
 * before `olderThanSeconds` ago, found in the district-wide index without a scan. Each one is
 * first moved to the end of its index partition by a conditional write, so two sweeps never
 * queue it twice, then sent; a duplicate message is harmless (the consumer is idempotent).
 * @returns how many were queued
 */
export async function requeueUnsettled(deps: RequeueDeps, status: 'PENDING' | 'FAILED', olderThanSeconds: number): Promise<number> {
  const { enrollments, transactions, now } = deps.services;
  const before = new Date(now().getTime() - olderThanSeconds * 1000).toISOString();
  const found = await enrollments.unsettledSince(status, before);
  let queued = 0;
  for (const request of found) {
    try {
      await transactions.transact([enrollments.requeued(request, now().toISOString())]);
      await deps.queue.send({ requestId: request.id, generation: request.generation });
      queued += 1;
    } catch (error) {
      if (error instanceof RequestAlreadySettled) continue; // settled or re-queued meanwhile
      // Left where it is: the next sweep (or redrive) tries again.
      deps.log.warn('could not queue an unsettled enrollment request again', { requestId: request.id, error: error as Error });
    }
  }
  return queued;
}

/** The actor of the dead-letter consumer's changes. */
const DEAD_LETTERS_ACTOR = 'enrollment-dead-letters';

/**
 * A request whose message reached the dead-letter queue while the request was still PENDING (its
 * function died or timed out on every attempt, so no attempt marked it) is marked FAILED with the
 * reason, so the family's status does not say PENDING for ever. A FAILED or settled request is
 * left alone, so a redelivery changes nothing.
 * @returns true when this call marked it
 */
export async function markDeadLettered(
  services: Pick<Services, 'enrollments' | 'transactions' | 'now'>,
  requestId: string,
): Promise<boolean> {
  const stored = await services.enrollments.getRequest(requestId);
  if (!stored || stored.status !== 'PENDING') return false;
  const reason =
    'Its message reached the dead-letter queue: every attempt ended without an answer (the function timed out or stopped)' +
    (stored.lastError ? `; the last error was: ${stored.lastError}` : '.');
  const transition: StatusTransition = {
    status: 'FAILED',
    at: services.now().toISOString(),
    by: DEAD_LETTERS_ACTOR,
    note: 'sent to the dead-letter queue',
  };
  try {
    await services.transactions.transact([services.enrollments.deadLettered(stored, reason, transition)]);
    return true;
  } catch (error) {
    if (error instanceof RequestAlreadySettled) return false;
    throw error;
  }
}
