/**
 * The queues of the system and their consumers' settings: part of the manifest's wiring
 * (functions/manifest.ts re-exports them), kept in a module of their own because a consumer reads
 * its queue's settings at run time (the enrollment consumer its `maxReceives`), and a function's
 * bundle must not carry the whole wiring.
 */
import type { HandlerId, QueueId } from './names';

export type { QueueId } from './names';

export interface QueueSpec {
  readonly id: QueueId;
  readonly consumer: HandlerId;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** Receives before a message moves to the queue's DLQ. */
  readonly maxReceives: number;
  /** Upper bound on concurrent consumer invocations (protects the table and downstreams). */
  readonly maxConcurrency: number;
  /** Must be well above the consumer's timeout (AWS advises 6×). */
  readonly visibilityTimeoutSeconds: number;
  /**
   * A consumer of the queue's DLQ (settles what died there; it must leave the work redrivable).
   * A message it fails on stays in the DLQ, which alarms.
   */
  readonly deadLetterConsumer?: HandlerId;
}

export const QUEUES: readonly QueueSpec[] = [
  // The first-day burst lands here; maxConcurrency caps how hard the consumers press the table.
  {
    id: 'enrollment',
    consumer: 'enrollmentConsumer',
    batchSize: 10,
    batchingWindowSeconds: 0,
    maxReceives: 5,
    maxConcurrency: 20,
    visibilityTimeoutSeconds: 190,
    deadLetterConsumer: 'enrollmentDeadLetters',
  },
  // One message per scheduling run: a run places a whole school's requests, one transaction each.
  {
    id: 'scheduling',
    consumer: 'schedulingConsumer',
    batchSize: 1,
    batchingWindowSeconds: 0,
    maxReceives: 3,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 1800,
  },
  // One message per domain event a family hears about; a failed send fails its message alone.
  {
    id: 'notifications',
    consumer: 'notifier',
    batchSize: 10,
    batchingWindowSeconds: 1,
    maxReceives: 5,
    maxConcurrency: 10,
    visibilityTimeoutSeconds: 190,
  },
  // SES's delivery, bounce and complaint events (the configuration set's SNS destination), about one per email.
  {
    id: 'noticeFeedback',
    consumer: 'noticeFeedback',
    batchSize: 10,
    batchingWindowSeconds: 1,
    maxReceives: 5,
    maxConcurrency: 5,
    visibilityTimeoutSeconds: 190,
  },
  // Every domain event: ~1,160/s at the first-period peak ÷ ~50 per batch-second needs 24 (infra/stacks/capacity.ts
  // AUDIT_PEAK); 40 leaves room for a redrive or a replay beside the peak.
  {
    id: 'audit',
    consumer: 'auditConsumer',
    batchSize: 25,
    batchingWindowSeconds: 1,
    maxReceives: 5,
    maxConcurrency: 40,
    visibilityTimeoutSeconds: 190,
  },
];

export const queueOf = (id: QueueId): QueueSpec => {
  const queue = QUEUES.find((candidate) => candidate.id === id);
  if (!queue) throw new Error(`unknown queue ${id}`);
  return queue;
};
