import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IdempotencyKeyReused } from '../../domain/errors';
import { keys } from '../../domain/keys';
import { parseOrThrow } from '../../domain/validation';
import { IdempotencyReplay, type IdempotencyRecord } from '../repositories/record-store';
import type { ApiRequest, ApiResponse, Operation } from './api-handler';
import { getServices } from '../services';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, { error: 'must be 1 to 255 visible ASCII characters' });

/** What identifies "the same request": method, path, precondition and body. */
function requestHash(request: ApiRequest): string {
  return createHash('sha256')
    .update(`${request.route.method} ${request.path}\n${request.headers['if-match'] ?? ''}\n${request.rawBody}`)
    .digest('hex');
}

/**
 * The idempotency record to write with a change when the client sent `Idempotency-Key`: the
 * key is scoped to the caller, and the response is stored so that a retry gets it back.
 */
export function idempotencyRecord(request: ApiRequest, response: ApiResponse, now: Date): IdempotencyRecord | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  return {
    key: keys.idempotency(request.principal.sub, parseOrThrow(IdempotencyKey, header, ['Idempotency-Key'])),
    requestHash: requestHash(request),
    response: { statusCode: response.statusCode, headers: response.headers ?? {}, body: JSON.stringify(response.body) },
    expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}

type Stored = IdempotencyReplay['stored'];

/** Work a replay still owes (e.g. queueing again), given the stored first answer. */
export type OnReplay = (stored: Stored) => Promise<void>;

/** The first attempt's answer for the same request; 422 for another request under the same key. */
async function replay(request: ApiRequest, stored: Stored, onReplay?: OnReplay): Promise<ApiResponse> {
  if (stored.requestHash !== requestHash(request)) {
    throw new IdempotencyKeyReused('This Idempotency-Key was used for a different request; use a new key for a new request.');
  }
  await onReplay?.(stored);
  return { ...stored.response, headers: { ...stored.response.headers, 'idempotent-replayed': 'true' } };
}

/**
 * Runs a write; when it turns out to be a retry of a committed request (two attempts racing),
 * answers what the first attempt answered.
 */
export async function withIdempotency(request: ApiRequest, write: () => Promise<ApiResponse>, onReplay?: OnReplay): Promise<ApiResponse> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof IdempotencyReplay)) throw error;
    return replay(request, error.stored, onReplay);
  }
}

/**
 * Answers a retried write from its stored response before anything is checked again: the retry
 * of a PATCH whose first attempt committed would otherwise fail its own If-Match with a 412.
 */
export function replayable(operation: Operation, onReplay?: OnReplay): Operation {
  return async (request) => {
    const header = request.headers['idempotency-key'];
    if (header !== undefined) {
      const key = keys.idempotency(request.principal.sub, parseOrThrow(IdempotencyKey, header, ['Idempotency-Key']));
      const stored = await getServices().store.getIdempotency(key);
      if (stored) return replay(request, stored, onReplay);
    }
    return operation(request);
  };
}
