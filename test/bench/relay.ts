/**
 * The stream relay on the local runtime: a backlog of outbox items (first-period attendance
 * notices, as a burst of submissions leaves them) is written to the table before the runtime
 * starts; the runtime's stream poller, the relay function and the EventBridge stand-in then
 * publish them. Prints the rate at which the bus accepted the backlog, the PutEvents calls it
 * took, events published twice, and how long the queue consumers took to file what the relay fed them.
 *
 *   npm run bench:relay -- [--events N] [--alone 1] [--json]
 *
 * By default the queue consumers (audit, notifier) run meanwhile, as under `npm start`: the rate
 * is the relay's under the system's own load. `--alone 1` runs only the stream poller, the relay
 * and the bus (with its target queues), to see the relay's own ceiling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { newId } from '../../domain/ids';
import { keys } from '../../domain/keys';
import { ATTENDANCE_EVENTS } from '../../events/catalog';
import { buildEvent } from '../../events/envelope';
import { BUS_RULES, ENV, QUEUES, STREAM_CONSUMERS } from '../../functions/manifest';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient, startDynamoLocal } from '../../infra/local/dynamo-local';
import { lambdaContext } from '../../infra/local/api-server';
import { startAwsEndpoint } from '../../infra/local/aws-endpoint';
import { LocalEventBus } from '../../infra/local/event-bus';
import { LocalAuth } from '../../infra/local/local-auth';
import { LocalQueues } from '../../infra/local/local-queues';
import { localQueueName, startLocalRuntime } from '../../infra/local/runtime';
import { MemoryCheckpointStore } from '../../infra/local/stream-checkpoints';
import { StreamPoller } from '../../infra/local/stream-poller';
import { benchArgs, pool, processCpuMs, settle } from './support';

const args = benchArgs({ events: 2000, alone: 0 });
const EVENTS = args.events;
const TABLE = 'bench';
const DAY = '2026-09-02';
/** Outbox items per seeded section-day, as a class's absences and tardies share its day record's partition. */
const EVENTS_PER_SECTION = 4;
const say = (line: string) => process.stderr.write(`${line}\n`);

/** One attendance notice's outbox item, as take-attendance writes it next to the section's day. */
function outboxItem(index: number): Record<string, unknown> {
  const sectionId = `S${Math.floor(index / EVENTS_PER_SECTION)}`;
  const entry = index % 3 === 0 ? ATTENDANCE_EVENTS.studentMarkedTardy : ATTENDANCE_EVENTS.studentMarkedAbsent;
  const event = buildEvent(entry, {
    occurredAt: new Date().toISOString(),
    actor: { sub: `teacher-${sectionId}`, roles: ['teacher'] },
    recordType: 'sectionAttendance',
    ids: { sectionId, date: DAY },
    schoolIds: ['bench-school'],
    changedFields: ['marks'],
    studentId: newId(),
    schoolId: 'bench-school',
    sectionId,
    periods: ['P1'],
    date: DAY,
    category: entry === ATTENDANCE_EVENTS.studentMarkedTardy ? 'tardy' : 'absent',
  });
  const eventId = String(event.detail.eventId);
  return {
    ...keys.outbox({ pk: `SECTION#${sectionId}`, sk: `ATTENDANCE#${DAY}` }, eventId),
    entity: 'outbox',
    eventId,
    source: event.source,
    detailType: event.detailType,
    detail: event.detail,
    expiresAt: Math.floor(Date.now() / 1000) + 7 * 24 * 3600,
  };
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const loadBefore = loadavg()[0]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-relay-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const client = localDynamoClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  say(`Writing a backlog of ${EVENTS} outbox items (attendance notices)…`);
  const items = Array.from({ length: EVENTS }, (_, index) => outboxItem(index));
  const batches = Math.ceil(items.length / 25);
  await pool(batches, 4, async (batch) => {
    let unprocessed: Record<string, unknown>[] | undefined = items
      .slice(batch * 25, batch * 25 + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    while (unprocessed && unprocessed.length > 0) {
      const written = await documents.send(new BatchWriteCommand({ RequestItems: { [TABLE]: unprocessed } }));
      unprocessed = written.UnprocessedItems?.[TABLE] as Record<string, unknown>[] | undefined;
    }
  });

  say('Starting the local runtime; its relay publishes the backlog…');
  const seen = new Map<string, number>();
  let putEventsCalls = 0;
  let lastAcceptedAt = 0;
  let resolveAll: () => void = () => undefined;
  const allAccepted = new Promise<void>((resolve) => (resolveAll = resolve));
  const runtime = args.alone
    ? await startRelayAlone(dynamo.endpoint)
    : await startLocalRuntime({
        auth: LocalAuth.ephemeral(),
        port: 0,
        dynamoEndpoint: dynamo.endpoint,
        tableName: TABLE,
        schedules: 'manual',
        retryDelaySeconds: 2,
        log: say,
      });
  const dynamoCpuBefore = processCpuMs(dynamo.pid);
  const ownCpuBefore = process.cpuUsage();
  const started = performance.now();
  const putEvents = runtime.bus.putEvents.bind(runtime.bus);
  runtime.bus.putEvents = async (entries) => {
    putEventsCalls += 1;
    return putEvents(entries);
  };
  runtime.bus.onEvent((event) => {
    const eventId = String((event.detail as { eventId?: unknown }).eventId);
    seen.set(eventId, (seen.get(eventId) ?? 0) + 1);
    lastAcceptedAt = performance.now();
    if (seen.size === EVENTS) resolveAll();
  });
  const timeout = setTimeout(resolveAll, 600_000);
  await allAccepted;
  clearTimeout(timeout);
  const relaySeconds = (lastAcceptedAt - started) / 1000;
  const dynamoCpuMs = processCpuMs(dynamo.pid) - dynamoCpuBefore;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const ownCpuMs = (ownCpu.user + ownCpu.system) / 1000;
  say(
    `…published in ${relaySeconds.toFixed(1)} s (${(seen.size / relaySeconds).toFixed(1)} events/s, ${putEventsCalls} PutEvents calls); the consumers file what it fed them…`,
  );
  await settle(runtime);
  const settledSeconds = (performance.now() - started) / 1000;
  const deadLetters = await runtime.deadLetters();
  await runtime.stop();
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const published = [...seen.values()].reduce((sum, count) => sum + count, 0);
  const summary = {
    events: EVENTS,
    relayed: seen.size,
    missing: EVENTS - seen.size,
    publishedTwice: published - seen.size,
    putEventsCalls,
    entriesPerPutEvents: Number((published / Math.max(1, putEventsCalls)).toFixed(2)),
    relaySeconds: Number(relaySeconds.toFixed(2)),
    eventsPerSecond: Number((seen.size / relaySeconds).toFixed(1)),
    settledSeconds: Number(settledSeconds.toFixed(1)),
    alone: args.alone === 1,
    dynamoLocalCpuMsPerEvent: Number((dynamoCpuMs / EVENTS).toFixed(2)),
    nodeCpuMsPerEvent: Number((ownCpuMs / EVENTS).toFixed(2)),
    deadLetters,
    loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0]!.toFixed(2)) },
  };
  const rows: [string, string | number][] = [
    ['backlog (outbox items written before the runtime starts)', EVENTS],
    ['relayed / missing / published twice', `${summary.relayed} / ${summary.missing} / ${summary.publishedTwice}`],
    ['PutEvents calls (entries per call)', `${putEventsCalls} (${summary.entriesPerPutEvents})`],
    ['relay: backlog published in', `${summary.relaySeconds} s`],
    ['relay: events per second', summary.eventsPerSecond],
    [
      'CPU per event while relaying: DynamoDB Local / the runtime (ms)',
      `${summary.dynamoLocalCpuMsPerEvent} / ${summary.nodeCpuMsPerEvent}`,
    ],
    [
      args.alone ? 'target queues written after (no consumers)' : 'consumers settled (audit filed, notices sent) after',
      `${summary.settledSeconds} s`,
    ],
    ['dead letters', JSON.stringify(deadLetters)],
    ['load average (1 min) before / after, 2 cores', `${summary.loadAverage.before} / ${summary.loadAverage.after}`],
  ];
  process.stdout.write(`| figure | value |\n|---|---|\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exitCode = summary.missing === 0 ? 0 : 1;
}

/**
 * The relay without the rest of the runtime: the stream poller invoking the relay function, which
 * publishes to the EventBridge stand-in on the AWS endpoint, which writes the rules' target queues.
 */
async function startRelayAlone(dynamoEndpoint: string) {
  const client = localDynamoClient(dynamoEndpoint);
  const queues = new LocalQueues({ client, tableName: `${TABLE}-local-sqs` });
  await queues.ensureTable();
  for (const spec of QUEUES)
    queues.declare(localQueueName(TABLE, spec.id).queue, { visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds });
  const bus = new LocalEventBus({
    queues,
    rules: BUS_RULES,
    queueNameOf: (id) => localQueueName(TABLE, id).queue,
    busName: `${TABLE}-bus`,
  });
  const aws = await startAwsEndpoint({ queues, bus });
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.url,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    [ENV.bus]: `${TABLE}-bus`,
  });
  const { handler } = (await import('../../functions/consumers/outbox-relay')) as {
    handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;
  };
  const spec = STREAM_CONSUMERS[0]!;
  const streamsClient = new DynamoDBStreamsClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const poller = new StreamPoller({
    streamsClient,
    dynamoClient: client,
    tableName: TABLE,
    checkpoints: new MemoryCheckpointStore(),
    consumerId: spec.id,
    batchSize: spec.batchSize,
    filter: spec.filter,
    maxRetries: spec.maxRetries,
    invoke: (event) => handler(event, lambdaContext('sis-outboxRelay', 30)),
  });
  void poller.start();
  return {
    bus,
    idle: () => poller.idle(),
    deadLetters: async () => ({}),
    stop: async () => {
      await poller.stop();
      await aws.close();
      streamsClient.destroy();
    },
  };
}

main().catch((error: Error) => {
  process.stderr.write(`bench:relay failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
