import { createHash } from 'node:crypto';
import * as z from 'zod';
import { keys } from '../../domain/keys';
import { Reason } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { getServices } from '../services';
import { replayOf, type WriteContext, type Written } from '../use-cases/write-context';
import type { ApiRequest, ApiResponse } from './api-handler';

export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, { error: 'must be 1 to 255 visible ASCII characters' });
const REPLAYED = { 'idempotent-replayed': 'true' };

/** What identifies "the same request": method, path, precondition and body. */
function fingerprint(request: ApiRequest): string {
  return createHash('sha256')
    .update(`${request.route.method} ${request.path}\n${request.headers['if-match'] ?? ''}\n${request.rawBody}`)
    .digest('hex');
}

/** Who writes and why (X-Change-Reason, or a reason the body gives), and the request's retry token. */
export function writeContext(request: ApiRequest, reasonFromBody?: string): WriteContext {
  const header = request.headers['idempotency-key'];
  const reason = reasonFromBody ?? request.headers['x-change-reason'];
  return {
    principal: request.principal,
    ...(reason === undefined ? {} : { reason: parseOrThrow(Reason, reason, ['X-Change-Reason']) }),
    ...(header === undefined
      ? {}
      : {
          idempotency: {
            key: keys.idempotency(request.principal.sub, parseOrThrow(IdempotencyKey, header, ['Idempotency-Key'])),
            fingerprint: fingerprint(request),
          },
        }),
  };
}

/**
 * Runs a write and maps its result to HTTP. A retried request is answered from its stored
 * result before anything is checked again (the retry of a PATCH whose first attempt committed
 * would otherwise fail its own If-Match with a 412), and a replay is marked `idempotent-replayed`.
 * @param onReplay work a replay still owes (queueing a stored enrollment request again, say)
 */
export async function respondOnce<T>(
  context: WriteContext,
  write: () => Promise<Written<T>>,
  respond: (result: T) => ApiResponse,
  onReplay?: (result: T) => Promise<void>,
): Promise<ApiResponse> {
  let written: Written<T> | undefined;
  if (context.idempotency) {
    const stored = await getServices().transactions.getIdempotency(context.idempotency.key);
    if (stored) written = replayOf<T>(context, stored);
  }
  written ??= await write();
  if (written.replayed) await onReplay?.(written.result);
  const response = respond(written.result);
  return written.replayed ? { ...response, headers: { ...response.headers, ...REPLAYED } } : response;
}

/**
 * Maps a write's result to HTTP when the use case looks its idempotency record up itself, in the
 * same batch as its other reads (one call fewer than `respondOnce`), and marks a replay.
 */
export function respondWritten<T>(written: Written<T>, respond: (result: T) => ApiResponse): ApiResponse {
  const response = respond(written.result);
  return written.replayed ? { ...response, headers: { ...response.headers, ...REPLAYED } } : response;
}
