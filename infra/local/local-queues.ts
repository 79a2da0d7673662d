/**
 * Durable SQS emulation for the local runtime. Messages live in a DynamoDB Local table of their
 * own (not the app table), so a message accepted before a restart is still there after it.
 *
 * Table layout (one partition per queue, never scanned):
 *   pk = `queue#<name>`, sk = `<sentAt, 15 digits>#<messageId>` (so the first item is the oldest)
 *   LSI `visible` on `visibleAt` (epoch ms): receive is a strongly consistent Query of
 *   `visibleAt <= now`, and a message is claimed by a conditional update on the
 *   (visibleAt, receiveCount) pair that was read, so two receivers never both get it.
 * Stream-poller checkpoints share the table under `checkpoint#<consumerId>` partitions (no visibleAt,
 * so they are not in the index).
 */
import { createHash, randomUUID } from 'node:crypto';
import { CreateTableCommand, ResourceInUseException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CheckpointStore, ShardCheckpoint } from './stream-poller';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** The account id every local ARN and queue URL carries. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export const localQueueArn = (queueName: string, region = 'us-east-1') => `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${queueName}`;

/** The queue name at the end of a queue ARN or queue URL. */
export const queueNameFrom = (arnOrUrl: string) => arnOrUrl.split(/[:/]/).filter(Boolean).pop() ?? '';

export interface QueueOptions {
  /** How long a received message stays hidden from other receivers; fractions are allowed locally. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives after which the next receive moves the message to `deadLetterQueue` (SQS maxReceiveCount). */
  readonly maxReceives?: number;
  /** Name of the dead-letter queue; declared with the same visibility timeout if it is not declared yet. */
  readonly deadLetterQueue?: string;
}

/** A message attribute in the SQS API's shape; binary values are base64. */
export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}
export type MessageAttributes = Readonly<Record<string, MessageAttributeValue>>;

export interface SendOptions {
  readonly delaySeconds?: number;
  readonly messageAttributes?: MessageAttributes;
}

export interface SentMessage {
  readonly messageId: string;
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes?: string;
}

export interface BatchEntry extends SendOptions {
  readonly id: string;
  readonly body: string;
}

export interface BatchResult {
  readonly successful: ReadonlyArray<SentMessage & { readonly id: string }>;
  readonly failed: ReadonlyArray<{ readonly id: string; readonly code: string; readonly message: string; readonly senderFault: boolean }>;
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes?: string;
  readonly messageAttributes: MessageAttributes;
  readonly attributes: {
    readonly ApproximateReceiveCount: string;
    readonly SentTimestamp: string;
    readonly ApproximateFirstReceiveTimestamp: string;
    readonly SenderId: string;
    /** Set on messages in a dead-letter queue: the queue they came from. */
    readonly DeadLetterQueueSourceArn?: string;
  };
}

export interface QueueStats {
  /** Messages a receive would return now (ApproximateNumberOfMessages). */
  readonly visible: number;
  /** Received and not yet deleted, still hidden (ApproximateNumberOfMessagesNotVisible). */
  readonly inFlight: number;
  /** Sent with a delay that has not elapsed (ApproximateNumberOfMessagesDelayed). */
  readonly delayed: number;
  /** Age of the oldest message in the queue, 0 when empty (ApproximateAgeOfOldestMessage). */
  readonly oldestAgeSeconds: number;
}

export type QueueErrorCode =
  'QueueDoesNotExist' | 'ReceiptHandleIsInvalid' | 'MessageNotInflight' | 'InvalidParameterValue' | 'InvalidMessageContents';

/** An error a real SQS would return for the same call; the endpoint maps `code` to the AWS error. */
export class QueueError extends Error {
  constructor(
    readonly code: QueueErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
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

interface MessageItem {
  pk: string;
  sk: string;
  messageId: string;
  body: string;
  md5OfBody: string;
  attributes?: string; // JSON of MessageAttributes
  md5OfMessageAttributes?: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  token?: string;
  /** Set on dead-lettered messages: the queue they were moved from. */
  sourceQueue?: string;
}

const VISIBLE_INDEX = 'visible';
const SENDER_ID = 'AIDALOCALRUNTIME';

export class LocalQueues implements CheckpointStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly declared = new Map<string, QueueOptions>();
  readonly tableName: string;
  readonly region: string;
  private readonly maxMessageBytes: number;

  constructor(private readonly options: LocalQueuesOptions) {
    this.documents = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = options.tableName;
    this.region = options.region ?? 'us-east-1';
    this.maxMessageBytes = options.maxMessageBytes ?? 262_144;
  }

  /** Creates the queue table unless it exists. */
  async ensureTable(): Promise<void> {
    try {
      await this.options.client.send(
        new CreateTableCommand({
          TableName: this.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'visibleAt', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: VISIBLE_INDEX,
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'visibleAt', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
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

  arnOf(name: string): string {
    return localQueueArn(name, this.region);
  }

  /** The queues whose dead-letter queue is `name`. */
  sourcesOf(name: string): string[] {
    return [...this.declared].filter(([, options]) => options.deadLetterQueue === name).map(([source]) => source);
  }

  async send(queue: string, body: string, options: SendOptions = {}): Promise<SentMessage> {
    this.settings(queue);
    const item = this.newItem(queue, body, options);
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return sentOf(item);
  }

  /** Sends each entry on its own; one entry's failure does not fail the others (as SendMessageBatch). */
  async sendBatch(queue: string, entries: readonly BatchEntry[]): Promise<BatchResult> {
    this.settings(queue);
    const successful: Array<SentMessage & { id: string }> = [];
    const failed: Array<BatchResult['failed'][number]> = [];
    await Promise.all(
      entries.map(async (entry) => {
        try {
          successful.push({ id: entry.id, ...(await this.send(queue, entry.body, entry)) });
        } catch (error) {
          if (!(error instanceof QueueError)) throw error;
          failed.push({ id: entry.id, code: error.code, message: error.message, senderFault: true });
        }
      }),
    );
    return { successful, failed };
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
          await this.moveItem(item, deadLetter, now, queue);
          return undefined;
        }
        // undefined when another receiver claimed it first
        return this.claim(item, now, options.visibilityTimeoutSeconds ?? settings.visibilityTimeoutSeconds);
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
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: partitionOf(queue), sk },
          UpdateExpression: 'SET visibleAt = :visibleAt',
          ConditionExpression: '#token = :token AND visibleAt > :now',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token, ':now': now, ':visibleAt': now + Math.round(visibilityTimeoutSeconds * 1000) },
        }),
      );
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
    return released;
  }

  /** Every page of a consistent Query on the message table. */
  private async *queryAll(
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  ): AsyncGenerator<MessageItem[] & { count: number }> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({ TableName: this.tableName, ConsistentRead: true, ...input, ExclusiveStartKey }),
      );
      yield Object.assign((page.Items ?? []) as MessageItem[], { count: page.Count ?? 0 });
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async stats(queue: string): Promise<QueueStats> {
    this.settings(queue);
    const now = Date.now();
    const count = async (input: Omit<QueryCommandInput, 'TableName' | 'Select'>) => {
      let total = 0;
      for await (const page of this.queryAll({ ...input, Select: 'COUNT' })) total += page.count;
      return total;
    };
    const hidden = (received: boolean) =>
      count({
        IndexName: VISIBLE_INDEX,
        KeyConditionExpression: 'pk = :pk AND visibleAt > :now',
        FilterExpression: received ? 'receiveCount > :zero' : 'receiveCount = :zero',
        ExpressionAttributeValues: { ':pk': partitionOf(queue), ':now': now, ':zero': 0 },
      });
    const [visible, inFlight, delayed, oldest] = await Promise.all([
      count({
        IndexName: VISIBLE_INDEX,
        KeyConditionExpression: 'pk = :pk AND visibleAt <= :now',
        ExpressionAttributeValues: { ':pk': partitionOf(queue), ':now': now },
      }),
      hidden(true),
      hidden(false),
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partitionOf(queue) },
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    ]);
    const oldestItem = oldest.Items?.[0] as MessageItem | undefined;
    return { visible, inFlight, delayed, oldestAgeSeconds: oldestItem ? Math.max(0, Math.floor((now - oldestItem.sentAt) / 1000)) : 0 };
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
        if (await this.moveItem(item, destination, now)) moved += 1;
      }
    }
    return moved;
  }

  /** Stream-poller checkpoints live in this table too, one partition per consumer. */
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

  private newItem(queue: string, body: string, options: SendOptions): MessageItem {
    if (typeof body !== 'string' || body.length === 0)
      throw new QueueError('InvalidParameterValue', 'The message body must be a non-empty string.');
    const attributes =
      options.messageAttributes && Object.keys(options.messageAttributes).length > 0 ? options.messageAttributes : undefined;
    const size = Buffer.byteLength(body) + (attributes ? Buffer.byteLength(JSON.stringify(attributes)) : 0);
    if (size > this.maxMessageBytes) {
      throw new QueueError('InvalidParameterValue', `The message is ${size} bytes; the limit is ${this.maxMessageBytes} bytes.`);
    }
    const delay = options.delaySeconds ?? 0;
    if (!(delay >= 0 && delay <= 900)) throw new QueueError('InvalidParameterValue', 'DelaySeconds must be between 0 and 900.');
    const messageId = randomUUID();
    const sentAt = Date.now();
    return {
      pk: partitionOf(queue),
      sk: `${String(sentAt).padStart(15, '0')}#${messageId}`,
      messageId,
      body,
      md5OfBody: md5(body),
      attributes: attributes ? JSON.stringify(attributes) : undefined,
      md5OfMessageAttributes: attributes ? md5OfMessageAttributes(attributes) : undefined,
      sentAt,
      visibleAt: sentAt + Math.round(delay * 1000),
      receiveCount: 0,
    };
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

  /** Hides the message and counts the receive, if nobody else changed it since it was read. */
  private async claim(item: MessageItem, now: number, visibilityTimeoutSeconds: number): Promise<MessageItem | undefined> {
    try {
      const result = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression:
            'SET visibleAt = :visibleAt, receiveCount = :count, #token = :token, firstReceivedAt = if_not_exists(firstReceivedAt, :now)',
          ConditionExpression: 'visibleAt = :seenVisibleAt AND receiveCount = :seenCount',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: {
            ':visibleAt': now + Math.round(visibilityTimeoutSeconds * 1000),
            ':count': item.receiveCount + 1,
            ':token': randomUUID(),
            ':now': now,
            ':seenVisibleAt': item.visibleAt,
            ':seenCount': item.receiveCount,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes as MessageItem;
    } catch (error) {
      if (isConditionFailure(error)) return undefined; // another receiver got it first
      throw error;
    }
  }

  /** Moves one message, unchanged since it was read, to another queue; false when someone else got to it first. */
  private async moveItem(item: MessageItem, destination: string, now: number, deadLetteredFrom?: string): Promise<boolean> {
    const moved: MessageItem = {
      ...item,
      pk: partitionOf(destination),
      visibleAt: now,
      receiveCount: 0,
      firstReceivedAt: undefined,
      token: undefined,
      sourceQueue: deadLetteredFrom,
    };
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: { pk: item.pk, sk: item.sk },
                ConditionExpression: 'visibleAt = :seenVisibleAt AND receiveCount = :seenCount',
                ExpressionAttributeValues: { ':seenVisibleAt': item.visibleAt, ':seenCount': item.receiveCount },
              },
            },
            { Put: { TableName: this.tableName, Item: moved, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'TransactionCanceledException') return false;
      throw error;
    }
  }
}

const partitionOf = (queue: string) => `queue#${queue}`;

function sentOf(item: MessageItem): SentMessage {
  return {
    messageId: item.messageId,
    md5OfBody: item.md5OfBody,
    ...(item.md5OfMessageAttributes ? { md5OfMessageAttributes: item.md5OfMessageAttributes } : {}),
  };
}

function receivedOf(item: MessageItem): ReceivedMessage {
  return {
    messageId: item.messageId,
    receiptHandle: Buffer.from(`${item.sk}\n${item.token}`).toString('base64url'),
    body: item.body,
    md5OfBody: item.md5OfBody,
    ...(item.md5OfMessageAttributes ? { md5OfMessageAttributes: item.md5OfMessageAttributes } : {}),
    messageAttributes: item.attributes ? (JSON.parse(item.attributes) as MessageAttributes) : {},
    attributes: {
      ApproximateReceiveCount: String(item.receiveCount),
      SentTimestamp: String(item.sentAt),
      ApproximateFirstReceiveTimestamp: String(item.firstReceivedAt ?? item.sentAt),
      SenderId: SENDER_ID,
      ...(item.sourceQueue ? { DeadLetterQueueSourceArn: localQueueArn(item.sourceQueue) } : {}),
    },
  };
}

function parseReceiptHandle(receiptHandle: string): { sk: string; token: string } {
  const [sk, token, extra] = Buffer.from(String(receiptHandle), 'base64url').toString('utf8').split('\n');
  if (!sk || !token || extra !== undefined || !/^\d{15}#/.test(sk)) {
    throw new QueueError('ReceiptHandleIsInvalid', `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`);
  }
  return { sk, token };
}

function isConditionFailure(error: unknown): boolean {
  return (error as Error).name === 'ConditionalCheckFailedException';
}

export function md5(text: string | Uint8Array): string {
  return createHash('md5').update(text).digest('hex');
}

/**
 * MD5OfMessageAttributes as SQS computes it: attributes sorted by name, each encoded as
 * length-prefixed name, data type, a transport byte (1 string, 2 binary) and length-prefixed value.
 */
export function md5OfMessageAttributes(attributes: MessageAttributes): string {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name]!;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(value.DataType, 'utf8'));
    if (value.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(value.BinaryValue, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
