/**
 * The stream relay on the local runtime: a backlog of outbox items (first-period attendance
 * notices, as a burst of submissions leaves them) is written to the table before the runtime
 * starts; the runtime's stream poller, the relay function and the EventBridge stand-in then
 * publish them. Prints the rate at which the bus accepted the backlog, the PutEvents calls it
 * took, events published twice, and how long the queue consumers took to file what the relay fed them.
 *
 *   npm run bench:relay -- [--events N] [--json]
 *
 * The queue consumers (audit, notifier) run meanwhile, as under `npm start`: the rate is the
 * relay's under the system's own load, not the relay alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../domain/ids';
import { keys } from '../../domain/keys';
import { ATTENDANCE_EVENTS } from '../../events/catalog';
import { buildEvent } from '../../events/envelope';
import { ensureTable, localDynamoClient, startDynamoLocal } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { benchArgs, pool, settle } from './support';

const args = benchArgs({ events: 2000 });
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
  const runtime = await startLocalRuntime({
    auth: LocalAuth.ephemeral(),
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tableName: TABLE,
    schedules: 'manual',
    retryDelaySeconds: 2,
  });
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
  say('…and the consumers file what it fed them…');
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
    deadLetters,
    loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0]!.toFixed(2)) },
  };
  const rows: [string, string | number][] = [
    ['backlog (outbox items written before the runtime starts)', EVENTS],
    ['relayed / missing / published twice', `${summary.relayed} / ${summary.missing} / ${summary.publishedTwice}`],
    ['PutEvents calls (entries per call)', `${putEventsCalls} (${summary.entriesPerPutEvents})`],
    ['relay: backlog published in', `${summary.relaySeconds} s`],
    ['relay: events per second', summary.eventsPerSecond],
    ['consumers settled (audit filed, notices sent) after', `${summary.settledSeconds} s`],
    ['dead letters', JSON.stringify(deadLetters)],
    ['load average (1 min) before / after, 2 cores', `${summary.loadAverage.before} / ${summary.loadAverage.after}`],
  ];
  process.stdout.write(`| figure | value |\n|---|---|\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exitCode = summary.missing === 0 ? 0 : 1;
}

main().catch((error: Error) => {
  process.stderr.write(`bench:relay failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
