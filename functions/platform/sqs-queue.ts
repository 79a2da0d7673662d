import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, type QueueId } from '../names';
import { traced } from './aws-clients';
import { requireEnv } from './config';

/** The port through which work is handed to a queue. */
export interface WorkQueue {
  send(body: Record<string, unknown>): Promise<void>;
}

let client: SQSClient | undefined;

/** SQS adapter: the queue's URL comes from the function's configuration (QUEUE_URL_<ID>). */
export function sqsQueue(id: QueueId): WorkQueue {
  const queueUrl = requireEnv(ENV.queueUrl(id));
  return {
    send: async (body) => {
      client ??= traced(new SQSClient({}));
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
    },
  };
}
