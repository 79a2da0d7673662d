import { DELAY_BUCKETS_SECONDS, delayBucket, delayPercentile } from '../../../domain/notifications/notice-report';

describe('the notice report’s delays', () => {
  test('a delay falls in the first bucket whose bound it does not pass; beyond the last, the open one', () => {
    expect(delayBucket(0)).toBe(0);
    expect(delayBucket(1000)).toBe(0);
    expect(delayBucket(1001)).toBe(1);
    expect(delayBucket(45_000)).toBe(DELAY_BUCKETS_SECONDS.indexOf(60));
    expect(delayBucket(3 * 86_400_000)).toBe(DELAY_BUCKETS_SECONDS.length);
  });

  test('p50 and p95 are read from the buckets as the bound that holds them', () => {
    const buckets = new Array(DELAY_BUCKETS_SECONDS.length + 1).fill(0);
    buckets[0] = 90; // ≤ 1 s
    buckets[DELAY_BUCKETS_SECONDS.indexOf(300)] = 10; // 2–5 minutes: paced
    expect(delayPercentile(buckets, 0.5)).toEqual({ atMostSeconds: 1 });
    expect(delayPercentile(buckets, 0.95)).toEqual({ atMostSeconds: 300 });
    expect(delayPercentile(new Array(buckets.length).fill(0), 0.5)).toBeNull();
    const late = new Array(buckets.length).fill(0);
    late[DELAY_BUCKETS_SECONDS.length] = 1;
    expect(delayPercentile(late, 0.95)).toEqual({ moreThanSeconds: 86_400 });
  });
});
