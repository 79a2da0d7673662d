/**
 * Durable SQS emulation for the local runtime: queues declared from the manifest, their messages
 * in a DynamoDB Local table (queue-table.ts), answered in SQS's shapes (sqs-shapes.ts): send,
 * receive with a visibility timeout, delete, change visibility, redrive to a dead-letter queue
 * after maxReceives, and StartMessageMoveTask.
 */
import {
  DeleteCommand,
  PutCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  claim,
  createQueueTable,
  moveItem,
  isConditionFailure,
  newMessageItem,
  parseReceiptHandle,
  partitionOf,
  putMessages,
  receivedOf,
  sentOf,
  VISIBLE_INDEX,
  type MessageItem,
} from './queue-table';
import {
  localQueueArn,
  QueueError,
  type BatchEntry,
  type BatchResult,
  type QueueStats,
  type ReceivedMessage,
  type SendOptions,
  type SentMessage,
} from './sqs-shapes';
import { Wakeup } from './wakeup';

/** Callers outside the runtime (tests, the redrive tool) name a local queue by its ARN. */
export { localQueueArn } from './sqs-shapes';

export interface QueueOptions {
  /** How long a received message stays hidden from other receivers; fractions are allowed locally. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives after which the next receive moves the message to `deadLetterQueue` (SQS maxReceiveCount). */
  readonly maxReceives?: number;
  /** Name of the dead-letter queue; declared with the same visibility timeout if it is not declared yet. */
  readonly deadLetterQueue?: string;
}

export interface LocalQueuesOptions {
  /** A client for DynamoDB Local. */
  readonly client: DynamoDBClient;
  /** The queue table (created by `ensureTable`); must not be the app table. */
  readonly tableName: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Largest accepted body (plus attributes), in bytes. @default 262144 (SQS's classic 256 KiB) */
  readonly maxMessageBytes?: number;
}

export class LocalQueues {
  private readonly documents: DynamoDBDocumentClient;
  private readonly declared = new Map<string, QueueOptions>();
  readonly tableName: string;
  readonly region: string;
  private readonly maxMessageBytes: number;
  private readonly wakeups = new Map<string, Wakeup>();

  constructor(private readonly options: LocalQueuesOptions) {
    this.documents = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = options.tableName;
    this.region = options.region ?? 'us-east-1';
    this.maxMessageBytes = options.maxMessageBytes ?? 262_144;
  }

  /** Creates the queue table unless it exists. */
  async ensureTable(): Promise<void> {
    await createQueueTable(this.options.client, this.tableName);
  }

  /** Declares a queue (queues are configuration, kept in memory; their messages are in the table). */
  declare(name: string, options: QueueOptions): void {
    this.declared.set(name, options);
    if (options.deadLetterQueue && !this.declared.has(options.deadLetterQueue)) {
      this.declared.set(options.deadLetterQueue, { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds });
    }
  }

  /** Names of the declared queues, in declaration order. */
  queueNames(): string[] {
    return [...this.declared.keys()];
  }

  has(name: string): boolean {
    return this.declared.has(name);
  }

  /** The queue's declared options; throws QueueDoesNotExist for an unknown queue. */
  settings(name: string): QueueOptions {
    const options = this.declared.get(name);
    if (!options) throw new QueueError('QueueDoesNotExist', `The specified queue ${name} does not exist.`);
    return options;
  }

  /** Rung when the queue may have a message to receive (see wakeup.ts): what its poller sleeps on. */
  activity(name: string): Wakeup {
    let wakeup = this.wakeups.get(name);
    if (!wakeup) this.wakeups.set(name, (wakeup = new Wakeup()));
    return wakeup;
  }

  /** Cancels the timed wake-ups (the runtime is stopping). */
  close(): void {
    for (const wakeup of this.wakeups.values()) wakeup.close();
  }

  arnOf(name: string): string {
    return localQueueArn(name, this.region);
  }

  /** The queues whose dead-letter queue is `name`. */
  sourcesOf(name: string): string[] {
    return [...this.declared].filter(([, options]) => options.deadLetterQueue === name).map(([source]) => source);
  }

  async send(queue: string, body: string, options: SendOptions = {}): Promise<SentMessage> {
    this.settings(queue);
    const item = newMessageItem(queue, body, options, this.maxMessageBytes);
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    this.activity(queue).ringAt(item.visibleAt);
    return sentOf(item);
  }

  /**
   * Sends several messages to one queue in as few writes as the table allows (the event bus's
   * deliveries of one PutEvents request, SendMessageBatch): all are sent or the call fails.
   */
  async sendMany(queue: string, messages: readonly { readonly body: string; readonly options?: SendOptions }[]): Promise<SentMessage[]> {
    this.settings(queue);
    const items = messages.map((message) => newMessageItem(queue, message.body, message.options ?? {}, this.maxMessageBytes));
    await this.write(queue, items);
    return items.map(sentOf);
  }

  /** A refused entry (its body, size or delay) does not fail the others, as SendMessageBatch. */
  async sendBatch(queue: string, entries: readonly BatchEntry[]): Promise<BatchResult> {
    this.settings(queue);
    const accepted: MessageItem[] = [];
    const ids: string[] = [];
    const failed: Array<BatchResult['failed'][number]> = [];
    for (const entry of entries) {
      try {
        accepted.push(newMessageItem(queue, entry.body, entry, this.maxMessageBytes));
        ids.push(entry.id);
      } catch (error) {
        if (!(error instanceof QueueError)) throw error;
        failed.push({ id: entry.id, code: error.code, message: error.message, senderFault: true });
      }
    }
    await this.write(queue, accepted);
    return { successful: accepted.map((item, index) => ({ id: ids[index]!, ...sentOf(item) })), failed };
  }

  private async write(queue: string, items: readonly MessageItem[]): Promise<void> {
    await putMessages(this.documents, this.tableName, items);
    if (items.length > 0) this.activity(queue).ringAt(Math.min(...items.map((item) => item.visibleAt)));
  }

  /**
   * Receives up to `maxMessages` visible messages, hiding each for the visibility timeout. A message
   * already received `maxReceives` times is moved to the dead-letter queue instead of delivered.
   */
  async receive(queue: string, maxMessages = 1, options: { visibilityTimeoutSeconds?: number } = {}): Promise<ReceivedMessage[]> {
    const settings = this.settings(queue);
    const now = Date.now();
    if (!(Number.isInteger(maxMessages) && maxMessages >= 1))
      throw new QueueError('InvalidParameterValue', 'maxMessages must be a positive integer.');
    const candidates = await this.queryVisible(queue, now, maxMessages);
    const deadLetter = settings.maxReceives !== undefined ? settings.deadLetterQueue : undefined;
    const claimed = await Promise.all(
      candidates.map(async (item) => {
        if (deadLetter && item.receiveCount >= settings.maxReceives!) {
          await moveItem(this.documents, this.tableName, item, deadLetter, now, queue);
          this.activity(deadLetter).ring();
          return undefined;
        }
        const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? settings.visibilityTimeoutSeconds;
        // The message comes back unless deleted before its visibility timeout ends.
        this.activity(queue).ringAt(now + visibilityTimeoutSeconds * 1000);
        // undefined when another receiver claimed it first
        return claim(this.documents, this.tableName, item, now, visibilityTimeoutSeconds);
      }),
    );
    return claimed.filter((item): item is MessageItem => item !== undefined).map(receivedOf);
  }

  /**
   * Deletes a received message. Returns false, deleting nothing, when the handle is stale: the
   * message was received again since (SQS, too, answers such a delete with success).
   */
  async delete(queue: string, receiptHandle: string): Promise<boolean> {
    this.settings(queue);
    const { sk, token } = parseReceiptHandle(receiptHandle);
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: partitionOf(queue), sk },
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Changes how long an in-flight message stays hidden; 0 makes it visible now. False when it is not in flight under this handle. */
  async changeVisibility(queue: string, receiptHandle: string, visibilityTimeoutSeconds: number): Promise<boolean> {
    this.settings(queue);
    if (!(visibilityTimeoutSeconds >= 0 && visibilityTimeoutSeconds <= 43_200)) {
      throw new QueueError('InvalidParameterValue', 'VisibilityTimeout must be between 0 and 43200 seconds.');
    }
    const { sk, token } = parseReceiptHandle(receiptHandle);
    const now = Date.now();
    const visibleAt = now + Math.round(visibilityTimeoutSeconds * 1000);
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: partitionOf(queue), sk },
          UpdateExpression: 'SET visibleAt = :visibleAt',
          ConditionExpression: '#token = :token AND visibleAt > :now',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token, ':now': now, ':visibleAt': visibleAt },
        }),
      );
      this.activity(queue).ringAt(visibleAt);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Makes every in-flight message of the queue visible now. Not an SQS operation: the local runtime
   * calls it at start-up, when no consumer can still hold a message received before the restart,
   * so those messages need not wait out their visibility timeout. Returns how many were released.
   */
  async releaseInFlight(queue: string): Promise<number> {
    this.settings(queue);
    const now = Date.now();
    let released = 0;
    const inFlight = this.queryAll({
      IndexName: VISIBLE_INDEX,
      KeyConditionExpression: 'pk = :pk AND visibleAt > :now',
      FilterExpression: 'receiveCount > :zero',
      ExpressionAttributeValues: { ':pk': partitionOf(queue), ':now': now, ':zero': 0 },
    });
    for await (const page of inFlight) {
      for (const item of page) {
        try {
          await this.documents.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: item.pk, sk: item.sk },
              UpdateExpression: 'SET visibleAt = :now',
              ConditionExpression: 'visibleAt = :seenVisibleAt AND receiveCount = :seenCount',
              ExpressionAttributeValues: { ':now': now, ':seenVisibleAt': item.visibleAt, ':seenCount': item.receiveCount },
            }),
          );
          released += 1;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
    }
    if (released > 0) this.activity(queue).ring();
    return released;
  }

  /** Every page of a consistent Query on the message table. */
  private async *queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): AsyncGenerator<MessageItem[]> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({ TableName: this.tableName, ConsistentRead: true, ...input, ExclusiveStartKey }),
      );
      yield (page.Items ?? []) as MessageItem[];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  /**
   * The queue's counts as SQS's ApproximateNumberOfMessages* and its oldest message's age, from one
   * read of the queue's messages (their times and receive counts only): the runtime's `idle()` asks
   * for them after every burst of work, for every queue.
   */
  async stats(queue: string): Promise<QueueStats> {
    this.settings(queue);
    const now = Date.now();
    const stats = { visible: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: 0 };
    let oldestSentAt = Infinity;
    for await (const page of this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitionOf(queue) },
      ProjectionExpression: 'visibleAt, receiveCount, sentAt',
    })) {
      for (const item of page) {
        if (typeof item.visibleAt !== 'number') continue;
        if (item.visibleAt <= now) stats.visible++;
        else if (item.receiveCount > 0) stats.inFlight++;
        else stats.delayed++;
        oldestSentAt = Math.min(oldestSentAt, item.sentAt);
      }
    }
    if (oldestSentAt !== Infinity) stats.oldestAgeSeconds = Math.max(0, Math.floor((now - oldestSentAt) / 1000));
    return stats;
  }

  /**
   * Moves the visible messages of `sourceQueue` to `destinationQueue`, or, when none is given, each
   * back to the queue it was dead-lettered from (StartMessageMoveTask). Returns how many moved.
   */
  async moveMessages(sourceQueue: string, destinationQueue?: string): Promise<number> {
    this.settings(sourceQueue);
    if (destinationQueue) this.settings(destinationQueue);
    else if (this.sourcesOf(sourceQueue).length === 0) {
      throw new QueueError('InvalidParameterValue', `Queue ${sourceQueue} is not a dead-letter queue; give a destination.`);
    }
    let moved = 0;
    const now = Date.now();
    const visible = this.queryAll({
      IndexName: VISIBLE_INDEX,
      KeyConditionExpression: 'pk = :pk AND visibleAt <= :now',
      ExpressionAttributeValues: { ':pk': partitionOf(sourceQueue), ':now': now },
    });
    for await (const page of visible) {
      for (const item of page) {
        const destination = destinationQueue ?? item.sourceQueue ?? this.sourcesOf(sourceQueue)[0]!;
        if (!this.has(destination)) throw new QueueError('QueueDoesNotExist', `The destination queue ${destination} does not exist.`);
        if (await moveItem(this.documents, this.tableName, item, destination, now)) {
          moved += 1;
          this.activity(destination).ring();
        }
      }
    }
    return moved;
  }

  private async queryVisible(queue: string, now: number, limit: number): Promise<MessageItem[]> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: VISIBLE_INDEX,
        KeyConditionExpression: 'pk = :pk AND visibleAt <= :now',
        ExpressionAttributeValues: { ':pk': partitionOf(queue), ':now': now },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (page.Items ?? []) as MessageItem[];
  }
}
