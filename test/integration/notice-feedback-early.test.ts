import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createServices, type Services } from '../../functions/services';
import { createTestTable, useTableAsFunctionEnv, type TestTable } from '../support/dynamo';

/**
 * SES can report an e-mail delivered before the notifier has recorded that it sent it (locally the stand-in answers
 * at once). The feedback consumer, as SQS invokes it against DynamoDB Local (SQS mocked), puts such an event back on
 * its queue for a few seconds instead of failing it, which would hide it for the queue's 190-s visibility timeout;
 * after a minute of that it fails, and the queue's retries and dead-letter queue take over.
 */
describe('feedback that arrives before the send is recorded', () => {
  const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/sis-noticeFeedback';
  const sqs = mockClient(SQSClient);
  let table: TestTable;
  let services: Services;
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  let retry: { delaySeconds: number; attempts: number };

  beforeAll(async () => {
    table = await createTestTable('notice-feedback-early');
    useTableAsFunctionEnv(table, { QUEUE_URL_NOTICEFEEDBACK: QUEUE_URL });
    services = createServices(DynamoDBDocumentClient.from(table.client), table.tableName);
    const consumer = await import('../../functions/consumers/notice-feedback');
    ({ handler } = consumer as unknown as { handler: typeof handler });
    retry = consumer.NOT_YET_SENT_RETRY;
  });
  afterEach(() => sqs.reset());
  afterAll(() => table?.drop());

  const delivered = (eventId: string, attempts?: number): SQSRecord =>
    ({
      messageId: `m-${eventId}`,
      receiptHandle: `r-${eventId}`,
      body: JSON.stringify({
        eventType: 'Delivery',
        mail: { messageId: `ses-${eventId}`, timestamp: '2026-09-02T13:06:00.000Z', tags: { notice: [eventId], guardian: ['G-1'] } },
        delivery: { timestamp: '2026-09-02T13:06:01.000Z', recipients: ['lan@example.com'] },
      }),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: attempts ? { notYetSentAttempts: { stringValue: String(attempts), dataType: 'String' } } : {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:sis-noticeFeedback',
      awsRegion: 'us-east-1',
    }) as SQSRecord;
  const context = { awsRequestId: 'test', functionName: 'sis-noticeFeedback', getRemainingTimeInMillis: () => 30_000 } as Context;
  const claimed = (eventId: string) =>
    services.notifications.deliveries.claim(
      {
        eventId,
        guardianId: 'G-1',
        studentId: 'S-1',
        channel: 'email',
        kind: 'absence',
        language: 'en',
        occurredAt: '2026-09-02T13:05:00.000Z',
        createdAt: '2026-09-02T13:05:00.000Z',
        to: 'lan@example.com',
      },
      new Date('2026-09-02T13:05:30.000Z'),
      60,
    );

  test('a delivery still being sent: the event goes back for a few seconds, the record succeeds', async () => {
    await claimed('absence-1');
    const answer = await handler({ Records: [delivered('absence-1')] }, context);
    expect(answer.batchItemFailures).toEqual([]);
    const sent = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sent).toEqual([
      expect.objectContaining({
        QueueUrl: QUEUE_URL,
        DelaySeconds: retry.delaySeconds,
        MessageAttributes: { notYetSentAttempts: { DataType: 'String', StringValue: '1' } },
      }),
    ]);
  });

  test('after its last short wait, it fails as any other record would, and nothing more is sent back', async () => {
    await claimed('absence-2');
    // Its batch's only record failed: the batch fails whole (Powertools' FullBatchFailureError), to be received again.
    await expect(handler({ Records: [delivered('absence-2', retry.attempts)] }, context)).rejects.toThrow('All records failed processing');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
