import { QueueError, md5 } from '../../infra/local/sqs-shapes';
import { createQueueTable } from './local-queue-table';

describe('LocalQueues (durable SQS emulation on DynamoDB Local)', () => {
  let table: Awaited<ReturnType<typeof createQueueTable>>;

  beforeAll(async () => {
    table = await createQueueTable('local-queues');
  });
  afterAll(async () => {
    await table.drop();
  });

  it('keeps accepted messages across a restart', async () => {
    // Arrange
    table.queues.declare('restart', { visibilityTimeoutSeconds: 30 });
    const first = await table.queues.send('restart', '{"n":1}');
    await table.queues.send('restart', '{"n":2}', { messageAttributes: { kind: { DataType: 'String', StringValue: 'audit' } } });

    // Act: a new instance on the same table, as after the local runtime restarts
    const restarted = table.reopen();
    restarted.declare('restart', { visibilityTimeoutSeconds: 30 });
    const received = await restarted.receive('restart', 10);

    // Assert
    expect(received.map((message) => message.body).sort()).toEqual(['{"n":1}', '{"n":2}']);
    const one = received.find((message) => message.messageId === first.messageId)!;
    expect(one.md5OfBody).toBe(md5('{"n":1}'));
    expect(one.attributes.ApproximateReceiveCount).toBe('1');
    expect(Number(one.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(received.find((message) => message.body === '{"n":2}')!.messageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'audit' },
    });

    // Messages a previous run had received but not deleted can be released at start-up instead
    // of waiting out their visibility timeout.
    const again = table.reopen();
    again.declare('restart', { visibilityTimeoutSeconds: 30 });
    expect(await again.receive('restart', 10)).toEqual([]);
    expect(await again.releaseInFlight('restart')).toBe(2);
    expect((await again.receive('restart', 10)).map((message) => message.attributes.ApproximateReceiveCount)).toEqual(['2', '2']);
  });

  it('gives a message to one receiver at a time', async () => {
    const other = table.reopen();
    for (const queues of [table.queues, other]) queues.declare('exclusive', { visibilityTimeoutSeconds: 30 });
    await table.queues.send('exclusive', 'only once');

    const [a, b] = await Promise.all([table.queues.receive('exclusive', 1), other.receive('exclusive', 1)]);
    expect(a.length + b.length).toBe(1);
    expect(await table.queues.receive('exclusive', 1)).toEqual([]);

    // Making it visible again lets it be received a second time.
    const [held] = [...a, ...b];
    expect(await table.queues.changeVisibility('exclusive', held!.receiptHandle, 0)).toBe(true);
    const [again] = await other.receive('exclusive', 1);
    expect(again!.messageId).toBe(held!.messageId);
    expect(again!.attributes.ApproximateReceiveCount).toBe('2');
    expect(again!.attributes.ApproximateFirstReceiveTimestamp).toBe(held!.attributes.ApproximateFirstReceiveTimestamp);
  });

  it('moves a message to the dead-letter queue once it has been received maxReceives times', async () => {
    table.queues.declare('work', { visibilityTimeoutSeconds: 0, maxReceives: 2, deadLetterQueue: 'work-dlq' });
    const sent = await table.queues.send('work', 'poison');

    expect(await table.queues.receive('work', 1)).toHaveLength(1);
    expect(await table.queues.receive('work', 1)).toHaveLength(1);
    expect(await table.queues.receive('work', 1)).toEqual([]); // third receive: redriven instead

    const [dead] = await table.queues.receive('work-dlq', 1);
    expect(dead).toMatchObject({ messageId: sent.messageId, body: 'poison' });
    expect(dead!.attributes.DeadLetterQueueSourceArn).toBe('arn:aws:sqs:us-east-1:000000000000:work');
    expect(await table.queues.stats('work')).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('moves dead-lettered messages back to their source queue (StartMessageMoveTask)', async () => {
    table.queues.declare('redrive', { visibilityTimeoutSeconds: 0, maxReceives: 1, deadLetterQueue: 'redrive-dlq' });
    await table.queues.send('redrive', 'a');
    await table.queues.send('redrive', 'b');
    await table.queues.receive('redrive', 10);
    expect(await table.queues.receive('redrive', 10)).toEqual([]);
    expect((await table.queues.stats('redrive-dlq')).visible).toBe(2);

    const moved = await table.queues.moveMessages('redrive-dlq');

    expect(moved).toBe(2);
    expect((await table.queues.stats('redrive-dlq')).visible).toBe(0);
    const back = await table.queues.receive('redrive', 10);
    expect(back.map((message) => message.body).sort()).toEqual(['a', 'b']);
    expect(back[0]!.attributes.ApproximateReceiveCount).toBe('1'); // a fresh start in the source queue
  });

  it('does not let a stale receipt handle delete a newer delivery', async () => {
    table.queues.declare('stale', { visibilityTimeoutSeconds: 0 });
    await table.queues.send('stale', 'm');
    const [firstDelivery] = await table.queues.receive('stale', 1);
    const [secondDelivery] = await table.queues.receive('stale', 1);

    expect(await table.queues.delete('stale', firstDelivery!.receiptHandle)).toBe(false);
    expect((await table.queues.stats('stale')).visible).toBe(1);
    expect(await table.queues.delete('stale', secondDelivery!.receiptHandle)).toBe(true);
    expect(await table.queues.stats('stale')).toEqual({ visible: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: 0 });
  });

  it('reports visible, in-flight and delayed messages', async () => {
    table.queues.declare('stats', { visibilityTimeoutSeconds: 60 });
    await table.queues.sendBatch('stats', [
      { id: '1', body: 'one' },
      { id: '2', body: 'two' },
      { id: '3', body: 'three' },
      { id: '4', body: 'later', delaySeconds: 600 },
    ]);
    await table.queues.receive('stats', 1);

    expect(await table.queues.stats('stats')).toMatchObject({ visible: 2, inFlight: 1, delayed: 1 });
  });

  it('answers with the MD5 of message attributes that SQS clients verify', async () => {
    table.queues.declare('md5', { visibilityTimeoutSeconds: 1 });
    // Known SQS digests, as published with other SQS implementations' tests.
    const two = await table.queues.send('md5', 'x', {
      messageAttributes: { ordinal: { DataType: 'Number', StringValue: '1' }, category: { DataType: 'String', StringValue: 'test' } },
    });
    const one = await table.queues.send('md5', 'x', {
      messageAttributes: { SellerName: { DataType: 'String', StringValue: 'Example Store' } },
    });
    expect(two.md5OfMessageAttributes).toBe('d21ae90c49061e927f57df5f5d72be1f');
    expect(one.md5OfMessageAttributes).toBe('cd28f3b68aeee4b2eac9c66f2f694b58');
  });

  it('rejects unknown queues, invalid receipt handles and oversized messages as SQS would', async () => {
    await expect(table.queues.send('nowhere', 'x')).rejects.toMatchObject({ code: 'QueueDoesNotExist' });
    table.queues.declare('strict', { visibilityTimeoutSeconds: 1 });
    await expect(table.queues.delete('strict', 'not-a-handle')).rejects.toBeInstanceOf(QueueError);
    await expect(table.queues.send('strict', 'x'.repeat(262_145))).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    const batch = await table.queues.sendBatch('strict', [
      { id: 'ok', body: 'fine' },
      { id: 'empty', body: '' },
    ]);
    expect(batch.successful.map((entry) => entry.id)).toEqual(['ok']);
    expect(batch.failed).toEqual([expect.objectContaining({ id: 'empty', code: 'InvalidParameterValue', senderFault: true })]);
  });
});
