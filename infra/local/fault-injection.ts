/**
 * Failures the cloud has and a laptop does not, injected by the fault benchmark and tests (never by
 * `npm start`): a consumer that dies on some messages, messages delivered twice, a relay that fails.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueId } from '../../functions/manifest';
import type { LocalQueues } from './local-queues';

/**
 * A relay that fails whole invocations: always while `failing`, else at `failRate`. The stream
 * retries a failed batch, and after the mapping's maxRetries gives its records to the on-failure
 * queue (`<table>-stream-failures`), from which `npm run replay -- --stream-failures` publishes them.
 */
export interface RelayFaults {
  failing: boolean;
  readonly failRate?: number;
  readonly random?: () => number;
  readonly injected?: { relayFailed: number };
}

/**
 * Failures the cloud has and a laptop does not: a consumer that dies on some messages (before
 * doing the work, or after doing it but before acknowledging it) and messages delivered twice.
 */
export interface FaultInjection {
  readonly queue: QueueId;
  /** Share of messages whose processing fails (half before the handler runs, half after). */
  readonly failRate: number;
  /** Share of messages the queue delivers twice. */
  readonly duplicateRate: number;
  /** @default Math.random */
  readonly random?: () => number;
  /** Counts what was injected, for the report. */
  readonly injected?: { failedBefore: number; failedAfter: number; duplicated: number };
}

/** Wraps a consumer so that some records fail as if the function had crashed. */
export function faultyConsumer(invoke: (event: SQSEvent) => Promise<SQSBatchResponse | void>, faults: FaultInjection) {
  const random = faults.random ?? Math.random;
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const before = new Set<string>();
    const after = new Set<string>();
    for (const record of event.Records) {
      if (random() < faults.failRate) (random() < 0.5 ? before : after).add(record.messageId);
    }
    if (faults.injected) {
      faults.injected.failedBefore += before.size;
      faults.injected.failedAfter += after.size;
    }
    const records = event.Records.filter((record) => !before.has(record.messageId));
    const result = records.length > 0 ? await invoke({ Records: records }) : undefined;
    const failed = new Set([...before, ...after, ...(result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier)]);
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** Makes the queues deliver some messages sent to `target` twice (SQS's at-least-once delivery). */
export function duplicateSends(queues: LocalQueues, target: string, faults: FaultInjection): void {
  const random = faults.random ?? Math.random;
  const send = queues.send.bind(queues);
  queues.send = async (queue, body, sendOptions) => {
    const sent = await send(queue, body, sendOptions);
    if (queue === target && random() < faults.duplicateRate) {
      await send(queue, body, sendOptions);
      if (faults.injected) faults.injected.duplicated += 1;
    }
    return sent;
  };
}
