/**
 * How far the asynchronous paths are behind: the stream relay's lag (the age of the oldest stream
 * record not yet published) and each queue's oldest message. `/health` reports them and answers
 * `degraded` past the thresholds below (decision 0120). No SDK here: the figures come from a
 * `BacklogSource` registered by the runtime that knows them.
 */
import type { QueueId } from '../names';

/**
 * The relay is behind when its oldest unpublished record is a minute old: at 8 a.m. a notice
 * waits for the relay before the notifier, and the simulation's budget for a notice is 15 minutes.
 */
export const RELAY_LAG_DEGRADED_SECONDS = 60;

/**
 * A queue is behind when its oldest message is five minutes old: a third of a notice's 15-minute
 * budget, and well under the visibility timeouts after which messages are received again.
 */
export const QUEUE_AGE_DEGRADED_SECONDS = 300;

export interface BacklogReport {
  /** Age of the oldest stream record the relay has not published; 0 when it has caught up. */
  readonly relayLagSeconds: number;
  /** Age of the oldest message in each queue; 0 when it is empty. */
  readonly queueOldestAgeSeconds: Readonly<Partial<Record<QueueId, number>>>;
}

/** Reads the backlog where it is known: the local runtime's stream poller and queues. */
export type BacklogSource = () => Promise<BacklogReport>;

let source: BacklogSource | undefined;

/** Installs the runtime's source (the local runtime does; undefined removes it). */
export function registerBacklogSource(next: BacklogSource | undefined): void {
  source = next;
}

/** The backlog, or undefined where no source is registered. */
export async function readBacklog(): Promise<BacklogReport | undefined> {
  return source?.();
}

/** What is behind: the relay and the queues past their thresholds (empty when all keep up). */
export function behind(report: BacklogReport): string[] {
  const late = Object.entries(report.queueOldestAgeSeconds)
    .filter(([, age]) => (age ?? 0) > QUEUE_AGE_DEGRADED_SECONDS)
    .map(([queue]) => `queue ${queue}`);
  return report.relayLagSeconds > RELAY_LAG_DEGRADED_SECONDS ? ['stream relay', ...late] : late;
}
