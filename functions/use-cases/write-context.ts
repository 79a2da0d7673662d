import { IdempotencyKeyReused } from '../../domain/errors';
import type { Key } from '../../domain/keys';
import type { Principal } from '../../domain/principal';
import { IdempotencyReplay, type IdempotencyRecord, type StoredIdempotency } from '../repositories/transaction-runner';

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

/** The idempotency record to commit with a write, when the caller sent a retry token. */
export function rememberResult(context: WriteContext, result: unknown, now: Date): IdempotencyRecord | undefined {
  if (!context.idempotency) return undefined;
  return {
    key: context.idempotency.key,
    fingerprint: context.idempotency.fingerprint,
    result,
    expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}

/** An earlier attempt's result; 422 when the same token was used for another request. */
export function replayOf<T>(context: WriteContext, stored: StoredIdempotency): Written<T> {
  if (stored.fingerprint !== context.idempotency?.fingerprint) {
    throw new IdempotencyKeyReused('This Idempotency-Key was used for a different request; use a new key for a new request.');
  }
  return { result: stored.result as T, replayed: true };
}

/**
 * Commits a write with its idempotency record. When the write turns out to be a retry of an
 * attempt that committed (two attempts racing), answers what the first attempt answered.
 */
export async function writeOnce<T>(
  context: WriteContext,
  result: T,
  now: Date,
  write: (idempotency: IdempotencyRecord | undefined) => Promise<void>,
): Promise<Written<T>> {
  try {
    await write(rememberResult(context, result, now));
    return { result, replayed: false };
  } catch (error) {
    if (!(error instanceof IdempotencyReplay)) throw error;
    return replayOf<T>(context, error.stored);
  }
}
