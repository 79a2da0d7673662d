/**
 * The Lambda SQS event source mapping, emulated for one queue of LocalQueues: it receives batches,
 * invokes the handler with the exact `SQSEvent` shape, deletes what succeeded (honouring
 * `batchItemFailures`, i.e. ReportBatchItemFailures) and leaves failures to reappear after the
 * visibility timeout, until the queue's redrive policy moves them to its dead-letter queue.
 */
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { LocalQueues } from './local-queues';
import type { QueueStats, ReceivedMessage } from './sqs-shapes';
import { backoff } from './wakeup';

export interface QueuePollerOptions {
  readonly queues: LocalQueues;
  readonly queueName: string;
  /** @default queues.arnOf(queueName) */
  readonly queueArn?: string;
  readonly batchSize: number;
  /** How long to keep gathering a batch that is not full yet (MaximumBatchingWindowInSeconds). @default 0 */
  readonly batchingWindowSeconds?: number;
  /** Batches handled at once (ScalingConfig.MaximumConcurrency). @default 2 */
  readonly maxConcurrency?: number;
  /** The handler, as Lambda would call it. */
  readonly invoke: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  /**
   * Told about a failed invocation (with the batch's records) or a failed poll.
   * @default writes to console.error
   */
  readonly onError?: (error: unknown, records?: readonly SQSRecord[]) => void;
  /**
   * Sleep after the first empty receive; it doubles with each empty receive after it, up to
   * `maxIdleMs`, and ends early when the queue is rung (a message sent or becoming visible). @default 50
   */
  readonly pollIntervalMs?: number;
  /** The longest sleep between two receives of an empty queue. @default 1000 */
  readonly maxIdleMs?: number;
  /**
   * When set, a failed message is made visible again after this many seconds instead of at the
   * end of its visibility timeout (tests and benchmarks: failures come back in seconds). Messages
   * being processed keep the queue's own visibility timeout, so a slow but successful invocation
   * is never delivered a second time because of it.
   */
  readonly retryDelaySeconds?: number;
}

export class QueuePoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private gathering = false;
  private readonly queueArn: string;
  private readonly pollIntervalMs: number;
  private readonly maxIdleMs: number;
  private readonly maxConcurrency: number;
  /** Empty receives in a row. */
  private empty = 0;

  constructor(private readonly options: QueuePollerOptions) {
    if (options.batchSize < 1) throw new Error('batchSize must be at least 1');
    this.queueArn = options.queueArn ?? options.queues.arnOf(options.queueName);
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.maxIdleMs = Math.max(this.pollIntervalMs, options.maxIdleMs ?? 1000);
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 2);
    options.queues.settings(options.queueName); // fails fast on an undeclared queue
  }

  get queueName(): string {
    return this.options.queueName;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops polling and waits for the invocations under way to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.options.queues.activity(this.options.queueName).ring();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Resolves once the queue has no visible, delayed or in-flight messages and no invocation is
   * under way (failed messages still waiting out their visibility timeout count as in flight).
   */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let stats: QueueStats | undefined;
    for (;;) {
      let waiting = false;
      if (this.quiet()) {
        stats = await this.options.queues.stats(this.options.queueName);
        if (stats.visible + stats.inFlight + stats.delayed === 0 && this.quiet()) return;
        // A message another process sent: the poller may be asleep for up to its ceiling.
        if (stats.visible > 0) this.options.queues.activity(this.options.queueName).ring();
        // Only delayed or hidden messages: nothing changes until one comes due or one is sent, and
        // the queue rings for both (a due time within its horizon), so the count is not read again meanwhile.
        waiting = stats.visible === 0 && this.quiet();
      }
      if (Date.now() > deadline) {
        throw new Error(
          `queue ${this.options.queueName} did not drain within ${timeoutMs} ms (${JSON.stringify(stats)}, ${this.inFlight.size} invocations running)`,
        );
      }
      if (waiting) await this.options.queues.activity(this.options.queueName).sleep(Math.min(this.maxIdleMs, deadline - Date.now()));
      else await sleep(this.pollIntervalMs);
    }
  }

  private quiet(): boolean {
    return this.inFlight.size === 0 && !this.gathering;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.inFlight.size >= this.maxConcurrency) {
          await Promise.race(this.inFlight);
          continue;
        }
        const messages = await this.gather();
        if (messages.length === 0) {
          const wait = backoff(this.empty++, this.pollIntervalMs, this.maxIdleMs);
          await this.options.queues.activity(this.options.queueName).sleep(wait);
          continue;
        }
        this.empty = 0;
        const invocation = this.handle(messages).finally(() => this.inFlight.delete(invocation));
        this.inFlight.add(invocation);
      } catch (error) {
        this.reportError(error);
        await sleep(this.pollIntervalMs * 5);
      }
    }
  }

  /** Receives one batch, waiting up to the batching window for it to fill. */
  private async gather(): Promise<ReceivedMessage[]> {
    const { queues, queueName, batchSize } = this.options;
    this.gathering = true;
    try {
      const batch = await queues.receive(queueName, batchSize);
      const windowMs = (this.options.batchingWindowSeconds ?? 0) * 1000;
      if (batch.length === 0 || windowMs <= 0) return batch;
      // The window fills from messages sent meanwhile: the queue rings for each, so the poller receives
      // when one is sent (or when the window ends) instead of every poll interval of it.
      const deadline = Date.now() + windowMs;
      while (batch.length < batchSize && Date.now() < deadline && this.running) {
        await queues.activity(queueName).sleep(Math.max(0, deadline - Date.now()));
        batch.push(...(await queues.receive(queueName, batchSize - batch.length)));
      }
      return batch;
    } finally {
      this.gathering = false;
    }
  }

  private async handle(messages: ReceivedMessage[]): Promise<void> {
    const records = messages.map((message) => this.toRecord(message));
    let failed: Set<string>;
    try {
      const response = await this.options.invoke({ Records: records });
      failed = failedIds(response, records);
    } catch (error) {
      this.reportError(error, records);
      await this.retryLater(messages); // the whole batch reappears after the visibility timeout
      return;
    }
    const { queues, queueName } = this.options;
    await this.retryLater(messages.filter((message) => failed.has(message.messageId)));
    try {
      await Promise.all(
        messages.filter((message) => !failed.has(message.messageId)).map((message) => queues.delete(queueName, message.receiptHandle)),
      );
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Failed messages come back after `retryDelaySeconds`, when set. */
  private async retryLater(messages: readonly ReceivedMessage[]): Promise<void> {
    const delay = this.options.retryDelaySeconds;
    if (delay === undefined || messages.length === 0) return;
    const { queues, queueName } = this.options;
    try {
      await Promise.all(messages.map((message) => queues.changeVisibility(queueName, message.receiptHandle, delay)));
    } catch (error) {
      this.reportError(error);
    }
  }

  private toRecord(message: ReceivedMessage): SQSRecord {
    const messageAttributes: SQSMessageAttributes = {};
    for (const [name, value] of Object.entries(message.messageAttributes)) {
      messageAttributes[name] = {
        ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined ? { binaryValue: value.BinaryValue } : {}),
        stringListValues: [],
        binaryListValues: [],
        dataType: value.DataType,
      };
    }
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: { ...message.attributes },
      messageAttributes,
      md5OfBody: message.md5OfBody,
      ...(message.md5OfMessageAttributes ? { md5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: this.queueArn,
      awsRegion: this.options.queues.region,
    };
  }

  private reportError(error: unknown, records?: readonly SQSRecord[]): void {
    if (this.options.onError) this.options.onError(error, records);
    else console.error(`[queue-poller ${this.options.queueName}]`, error);
  }
}

/**
 * The message ids the handler reported as failed. As Lambda does, a response naming an id that is
 * not in the batch (or with an empty id) fails the whole batch.
 */
function failedIds(response: SQSBatchResponse | void, records: readonly SQSRecord[]): Set<string> {
  const failures = response && Array.isArray(response.batchItemFailures) ? response.batchItemFailures : [];
  const ids = new Set(records.map((record) => record.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = failure?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return ids;
    failed.add(id);
  }
  return failed;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
