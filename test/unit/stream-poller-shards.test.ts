import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { MemoryCheckpointStore } from '../../infra/local/stream-checkpoints';
import { StreamPoller } from '../../infra/local/stream-poller';

// DynamoDB Local keeps one shard per table for hours, so shard roll-over is exercised here with a
// small in-memory stream: a closed parent shard and its open child, listed child first.
const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2025-01-01T00:00:00.000';

function record(sequence: number): _Record {
  return {
    eventID: `e${sequence}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2025-01-01T00:00:00Z'),
      Keys: { pk: { S: `k${sequence}` } },
      NewImage: { pk: { S: `k${sequence}` } },
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 10,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

function fakeStream(shards: Array<{ shard: Shard; records: _Record[] }>) {
  const find = (shardId: string) => shards.find((entry) => entry.shard.ShardId === shardId)!;
  const send = async (command: unknown) => {
    if (command instanceof DescribeStreamCommand)
      return { StreamDescription: { StreamArn: STREAM_ARN, Shards: shards.map((entry) => entry.shard) } };
    if (command instanceof GetShardIteratorCommand) {
      const { ShardId, ShardIteratorType, SequenceNumber } = command.input;
      const { records } = find(ShardId!);
      const position =
        ShardIteratorType === 'TRIM_HORIZON'
          ? 0
          : records.findIndex((item) => item.dynamodb!.SequenceNumber === SequenceNumber) +
            (ShardIteratorType === 'AFTER_SEQUENCE_NUMBER' ? 1 : 0);
      return { ShardIterator: `${ShardId}|${position}` };
    }
    if (command instanceof GetRecordsCommand) {
      const [shardId, at] = command.input.ShardIterator!.split('|');
      const { shard, records } = find(shardId!);
      const end = Math.min(records.length, Number(at) + (command.input.Limit ?? 1000));
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      return {
        Records: records.slice(Number(at), end),
        NextShardIterator: closed && end === records.length ? undefined : `${shardId}|${end}`,
      };
    }
    throw new Error(`unexpected command ${String(command)}`);
  };
  return { send } as unknown as DynamoDBStreamsClient;
}

const dynamoClient = {
  send: async (command: unknown) => {
    if (!(command instanceof DescribeTableCommand)) throw new Error('unexpected command');
    return { Table: { LatestStreamArn: STREAM_ARN, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } };
  },
} as unknown as DynamoDBClient;

describe('StreamPoller shard discovery', () => {
  it('reads a closed parent shard to its end before its child, and does not reread it after a restart', async () => {
    const stream = fakeStream([
      {
        shard: {
          ShardId: 'shardId-child',
          ParentShardId: 'shardId-parent',
          SequenceNumberRange: { StartingSequenceNumber: '000000000000000000003' },
        },
        records: [record(3)],
      },
      {
        shard: {
          ShardId: 'shardId-parent',
          SequenceNumberRange: { StartingSequenceNumber: '000000000000000000001', EndingSequenceNumber: '000000000000000000002' },
        },
        records: [record(1), record(2)],
      },
    ]);
    const checkpoints = new MemoryCheckpointStore();
    const delivered: string[] = [];
    const options = {
      streamsClient: stream,
      dynamoClient,
      tableName: 't',
      batchSize: 1,
      maxRetries: 0,
      checkpoints,
      consumerId: 'outbox',
      invoke: async (event: { Records: Array<{ dynamodb?: { Keys?: Record<string, { S?: string }> } }> }) =>
        void delivered.push(...event.Records.map((item) => item.dynamodb!.Keys!.pk!.S!)),
    };

    const poller = new StreamPoller(options);
    await poller.start();
    await poller.idle();
    await poller.stop();
    const restarted = new StreamPoller(options);
    await restarted.start();
    await restarted.idle();
    await restarted.stop();

    expect(delivered).toEqual(['k1', 'k2', 'k3']);
    expect(await checkpoints.loadCheckpoint('outbox', `${STREAM_ARN}|shardId-parent`)).toMatchObject({ finished: true });
  });
});
