/**
 * The Lambda DynamoDB-stream event source mapping, emulated against DynamoDB Local's stream.
 *
 * - Shards are discovered with DescribeStream and read parent before child; a closed shard whose
 *   GetRecords returns no NextShardIterator is finished (and remembered as such).
 * - Filter criteria (EventBridge pattern syntax) are applied to each record in its Lambda event
 *   form; records filtered out never reach the handler but still advance the checkpoint.
 * - The last processed sequence number of each shard is persisted in a CheckpointStore, so a
 *   restart resumes right after it: nothing is lost and nothing already processed is replayed.
 * - Partial batch responses: the checkpoint moves to just before the first failed record and the
 *   batch is retried from it; after `maxRetries` retries the failing records go to `onFailure`
 *   (the on-failure destination) and processing moves on.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type GetShardIteratorCommandInput,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { EventPattern } from '../../functions/manifest';
import { assertSupportedPattern, matchesPattern } from './event-pattern-matcher';
import type { CheckpointStore } from './stream-checkpoints';
import { batchFailure, toLambdaRecord, type BatchOutcome } from './stream-records';
import { backoff, Wakeup } from './wakeup';

export interface StreamPollerOptions {
  /** A DynamoDB Streams client pointed at DynamoDB Local. */
  readonly streamsClient: DynamoDBStreamsClient;
  /** A DynamoDB client, to find the table's LatestStreamArn. */
  readonly dynamoClient: DynamoDBClient;
  readonly tableName: string;
  /** Most records read from a shard per invocation. */
  readonly batchSize: number;
  /** Only records matching this pattern (Lambda filter criteria) reach the handler. */
  readonly filter?: EventPattern;
  /** Retries of a failing batch before its records go to `onFailure`; -1 retries forever. */
  readonly maxRetries: number;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /**
   * The on-failure destination: receives the records given up on after `maxRetries`.
   * @default writes to console.error
   */
  readonly onFailure?: (records: readonly DynamoDBRecord[], error: unknown) => Promise<void> | void;
  /** Where checkpoints are kept; LocalQueues keeps them durably in its table. */
  readonly checkpoints: CheckpointStore;
  /** Names this consumer's checkpoints (the manifest's StreamConsumerSpec id). */
  readonly consumerId: string;
  /** Told about polling errors (not handler errors). @default writes to console.error */
  readonly onError?: (error: unknown) => void;
  /** @default 'us-east-1' */
  readonly region?: string;
  /**
   * Sleep after the first pass that found every shard caught up; it doubles with each quiet pass,
   * up to `maxIdleMs`, and ends early on `wake()`. @default 50
   */
  readonly pollIntervalMs?: number;
  /** The longest sleep between two passes over a quiet stream. @default 1000 */
  readonly maxIdleMs?: number;
  /** Delay before the first retry of a failed batch; doubles per retry, up to 5 s. @default 100 */
  readonly retryDelayMs?: number;
  /** How often to look for new shards. @default 1000 */
  readonly shardRefreshMs?: number;
}

interface ShardState {
  readonly shardId: string;
  readonly parentShardId?: string;
  closed: boolean;
  finished: boolean;
  checkpoint?: string;
  iterator?: string;
  /** Sequence number of the record a failed batch is retried from. */
  retryFrom?: string;
  failedAttempts: number;
  retryAt: number;
  /** When the oldest record of the shard not yet handled was written (ms); undefined when caught up. */
  pendingSince?: number;
}

const MAX_RETRY_DELAY_MS = 5_000;

export class StreamPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private streamArn: string | undefined;
  private readonly shards = new Map<string, ShardState>();
  private lastRefresh = 0;
  private refreshRequested = true;
  private cycle = 0;
  private lastQuietCycle = -1;
  private ready: Promise<void> = Promise.resolve();
  private resolveReady: () => void = () => undefined;
  private readonly region: string;
  private readonly wakeup = new Wakeup();

  constructor(private readonly options: StreamPollerOptions) {
    if (options.batchSize < 1) throw new Error('batchSize must be at least 1');
    if (options.filter) assertSupportedPattern(options.filter);
    this.region = options.region ?? 'us-east-1';
  }

  /**
   * Starts polling. The returned promise resolves once the table's stream has been found; until
   * then (e.g. the table does not exist yet) the poller keeps trying and reports errors to onError.
   * Calling `idle()` or `stop()` without awaiting it is fine.
   */
  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.ready = new Promise((resolve) => (this.resolveReady = resolve));
      this.loop = this.run();
    }
    return this.ready;
  }

  /** Something in this process may have written to the table: read the stream now rather than after the sleep. */
  wake(): void {
    this.wakeup.ring();
  }

  /** Stops polling; resolves once the invocation under way (if any) has finished and been checkpointed. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.close();
    await this.loop;
    this.resolveReady();
  }

  /**
   * The checkpoint's lag: the age, in seconds, of the oldest record of any shard that has not been
   * handled yet (read and failed, or not read yet behind a full batch); 0 when every shard has caught up.
   */
  lagSeconds(now = Date.now()): number {
    const oldest = Math.min(...[...this.shards.values()].map((shard) => shard.pendingSince ?? Number.POSITIVE_INFINITY));
    return Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0;
  }

  /**
   * Resolves once every record written before the call has been handled: a full pass over all
   * shards, with a fresh shard list, found nothing new and no retry pending.
   */
  async idle(timeoutMs = 30_000): Promise<void> {
    if (!this.running) throw new Error('the stream poller is not running');
    this.refreshRequested = true;
    this.wakeup.ring();
    const target = this.cycle + 1;
    const deadline = Date.now() + timeoutMs;
    while (this.lastQuietCycle < target) {
      if (!this.running) throw new Error('the stream poller stopped before it was idle');
      if (Date.now() > deadline) throw new Error(`stream of ${this.options.tableName} was not idle within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  private async run(): Promise<void> {
    const pollIntervalMs = this.options.pollIntervalMs ?? 50;
    const maxIdleMs = Math.max(pollIntervalMs, this.options.maxIdleMs ?? 1000);
    let quietPasses = 0;
    while (this.running) {
      const cycle = ++this.cycle;
      // busy: records were handled or a retry is pending (the stream is not idle); read: a shard gave records.
      let busy = false;
      let read = false;
      let nextRetryAt = Number.POSITIVE_INFINITY;
      try {
        if (!this.streamArn) await this.findStream();
        this.resolveReady();
        if (this.refreshRequested || Date.now() - this.lastRefresh >= (this.options.shardRefreshMs ?? 1_000)) await this.refreshShards();
        for (const shard of this.readyShards()) {
          if (!this.running) break;
          if (shard.retryAt > Date.now()) {
            busy = true;
            nextRetryAt = Math.min(nextRetryAt, shard.retryAt);
            continue;
          }
          if (await this.pollShard(shard)) busy = read = true;
        }
      } catch (error) {
        busy = read = true;
        this.reportError(error);
        await sleep(pollIntervalMs * 5);
      }
      if (!this.running) break;
      if (!busy) {
        this.lastQuietCycle = cycle;
        await this.wakeup.sleep(backoff(quietPasses++, pollIntervalMs, maxIdleMs));
      } else {
        quietPasses = 0;
        // Only waiting for a failed batch's retry: sleep until it is due instead of spinning.
        if (!read && Number.isFinite(nextRetryAt)) await sleep(Math.max(1, nextRetryAt - Date.now()));
      }
    }
  }

  private async findStream(): Promise<void> {
    const { Table } = await this.options.dynamoClient.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    if (!Table?.LatestStreamArn || !Table.StreamSpecification?.StreamEnabled)
      throw new Error(`table ${this.options.tableName} has no stream enabled`);
    this.streamArn = Table.LatestStreamArn;
  }

  private async refreshShards(): Promise<void> {
    this.refreshRequested = false;
    this.lastRefresh = Date.now();
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.options.streamsClient.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId!;
        const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        const known = this.shards.get(shardId);
        if (known) {
          known.closed = closed;
          continue;
        }
        const saved = await this.options.checkpoints.loadCheckpoint(this.options.consumerId, this.shardKey(shardId));
        this.shards.set(shardId, {
          shardId,
          parentShardId: shard.ParentShardId,
          closed,
          finished: saved?.finished === true,
          checkpoint: saved?.sequenceNumber,
          failedAttempts: 0,
          retryAt: 0,
        });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  /** Unfinished shards whose parent is finished or no longer listed. */
  private readyShards(): ShardState[] {
    return [...this.shards.values()].filter((shard) => {
      if (shard.finished) return false;
      const parent = shard.parentShardId ? this.shards.get(shard.parentShardId) : undefined;
      return !parent || parent.finished;
    });
  }

  /** Reads and handles one batch of a shard; true when it found records or has a retry pending. */
  private async pollShard(shard: ShardState): Promise<boolean> {
    shard.iterator ??= await this.iteratorFor(shard);
    let response;
    try {
      response = await this.options.streamsClient.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: this.options.batchSize }),
      );
    } catch (error) {
      const name = (error as Error).name;
      // Expired iterators, and DynamoDB Local's occasional "Invalid ShardId in ShardIterator" or
      // trimmed-data answers: start again from the checkpoint (and look at the shards again).
      if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException' || name === 'ResourceNotFoundException') {
        shard.iterator = undefined;
        this.refreshRequested = true;
        return true;
      }
      throw error;
    }
    const raw = response.Records ?? [];
    const next = response.NextShardIterator;
    if (raw.length === 0) {
      shard.pendingSince = undefined;
      await this.advance(shard, undefined, next);
      return false;
    }
    const records = raw.map((record) => toLambdaRecord(record, this.region, this.streamArn));
    const writtenAt = (record: DynamoDBRecord | undefined) => (record?.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000;
    shard.pendingSince = writtenAt(records[0]);
    // A full batch may leave more behind it, written no earlier than its last record.
    const caughtUpAfter = () => (shard.pendingSince = raw.length < this.options.batchSize ? undefined : writtenAt(records.at(-1)));
    const matching = this.options.filter ? records.filter((record) => matchesPattern(this.options.filter!, record)) : records;
    const lastSequence = records[records.length - 1]!.dynamodb!.SequenceNumber!;
    if (matching.length === 0) {
      caughtUpAfter();
      await this.advance(shard, lastSequence, next);
      return true;
    }

    const outcome = await this.invoke(matching);
    if (outcome.failedFrom === undefined) {
      shard.retryFrom = undefined;
      shard.failedAttempts = 0;
      caughtUpAfter();
      await this.advance(shard, lastSequence, next);
      return true;
    }

    const firstFailed = matching[outcome.failedFrom]!;
    const firstFailedSequence = firstFailed.dynamodb!.SequenceNumber!;
    shard.pendingSince = writtenAt(firstFailed);
    shard.failedAttempts = shard.retryFrom === firstFailedSequence ? shard.failedAttempts + 1 : 1;
    const { maxRetries } = this.options;
    if (maxRetries >= 0 && shard.failedAttempts > maxRetries) {
      // Retries exhausted: hand the failing records to the on-failure destination and move on.
      await this.giveUp(outcome.failed, outcome.error);
      shard.retryFrom = undefined;
      shard.failedAttempts = 0;
      caughtUpAfter();
      await this.advance(shard, lastSequence, next);
      return true;
    }
    // Checkpoint just before the first failed record, then retry from it after a back-off.
    const rawIndex = records.indexOf(firstFailed);
    if (rawIndex > 0) await this.saveCheckpoint(shard, records[rawIndex - 1]!.dynamodb!.SequenceNumber!);
    shard.retryFrom = firstFailedSequence;
    shard.iterator = undefined;
    const baseDelay = this.options.retryDelayMs ?? 100;
    shard.retryAt = Date.now() + Math.min(MAX_RETRY_DELAY_MS, baseDelay * 2 ** (shard.failedAttempts - 1));
    return true;
  }

  /** Invokes the handler; on failure, says from which record (index into `records`) the batch failed. */
  private async invoke(records: DynamoDBRecord[]): Promise<BatchOutcome> {
    let response: DynamoDBBatchResponse | void;
    try {
      response = await this.options.invoke({ Records: records });
    } catch (error) {
      return { failedFrom: 0, failed: records, error };
    }
    return batchFailure(response, records);
  }

  private async giveUp(records: readonly DynamoDBRecord[], error: unknown): Promise<void> {
    if (this.options.onFailure) await this.options.onFailure(records, error);
    else
      console.error(
        `[stream-poller ${this.options.tableName}] gave up on ${records.length} record(s) after ${this.options.maxRetries} retries`,
        error,
      );
  }

  /** Moves past `sequenceNumber` (if given) and on to the next iterator, finishing a closed shard. */
  private async advance(shard: ShardState, sequenceNumber: string | undefined, next: string | undefined): Promise<void> {
    if (sequenceNumber !== undefined) await this.saveCheckpoint(shard, sequenceNumber);
    shard.iterator = next;
    if (next) return;
    if (shard.closed) {
      shard.finished = true;
      await this.options.checkpoints.saveCheckpoint(this.options.consumerId, this.shardKey(shard.shardId), {
        sequenceNumber: shard.checkpoint,
        finished: true,
      });
      this.refreshRequested = true; // its children can start now
    } else {
      // DynamoDB Local sometimes ends an open shard's iterator chain; reopen from the checkpoint,
      // and look again at the shard list in case it has just closed.
      this.refreshRequested = true;
    }
  }

  private async saveCheckpoint(shard: ShardState, sequenceNumber: string): Promise<void> {
    shard.checkpoint = sequenceNumber;
    await this.options.checkpoints.saveCheckpoint(this.options.consumerId, this.shardKey(shard.shardId), { sequenceNumber });
  }

  private async iteratorFor(shard: ShardState): Promise<string> {
    const base = { StreamArn: this.streamArn, ShardId: shard.shardId };
    const input: GetShardIteratorCommandInput = shard.retryFrom
      ? { ...base, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: shard.retryFrom }
      : shard.checkpoint
        ? { ...base, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.checkpoint }
        : { ...base, ShardIteratorType: 'TRIM_HORIZON' };
    try {
      const { ShardIterator } = await this.options.streamsClient.send(new GetShardIteratorCommand(input));
      if (!ShardIterator) throw new Error(`no iterator for shard ${shard.shardId}`);
      return ShardIterator;
    } catch (error) {
      if ((error as Error).name !== 'TrimmedDataAccessException') throw error;
      // The checkpoint is older than the stream's retention (24 h): continue from the oldest record.
      this.reportError(
        new Error(`records of shard ${shard.shardId} after ${input.SequenceNumber} were trimmed before they were processed`),
      );
      const { ShardIterator } = await this.options.streamsClient.send(
        new GetShardIteratorCommand({ ...base, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      return ShardIterator!;
    }
  }

  private shardKey(shardId: string): string {
    return `${this.streamArn}|${shardId}`;
  }

  private reportError(error: unknown): void {
    if (this.options.onError) this.options.onError(error);
    else console.error(`[stream-poller ${this.options.tableName}]`, error);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
