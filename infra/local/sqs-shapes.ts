/**
 * The shapes SQS gives its callers, as the local queues answer them: message attributes, sent and
 * received messages, queue statistics, errors, ARNs, and the MD5 digests a client checks.
 */
import { createHash } from 'node:crypto';

/** The account id every local ARN and queue URL carries. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export const localQueueArn = (queueName: string, region = 'us-east-1') => `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${queueName}`;

/** The queue name at the end of a queue ARN or queue URL. */
export const queueNameFrom = (arnOrUrl: string) => arnOrUrl.split(/[:/]/).filter(Boolean).pop() ?? '';

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

/** A queue's depth, as GetQueueAttributes reports it. */
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
  | 'QueueDoesNotExist'
  | 'ReceiptHandleIsInvalid'
  | 'MessageNotInflight'
  | 'InvalidParameterValue'
  | 'InvalidMessageContents';

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
