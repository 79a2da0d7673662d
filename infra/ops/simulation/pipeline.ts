/** The simulation's building blocks: a token bucket, a queue of cohorts, a delay histogram and a utilization record. */

/** A token bucket refilled each second: up to `rate` a second sustained, `burst` more stored. */
export class TokenBucket {
  private tokens: number;
  constructor(
    readonly rate: number,
    readonly burst: number,
  ) {
    this.tokens = rate + burst;
  }
  /** Admits what it can of `demand` this second; returns the admitted part. */
  admit(demand: number): number {
    this.tokens = Math.min(this.rate + this.burst, this.tokens + this.rate);
    const admitted = Math.min(demand, this.tokens);
    this.tokens -= admitted;
    return admitted;
  }
}

/** Messages (or events) that entered together: `count` of them, born (their domain event) at `bornAt`. */
export interface Cohort {
  bornAt: number;
  enqueuedAt: number;
  visibleAt: number;
  receives: number;
  count: number;
  /** How many of them are notices about attendance (the 15-minute goal is theirs). */
  attendance: number;
  /** Of stream records: how many carry an event the notifier's rule matches (attendance included). */
  notices: number;
}

/** A queue (SQS, or a stream's unread records) as cohorts in arrival order; counts may be fractional. */
export class CohortQueue {
  private cohorts: Cohort[] = [];
  private total = 0;
  deadLettered = 0;
  maxAgeSeconds = 0;
  /** What went to the dead-letter queue. */
  readonly dead: Cohort[] = [];
  /** Messages that arrived since the last {@link drainArrivals}. */
  private arrivals = 0;

  push(now: number, count: number, bornAt: number, attendance = 0, notices = attendance): void {
    if (count <= 1e-9) return;
    this.arrivals += count;
    this.total += count;
    const last = this.cohorts[this.cohorts.length - 1];
    // Messages of the same second and origin are one cohort.
    if (last && last.enqueuedAt === now && last.bornAt === bornAt && last.receives === 0) {
      last.count += count;
      last.attendance += attendance;
      last.notices += notices;
      return;
    }
    this.cohorts.push({ bornAt, enqueuedAt: now, visibleAt: now, receives: 0, count, attendance, notices });
  }

  get size(): number {
    return this.total;
  }

  /** Arrivals since the last call (a queue's demand over a window). */
  drainArrivals(): number {
    const arrivals = this.arrivals;
    this.arrivals = 0;
    return arrivals;
  }

  /** Takes up to `limit` visible messages, oldest first. */
  take(now: number, limit: number): Cohort[] {
    const taken: Cohort[] = [];
    let left = limit;
    for (const cohort of this.cohorts) {
      if (left <= 1e-9) break;
      if (cohort.visibleAt > now || cohort.count <= 1e-9) continue;
      const part = Math.min(cohort.count, left);
      const share = part / cohort.count;
      taken.push({ ...cohort, count: part, attendance: cohort.attendance * share, notices: cohort.notices * share });
      cohort.attendance -= cohort.attendance * share;
      cohort.notices -= cohort.notices * share;
      cohort.count -= part;
      this.total -= part;
      left -= part;
    }
    if (taken.length > 0) this.cohorts = this.cohorts.filter((cohort) => cohort.count > 1e-9);
    return taken;
  }

  /** A failed receive: the messages come back after the visibility timeout, or go to the DLQ on their last receive. */
  fail(now: number, cohort: Cohort, visibilityTimeoutSeconds: number, maxReceives: number): void {
    if (cohort.receives + 1 >= maxReceives) {
      this.deadLettered += cohort.count;
      this.dead.push(cohort);
      return;
    }
    this.total += cohort.count;
    const at = this.cohorts.findIndex((other) => other.enqueuedAt > cohort.enqueuedAt);
    this.cohorts.splice(at === -1 ? this.cohorts.length : at, 0, {
      ...cohort,
      receives: cohort.receives + 1,
      visibleAt: now + visibilityTimeoutSeconds,
    });
  }

  /** Everything still waiting, and what was dead-lettered: never delivered within the run. */
  undelivered(): readonly Cohort[] {
    return [...this.cohorts, ...this.dead];
  }

  /** Age of the oldest message (SQS's ApproximateAgeOfOldestMessage), recorded as the run's maximum. */
  observeAge(now: number): number {
    const age = this.cohorts.length === 0 ? 0 : now - this.cohorts[0]!.enqueuedAt;
    this.maxAgeSeconds = Math.max(this.maxAgeSeconds, age);
    return age;
  }
}

/** Delivery delays in whole seconds, weighted by how many notices had each. */
export class DelayHistogram {
  private readonly counts = new Map<number, number>();
  total = 0;
  add(delaySeconds: number, count: number): void {
    if (count <= 0) return;
    const key = Math.max(0, Math.round(delaySeconds));
    this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    this.total += count;
  }
  /** The delay below which `q` of the notices were delivered (0 when none were). */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    let seen = 0;
    for (const key of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(key)!;
      if (seen >= q * this.total - 1e-9) return key;
    }
    return Math.max(...this.counts.keys());
  }
  /** Share delivered within `seconds`. */
  within(seconds: number): number {
    if (this.total === 0) return 1;
    let seen = 0;
    for (const [key, count] of this.counts) if (key <= seconds) seen += count;
    return seen / this.total;
  }
}

/** A limit's peak demand against its capacity over a run, and how long it was saturated. */
export interface Utilization {
  readonly limit: string;
  peakDemand: number;
  capacity: number;
  secondsSaturated: number;
}

export class UtilizationLog {
  readonly entries = new Map<string, Utilization>();
  record(limit: string, demand: number, capacity: number): void {
    let entry = this.entries.get(limit);
    if (!entry) this.entries.set(limit, (entry = { limit, peakDemand: 0, capacity, secondsSaturated: 0 }));
    entry.peakDemand = Math.max(entry.peakDemand, demand);
    entry.capacity = capacity;
    if (demand >= capacity * 0.999 && demand > 0) entry.secondsSaturated++;
  }
  /** The limits by peak demand ÷ capacity, highest first. */
  ranked(): (Utilization & { ratio: number })[] {
    return [...this.entries.values()]
      .map((entry) => ({ ...entry, ratio: entry.capacity > 0 ? entry.peakDemand / entry.capacity : Infinity }))
      .sort((a, b) => b.ratio - a.ratio || b.secondsSaturated - a.secondsSaturated);
  }
}
