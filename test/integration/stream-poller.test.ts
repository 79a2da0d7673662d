import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { TableCheckpointStore } from '../../infra/local/stream-checkpoints';
import { StreamPoller, type StreamPollerOptions } from '../../infra/local/stream-poller';
import { STREAM_CONSUMERS } from '../../functions/manifest';
import { createTestTable, type TestTable } from '../support/dynamo';
import { createQueueTable } from './local-queue-table';

const outboxFilter = STREAM_CONSUMERS.find((consumer) => consumer.id === 'outbox')!.filter;

describe('StreamPoller (DynamoDB stream event source mapping emulation)', () => {
  let queueTable: Awaited<ReturnType<typeof createQueueTable>>;
  let streamsClient: DynamoDBStreamsClient;
  const tables: TestTable[] = [];
  const pollers: StreamPoller[] = [];

  beforeAll(async () => {
    queueTable = await createQueueTable('stream-checkpoints');
    streamsClient = new DynamoDBStreamsClient({
      endpoint: process.env.DYNAMODB_ENDPOINT,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
    await Promise.all(tables.splice(0).map((table) => table.drop()));
  });
  afterAll(async () => {
    streamsClient.destroy();
    await queueTable.drop();
  });

  const appTable = async (label: string) => {
    const table = await createTestTable(label, { stream: true });
    tables.push(table);
    return table;
  };

  // Checkpoints are kept in the local queues' table; a new store on it reads them as after a restart.
  const checkpointsFor = (consumerId: string) => ({
    checkpoints: new TableCheckpointStore(queueTable.client, queueTable.tableName),
    consumerId,
  });

  const startPoller = async (
    table: TestTable,
    options: Partial<StreamPollerOptions> & Pick<StreamPollerOptions, 'invoke' | 'checkpoints' | 'consumerId'>,
  ) => {
    const poller = new StreamPoller({
      streamsClient,
      dynamoClient: table.client,
      tableName: table.tableName,
      batchSize: 100,
      maxRetries: 3,
      retryDelayMs: 10,
      ...options,
    });
    pollers.push(poller);
    void poller.start(); // not awaited, as the local runtime starts it: idle() must still be reliable
    return poller;
  };

  const stopPoller = async (poller: StreamPoller) => {
    pollers.splice(pollers.indexOf(poller), 1);
    await poller.stop();
  };

  const putItem = (table: TestTable, id: string, entity: string, extra: Record<string, { S: string } | { B: Uint8Array }> = {}) =>
    table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { pk: { S: `item#${id}` }, sk: { S: 'v0' }, entity: { S: entity }, ...extra },
      }),
    );

  const ids = (records: readonly DynamoDBRecord[]) => records.map((record) => record.dynamodb!.Keys!.pk!.S!.replace('item#', ''));

  it('delivers only the records matching the filter, in the DynamoDB stream event shape', async () => {
    const table = await appTable('stream-filter');
    await putItem(table, 'o1', 'outbox', { payload: { B: new Uint8Array([104, 105]) } });
    await putItem(table, 's1', 'student');
    await putItem(table, 'o2', 'outbox');
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: { pk: { S: 'item#o1' }, sk: { S: 'v0' } },
        UpdateExpression: 'SET published = :yes',
        ExpressionAttributeValues: { ':yes': { S: 'yes' } },
      }),
    );
    const events: DynamoDBStreamEvent[] = [];

    const poller = await startPoller(table, {
      filter: outboxFilter,
      ...checkpointsFor('filter'),
      invoke: async (event) => void events.push(event),
    });
    await poller.idle();

    const records = events.flatMap((event) => event.Records);
    expect(ids(records)).toEqual(['o1', 'o2']); // the student and the MODIFY are filtered out
    expect(records[0]).toEqual({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: expect.stringContaining(`table/${table.tableName}/stream/`),
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'item#o1' }, sk: { S: 'v0' } },
        NewImage: { pk: { S: 'item#o1' }, sk: { S: 'v0' }, entity: { S: 'outbox' }, payload: { B: Buffer.from('hi').toString('base64') } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_IMAGE',
      },
    });
  });

  it('delivers empty maps and lists as Lambda does ({"M":{}}), so images unmarshall', async () => {
    const table = await appTable('stream-empty');
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { pk: { S: 'item#e1' }, sk: { S: 'v0' }, entity: { S: 'outbox' }, detail: { M: { capacities: { M: {} }, tags: { L: [] } } } },
      }),
    );
    const events: DynamoDBStreamEvent[] = [];

    const poller = await startPoller(table, {
      filter: outboxFilter,
      ...checkpointsFor('empty'),
      invoke: async (event) => void events.push(event),
    });
    await poller.idle();

    const image = events.flatMap((event) => event.Records)[0]!.dynamodb!.NewImage!;
    expect(image.detail).toEqual({ M: { capacities: { M: {} }, tags: { L: [] } } });
  });

  it('resumes after the last processed record when restarted, without losing or replaying any', async () => {
    const table = await appTable('stream-resume');
    const delivered: string[] = [];
    const invoke = async (event: DynamoDBStreamEvent) => void delivered.push(...ids(event.Records));
    await putItem(table, 'a', 'outbox');
    await putItem(table, 'b', 'outbox');
    const first = await startPoller(table, { ...checkpointsFor('resume'), invoke });
    await first.idle();
    await stopPoller(first);

    await putItem(table, 'c', 'outbox'); // written while the consumer is down
    const second = await startPoller(table, { ...checkpointsFor('resume'), invoke });
    await putItem(table, 'd', 'outbox');
    await second.idle();

    expect(delivered).toEqual(['a', 'b', 'c', 'd']);
  });

  it('retries from the first failed record reported in batchItemFailures', async () => {
    const table = await appTable('stream-partial');
    for (const id of ['r1', 'r2', 'r3']) await putItem(table, id, 'outbox');
    const batches: string[][] = [];
    let failed = false;

    const poller = await startPoller(table, {
      ...checkpointsFor('partial'),
      invoke: async (event): Promise<DynamoDBBatchResponse> => {
        batches.push(ids(event.Records));
        const r2 = event.Records.find((record) => record.dynamodb!.Keys!.pk!.S === 'item#r2');
        if (r2 && !failed) {
          failed = true;
          return { batchItemFailures: [{ itemIdentifier: r2.dynamodb!.SequenceNumber! }] };
        }
        return { batchItemFailures: [] };
      },
    });
    await poller.idle();

    expect(batches).toEqual([
      ['r1', 'r2', 'r3'],
      ['r2', 'r3'],
    ]);
  });

  it('sends records still failing after maxRetries to the on-failure destination and moves on', async () => {
    const table = await appTable('stream-give-up');
    for (const id of ['ok1', 'bad', 'ok2']) await putItem(table, id, 'outbox');
    const attempts: string[] = [];
    const givenUp: DynamoDBRecord[][] = [];

    const poller = await startPoller(table, {
      batchSize: 1,
      maxRetries: 2,
      ...checkpointsFor('give-up'),
      invoke: async (event) => {
        attempts.push(...ids(event.Records));
        if (ids(event.Records).includes('bad')) throw new Error('cannot publish');
      },
      onFailure: (records) => void givenUp.push([...records]),
    });
    await poller.idle();

    expect(attempts).toEqual(['ok1', 'bad', 'bad', 'bad', 'ok2']); // one attempt + 2 retries
    expect(givenUp.map(ids)).toEqual([['bad']]);

    // The record given up on is not delivered again after a restart.
    await stopPoller(poller);
    const restarted = await startPoller(table, {
      ...checkpointsFor('give-up'),
      invoke: async (event) => void attempts.push(...ids(event.Records)),
    });
    await putItem(table, 'ok3', 'outbox');
    await restarted.idle();
    expect(attempts.slice(5)).toEqual(['ok3']);
  });

  it('sleeps while the stream is quiet, and reads a new record as soon as it is woken', async () => {
    const table = await appTable('stream-wake');
    const seen: string[] = [];
    // Two minutes between passes over a quiet stream: only wake() can bring the record in time.
    const poller = await startPoller(table, {
      pollIntervalMs: 120_000,
      ...checkpointsFor('wake'),
      invoke: async (event) => void seen.push(...ids(event.Records)),
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // it has found the stream quiet and sleeps

    await putItem(table, 'w1', 'outbox');
    poller.wake();

    for (let waited = 0; seen.length === 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['w1']);
  });
});
