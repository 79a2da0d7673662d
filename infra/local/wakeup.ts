/**
 * What lets the local pollers sleep while nothing happens, yet answer at once when something does.
 *
 * In AWS, an SQS event source mapping long-polls (a receive waits up to 20 s for a message) and a
 * stream's shard iterator is read by Lambda's own fleet: neither costs the account anything while a
 * queue or a stream is quiet. The local runtime polls DynamoDB Local instead, and polling every
 * 50 ms kept one core half busy with nothing to do (measured on an idle runtime: 10.7 CPU-seconds
 * in 20 s, Node and Java together). So a poller that finds nothing sleeps longer each time, up to a
 * ceiling, and whatever makes work for it in this process rings it awake: a message sent, a
 * message's visibility ending, a handler that wrote to the table. Work made by another process (a
 * tool writing to the same DynamoDB Local) is found at the latest one ceiling later (decision 0143).
 */
export class Wakeup {
  private readonly sleepers = new Set<() => void>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private rungWhileAwake = false;

  /** Wakes every sleeper now; a sleeper that starts sleeping before the next ring is not delayed by it. */
  ring(): void {
    if (this.sleepers.size === 0) {
      // Rung between two sleeps (the poller was busy polling): its next sleep must not wait.
      this.rungWhileAwake = true;
      return;
    }
    for (const wake of [...this.sleepers]) wake();
  }

  /**
   * Rings at `atMs` (epoch milliseconds): when a delayed message or a hidden one becomes visible.
   * Only times within `horizonMs` get a timer; later ones are found by the sleepers' ceiling.
   */
  ringAt(atMs: number, horizonMs = 5_000): void {
    const wait = atMs - Date.now();
    if (wait <= 0) return this.ring();
    if (wait > horizonMs) return;
    const slot = Math.ceil(atMs / 10) * 10; // one timer per 10 ms, however many messages share it
    if (this.timers.has(slot)) return;
    const timer = setTimeout(() => {
      this.timers.delete(slot);
      this.ring();
    }, slot - Date.now());
    timer.unref();
    this.timers.set(slot, timer);
  }

  /** Sleeps `ms`, or less when rung meanwhile (or was rung since the last sleep). */
  sleep(ms: number): Promise<void> {
    if (this.rungWhileAwake) {
      this.rungWhileAwake = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  /** Cancels the pending timed rings (the runtime is stopping). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.ring();
  }
}

/** The sleep after `empty` polls in a row found nothing: doubling from `first` up to `ceiling`. */
export function backoff(empty: number, first: number, ceiling: number): number {
  return Math.min(ceiling, first * 2 ** Math.min(empty, 16));
}
