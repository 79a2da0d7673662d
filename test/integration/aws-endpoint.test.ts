import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { startAwsEndpoint, type AwsEndpoint } from '../../infra/local/aws-endpoint';
import { LocalEventBus, type EventEnvelope } from '../../infra/local/event-bus';
import { BUS_RULES } from '../../functions/manifest';
import { createQueueTable } from './local-queue-table';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';

describe('AWS endpoint (SQS and EventBridge over the real SDK clients)', () => {
  let table: Awaited<ReturnType<typeof createQueueTable>>;
  let endpoint: AwsEndpoint;
  let sqs: SQSClient;
  let events: EventBridgeClient;

  beforeAll(async () => {
    table = await createQueueTable('aws-endpoint');
    table.queues.declare('sdk-main', { visibilityTimeoutSeconds: 30, maxReceives: 1, deadLetterQueue: 'sdk-dlq' });
    table.queues.declare('sdk-audit', { visibilityTimeoutSeconds: 30 });
    const bus = new LocalEventBus({ queues: table.queues, rules: BUS_RULES, queueNameOf: (queue) => `sdk-${queue}`, busName: 'sis' });
    endpoint = await startAwsEndpoint({ queues: table.queues, bus });
    sqs = new SQSClient({ endpoint: endpoint.url, region, credentials });
    events = new EventBridgeClient({ endpoint: endpoint.url, region, credentials });
  });
  afterAll(async () => {
    sqs.destroy();
    events.destroy();
    await endpoint.close();
    await table.drop();
  });

  const queueUrl = (name: string) => `${endpoint.url}/000000000000/${name}`;

  it('resolves queue URLs and lists queues', async () => {
    expect(await sqs.send(new GetQueueUrlCommand({ QueueName: 'sdk-main' }))).toMatchObject({ QueueUrl: queueUrl('sdk-main') });
    const { QueueUrls } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'sdk-' }));
    expect(QueueUrls?.sort()).toEqual([queueUrl('sdk-audit'), queueUrl('sdk-dlq'), queueUrl('sdk-main')]);
  });

  it('answers an unknown queue with QueueDoesNotExist', async () => {
    const error = await sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('missing'), MessageBody: 'x' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });

  it('sends, receives (checksums verified by the SDK), changes visibility and deletes', async () => {
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl('sdk-main'),
        MessageBody: 'héllo wörld',
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: 'school-7' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );
    expect(sent.MessageId).toBeDefined();
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl('sdk-main'),
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    expect(Messages).toHaveLength(1);
    const [message] = Messages!;
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: 'héllo wörld', MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
    expect(message!.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d+$/) });
    expect(message!.MessageAttributes?.tenant).toEqual({ DataType: 'String', StringValue: 'school-7' });
    expect(Buffer.from(message!.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([1, 2, 3]));

    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl('sdk-main'), AttributeNames: ['All'] }));
    expect(attributes.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:sdk-main',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:sdk-dlq', maxReceiveCount: 1 }),
    });

    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl('sdk-main'), ReceiptHandle: message!.ReceiptHandle, VisibilityTimeout: 60 }),
    );
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl('sdk-main'), ReceiptHandle: message!.ReceiptHandle }));
    const after = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl('sdk-main'),
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(after.Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    await expect(
      sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl('sdk-main'), ReceiptHandle: message!.ReceiptHandle, VisibilityTimeout: 0 }),
      ),
    ).rejects.toMatchObject({ name: 'MessageNotInflight' });
  });

  it('sends and deletes in batches, reporting failures per entry', async () => {
    const batch = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('sdk-audit'),
        Entries: [
          { Id: 'a', MessageBody: 'first' },
          { Id: 'b', MessageBody: 'second' },
        ],
      }),
    );
    expect(batch.Successful?.map((entry) => entry.Id).sort()).toEqual(['a', 'b']);

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('sdk-audit'), MaxNumberOfMessages: 10 }));
    expect(Messages.map((message) => message.Body).sort()).toEqual(['first', 'second']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl('sdk-audit'),
        Entries: [
          ...Messages.map((message, index) => ({ Id: `m${index}`, ReceiptHandle: message.ReceiptHandle })),
          { Id: 'bad', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(deleted.Successful?.map((entry) => entry.Id).sort()).toEqual(['m0', 'm1']);
    expect(deleted.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
  });

  it('long-polls until a message arrives', async () => {
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('sdk-audit'), WaitTimeSeconds: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await table.queues.send('sdk-audit', 'late');
    const { Messages = [] } = await receiving;
    expect(Messages.map((message) => message.Body)).toEqual(['late']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl('sdk-audit'), ReceiptHandle: Messages[0]!.ReceiptHandle }));
  });

  it('redrives a dead-letter queue back to its source with StartMessageMoveTask', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('sdk-main'), MessageBody: 'poison' }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('sdk-main'), VisibilityTimeout: 0 }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('sdk-main') }))).Messages ?? []).toEqual([]); // moved to the DLQ

    const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: 'arn:aws:sqs:us-east-1:000000000000:sdk-dlq' }));
    expect(task.TaskHandle).toBeDefined();

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('sdk-main') }));
    expect(Messages.map((message) => message.Body)).toEqual(['poison']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl('sdk-main'), ReceiptHandle: Messages[0]!.ReceiptHandle }));
  });

  it('routes PutEvents to the queue of the matching rule', async () => {
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'sis.students',
            DetailType: 'StudentCreated',
            Detail: JSON.stringify({ studentId: 'st-9' }),
            EventBusName: 'sis',
            Time: new Date('2025-09-02T07:30:00Z'),
          },
          { Source: 'other.system', DetailType: 'Noise', Detail: '{}', EventBusName: 'sis' },
          { Source: 'sis.students', DetailType: 'Broken', Detail: '{not json', EventBusName: 'sis' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[2]).toMatchObject({ ErrorCode: 'MalformedDetail' });

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('sdk-audit'), MaxNumberOfMessages: 10 }));
    const delivered = Messages.map((message) => JSON.parse(message.Body!) as EventEnvelope);
    expect(delivered).toEqual([
      expect.objectContaining({
        id: result.Entries?.[0]?.EventId,
        source: 'sis.students',
        time: '2025-09-02T07:30:00Z',
        detail: { studentId: 'st-9' },
      }),
    ]);
  });

  it('is reached by SDK clients configured only through AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_EVENTBRIDGE', async () => {
    const saved = { sqs: process.env.AWS_ENDPOINT_URL_SQS, events: process.env.AWS_ENDPOINT_URL_EVENTBRIDGE };
    process.env.AWS_ENDPOINT_URL_SQS = endpoint.url;
    process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = endpoint.url;
    const envSqs = new SQSClient({ region, credentials });
    const envEvents = new EventBridgeClient({ region, credentials });
    try {
      const { QueueUrl } = await envSqs.send(new GetQueueUrlCommand({ QueueName: 'sdk-audit' }));
      expect(QueueUrl).toBe(queueUrl('sdk-audit'));
      const put = await envEvents.send(
        new PutEventsCommand({ Entries: [{ Source: 'sis.env', DetailType: 'EnvCheck', Detail: '{}', EventBusName: 'sis' }] }),
      );
      expect(put.FailedEntryCount).toBe(0);
      const { Messages = [] } = await envSqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      expect(Messages.map((message) => (JSON.parse(message.Body!) as EventEnvelope)['detail-type'])).toEqual(['EnvCheck']);
    } finally {
      envSqs.destroy();
      envEvents.destroy();
      for (const [name, value] of [
        ['AWS_ENDPOINT_URL_SQS', saved.sqs],
        ['AWS_ENDPOINT_URL_EVENTBRIDGE', saved.events],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
