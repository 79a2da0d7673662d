/**
 * The AWS JSON protocols as the loopback endpoint speaks them: a request body read as JSON, an answer
 * written with the headers an SDK client expects, and errors in the `{ __type, message }` shape.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export type Json = Record<string, unknown>;

/** An AWS error answered as `{ __type, message }`; `queryCode` feeds SQS's awsQueryCompatible header. */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly queryCode: string = type,
    readonly status = 400,
  ) {
    super(message);
  }
}

const QUERY_CODES: Record<string, string> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
};
export const sqsError = (type: string, message: string) => new ServiceError(type, message, QUERY_CODES[type] ?? type);

/** The request body as JSON ({} when empty); a body over 4 MiB or not JSON is the error SQS would answer. */
export async function readJson(request: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new ServiceError('ValidationException', 'The request is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {};
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
  }
}

/** Answers with the status, content type and request id header an SDK client reads. */
export function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(text);
}
