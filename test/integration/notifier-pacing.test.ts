import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createServices } from '../../functions/services';
import { createTestTable, useTableAsFunctionEnv, type TestTable } from '../support/dynamo';
import { seedHighSchool, seedStudents } from '../support/seed';

/**
 * The notifier as SQS invokes it, against DynamoDB Local with its e-mail paced to 1 a second (SQS
 * is mocked: it cannot run here). A wave larger than the rate sends what the rate allows, and puts
 * the rest back on the queue as new messages delayed to their slots: the records it was given all
 * succeed, so waiting for a slot never counts towards the queue's maxReceiveCount (5) and never
 * dead-letters a notice, however many times it waits (decision 0115).
 */
describe('the notifier under a rate its wave exceeds', () => {
  const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/sis-notifications';
  const sqs = mockClient(SQSClient);
  const outbox = mkdtempSync(join(tmpdir(), 'sis-notifier-pacing-'));
  let table: TestTable;
  let schoolId: string;
  let students: string[];
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

  beforeAll(async () => {
    table = await createTestTable('notifier-pacing');
    useTableAsFunctionEnv(table, { QUEUE_URL_NOTIFICATIONS: QUEUE_URL, NOTIFY_OUTBOX_DIR: outbox, NOTIFY_EMAIL_PER_SECOND: '1' });
    const services = createServices(DynamoDBDocumentClient.from(table.client), table.tableName);
    schoolId = await seedHighSchool(services, 'Paced High');
    students = await seedStudents(services, schoolId, 4);
    ({ handler } = (await import('../../functions/consumers/notifier')) as unknown as { handler: typeof handler });
  });
  afterEach(() => sqs.reset());
  afterAll(async () => {
    rmSync(outbox, { recursive: true, force: true });
    await table?.drop();
  });

  /** A first-period absence of one student, as EventBridge puts it on the notifications queue. */
  const absence = (studentId: string, index: number, deferrals?: number): SQSRecord =>
    ({
      messageId: `m-${index}`,
      receiptHandle: `r-${index}`,
      body: JSON.stringify({
        source: 'sis.attendance',
        'detail-type': 'Student Marked Absent',
        detail: {
          eventId: `absence-${studentId}`,
          eventVersion: 1,
          occurredAt: '2026-09-02T13:05:00.000Z',
          actor: { sub: 'teacher-1', roles: ['teacher'] },
          recordType: 'sectionAttendance',
          ids: { sectionId: 'SECTION-P1', date: '2026-09-02' },
          schoolIds: [schoolId],
          changedFields: ['marks'],
          studentId,
          schoolId,
          sectionId: 'SECTION-P1',
          periods: ['P1'],
          date: '2026-09-02',
          category: 'absent',
        },
      }),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: deferrals ? { 'sis-deferrals': { stringValue: String(deferrals), dataType: 'String' } } : {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:sis-notifications',
      awsRegion: 'us-east-1',
    }) as SQSRecord;
  const context = { awsRequestId: 'test', functionName: 'sis-notifier', getRemainingTimeInMillis: () => 60_000 } as Context;
  const emailsSent = () =>
    readdirSync(outbox)
      .filter((name) => name.endsWith('.ndjson'))
      .flatMap((name) => readFileSync(join(outbox, name), 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as { channel: string })
      .filter((line) => line.channel === 'email').length;

  test('four absences at once: one e-mail goes, three come back later as new delayed messages, and no record fails', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'later' });

    const answer = await handler({ Records: students.map((studentId, index) => absence(studentId, index)) }, context);

    expect(answer.batchItemFailures).toEqual([]);
    expect(emailsSent()).toBe(1);
    const requeued = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(requeued).toHaveLength(3);
    for (const message of requeued) {
      expect(message.QueueUrl).toBe(QUEUE_URL);
      expect(message.DelaySeconds).toBeGreaterThanOrEqual(1);
      expect(message.MessageAttributes).toEqual({ 'sis-deferrals': { DataType: 'String', StringValue: '1' } });
    }
    // What went back is each waiting event itself, to be told once when its slot comes.
    const waiting = new Set(requeued.map((message) => JSON.parse(message.MessageBody!).detail.studentId as string));
    expect(waiting.size).toBe(3);
    expect(students).toEqual(expect.arrayContaining([...waiting]));
  });

  test('a notice that has waited more times than maxReceiveCount still waits, counted, rather than failing', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'later' });
    const others = await seedStudents(createServices(DynamoDBDocumentClient.from(table.client), table.tableName), schoolId, 5);
    // A wave takes the rate's next slots…
    expect(
      (await handler({ Records: others.slice(0, 4).map((studentId, index) => absence(studentId, 10 + index)) }, context)).batchItemFailures,
    ).toEqual([]);
    sqs.resetHistory();

    // …then a notice comes back from its sixth wait: past the queue's maxReceiveCount of 5, were waits receives.
    const answer = await handler({ Records: [absence(others[4]!, 20, 6)] }, context);

    expect(answer.batchItemFailures).toEqual([]);
    const requeued = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(requeued).toHaveLength(1);
    expect(requeued[0]!.MessageAttributes).toEqual({ 'sis-deferrals': { DataType: 'String', StringValue: '7' } });
  });
});
