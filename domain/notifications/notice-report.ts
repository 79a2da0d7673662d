/**
 * A school's notices of a day, by channel and outcome, and how long they took from the event to
 * their sending (decision 0119). Delays are counted in buckets (a counter each), so the report is
 * a handful of additions per notice and its percentiles are read from the buckets: a p95 of "at
 * most 60 s" means the bucket 30–60 s holds the 95th percentile.
 */
import type { Channel } from './preferences';

/** Outcomes a report counts (a deferral is a step on the way, not an outcome). */
export const REPORT_OUTCOMES = ['sent', 'delivered', 'bounced', 'complained', 'suppressed', 'skipped', 'failed'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** Upper bounds of the delay buckets, in seconds; the last is open-ended. */
export const DELAY_BUCKETS_SECONDS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 43_200, 86_400] as const;

/** The bucket of a delay: the index of the first upper bound it does not exceed (the open one past the last). */
export function delayBucket(delayMs: number): number {
  const seconds = Math.max(0, delayMs) / 1000;
  const index = DELAY_BUCKETS_SECONDS.findIndex((bound) => seconds <= bound);
  return index < 0 ? DELAY_BUCKETS_SECONDS.length : index;
}

/** Counter attribute names: flat, so an ADD needs no parent map. */
export const reportAttribute = {
  outcome: (channel: Channel, outcome: ReportOutcome) => `n_${channel}_${outcome}`,
  delay: (channel: Channel, bucket: number) => `d_${channel}_${bucket}`,
};

/** Where a percentile of the delays falls: at most a bucket's bound, or beyond the last one. */
export type DelayPercentile = { readonly atMostSeconds: number } | { readonly moreThanSeconds: number };

/** The bucket holding `share` of the counted notices' delays; null when none was counted. */
export function delayPercentile(buckets: readonly number[], share: number): DelayPercentile | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(share * total);
  let seen = 0;
  for (let index = 0; index < DELAY_BUCKETS_SECONDS.length; index += 1) {
    seen += buckets[index] ?? 0;
    if (seen >= rank) return { atMostSeconds: DELAY_BUCKETS_SECONDS[index]! };
  }
  return { moreThanSeconds: DELAY_BUCKETS_SECONDS[DELAY_BUCKETS_SECONDS.length - 1]! };
}
