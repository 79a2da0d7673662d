/**
 * Where each stream consumer got to in each shard, so that a restarted stream poller resumes right
 * after the last record it handled: nothing lost, nothing already handled delivered again.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Where a consumer got to in one shard. */
export interface ShardCheckpoint {
  /** The last record processed (or filtered out, or given up on). */
  readonly sequenceNumber?: string;
  /** The shard is closed and fully read. */
  readonly finished?: boolean;
}

/** Persists stream checkpoints per consumer and shard. */
export interface CheckpointStore {
  loadCheckpoint(consumerId: string, shardKey: string): Promise<ShardCheckpoint | undefined>;
  saveCheckpoint(consumerId: string, shardKey: string, checkpoint: ShardCheckpoint): Promise<void>;
}

/** Checkpoints in memory only (a restart starts again from the trim horizon). */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly checkpoints = new Map<string, ShardCheckpoint>();
  async loadCheckpoint(consumerId: string, shardKey: string): Promise<ShardCheckpoint | undefined> {
    return this.checkpoints.get(`${consumerId}|${shardKey}`);
  }
  async saveCheckpoint(consumerId: string, shardKey: string, checkpoint: ShardCheckpoint): Promise<void> {
    this.checkpoints.set(`${consumerId}|${shardKey}`, checkpoint);
  }
}

/**
 * Checkpoints kept durably in the local queues' table (queue-table.ts), one partition per consumer
 * (`checkpoint#<consumerId>`), beside the messages: a restart of the local system finds them.
 */
export class TableCheckpointStore implements CheckpointStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async loadCheckpoint(consumerId: string, shardKey: string): Promise<ShardCheckpoint | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `checkpoint#${consumerId}`, sk: shardKey }, ConsistentRead: true }),
    );
    return Item ? { sequenceNumber: Item.sequenceNumber as string | undefined, finished: Item.finished === true } : undefined;
  }

  async saveCheckpoint(consumerId: string, shardKey: string, checkpoint: ShardCheckpoint): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `checkpoint#${consumerId}`, sk: shardKey, ...checkpoint, updatedAt: new Date().toISOString() },
      }),
    );
  }
}
