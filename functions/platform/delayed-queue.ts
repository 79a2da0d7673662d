import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, type QueueId } from '../names';
import { traced } from './aws-clients';
import { requireEnv } from './config';

/** SQS's longest delay on one message (DelaySeconds, "Amazon SQS delay queues"). */
export const MAX_DELAY_SECONDS = 900;

/** Puts a message back on a queue to be received again later, as a new message (its receive count starts over). */
export interface DelayedQueue {
  sendLater(body: string, delaySeconds: number, attributes?: Readonly<Record<string, string>>): Promise<void>;
}

let client: SQSClient | undefined;

/** SQS adapter: SendMessage with DelaySeconds (at most 900) to the queue of the function's configuration. */
export function sqsDelayedQueue(id: QueueId): DelayedQueue {
  let queueUrl: string | undefined;
  return {
    sendLater: async (body, delaySeconds, attributes = {}) => {
      queueUrl ??= requireEnv(ENV.queueUrl(id));
      client ??= traced(new SQSClient({}));
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds))),
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
          ),
        }),
      );
    },
  };
}
