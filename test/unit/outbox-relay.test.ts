import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ATTENDANCE_EVENTS, type DomainEvent } from '../../events/catalog';
import { buildEvent } from '../../events/envelope';
import type { EventPublisher } from '../../events/publisher';
import { putEventsChunks, putEventsEntryBytes } from '../../functions/platform/event-bridge-publisher';
import { EVENTBRIDGE } from '../../functions/platform/limits';

// The relay's module reads the bus name when it loads, as it does in Lambda.
process.env.EVENT_BUS_NAME = 'unit-bus';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { relayWith } = require('../../functions/consumers/outbox-relay') as typeof import('../../functions/consumers/outbox-relay');

function absence(index: number): DomainEvent {
  return buildEvent(ATTENDANCE_EVENTS.studentMarkedAbsent, {
    occurredAt: '2026-09-02T08:05:00Z',
    actor: { sub: 'teacher-1', roles: ['teacher'] },
    recordType: 'sectionAttendance',
    ids: { sectionId: 'S1', date: '2026-09-02' },
    schoolIds: ['school-1'],
    changedFields: ['marks'],
    studentId: `student-${index}`,
    schoolId: 'school-1',
    sectionId: 'S1',
    periods: ['P1'],
    date: '2026-09-02',
    category: 'absent',
  });
}

function streamEvent(events: readonly DomainEvent[]): DynamoDBStreamEvent {
  return {
    Records: events.map((event, index): DynamoDBRecord => ({
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: String(1000 + index),
        NewImage: marshall({
          pk: 'SECTION#S1',
          sk: `OUTBOX#${String(event.detail.eventId)}`,
          entity: 'outbox',
          eventId: event.detail.eventId,
          source: event.source,
          detailType: event.detailType,
          detail: event.detail,
        }) as Record<string, AttributeValue>,
      },
    })),
  };
}

/** A bus that accepts every entry except those `refuse` names, and remembers what it accepted. */
function fakeBus(refuse: (event: DomainEvent, call: number) => boolean = () => false) {
  const accepted: string[] = [];
  let calls = 0;
  const publisher: EventPublisher = {
    async publish(events) {
      calls += 1;
      const failed: number[] = [];
      events.forEach((event, index) => {
        if (refuse(event, calls)) failed.push(index);
        else accepted.push(String(event.detail.eventId));
      });
      return failed;
    },
  };
  return { publisher, accepted, calls: () => calls };
}

const noSleep = async () => undefined;

describe('the stream relay', () => {
  test('publishes a whole batch and reports no failure', async () => {
    const events = Array.from({ length: 25 }, (_, index) => absence(index));
    const bus = fakeBus();
    const answer = await relayWith(bus.publisher, { sleep: noSleep })(streamEvent(events));
    expect(answer.batchItemFailures).toEqual([]);
    expect(bus.accepted).toEqual(events.map((event) => event.detail.eventId));
  });

  test('sends again only the entries the bus refused, and accepts each event once', async () => {
    const events = Array.from({ length: 12 }, (_, index) => absence(index));
    const flaky = new Set([events[3]!.detail.eventId, events[10]!.detail.eventId]);
    const bus = fakeBus((event, call) => call === 1 && flaky.has(event.detail.eventId));
    const answer = await relayWith(bus.publisher, { sleep: noSleep })(streamEvent(events));
    expect(answer.batchItemFailures).toEqual([]);
    expect([...bus.accepted].sort()).toEqual(events.map((event) => String(event.detail.eventId)).sort());
  });

  test('reports what the bus keeps refusing, so the stream retries it; the retried batch publishes only what is missing', async () => {
    const events = Array.from({ length: 5 }, (_, index) => absence(index));
    let outage = true;
    const stuck = events[2]!.detail.eventId;
    const bus = fakeBus((event) => outage && event.detail.eventId === stuck);
    const relay = relayWith(bus.publisher, { sleep: noSleep, attempts: 3 });

    const first = await relay(streamEvent(events));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: '1002' }]);
    expect(bus.accepted).toHaveLength(4);

    // The stream delivers the batch again from the failed record (Lambda's ReportBatchItemFailures).
    outage = false;
    const second = await relay(streamEvent(events.slice(2)));
    expect(second.batchItemFailures).toEqual([]);
    expect([...bus.accepted].sort()).toEqual(events.map((event) => String(event.detail.eventId)).sort());
  });

  test('a record holding an event the catalog does not know fails alone', async () => {
    const events = [absence(0), { ...absence(1), detailType: 'Student Teleported' }, absence(2)];
    const bus = fakeBus();
    const answer = await relayWith(bus.publisher, { sleep: noSleep })(streamEvent(events));
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: '1001' }]);
    expect(bus.accepted).toEqual([events[0]!.detail.eventId, events[2]!.detail.eventId]);
  });
});

describe('PutEvents requests', () => {
  test('carry at most 10 entries each, in order', () => {
    const chunks = putEventsChunks(Array.from({ length: 100 }, () => 500));
    expect(chunks).toHaveLength(10);
    expect(chunks.every(({ start, end }) => end - start <= EVENTBRIDGE.entriesPerPutEvents.value)).toBe(true);
    expect(chunks.map(({ start }) => start)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  test('stay within 256 KB, counted by EventBridge’s rule', () => {
    const entry = { Source: 'sis.attendance', DetailType: 'Student Marked Absent', Detail: JSON.stringify({ note: 'é'.repeat(30_000) }) };
    const size = putEventsEntryBytes(entry);
    // Each é is 2 UTF-8 bytes: the detail alone is over 60 KB.
    expect(size).toBeGreaterThan(60_000);
    const chunks = putEventsChunks(Array.from({ length: 10 }, () => size));
    for (const { start, end } of chunks) expect((end - start) * size).toBeLessThanOrEqual(EVENTBRIDGE.putEventsBytes.value);
    expect(chunks.reduce((sum, { start, end }) => sum + end - start, 0)).toBe(10);
  });
});
