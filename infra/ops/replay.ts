/**
 * Publishes domain events again after the stream relay failed to (decision 0082): every outbox
 * item whose event occurred in a window, or what the relay's on-failure queue points at (a message
 * is deleted once its events are out). Against the running local system by default, or in AWS.
 *
 * In AWS the on-failure queue holds pointers (shard, sequence numbers, the approximate arrival
 * times of the first and last record), not records: the tool widens their time range by the
 * margin and replays the outbox items of that window (outbox items are kept 7 days, longer than
 * the stream's 24 hours). Locally the queue holds the records themselves. Either way an event is
 * published with its original `eventId`, so replaying what had been delivered changes nothing:
 * the consumers deduplicate on it (the audit trail's conditional put, the notifier's claim).
 */
import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DomainEvent } from '../../events/catalog';
import { eventOfOutboxItem } from '../../events/outbox';
import type { EventPublisher } from '../../events/publisher';
import { EventBridgePublisher } from '../../functions/platform/event-bridge-publisher';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient } from '../local/dynamo-local';
import { connectToLocalSystem } from '../local/local-system';
import { defineTool } from './tool-cli';

export interface ReplaySummary {
  /** Events found to publish. */
  readonly found: number;
  readonly published: number;
  /** Events the bus refused (run again: they are not lost, their outbox items stay). */
  readonly failed: number;
  /** Outbox items whose event the catalog does not know (reported, never published). */
  readonly unknown: number;
  /** On-failure messages read, and deleted once all their events were published. */
  readonly messages: number;
  readonly messagesDeleted: number;
}

export interface Window {
  readonly from: string;
  readonly to: string;
}

const EMPTY: ReplaySummary = { found: 0, published: 0, failed: 0, unknown: 0, messages: 0, messagesDeleted: 0 };
const add = (left: ReplaySummary, right: Partial<ReplaySummary>): ReplaySummary =>
  Object.fromEntries(
    Object.entries(left).map(([name, value]) => [name, value + (right[name as keyof ReplaySummary] ?? 0)]),
  ) as unknown as ReplaySummary;

/** The outbox items whose event occurred in the window (a Scan: outbox items carry no index key). */
export async function outboxEventsBetween(
  documents: DynamoDBDocumentClient,
  tableName: string,
  window: Window,
): Promise<{ events: DomainEvent[]; unknown: number }> {
  const events: DomainEvent[] = [];
  let unknown = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#entity = :outbox AND #detail.#occurredAt BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#entity': 'entity', '#detail': 'detail', '#occurredAt': 'occurredAt' },
        ExpressionAttributeValues: { ':outbox': 'outbox', ':from': window.from, ':to': window.to },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      try {
        events.push(eventOfOutboxItem(item));
      } catch {
        unknown += 1;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  events.sort((left, right) => String(left.detail.occurredAt).localeCompare(String(right.detail.occurredAt)));
  return { events, unknown };
}

/** Publishes in order; counts what the bus refused. */
export async function publishAll(publisher: EventPublisher, events: readonly DomainEvent[], dryRun = false) {
  if (dryRun) return { published: 0, failed: 0 };
  const failed = (await publisher.publish(events)).length;
  return { published: events.length - failed, failed };
}

/** Replays every outbox event that occurred in the window. */
export async function replayWindow(
  documents: DynamoDBDocumentClient,
  tableName: string,
  publisher: EventPublisher,
  window: Window,
  dryRun = false,
): Promise<ReplaySummary> {
  const { events, unknown } = await outboxEventsBetween(documents, tableName, window);
  return add(EMPTY, { found: events.length, unknown, ...(await publishAll(publisher, events, dryRun)) });
}

/** What one on-failure message names: the records themselves (local), or a time window (AWS's pointer). */
export type FailureContent = { readonly events: DomainEvent[]; readonly unknown: number } | { readonly window: Window };

interface AwsStreamBatchInfo {
  readonly approximateArrivalOfFirstRecord?: string;
  readonly approximateArrivalOfLastRecord?: string;
}

/** Reads an on-failure message of the outbox stream mapping (Lambda's pointer, or the local runtime's records). */
export function failureContent(body: string, marginMs: number): FailureContent {
  const message = JSON.parse(body) as { records?: { dynamodb?: { NewImage?: unknown } }[]; DDBStreamBatchInfo?: AwsStreamBatchInfo };
  if (Array.isArray(message.records)) {
    const events: DomainEvent[] = [];
    let unknown = 0;
    for (const record of message.records) {
      const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
      if (!image) continue;
      const item = unmarshall(image);
      if (item.entity !== 'outbox') continue;
      try {
        events.push(eventOfOutboxItem(item));
      } catch {
        unknown += 1;
      }
    }
    return { events, unknown };
  }
  const info = message.DDBStreamBatchInfo;
  const first = Date.parse(info?.approximateArrivalOfFirstRecord ?? '');
  const last = Date.parse(info?.approximateArrivalOfLastRecord ?? '');
  if (Number.isNaN(first) || Number.isNaN(last)) throw new Error('not an on-failure message of a stream mapping');
  // An event's occurredAt is taken before its transaction commits, so the window opens earlier.
  return { window: { from: new Date(first - marginMs).toISOString(), to: new Date(last + marginMs).toISOString() } };
}

/** Overlapping windows merged, so that one Scan covers them. */
export function mergeWindows(windows: readonly Window[]): Window[] {
  const sorted = [...windows].sort((left, right) => left.from.localeCompare(right.from));
  const merged: Window[] = [];
  for (const window of sorted) {
    const last = merged.at(-1);
    if (last && window.from <= last.to) merged[merged.length - 1] = { from: last.from, to: window.to > last.to ? window.to : last.to };
    else merged.push(window);
  }
  return merged;
}

export interface FailureQueue {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
}

/**
 * Replays everything the relay's on-failure queue names, then deletes the messages whose events
 * all went out (a message whose events the bus refused stays, for the next run).
 */
export async function replayStreamFailures(
  documents: DynamoDBDocumentClient,
  tableName: string,
  publisher: EventPublisher,
  failures: FailureQueue,
  options: { marginMs: number; dryRun?: boolean },
): Promise<ReplaySummary> {
  const received: { receiptHandle: string; content: FailureContent }[] = [];
  for (;;) {
    const { Messages } = await failures.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: failures.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 300 }),
    );
    if (!Messages || Messages.length === 0) break;
    for (const message of Messages)
      received.push({ receiptHandle: message.ReceiptHandle!, content: failureContent(message.Body ?? '', options.marginMs) });
  }
  let summary = add(EMPTY, { messages: received.length });
  let allOut = true;
  for (const { content } of received) {
    if (!('events' in content)) continue;
    const outcome = await publishAll(publisher, content.events, options.dryRun);
    allOut &&= outcome.failed === 0;
    summary = add(summary, { found: content.events.length, unknown: content.unknown, ...outcome });
  }
  const windows = mergeWindows(received.flatMap(({ content }) => ('window' in content ? [content.window] : [])));
  for (const window of windows) {
    const outcome = await replayWindow(documents, tableName, publisher, window, options.dryRun);
    allOut &&= outcome.failed === 0;
    summary = add(summary, outcome);
  }
  if (options.dryRun || !allOut) return summary;
  for (const { receiptHandle } of received) {
    await failures.sqs.send(new DeleteMessageCommand({ QueueUrl: failures.queueUrl, ReceiptHandle: receiptHandle }));
    summary = add(summary, { messagesDeleted: 1 });
  }
  return summary;
}

interface Target {
  documents: DynamoDBDocumentClient;
  tableName: string;
  publisher: EventPublisher;
  failures?: FailureQueue;
}

function targetOf(values: Record<string, string | boolean | undefined>): Target {
  const region = typeof values.region === 'string' ? { region: values.region } : {};
  if (typeof values.table === 'string' && typeof values.bus === 'string') {
    return {
      documents: DynamoDBDocumentClient.from(new DynamoDBClient(region)),
      tableName: values.table,
      publisher: new EventBridgePublisher(values.bus, new EventBridgeClient(region)),
      ...(typeof values['failure-queue-url'] === 'string'
        ? { failures: { sqs: new SQSClient(region), queueUrl: values['failure-queue-url'] } }
        : {}),
    };
  }
  const runtime = connectToLocalSystem('pass --table and --bus for AWS');
  const local = { endpoint: runtime.awsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  return {
    documents: DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint)),
    tableName: runtime.tableName,
    publisher: new EventBridgePublisher(`${runtime.tableName}-bus`, new EventBridgeClient(local)),
    failures: { sqs: new SQSClient(local), queueUrl: `${runtime.awsEndpoint}/000000000000/${runtime.tableName}-stream-failures` },
  };
}

const cli = defineTool({
  script: 'replay',
  summary:
    'Publishes domain events again after the stream relay failed to: every event of the outbox that occurred in a window, or ' +
    "what the relay's on-failure queue names. Consumers deduplicate on the event id, so replaying what was delivered changes nothing.",
  usage: [
    '--from <ISO time> --to <ISO time> [--dry-run]',
    '--stream-failures [--margin-minutes 5] [--dry-run]',
    '... --table <name> --bus <name> [--failure-queue-url <url>] [--region <region>]   (AWS; the local system by default)',
  ],
  options: {
    from: { type: 'string', value: 'ISO time', description: 'Start of the window of events to publish again (with --to).' },
    to: { type: 'string', value: 'ISO time', description: 'End of the window.' },
    'stream-failures': {
      type: 'boolean',
      default: false,
      description: "Publish what the relay's on-failure queue names, then delete those messages.",
    },
    'margin-minutes': {
      type: 'string',
      default: '5',
      value: 'n',
      description: "Widens AWS's on-failure time ranges by this much on each side.",
    },
    'dry-run': { type: 'boolean', default: false, description: 'Count what would be published; publish and delete nothing.' },
    table: { type: 'string', value: 'name', description: 'AWS: the table (stack output TableName).' },
    bus: { type: 'string', value: 'name', description: 'AWS: the event bus (stack output EventBusName).' },
    'failure-queue-url': { type: 'string', value: 'url', description: "AWS, with --stream-failures: the 'outbox stream failures' queue." },
    region: { type: 'string', value: 'region', description: "AWS: the region. Default: the environment's." },
  },
  examples: ['npm run replay -- --stream-failures --dry-run', 'npm run replay -- --from 2026-09-01T08:00:00Z --to 2026-09-01T09:00:00Z'],
});

/** An ISO time as the outbox writes it, or the mistake said. */
function isoTime(option: string, value: string): string {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? cli.fail(`--${option} ${value} is not a time (e.g. 2026-09-01T08:00:00Z)`) : time.toISOString();
}

async function main(): Promise<void> {
  const { values } = cli.parse();
  if ((values.from === undefined) !== (values.to === undefined)) return cli.fail('--from and --to go together');
  const window = values.from && values.to ? { from: isoTime('from', values.from), to: isoTime('to', values.to) } : undefined;
  if (!window === !values['stream-failures']) return cli.fail('choose a window (--from and --to) or --stream-failures');
  if (!Number.isFinite(Number(values['margin-minutes']))) return cli.fail(`--margin-minutes ${values['margin-minutes']} is not a number`);
  const target = targetOf(values);
  const dryRun = values['dry-run'];
  let summary: ReplaySummary;
  if (window) {
    summary = await replayWindow(target.documents, target.tableName, target.publisher, window, dryRun);
  } else {
    if (!target.failures) throw new Error('pass --failure-queue-url (the outbox stream failures queue)');
    summary = await replayStreamFailures(target.documents, target.tableName, target.publisher, target.failures, {
      marginMs: Number(values['margin-minutes']) * 60_000,
      dryRun,
    });
  }
  for (const [name, value] of Object.entries(summary)) process.stdout.write(`${name.padEnd(16)} ${value}\n`);
  if (dryRun) process.stdout.write('(dry run: nothing published, no message deleted)\n');
  if (summary.failed > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`replay failed: ${error.message}\n`);
    process.exit(1);
  });
}
