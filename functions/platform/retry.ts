/** How a retried operation backs off, and which failures are worth another attempt. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The wait after the `failures`-th failed attempt (1 after the first), in milliseconds. */
  delayMs(failures: number): number;
  /** Whether a failure may be retried; any other is thrown at once. */
  retryable(error: unknown): boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, a failure is not retryable, or the attempts run out (the last
 * failure is thrown): the one retry-with-backoff loop of the code (transaction conflicts, keys
 * DynamoDB left unprocessed, a day changed under an attendance write).
 */
export async function retrying<T>(attempt: (failures: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let failures = 0; ;) {
    try {
      return await attempt(failures);
    } catch (error) {
      failures += 1;
      if (!policy.retryable(error) || failures >= policy.attempts) throw error;
      await sleep(policy.delayMs(failures));
    }
  }
}

/** Exponential backoff: `baseMs`, twice that, four times, … plus up to `jitterMs` at random. */
export const exponential =
  (baseMs: number, jitterMs = 0, capMs = Number.POSITIVE_INFINITY) =>
  (failures: number): number =>
    Math.min(capMs, 2 ** (failures - 1) * baseMs) + Math.random() * jitterMs;
