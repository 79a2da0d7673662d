/**
 * The SQS operations the loopback endpoint answers (awsJson1_0, `AmazonSQS.*`), over LocalQueues:
 * the calls the functions' SDK clients and the ops tools make, with SQS's limits and error codes.
 */
import { randomUUID } from 'node:crypto';
import { ServiceError, sqsError, type Json } from './aws-json-protocol';
import type { LocalQueues } from './local-queues';
import { md5OfMessageAttributes, QueueError, queueNameFrom, type MessageAttributes, type ReceivedMessage } from './sqs-shapes';

const SQS_MAX_BATCH = 10;

export interface SqsApiContext {
  readonly queues: LocalQueues;
  /** The queue URL handed out for a queue name. */
  readonly queueUrlOf: (queueName: string) => string;
  /** Longest ReceiveMessage long poll honoured, in milliseconds. */
  readonly maxWaitMs: number;
  /** True once the endpoint is closing: long polls answer at once. */
  readonly isClosing: () => boolean;
}

/** SQS's operations by name, each taking the request's JSON and answering the response's. */
export function sqsOperations({ queues, queueUrlOf, maxWaitMs, isClosing }: SqsApiContext): Record<string, (input: Json) => Promise<Json>> {
  const queueFromUrl = (queueUrl: unknown): string => {
    const name = typeof queueUrl === 'string' ? queueNameFrom(queueUrl) : '';
    if (!queues.has(name)) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return name;
  };

  const queueFromArn = (arn: unknown): string => {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:sqs:'))
      throw sqsError('InvalidParameterValue', `Invalid queue ARN ${String(arn)}.`);
    const name = queueNameFrom(arn);
    if (!queues.has(name)) throw new ServiceError('ResourceNotFoundException', `The resource ${arn} does not exist.`);
    return name;
  };

  const batchEntries = (input: Json): Json[] => {
    const entries = Array.isArray(input.Entries) ? (input.Entries as Json[]) : [];
    if (entries.length === 0) throw sqsError('EmptyBatchRequest', 'There should be at least one entry in the request.');
    if (entries.length > SQS_MAX_BATCH)
      throw sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${SQS_MAX_BATCH}.`);
    if (new Set(entries.map((entry) => entry.Id)).size !== entries.length)
      throw sqsError('BatchEntryIdsNotDistinct', 'Two or more batch entries have the same Id.');
    return entries;
  };

  const batchFailure = (id: unknown, error: unknown) => {
    if (!(error instanceof QueueError)) throw error;
    return { Id: id, SenderFault: true, Code: error.code, Message: error.message };
  };

  return {
    async SendMessage(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const sent = await queues.send(queue, input.MessageBody as string, {
        delaySeconds: input.DelaySeconds as number | undefined,
        messageAttributes: input.MessageAttributes as MessageAttributes | undefined,
      });
      return { MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody, MD5OfMessageAttributes: sent.md5OfMessageAttributes };
    },
    async SendMessageBatch(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const entries = batchEntries(input);
      const result = await queues.sendBatch(
        queue,
        entries.map((entry) => ({
          id: String(entry.Id),
          body: entry.MessageBody as string,
          delaySeconds: entry.DelaySeconds as number | undefined,
          messageAttributes: entry.MessageAttributes as MessageAttributes | undefined,
        })),
      );
      return {
        Successful: result.successful.map((sent) => ({
          Id: sent.id,
          MessageId: sent.messageId,
          MD5OfMessageBody: sent.md5OfBody,
          MD5OfMessageAttributes: sent.md5OfMessageAttributes,
        })),
        Failed: result.failed.map((failure) => ({
          Id: failure.id,
          SenderFault: failure.senderFault,
          Code: failure.code,
          Message: failure.message,
        })),
      };
    },
    async ReceiveMessage(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const max = (input.MaxNumberOfMessages as number | undefined) ?? 1;
      if (!(Number.isInteger(max) && max >= 1 && max <= SQS_MAX_BATCH)) {
        throw sqsError(
          'InvalidParameterValue',
          `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10.`,
        );
      }
      const wait = (input.WaitTimeSeconds as number | undefined) ?? 0;
      if (!(wait >= 0 && wait <= 20)) throw sqsError('InvalidParameterValue', 'WaitTimeSeconds must be between 0 and 20.');
      const visibility = input.VisibilityTimeout as number | undefined;
      const deadline = Date.now() + Math.min(wait * 1000, maxWaitMs);
      let messages: ReceivedMessage[];
      for (;;) {
        messages = await queues.receive(queue, max, { visibilityTimeoutSeconds: visibility });
        if (messages.length > 0 || isClosing() || Date.now() >= deadline) break;
        // Woken by a message sent or becoming visible in this process; another process's message is seen within a second.
        await queues.activity(queue).sleep(Math.min(1_000, Math.max(1, deadline - Date.now())));
      }
      const systemNames = [...asStrings(input.AttributeNames), ...asStrings(input.MessageSystemAttributeNames)];
      const attributeNames = asStrings(input.MessageAttributeNames);
      return {
        Messages: messages.map((message) => {
          const attributes = pick(message.attributes, systemNames);
          const messageAttributes = pickMessageAttributes(message.messageAttributes, attributeNames);
          return {
            MessageId: message.messageId,
            ReceiptHandle: message.receiptHandle,
            MD5OfBody: message.md5OfBody,
            Body: message.body,
            ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
            ...(Object.keys(messageAttributes).length > 0
              ? { MessageAttributes: messageAttributes, MD5OfMessageAttributes: md5OfMessageAttributes(messageAttributes) }
              : {}),
          };
        }),
      };
    },
    async DeleteMessage(input) {
      await queues.delete(queueFromUrl(input.QueueUrl), input.ReceiptHandle as string);
      return {};
    },
    async DeleteMessageBatch(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const results = await Promise.all(
        batchEntries(input).map(async (entry) => {
          try {
            await queues.delete(queue, entry.ReceiptHandle as string);
            return { ok: { Id: entry.Id } };
          } catch (error) {
            return { failed: batchFailure(entry.Id, error) };
          }
        }),
      );
      return {
        Successful: results.flatMap((result) => (result.ok ? [result.ok] : [])),
        Failed: results.flatMap((result) => (result.failed ? [result.failed] : [])),
      };
    },
    async ChangeMessageVisibility(input) {
      const changed = await queues.changeVisibility(
        queueFromUrl(input.QueueUrl),
        input.ReceiptHandle as string,
        input.VisibilityTimeout as number,
      );
      if (!changed) throw sqsError('MessageNotInflight', 'The message referred to is not in flight.');
      return {};
    },
    async ChangeMessageVisibilityBatch(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const results = await Promise.all(
        batchEntries(input).map(async (entry) => {
          try {
            const changed = await queues.changeVisibility(queue, entry.ReceiptHandle as string, entry.VisibilityTimeout as number);
            if (!changed) throw new QueueError('MessageNotInflight', 'The message referred to is not in flight.');
            return { ok: { Id: entry.Id } };
          } catch (error) {
            return { failed: batchFailure(entry.Id, error) };
          }
        }),
      );
      return {
        Successful: results.flatMap((result) => (result.ok ? [result.ok] : [])),
        Failed: results.flatMap((result) => (result.failed ? [result.failed] : [])),
      };
    },
    async GetQueueUrl(input) {
      const name = input.QueueName as string;
      if (!queues.has(name)) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
      return { QueueUrl: queueUrlOf(name) };
    },
    async GetQueueAttributes(input) {
      const queue = queueFromUrl(input.QueueUrl);
      const settings = queues.settings(queue);
      const stats = await queues.stats(queue);
      const all: Record<string, string> = {
        QueueArn: queues.arnOf(queue),
        ApproximateNumberOfMessages: String(stats.visible),
        ApproximateNumberOfMessagesNotVisible: String(stats.inFlight),
        ApproximateNumberOfMessagesDelayed: String(stats.delayed),
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        ...(settings.deadLetterQueue
          ? {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: queues.arnOf(settings.deadLetterQueue),
                maxReceiveCount: settings.maxReceives,
              }),
            }
          : {}),
      };
      return { Attributes: pick(all, asStrings(input.AttributeNames)) };
    },
    async ListQueues(input) {
      const prefix = (input.QueueNamePrefix as string | undefined) ?? '';
      return {
        QueueUrls: queues
          .queueNames()
          .filter((name) => name.startsWith(prefix))
          .map(queueUrlOf),
      };
    },
    async StartMessageMoveTask(input) {
      const source = queueFromArn(input.SourceArn);
      const destination = input.DestinationArn === undefined ? undefined : queueFromArn(input.DestinationArn);
      if (queues.sourcesOf(source).length === 0) {
        throw sqsError('InvalidParameterValue', `Source queue ${String(input.SourceArn)} must be configured as a dead-letter queue.`);
      }
      await queues.moveMessages(source, destination);
      return { TaskHandle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: input.SourceArn })).toString('base64') };
    },
  };
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The named entries of `all`; 'All' names every one. */
function pick(all: Readonly<Record<string, string | undefined>>, names: readonly string[]): Record<string, string> {
  const wanted = names.includes('All') ? Object.keys(all) : names;
  const picked: Record<string, string> = {};
  for (const name of wanted) {
    const value = all[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Message attributes named by MessageAttributeNames: 'All', '.*', exact names or `prefix.*`. */
function pickMessageAttributes(all: MessageAttributes, names: readonly string[]): MessageAttributes {
  const wanted = (name: string) =>
    names.some(
      (pattern) =>
        pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
    );
  return Object.fromEntries(Object.entries(all).filter(([name]) => wanted(name)));
}
