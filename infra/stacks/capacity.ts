/**
 * The capacity model of a district of LAUSD's size, as numbers the stacks are built from. The
 * reasoning behind each figure is in docs/decisions/0060-capacity-model-for-the-first-day.md and
 * 0061-concurrency-from-downstream-limits.md; docs/cost.md prices the same units.
 */
import { FUNCTIONS, QUEUES, ROUTES, STREAM_CONSUMERS, type HandlerId, type RouteSpec } from '../../functions/manifest';

/** The district the model is built for. */
export const DISTRICT = { students: 565_000, schools: 1_300, teachers: 25_000, parentAccounts: 1_050_000 } as const;

/**
 * Units per action, measured by `npm run bench:units` and priced by AWS's rules (docs/cost.md,
 * decision 0088): what the first-period peak below is built from.
 */
export const MEASURED_UNITS = {
  attendanceSubmission: { rru: 19.6, wru: 115, events: 3.8, notices: 3.8 },
  enrollmentSettled: { rru: 4, wru: 40, events: 1 },
  /** The intake's share of an enrollment (the request and its idempotency record). */
  enrollmentIntake: { wru: 4 },
  auditPerEvent: { wru: 2 },
  notice: { rru: 3.5, wru: 8 },
} as const;

/** First-period rates: 20,000 sections within 5 minutes, 3 × the average in the busiest minute; the enrollment queue's consumers. */
const PEAK_RATES = {
  attendanceSubmissions: 200,
  enrollmentsSettled: 200,
  intakeRequests: 500,
  otherEvents: 200,
  otherWrites: 1_000,
} as const;

/**
 * The audit path at the first-period peak (decision 0081): every event is filed by the audit
 * consumer. Attendance: 200 submissions/s × 3.8 events (a "Student Marked …" per absence or late
 * mark); enrollment: 200 settled/s × 1 event (`Student Enrolled` v2, decision 0080); everything
 * else ~200 events/s: about 1,160 events/s. Filing an event takes ~20 ms (docs/cost.md); counted
 * one after another, one concurrent batch files ~50 events/s.
 */
export const AUDIT_PEAK = {
  eventsPerSecond: Math.round(
    PEAK_RATES.attendanceSubmissions * MEASURED_UNITS.attendanceSubmission.events +
      PEAK_RATES.enrollmentsSettled * MEASURED_UNITS.enrollmentSettled.events +
      PEAK_RATES.otherEvents,
  ),
  secondsPerEvent: 0.02,
  /** Shards of the district-wide (guardians') activity partition of a day: the peak ÷ 16 stays far under a partition's 1,000 writes/s. */
  districtShards: 16,
} as const;

/**
 * First-period peak, in table write units per second, from the measured units:
 *
 * - Attendance: 200 submissions/s × 115 WRU (a class's first submission of the day writes each
 *   student's day and year counters) = 23,000.
 * - Enrollment: 200 settled/s × 40 WRU = 8,000, plus the requests the intake queues beyond that at
 *   its route limit (300/s × 4 WRU) = 1,200.
 * - Audit: {@link AUDIT_PEAK} ≈ 1,160 events/s × 2 WRU ≈ 2,320.
 * - Notices: 200 × 3.8 absence and late notices/s × 8 WRU (claim, inbox, delivery) ≈ 6,080.
 * - Everything else (staff edits, scheduling, parents' contact details): ~1,000.
 */
export const FIRST_PERIOD_PEAK_WRU = Math.round(
  PEAK_RATES.attendanceSubmissions * MEASURED_UNITS.attendanceSubmission.wru +
    PEAK_RATES.enrollmentsSettled * MEASURED_UNITS.enrollmentSettled.wru +
    (PEAK_RATES.intakeRequests - PEAK_RATES.enrollmentsSettled) * MEASURED_UNITS.enrollmentIntake.wru +
    AUDIT_PEAK.eventsPerSecond * MEASURED_UNITS.auditPerEvent.wru +
    PEAK_RATES.attendanceSubmissions * MEASURED_UNITS.attendanceSubmission.notices * MEASURED_UNITS.notice.wru +
    PEAK_RATES.otherWrites,
);

/**
 * About 41,600 WRU/s, so the table is warmed to 42,000 writes/s (10 × a new table's 4,000; above
 * an account's default per-table on-demand quota of 40,000, which docs/deploy.md says to raise
 * first) and 48,000 reads/s (parents and staff reading schedules and rosters at 8 a.m.; the
 * peak's own writes read ~7,400 RRU/s of it). The caps (max throughput) sit at about 2.4 × the
 * warm writes and 2.5 × the warm reads: the modelled peak can double without a throttle, and a
 * runaway loop cannot write more than 100,000 WRU/s × $0.625 per million ≈ $225 an hour.
 */
export const TABLE_CAPACITY = {
  warm: { readUnitsPerSecond: 48_000, writeUnitsPerSecond: 42_000 },
  /**
   * Each GSI: half the table's writes (history, outbox, counters and guards carry no index keys)
   * and a quarter of its reads (name searches, unsettled requests, rosters by section).
   */
  warmIndex: { readUnitsPerSecond: 12_000, writeUnitsPerSecond: 21_000 },
  max: { readRequestUnits: 120_000, writeRequestUnits: 100_000 },
} as const;

/** Concurrent audit batches the modelled peak needs, so the audit queue does not grow at 8 a.m. */
export function auditConcurrencyNeeded(batchSize: number): number {
  const eventsPerBatchSecond = batchSize / (batchSize * AUDIT_PEAK.secondsPerEvent);
  return Math.ceil(AUDIT_PEAK.eventsPerSecond / eventsPerBatchSecond);
}

/** A route's own API Gateway throttle (requests per second, steady and burst). */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Per-route limits. Each is set below what the route's function may run at (reserved
 * concurrency ÷ its typical duration), so a flood is answered 429 by API Gateway before the
 * function is throttled (which would answer 500).
 */
export function routeThrottle(route: RouteSpec): RouteThrottle {
  // Anonymous: an uptime probe needs a few calls a minute; nobody may drain the API through it.
  if (route.handler === 'health') return { rateLimit: 5, burstLimit: 10 };
  if (route.handler === 'docs') return { rateLimit: 20, burstLimit: 40 };
  // Intake answers 202 and queues: it may take the first morning's burst.
  if (route.handler === 'enrollment' && route.method === 'POST' && route.path === '/v1/enrollment-requests') {
    return { rateLimit: 500, burstLimit: 1000 };
  }
  // First period: 200 submissions/s modelled, 2× headroom.
  if (route.handler === 'attendance' && route.method !== 'GET') return { rateLimit: 400, burstLimit: 800 };
  // Administration of people's records: a few hundred offices, not every classroom at once.
  if (route.handler === 'staff' || route.handler === 'guardians') return { rateLimit: 200, burstLimit: 400 };
  // Nurses', counselors' and teachers' look-ups of confidential records: hundreds of offices, not every family at once.
  if (route.handler === 'healthRecords' || route.handler === 'counseling' || route.handler === 'accessLog') {
    return { rateLimit: 100, burstLimit: 200 };
  }
  if (route.handler === 'oneroster') return { rateLimit: 100, burstLimit: 200 };
  if (route.method === 'GET') return { rateLimit: 500, burstLimit: 1000 };
  return { rateLimit: 200, burstLimit: 400 };
}

/** Typical durations the model assumes (docs/cost.md): a read 100 ms, a write 150 ms. */
export const MODEL_DURATION_SECONDS = { read: 0.1, write: 0.15 } as const;

/** Reserved concurrency of functions the model names; others get {@link defaultReservation}. */
const RESERVED: Partial<Record<HandlerId, number>> = {
  health: 2,
  docs: 2,
  attendance: 100,
  parents: 100,
  enrollment: 80,
  scheduling: 50,
  // Gradebook: reads of grades at 500/s × 100 ms and score posts at 200/s × 150 ms both fit in 60.
  gradebook: 60,
  students: 60,
  guardians: 30,
  staff: 30,
  schools: 60,
  // Nurses' and counselors' offices and teachers' alert look-ups: a few hundred at once, 100-150 ms each.
  healthRecords: 20,
  counseling: 20,
  accessLog: 10,
  // OneRoster: a few integrations (LMS, assessment, library) syncing nightly; a district-wide
  // collection is read school by school, so each call is long but calls are few (docs/oneroster.md).
  oneroster: 10,
  // Consumers: their event source's maximum concurrency plus room for a retry in flight.
  enrollmentConsumer: 25,
  schedulingConsumer: 3,
  // Its queue's 40 (24 needed by AUDIT_PEAK, room for a redrive beside the peak) + room for a retry in flight.
  auditConsumer: 42,
  enrollmentDeadLetters: 3,
  enrollmentSweeper: 1,
  schoolMoves: 1,
  // One concurrent batch per stream shard; a table at the modelled peak has up to ~16 shards.
  outboxRelay: 20,
};

const isApiFunction = (handlerId: HandlerId) => ROUTES.some((route) => route.handler === handlerId);

/** A function not in the model yet: API functions 30, consumers their queue's concurrency + 2, else 2. */
function defaultReservation(handlerId: HandlerId): number {
  if (isApiFunction(handlerId)) return 30;
  const queue = QUEUES.find((spec) => spec.consumer === handlerId);
  if (queue) return queue.maxConcurrency + 2;
  if (STREAM_CONSUMERS.some((spec) => spec.handler === handlerId)) return 20;
  return 2;
}

/**
 * Reserved concurrency per function: a floor no other function can take (the consumers cannot
 * be starved by the API at 8 a.m.) and a ceiling (no function can press the table, the bus or
 * SES harder than its downstream allows). Never below the queue's maximum concurrency, so the
 * event source mapping is never throttled by its own function.
 */
export function reservedConcurrency(handlerId: HandlerId): number {
  const queueFloor = Math.max(0, ...QUEUES.filter((spec) => spec.consumer === handlerId).map((spec) => spec.maxConcurrency));
  return Math.max(RESERVED[handlerId] ?? defaultReservation(handlerId), queueFloor);
}

/** Lambda keeps 100 of the account's concurrency unreserved; the synth fails when the reservations do not fit. */
export function assertReservationsFit(accountConcurrency: number): number {
  const total = (Object.keys(FUNCTIONS) as HandlerId[]).reduce((sum, handlerId) => sum + reservedConcurrency(handlerId), 0);
  if (total > accountConcurrency - 100) {
    throw new Error(
      `the functions reserve ${total} concurrent executions, but the account allows ${accountConcurrency} and Lambda keeps 100 unreserved; ` +
        'request a higher quota and set sis:accountConcurrency, or lower the reservations in infra/stacks/capacity.ts',
    );
  }
  return total;
}
