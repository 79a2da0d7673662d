import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { md5 } from '../../infra/local/sqs-shapes';
import { QueuePoller, type QueuePollerOptions } from '../../infra/local/queue-poller';
import { createQueueTable } from './local-queue-table';

describe('QueuePoller (SQS event source mapping emulation)', () => {
  let table: Awaited<ReturnType<typeof createQueueTable>>;
  const pollers: QueuePoller[] = [];

  beforeAll(async () => {
    table = await createQueueTable('queue-poller');
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  });
  afterAll(async () => {
    await table.drop();
  });

  const startPoller = (options: Omit<QueuePollerOptions, 'queues'>) => {
    const poller = new QueuePoller({ queues: table.queues, ...options });
    pollers.push(poller);
    poller.start();
    return poller;
  };

  it('invokes the handler with the SQS event shape and deletes what it processed', async () => {
    table.queues.declare('shape', { visibilityTimeoutSeconds: 30 });
    await table.queues.send('shape', '{"hello":"world"}', { messageAttributes: { tenant: { DataType: 'String', StringValue: 's-1' } } });
    const events: SQSEvent[] = [];

    const poller = startPoller({ queueName: 'shape', batchSize: 10, invoke: async (event) => void events.push(event) });
    await poller.idle();

    const records = events.flatMap((event) => event.Records);
    expect(records).toHaveLength(1);
    expect(records[0]).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: '{"hello":"world"}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d+$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/),
      },
      messageAttributes: { tenant: { stringValue: 's-1', stringListValues: [], binaryListValues: [], dataType: 'String' } },
      md5OfBody: md5('{"hello":"world"}'),
      md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:shape',
      awsRegion: 'us-east-1',
    });
    expect(await table.queues.stats('shape')).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('gathers the messages sent within its batching window into one invocation, and no later ones', async () => {
    table.queues.declare('window', { visibilityTimeoutSeconds: 30 });
    const batches: number[] = [];
    const poller = startPoller({
      queueName: 'window',
      batchSize: 10,
      batchingWindowSeconds: 1,
      invoke: async (event) => void batches.push(event.Records.length),
    });
    // Three messages within the window, one after it: two invocations, of three and of one.
    await table.queues.send('window', 'first');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await table.queues.send('window', 'second');
    await table.queues.send('window', 'third');
    await poller.idle();
    await table.queues.send('window', 'later');
    await poller.idle();
    expect(batches).toEqual([3, 1]);
  });

  it('redelivers only the records reported in batchItemFailures', async () => {
    table.queues.declare('partial', { visibilityTimeoutSeconds: 0.3 });
    await table.queues.sendBatch(
      'partial',
      ['a', 'b', 'c'].map((body) => ({ id: body, body })),
    );
    const deliveries: SQSRecord[] = [];
    let failedOnce = false;

    const poller = startPoller({
      queueName: 'partial',
      batchSize: 10,
      invoke: async (event): Promise<SQSBatchResponse> => {
        deliveries.push(...event.Records);
        const b = event.Records.find((record) => record.body === 'b');
        if (b && !failedOnce) {
          failedOnce = true;
          return { batchItemFailures: [{ itemIdentifier: b.messageId }] };
        }
        return { batchItemFailures: [] };
      },
    });
    await poller.idle();

    expect(deliveries.map((record) => record.body).sort()).toEqual(['a', 'b', 'b', 'c']);
    expect(deliveries.filter((record) => record.body === 'b').map((record) => record.attributes.ApproximateReceiveCount)).toEqual([
      '1',
      '2',
    ]);
  });

  it('retries a batch whose handler throws, then dead-letters it after maxReceives', async () => {
    table.queues.declare('failing', { visibilityTimeoutSeconds: 0.1, maxReceives: 2, deadLetterQueue: 'failing-dlq' });
    await table.queues.sendBatch(
      'failing',
      ['x', 'y'].map((body) => ({ id: body, body })),
    );
    const attempts: string[] = [];
    const errors: unknown[] = [];

    const poller = startPoller({
      queueName: 'failing',
      batchSize: 10,
      invoke: async (event) => {
        attempts.push(...event.Records.map((record) => record.body));
        throw new Error('downstream is down');
      },
      onError: (error) => errors.push(error),
    });
    await poller.idle();

    expect(attempts.sort()).toEqual(['x', 'x', 'y', 'y']);
    expect(errors.length).toBeGreaterThan(0);
    const dead = await table.queues.receive('failing-dlq', 10);
    expect(dead.map((message) => message.body).sort()).toEqual(['x', 'y']);
  });

  // The audit dead letters of the --faults benchmark: the benchmark shortened every queue's
  // visibility timeout to 2 s, below the audit consumer's time under load, so a batch still being
  // processed was received again (and again), and dead-lettered after maxReceives, though no
  // invocation ever failed.
  it('dead-letters a message that outlasts its visibility timeout on every receive, though every invocation succeeds', async () => {
    table.queues.declare('slow', { visibilityTimeoutSeconds: 0.2, maxReceives: 2, deadLetterQueue: 'slow-dlq' });
    await table.queues.send('slow', 'audit event');
    let invocations = 0;
    const poller = startPoller({
      queueName: 'slow',
      batchSize: 1,
      maxConcurrency: 3,
      invoke: async () => {
        invocations += 1;
        await new Promise((resolve) => setTimeout(resolve, 600)); // succeeds, slowly
      },
      onError: () => undefined,
    });
    await poller.idle();
    expect(invocations).toBe(2);
    expect((await table.queues.receive('slow-dlq', 10)).map((message) => message.body)).toEqual(['audit event']);
  });

  it('with a retry delay instead of a short visibility timeout, a slow success is delivered once and only failures come back', async () => {
    table.queues.declare('patient', { visibilityTimeoutSeconds: 30, maxReceives: 2, deadLetterQueue: 'patient-dlq' });
    await table.queues.sendBatch('patient', [
      { id: 'slow', body: 'slow' },
      { id: 'poison', body: 'poison' },
    ]);
    const seen: string[] = [];
    const poller = startPoller({
      queueName: 'patient',
      batchSize: 1,
      maxConcurrency: 3,
      retryDelaySeconds: 0.1,
      invoke: async (event) => {
        const record = event.Records[0]!;
        seen.push(record.body);
        if (record.body === 'poison') return { batchItemFailures: [{ itemIdentifier: record.messageId }] };
        await new Promise((resolve) => setTimeout(resolve, 600));
      },
      onError: () => undefined,
    });
    await poller.idle();
    expect(seen.filter((body) => body === 'slow')).toHaveLength(1);
    expect(seen.filter((body) => body === 'poison')).toHaveLength(2);
    expect((await table.queues.receive('patient-dlq', 10)).map((message) => message.body)).toEqual(['poison']);
  });

  it('treats an unknown itemIdentifier as a failure of the whole batch', async () => {
    table.queues.declare('bogus', { visibilityTimeoutSeconds: 0.1 });
    await table.queues.send('bogus', 'only');
    let calls = 0;

    const poller = startPoller({
      queueName: 'bogus',
      batchSize: 10,
      invoke: async () => (++calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] } : undefined),
    });
    await poller.idle();

    expect(calls).toBe(2);
  });

  it('runs at most maxConcurrency batches at once', async () => {
    table.queues.declare('concurrent', { visibilityTimeoutSeconds: 30 });
    await table.queues.sendBatch(
      'concurrent',
      ['1', '2', '3', '4', '5', '6'].map((body) => ({ id: body, body })),
    );
    let running = 0;
    let mostAtOnce = 0;
    const handled: string[] = [];

    const poller = startPoller({
      queueName: 'concurrent',
      batchSize: 1,
      maxConcurrency: 2,
      invoke: async (event) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 100));
        handled.push(...event.Records.map((record) => record.body));
        running -= 1;
      },
    });
    await poller.idle();

    expect(handled.sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(mostAtOnce).toBe(2);
  });

  it('finishes the invocation under way when stopped, so its messages are not redelivered', async () => {
    table.queues.declare('stopping', { visibilityTimeoutSeconds: 30 });
    await table.queues.send('stopping', 'slow');
    let finished = false;
    let started!: () => void;
    const invoked = new Promise<void>((resolve) => (started = resolve));

    const poller = startPoller({
      queueName: 'stopping',
      batchSize: 1,
      invoke: async () => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 200));
        finished = true;
      },
    });
    await invoked;
    await poller.stop();

    expect(finished).toBe(true);
    expect(await table.queues.stats('stopping')).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('sleeps while its queue is empty, yet takes a message as soon as it is sent or its delay ends', async () => {
    table.queues.declare('sleepy', { visibilityTimeoutSeconds: 30 });
    const handled: string[] = [];
    // Two minutes between receives of an empty queue: only the queue's wake-up can bring these in time.
    startPoller({
      queueName: 'sleepy',
      batchSize: 1,
      pollIntervalMs: 120_000,
      invoke: async (event) => void handled.push(...event.Records.map((record) => record.body)),
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // it has found the queue empty and sleeps

    await table.queues.send('sleepy', 'sent now');
    await table.queues.send('sleepy', 'due in a second', { delaySeconds: 1 });

    for (let waited = 0; handled.length < 2 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(handled).toEqual(['sent now', 'due in a second']);
  });
});
