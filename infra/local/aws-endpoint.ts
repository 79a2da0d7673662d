/**
 * A loopback HTTP endpoint that speaks the AWS JSON protocols of SQS (awsJson1_0, `AmazonSQS.*`)
 * and EventBridge (awsJson1_1, `AWSEvents.PutEvents`), backed by LocalQueues and LocalEventBus.
 * Handlers keep their real SDK clients; the local runtime points them here with
 * AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_EVENTBRIDGE. Requests are not signature-checked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJson, send, ServiceError, sqsError, type Json } from './aws-json-protocol';
import type { LocalEventBus, PutEventsEntry } from './event-bus';
import type { LocalQueues } from './local-queues';
import { sqsOperations } from './sqs-api';
import { LOCAL_ACCOUNT_ID, QueueError } from './sqs-shapes';

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

const PUT_EVENTS_MAX_ENTRIES = 10;
const PUT_EVENTS_MAX_BYTES = 262_144;

export async function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const { queues, bus } = options;
  const onError = options.onError ?? ((error: unknown) => console.error('[aws-endpoint]', error));
  let closing = false;
  let url = '';
  const queueUrlOf = (name: string) => (options.queueUrlOf ? options.queueUrlOf(name, url) : `${url}/${LOCAL_ACCOUNT_ID}/${name}`);

  const sqs = sqsOperations({
    queues,
    queueUrlOf,
    maxWaitMs: Math.min(20, options.maxWaitSeconds ?? 20) * 1000,
    isClosing: () => closing,
  });

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
