/**
 * A loopback HTTP endpoint that speaks the AWS JSON protocols of SQS (awsJson1_0, `AmazonSQS.*`)
 * and EventBridge (awsJson1_1, `AWSEvents.PutEvents`), backed by LocalQueues and LocalEventBus.
 * Handlers keep their real SDK clients; the local runtime points them here with
 * AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_EVENTBRIDGE. Requests are not signature-checked.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalEventBus, PutEventsEntry } from './event-bus';
import {
  LOCAL_ACCOUNT_ID,
  md5OfMessageAttributes,
  QueueError,
  queueNameFrom,
  type LocalQueues,
  type MessageAttributes,
  type ReceivedMessage,
} from './local-queues';

export interface AwsEndpointOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  readonly queues: LocalQueues;
  /** Without a bus, EventBridge calls are answered with UnknownOperationException. */
  readonly bus?: LocalEventBus;
  /** The queue URL handed out for a queue. @default `${url}/000000000000/${queueName}` */
  readonly queueUrlOf?: (queueName: string, endpointUrl: string) => string;
  /** Longest ReceiveMessage long poll honoured, in seconds (SQS allows 20). @default 20 */
  readonly maxWaitSeconds?: number;
  /** Told about requests that failed with a 500. @default writes to console.error */
  readonly onError?: (error: unknown) => void;
}

export interface AwsEndpoint {
  readonly url: string;
  readonly port: number;
  queueUrlOf(queueName: string): string;
  close(): Promise<void>;
}

const SQS_MAX_BATCH = 10;
const PUT_EVENTS_MAX_ENTRIES = 10;
const PUT_EVENTS_MAX_BYTES = 262_144;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** An AWS error answered as `{ __type, message }`; `queryCode` feeds SQS's awsQueryCompatible header. */
class ServiceError extends Error {
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
const sqsError = (type: string, message: string) => new ServiceError(type, message, QUERY_CODES[type] ?? type);

type Json = Record<string, unknown>;

export async function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const { queues, bus } = options;
  const maxWaitMs = Math.min(20, options.maxWaitSeconds ?? 20) * 1000;
  const onError = options.onError ?? ((error: unknown) => console.error('[aws-endpoint]', error));
  let closing = false;
  let url = '';
  const queueUrlOf = (name: string) => (options.queueUrlOf ? options.queueUrlOf(name, url) : `${url}/${LOCAL_ACCOUNT_ID}/${name}`);

  const queueFromUrl = (queueUrl: unknown): string => {
    const name = typeof queueUrl === 'string' ? queueNameFrom(queueUrl) : '';
    if (!queues.has(name)) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return name;
  };

  const queueFromArn = (arn: unknown): string => {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:sqs:'))
      throw sqsError('InvalidParameterValue', `Invalid queue ARN ${String(arn)}.`);
    const name = queueNameFrom(arn);
    if (!queues.has(name)) throw new ServiceError('ResourceNotFoundException', `The resource ${arn} does not exist.`);
    return name;
  };

  const batchEntries = (input: Json): Json[] => {
    const entries = Array.isArray(input.Entries) ? (input.Entries as Json[]) : [];
    if (entries.length === 0) throw sqsError('EmptyBatchRequest', 'There should be at least one entry in the request.');
    if (entries.length > SQS_MAX_BATCH)
      throw sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${SQS_MAX_BATCH}.`);
    if (new Set(entries.map((entry) => entry.Id)).size !== entries.length)
      throw sqsError('BatchEntryIdsNotDistinct', 'Two or more batch entries have the same Id.');
    return entries;
  };

  const batchFailure = (id: unknown, error: unknown) => {
    if (!(error instanceof QueueError)) throw error;
    return { Id: id, SenderFault: true, Code: error.code, Message: error.message };
  };

  const sqs: Record<string, (input: Json) => Promise<Json>> = {
    async SendMessage(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const sent = await queues.send(queue, input.MessageBody as string, {
        delaySeconds: input.DelaySeconds as number | undefined,
        messageAttributes: input.MessageAttributes as MessageAttributes | undefined,
      });
      return { MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody, MD5OfMessageAttributes: sent.md5OfMessageAttributes };
    },
    async SendMessageBatch(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const entries = batchEntries(input);
      const result = await queues.sendBatch(
        queue,
        entries.map((entry) => ({
          id: String(entry.Id),
          body: entry.MessageBody as string,
          delaySeconds: entry.DelaySeconds as number | undefined,
          messageAttributes: entry.MessageAttributes as MessageAttributes | undefined,
        })),
      );
      return {
        Successful: result.successful.map((sent) => ({
          Id: sent.id,
          MessageId: sent.messageId,
          MD5OfMessageBody: sent.md5OfBody,
          MD5OfMessageAttributes: sent.md5OfMessageAttributes,
        })),
        Failed: result.failed.map((failure) => ({
          Id: failure.id,
          SenderFault: failure.senderFault,
          Code: failure.code,
          Message: failure.message,
        })),
      };
    },
    async ReceiveMessage(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const max = (input.MaxNumberOfMessages as number | undefined) ?? 1;
      if (!(Number.isInteger(max) && max >= 1 && max <= SQS_MAX_BATCH)) {
        throw sqsError(
          'InvalidParameterValue',
          `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10.`,
        );
      }
      const wait = (input.WaitTimeSeconds as number | undefined) ?? 0;
      if (!(wait >= 0 && wait <= 20)) throw sqsError('InvalidParameterValue', 'WaitTimeSeconds must be between 0 and 20.');
      const visibility = input.VisibilityTimeout as number | undefined;
      const deadline = Date.now() + Math.min(wait * 1000, maxWaitMs);
      let messages: ReceivedMessage[];
      for (;;) {
        messages = await queues.receive(queue, max, { visibilityTimeoutSeconds: visibility });
        if (messages.length > 0 || closing || Date.now() >= deadline) break;
        await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
      }
      const systemNames = [...asStrings(input.AttributeNames), ...asStrings(input.MessageSystemAttributeNames)];
      const attributeNames = asStrings(input.MessageAttributeNames);
      return {
        Messages: messages.map((message) => {
          const attributes = pick(message.attributes, systemNames);
          const messageAttributes = pickMessageAttributes(message.messageAttributes, attributeNames);
          return {
            MessageId: message.messageId,
            ReceiptHandle: message.receiptHandle,
            MD5OfBody: message.md5OfBody,
            Body: message.body,
            ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
            ...(Object.keys(messageAttributes).length > 0
              ? { MessageAttributes: messageAttributes, MD5OfMessageAttributes: md5OfMessageAttributes(messageAttributes) }
              : {}),
          };
        }),
      };
    },
    async DeleteMessage(input) {
      await queues.delete(queueFromUrl(input.QueueUrl), input.ReceiptHandle as string);
      return {};
    },
    async DeleteMessageBatch(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const results = await Promise.all(
        batchEntries(input).map(async (entry) => {
          try {
            await queues.delete(queue, entry.ReceiptHandle as string);
            return { ok: { Id: entry.Id } };
          } catch (error) {
            return { failed: batchFailure(entry.Id, error) };
          }
        }),
      );
      return {
        Successful: results.flatMap((result) => (result.ok ? [result.ok] : [])),
        Failed: results.flatMap((result) => (result.failed ? [result.failed] : [])),
      };
    },
    async ChangeMessageVisibility(input) {
      const changed = await queues.changeVisibility(
        queueFromUrl(input.QueueUrl),
        input.ReceiptHandle as string,
        input.VisibilityTimeout as number,
      );
      if (!changed) throw sqsError('MessageNotInflight', 'The message referred to is not in flight.');
      return {};
    },
    async ChangeMessageVisibilityBatch(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const results = await Promise.all(
        batchEntries(input).map(async (entry) => {
          try {
            const changed = await queues.changeVisibility(queue, entry.ReceiptHandle as string, entry.VisibilityTimeout as number);
            if (!changed) throw new QueueError('MessageNotInflight', 'The message referred to is not in flight.');
            return { ok: { Id: entry.Id } };
          } catch (error) {
            return { failed: batchFailure(entry.Id, error) };
          }
        }),
      );
      return {
        Successful: results.flatMap((result) => (result.ok ? [result.ok] : [])),
        Failed: results.flatMap((result) => (result.failed ? [result.failed] : [])),
      };
    },
    async GetQueueUrl(input) {
      const name = input.QueueName as string;
      if (!queues.has(name)) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
      return { QueueUrl: queueUrlOf(name) };
    },
    async GetQueueAttributes(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const settings = queues.settings(queue);
      const stats = await queues.stats(queue);
      const all: Record<string, string> = {
        QueueArn: queues.arnOf(queue),
        ApproximateNumberOfMessages: String(stats.visible),
        ApproximateNumberOfMessagesNotVisible: String(stats.inFlight),
        ApproximateNumberOfMessagesDelayed: String(stats.delayed),
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        ...(settings.deadLetterQueue
          ? {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: queues.arnOf(settings.deadLetterQueue),
                maxReceiveCount: settings.maxReceives,
              }),
            }
          : {}),
      };
      return { Attributes: pick(all, asStrings(input.AttributeNames)) };
    },
    async ListQueues(input) {
      const prefix = (input.QueueNamePrefix as string | undefined) ?? '';
      return {
        QueueUrls: queues
          .queueNames()
          .filter((name) => name.startsWith(prefix))
          .map(queueUrlOf),
      };
    },
    async StartMessageMoveTask(input) {
      const source = queueFromArn(input.SourceArn);
      const destination = input.DestinationArn === undefined ? undefined : queueFromArn(input.DestinationArn);
      if (queues.sourcesOf(source).length === 0) {
        throw sqsError('InvalidParameterValue', `Source queue ${String(input.SourceArn)} must be configured as a dead-letter queue.`);
      }
      await queues.moveMessages(source, destination);
      return { TaskHandle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: input.SourceArn })).toString('base64') };
    },
  };

  const events: Record<string, (input: Json) => Promise<Json>> = {
    async PutEvents(input) {
      if (!bus) throw new ServiceError('UnknownOperationException', 'No event bus is configured on this endpoint.');
      const entries = Array.isArray(input.Entries) ? (input.Entries as Json[]) : [];
      if (entries.length < 1 || entries.length > PUT_EVENTS_MAX_ENTRIES) {
        throw new ServiceError(
          'ValidationException',
          `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${PUT_EVENTS_MAX_ENTRIES}`,
        );
      }
      const size = entries.reduce((total, entry) => total + Buffer.byteLength(JSON.stringify(entry)), 0);
      if (size > PUT_EVENTS_MAX_BYTES)
        throw new ServiceError(
          'ValidationException',
          `Total size of the entries in the request is over the limit (${size} > ${PUT_EVENTS_MAX_BYTES} bytes).`,
        );
      const results = await bus.putEvents(
        entries.map((entry): PutEventsEntry => ({
          Source: entry.Source as string | undefined,
          DetailType: entry.DetailType as string | undefined,
          Detail: entry.Detail as string | undefined,
          EventBusName: entry.EventBusName as string | undefined,
          Resources: entry.Resources as string[] | undefined,
          Time: entry.Time === undefined ? undefined : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : String(entry.Time)),
        })),
      );
      return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
    },
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = String(request.headers['x-amz-target'] ?? '');
    const [service, operation] = target.split('.');
    const isSqs = service === 'AmazonSQS';
    const contentType = isSqs ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
    try {
      if (request.method !== 'POST') throw new ServiceError('UnknownOperationException', `Only POST is supported, got ${request.method}.`);
      const input = await readJson(request);
      const operations = isSqs ? sqs : service === 'AWSEvents' ? events : undefined;
      const run = operation ? operations?.[operation] : undefined;
      if (!run) {
        throw isSqs
          ? sqsError('UnsupportedOperation', `${target} is not supported locally.`)
          : new ServiceError('UnknownOperationException', `${target} is not supported locally.`);
      }
      send(response, 200, contentType, await run(input));
    } catch (caught) {
      const error = caught instanceof QueueError ? sqsError(caught.code, caught.message) : caught;
      if (error instanceof ServiceError) {
        const headers: Record<string, string> = isSqs ? { 'x-amzn-query-error': `${error.queryCode};Sender` } : {};
        send(
          response,
          error.status,
          contentType,
          { __type: isSqs ? `com.amazonaws.sqs#${error.type}` : error.type, message: error.message },
          headers,
        );
      } else {
        onError(error);
        send(response, 500, contentType, { __type: 'InternalFailure', message: (error as Error).message });
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    queueUrlOf,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<Json> {
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

function send(response: ServerResponse, status: number, contentType: string, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(text);
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The named entries of `all`; 'All' names every one. */
function pick(all: Readonly<Record<string, string | undefined>>, names: readonly string[]): Record<string, string> {
  const wanted = names.includes('All') ? Object.keys(all) : names;
  const picked: Record<string, string> = {};
  for (const name of wanted) {
    const value = all[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Message attributes named by MessageAttributeNames: 'All', '.*', exact names or `prefix.*`. */
function pickMessageAttributes(all: MessageAttributes, names: readonly string[]): MessageAttributes {
  const wanted = (name: string) =>
    names.some(
      (pattern) =>
        pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
    );
  return Object.fromEntries(Object.entries(all).filter(([name]) => wanted(name)));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
