import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BusRuleSpec, QueueId } from '../../functions/manifest';
import { LocalEventBus, type EventEnvelope } from '../../infra/local/event-bus';
import { createQueueTable } from './local-queue-table';

// Two rules with different targets; QueueId is a closed union, so the second target is cast.
const rules: BusRuleSpec[] = [
  { id: 'audit-trail', description: 'all domain events', pattern: { source: [{ prefix: 'sis.' }] }, target: { queue: 'audit' } },
  {
    id: 'enrollment-only',
    description: 'enrollment changes',
    pattern: { source: ['sis.enrollment'], 'detail-type': ['EnrollmentCreated'] },
    target: { queue: 'enrollment' as QueueId },
  },
];

describe('LocalEventBus (EventBridge emulation)', () => {
  let table: Awaited<ReturnType<typeof createQueueTable>>;
  let archiveDir: string;
  let bus: LocalEventBus;

  beforeAll(async () => {
    table = await createQueueTable('event-bus');
    table.queues.declare('bus-audit', { visibilityTimeoutSeconds: 30 });
    table.queues.declare('bus-enrollment', { visibilityTimeoutSeconds: 30 });
    archiveDir = await mkdtemp(join(tmpdir(), 'event-bus-'));
    bus = new LocalEventBus({
      queues: table.queues,
      rules,
      queueNameOf: (queue) => `bus-${queue}`,
      busName: 'sis-bus',
      archivePath: join(archiveDir, 'archive', 'events.jsonl'),
    });
  });
  afterAll(async () => {
    await table.drop();
    // The bus's archive may still be flushing a file: rm retries ENOTEMPTY (Node's maxRetries) instead of failing the file.
    await rm(archiveDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });

  it('delivers each event to the queues of the rules it matches, and only those', async () => {
    const seen: Array<[string, readonly string[]]> = [];
    const unsubscribe = bus.onEvent((event, ruleIds) => seen.push([event['detail-type'], ruleIds]));

    const results = await bus.putEvents([
      { Source: 'sis.students', DetailType: 'StudentCreated', Detail: JSON.stringify({ studentId: 'st-1' }), EventBusName: 'sis-bus' },
      {
        Source: 'sis.enrollment',
        DetailType: 'EnrollmentCreated',
        Detail: JSON.stringify({ enrollmentId: 'en-1' }),
        Time: new Date('2025-09-02T07:30:00.123Z'),
      },
      { Source: 'vendor.other', DetailType: 'Ignored', Detail: '{}' },
    ]);
    unsubscribe();

    expect(results).toEqual([{ EventId: expect.any(String) }, { EventId: expect.any(String) }, { EventId: expect.any(String) }]);
    const audit = (await table.queues.receive('bus-audit', 10)).map((message) => JSON.parse(message.body) as EventEnvelope);
    const enrollment = (await table.queues.receive('bus-enrollment', 10)).map((message) => JSON.parse(message.body) as EventEnvelope);
    expect(audit.map((event) => event['detail-type']).sort()).toEqual(['EnrollmentCreated', 'StudentCreated']);
    expect(enrollment).toEqual([
      {
        version: '0',
        id: (results[1] as { EventId: string }).EventId,
        'detail-type': 'EnrollmentCreated',
        source: 'sis.enrollment',
        account: '000000000000',
        time: '2025-09-02T07:30:00Z',
        region: 'us-east-1',
        resources: [],
        detail: { enrollmentId: 'en-1' },
      },
    ]);
    expect(seen).toEqual([
      ['StudentCreated', ['audit-trail']],
      ['EnrollmentCreated', ['audit-trail', 'enrollment-only']],
      ['Ignored', []],
    ]);
  });

  it('rejects malformed entries and other buses per entry, as PutEvents does', async () => {
    const results = await bus.putEvents([
      { Source: 'sis.students', DetailType: 'StudentCreated', Detail: 'not json' },
      { Source: 'sis.students', DetailType: 'StudentCreated', Detail: '{}', EventBusName: 'another-bus' },
      { Source: 'sis.students', Detail: '{}' },
      { Source: 'sis.students', DetailType: 'StudentUpdated', Detail: '{"ok":true}' },
    ]);

    expect(results.map((result) => ('ErrorCode' in result ? result.ErrorCode : 'ok'))).toEqual([
      'MalformedDetail',
      'ResourceNotFoundException',
      'InvalidArgument',
      'ok',
    ]);
    const delivered = await table.queues.receive('bus-audit', 10);
    expect(delivered.map((message) => (JSON.parse(message.body) as EventEnvelope)['detail-type'])).toEqual(['StudentUpdated']);
  });

  it('archives every accepted event as a JSON line', async () => {
    await bus.flush();
    const lines = (await readFile(join(archiveDir, 'archive', 'events.jsonl'), 'utf8')).trim().split('\n');
    const archived = lines.map((line) => JSON.parse(line) as EventEnvelope);
    expect(archived.map((event) => event['detail-type'])).toEqual(['StudentCreated', 'EnrollmentCreated', 'Ignored', 'StudentUpdated']);
  });

  it('delivers a request of many entries once each, and an entry its target refuses fails alone', async () => {
    const sendMany = jest.spyOn(table.queues, 'sendMany');
    const entries = Array.from({ length: 30 }, (_, index) => ({
      Source: 'sis.attendance',
      DetailType: 'StudentMarkedAbsent',
      Detail: JSON.stringify({ index }),
    }));
    // Larger than the queue's 256 KiB message limit once in its envelope.
    const oversized = { Source: 'sis.attendance', DetailType: 'StudentMarkedAbsent', Detail: JSON.stringify({ pad: 'x'.repeat(262_144) }) };

    const results = await bus.putEvents([...entries.slice(0, 15), oversized, ...entries.slice(15)]);
    const writes = sendMany.mock.calls.length;
    sendMany.mockRestore();

    expect(results.filter((result) => 'EventId' in result)).toHaveLength(30);
    expect(results[15]).toEqual({ ErrorCode: 'InternalFailure', ErrorMessage: expect.stringMatching(/limit is 262144 bytes/) });
    const received: EventEnvelope[] = [];
    for (let batch = await table.queues.receive('bus-audit', 10); batch.length > 0; batch = await table.queues.receive('bus-audit', 10))
      received.push(...batch.map((message) => JSON.parse(message.body) as EventEnvelope));
    expect(received.map((event) => (event.detail as { index: number }).index).sort((a, b) => a - b)).toEqual(
      entries.map((_, index) => index),
    );
    expect(new Set(received.map((event) => event.id))).toEqual(
      new Set(results.flatMap((result) => ('EventId' in result ? [result.EventId] : []))),
    );
    // The request's deliveries to the audit queue were one write (then each alone, to find the refused one).
    expect(writes).toBe(1);
  });
});

describe('LocalEventBus target failures (EventBridge retry policy and target DLQ)', () => {
  let table: Awaited<ReturnType<typeof createQueueTable>>;
  const auditOnly = [rules[0]!];
  const policy = { maximumRetryAttempts: 3, maximumEventAgeMs: 60_000, baseDelayMs: 1, maxDelayMs: 5 };
  const busWith = (random: () => number, injected: { targetFailed: number }) =>
    new LocalEventBus({
      queues: table.queues,
      rules: auditOnly,
      queueNameOf: (queue) => `faulty-${queue}`,
      deadLetterQueueOf: (ruleId) => `faulty-${ruleId}-failures`,
      retryPolicy: policy,
      targetFaults: { failRate: 0.5, random, injected },
    });
  const drain = (queue: string) => table.queues.receive(queue, 10);

  beforeAll(async () => {
    table = await createQueueTable('event-bus-faults');
    table.queues.declare('faulty-audit', { visibilityTimeoutSeconds: 30 });
    table.queues.declare('faulty-audit-trail-failures', { visibilityTimeoutSeconds: 30 });
  });
  afterAll(async () => {
    await table.drop();
  });

  it('retries a failed delivery until the target takes it, delivering the event once', async () => {
    // Fails twice (random below the rate), then succeeds.
    const draws = [0.1, 0.2, 0.9];
    const injected = { targetFailed: 0 };
    const bus = busWith(() => draws.shift() ?? 0.9, injected);

    const [result] = await bus.putEvents([{ Source: 'sis.students', DetailType: 'StudentCreated', Detail: '{"studentId":"st-9"}' }]);

    expect(result).toEqual({ EventId: expect.any(String) });
    const delivered = await drain('faulty-audit');
    expect(delivered.map((message) => (JSON.parse(message.body) as EventEnvelope).id)).toEqual([(result as { EventId: string }).EventId]);
    expect(await drain('faulty-audit-trail-failures')).toEqual([]);
    expect(injected.targetFailed).toBe(2);
  });

  it('sends the event to the rule target’s dead-letter queue once the retry policy is exhausted', async () => {
    const injected = { targetFailed: 0 };
    const bus = busWith(() => 0, injected);

    const [result] = await bus.putEvents([{ Source: 'sis.students', DetailType: 'StudentUpdated', Detail: '{"studentId":"st-9"}' }]);

    expect(result).toEqual({ EventId: expect.any(String) });
    expect(await drain('faulty-audit')).toEqual([]);
    const dead = await drain('faulty-audit-trail-failures');
    expect(dead.map((message) => (JSON.parse(message.body) as EventEnvelope).id)).toEqual([(result as { EventId: string }).EventId]);
    expect(dead[0]!.messageAttributes.RULE_ARN?.StringValue).toMatch(/rule\/default\/audit-trail$/);
    // The first attempt and the policy's three retries.
    expect(injected.targetFailed).toBe(4);
  });
});
