import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventEnvelope } from '../../infra/local/event-bus';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import type { RelayFaults } from '../../infra/local/runtime';
import { failureContent, mergeWindows, replayStreamFailures, replayWindow } from '../../infra/ops/replay';
import { EventBridgePublisher } from '../../functions/platform/event-bridge-publisher';
import { schoolBody, staffBody } from '../support/fixtures';
import { startTestSystem, type TestSystem } from '../support/runtime';

jest.setTimeout(180_000);

/**
 * The stream relay fails for a while (a bus outage longer than its retries): the changes are
 * stored, their events end in the relay's on-failure queue, and `npm run replay` publishes them
 * once the outage is over. Replaying what had been delivered already changes nothing.
 */
describe('replaying events the stream relay gave up on', () => {
  let system: TestSystem;
  const relayFaults: RelayFaults = { failing: false, injected: { relayFailed: 0 } };
  const events: EventEnvelope[] = [];
  let admin: string;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    // Ten retries of each failing batch at a 5 ms first delay, not 100 ms: the outage is what is under test, not the wait.
    system = await startTestSystem('replay', { relayFaults, schedules: 'manual', streamRetryDelayMs: 5 });
    system.runtime.bus.onEvent((event) => events.push(event));
    admin = system.api.token('district_admin');
  });
  afterAll(() => system?.stop());

  const tools = () => {
    const local = { endpoint: system.runtime.awsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    return {
      documents: DynamoDBDocumentClient.from(system.runtime.dynamoClient),
      publisher: new EventBridgePublisher(`${system.runtime.tableName}-bus`, new EventBridgeClient(local)),
      failures: {
        sqs: new SQSClient(local),
        queueUrl: `${system.runtime.awsEndpoint}/000000000000/${system.runtime.tableName}-stream-failures`,
      },
    };
  };
  const activityOf = async (schoolId: string) =>
    (await system.api.call('GET', `/v1/schools/${schoolId}/activity?date=${today}&limit=200`, { token: admin })).body.items as {
      eventId: string;
      detailType: string;
    }[];

  test('a school and its staff written during a relay outage reach the bus and the activity log once, after the replay', async () => {
    // Arrange: the relay is down while the district sets up a school and three staff members.
    relayFaults.failing = true;
    const school = await system.api.call('POST', '/v1/schools', { token: admin, body: schoolBody({ name: 'Replay Middle School' }) });
    expect(school.status).toBe(201);
    const schoolId: string = school.body.id;
    for (const last of ['Ito', 'Okafor', 'Silva']) {
      const staff = await system.api.call('POST', '/v1/staff', {
        token: admin,
        body: staffBody([schoolId], { name: { first: 'Ana', last } }),
      });
      expect(staff.status).toBe(201);
    }
    await system.runtime.idle(120_000);
    expect(relayFaults.injected!.relayFailed).toBeGreaterThan(0);
    expect(await activityOf(schoolId)).toEqual([]);
    expect(Object.keys(await system.runtime.deadLetters())).toContain(`${system.runtime.tableName}-stream-failures`);

    // Act: the outage ends; the operator replays the on-failure queue.
    relayFaults.failing = false;
    const { documents, publisher, failures } = tools();
    const summary = await replayStreamFailures(documents, system.runtime.tableName, publisher, failures, { marginMs: 5 * 60_000 });
    await system.runtime.idle(60_000);

    // Assert: every change is in the activity log once, and the on-failure queue is empty.
    expect(summary).toMatchObject({ found: 4, published: 4, failed: 0, unknown: 0, messagesDeleted: summary.messages });
    const filed = await activityOf(schoolId);
    expect(filed.map((entry) => entry.detailType).sort()).toEqual([
      'School Created',
      'Staff Member Created',
      'Staff Member Created',
      'Staff Member Created',
    ]);
    expect(await system.runtime.deadLetters()).toEqual({});

    // Replaying the whole window again publishes the same events (same ids) and files nothing twice.
    const again = await replayWindow(documents, system.runtime.tableName, publisher, {
      from: new Date(Date.now() - 10 * 60_000).toISOString(),
      to: new Date().toISOString(),
    });
    await system.runtime.idle(60_000);
    expect(again.published).toBeGreaterThanOrEqual(4);
    expect(await activityOf(schoolId)).toEqual(filed);
    const created = events.filter(
      (event) => event['detail-type'] === 'School Created' && (event.detail as { ids: { schoolId: string } }).ids.schoolId === schoolId,
    );
    expect(new Set(created.map((event) => (event.detail as { eventId: string }).eventId)).size).toBe(1);
  });

  test('an AWS on-failure message (a pointer, not records) becomes the window of its arrival times, widened by the margin', () => {
    const body = JSON.stringify({
      requestContext: { condition: 'RetryAttemptsExhausted' },
      DDBStreamBatchInfo: {
        shardId: 'shardId-00000001',
        startSequenceNumber: '100',
        endSequenceNumber: '180',
        approximateArrivalOfFirstRecord: '2026-09-01T15:00:10Z',
        approximateArrivalOfLastRecord: '2026-09-01T15:00:40Z',
        batchSize: 80,
      },
    });

    expect(failureContent(body, 5 * 60_000)).toEqual({ window: { from: '2026-09-01T14:55:10.000Z', to: '2026-09-01T15:05:40.000Z' } });
    expect(() => failureContent('{"something":"else"}', 0)).toThrow(/not an on-failure message/);
    expect(
      mergeWindows([
        { from: '2026-09-01T15:00:00.000Z', to: '2026-09-01T15:10:00.000Z' },
        { from: '2026-09-01T16:00:00.000Z', to: '2026-09-01T16:10:00.000Z' },
        { from: '2026-09-01T15:05:00.000Z', to: '2026-09-01T15:20:00.000Z' },
      ]),
    ).toEqual([
      { from: '2026-09-01T15:00:00.000Z', to: '2026-09-01T15:20:00.000Z' },
      { from: '2026-09-01T16:00:00.000Z', to: '2026-09-01T16:10:00.000Z' },
    ]);
  });
});
