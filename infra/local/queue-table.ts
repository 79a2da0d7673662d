/**
 * How the local queues keep their messages: a DynamoDB Local table of their own (not the app
 * table), so a message accepted before a restart is still there after it.
 *
 * Table layout (one partition per queue, never scanned):
 *   pk = `queue#<name>`, sk = `<sentAt, 15 digits>#<messageId>` (so the first item is the oldest)
 *   LSI `visible` on `visibleAt` (epoch ms): receive is a strongly consistent Query of
 *   `visibleAt <= now`, and a message is claimed by a conditional update on the
 *   (visibleAt, receiveCount) pair that was read, so two receivers never both get it.
 * Stream-poller checkpoints share the table under `checkpoint#<consumerId>` partitions (no visibleAt,
 * so they are not in the index).
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, ResourceInUseException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPut } from '../../functions/repositories/batch-write';
import {
  localQueueArn,
  md5,
  md5OfMessageAttributes,
  QueueError,
  type MessageAttributes,
  type ReceivedMessage,
  type SendOptions,
  type SentMessage,
} from './sqs-shapes';

/** A message as the queue table holds it. */
export interface MessageItem {
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

export const VISIBLE_INDEX = 'visible';
const SENDER_ID = 'AIDALOCALRUNTIME';

/** Creates the queue table unless it exists. */
export async function createQueueTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
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

/** A new message's item, or the QueueError SQS would answer for its body, size or delay. */
export function newMessageItem(queue: string, body: string, options: SendOptions, maxMessageBytes: number): MessageItem {
  if (typeof body !== 'string' || body.length === 0)
    throw new QueueError('InvalidParameterValue', 'The message body must be a non-empty string.');
  const attributes = options.messageAttributes && Object.keys(options.messageAttributes).length > 0 ? options.messageAttributes : undefined;
  const size = Buffer.byteLength(body) + (attributes ? Buffer.byteLength(JSON.stringify(attributes)) : 0);
  if (size > maxMessageBytes) {
    throw new QueueError('InvalidParameterValue', `The message is ${size} bytes; the limit is ${maxMessageBytes} bytes.`);
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

/**
 * Writes new messages' items with BatchWriteItem, the calls in parallel. A new message's key holds
 * a random message id, so no item can overwrite another and the single send's `attribute_not_exists`
 * condition is not needed here.
 */
export function putMessages(documents: DynamoDBDocumentClient, tableName: string, items: readonly MessageItem[]): Promise<void> {
  return batchPut(documents, tableName, items as unknown as Record<string, unknown>[], { parallel: true });
}

/** Hides the message and counts the receive, if nobody else changed it since it was read. */
export async function claim(
  documents: DynamoDBDocumentClient,
  tableName: string,
  item: MessageItem,
  now: number,
  visibilityTimeoutSeconds: number,
): Promise<MessageItem | undefined> {
  try {
    const result = await documents.send(
      new UpdateCommand({
        TableName: tableName,
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
export async function moveItem(
  documents: DynamoDBDocumentClient,
  tableName: string,
  item: MessageItem,
  destination: string,
  now: number,
  deadLetteredFrom?: string,
): Promise<boolean> {
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
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName,
              Key: { pk: item.pk, sk: item.sk },
              ConditionExpression: 'visibleAt = :seenVisibleAt AND receiveCount = :seenCount',
              ExpressionAttributeValues: { ':seenVisibleAt': item.visibleAt, ':seenCount': item.receiveCount },
            },
          },
          { Put: { TableName: tableName, Item: moved, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') return false;
    throw error;
  }
}

export const partitionOf = (queue: string) => `queue#${queue}`;

export function sentOf(item: MessageItem): SentMessage {
  return {
    messageId: item.messageId,
    md5OfBody: item.md5OfBody,
    ...(item.md5OfMessageAttributes ? { md5OfMessageAttributes: item.md5OfMessageAttributes } : {}),
  };
}

export function receivedOf(item: MessageItem): ReceivedMessage {
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

export function parseReceiptHandle(receiptHandle: string): { sk: string; token: string } {
  const [sk, token, extra] = Buffer.from(String(receiptHandle), 'base64url').toString('utf8').split('\n');
  if (!sk || !token || extra !== undefined || !/^\d{15}#/.test(sk)) {
    throw new QueueError('ReceiptHandleIsInvalid', `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`);
  }
  return { sk, token };
}

export function isConditionFailure(error: unknown): boolean {
  return (error as Error).name === 'ConditionalCheckFailedException';
}
