import { IdempotencyKeyReused } from '../../domain/errors';
import type { Key } from '../../domain/keys';
import type { Principal } from '../../domain/principal';
import type { IdempotencyRecord, StoredIdempotency } from './transaction-runner';

/** How long a result is kept for clients retrying with the same Idempotency-Key. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** Who writes, why, and how a retry of the same write is recognised. */
export interface WriteContext {
  readonly principal: Principal;
  /** Kept in the record's history. */
  readonly reason?: string;
  /** The client's retry token (scoped to the caller) and a fingerprint of what it asked for. */
  readonly idempotency?: { readonly key: Key; readonly fingerprint: string };
}

/** A write's result, and whether it is the stored result of an earlier attempt. */
export interface Written<T> {
  readonly result: T;
  readonly replayed: boolean;
}

/** The context of a write the system makes on its own (a consumer, a scheduled job): an actor, no retry token. */
export const systemContext = (actor: string, reason?: string): WriteContext => ({
  principal: { sub: actor, roles: [], schoolIds: [] },
  ...(reason ? { reason } : {}),
});

/** The idempotency record to commit with a write, when the caller sent a retry token. */
export function idempotencyRecord(context: WriteContext, result: unknown, at: string): IdempotencyRecord | undefined {
  if (!context.idempotency) return undefined;
  return {
    key: context.idempotency.key,
    fingerprint: context.idempotency.fingerprint,
    result,
    expiresAt: Math.floor(Date.parse(at) / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}

/** An earlier attempt's result; 422 when the same token was used for another request. */
export function replayOf<T>(context: WriteContext, stored: StoredIdempotency): Written<T> {
  if (stored.fingerprint !== context.idempotency?.fingerprint) {
    throw new IdempotencyKeyReused('This Idempotency-Key was used for a different request; use a new key for a new request.');
  }
  // The stored result is what this use case answered the first time: the same T.
  return { result: stored.result as T, replayed: true };
}
