/**
 * The capacity model of a district of LAUSD's size, as numbers the stacks are built from. The
 * reasoning behind each figure is in docs/decisions/0060-capacity-model-for-the-first-day.md and
 * 0061-concurrency-from-downstream-limits.md; docs/cost.md prices the same units.
 */
import { FUNCTIONS, QUEUES, ROUTES, STREAM_CONSUMERS, type HandlerId, type RouteSpec } from '../../functions/manifest';

/** The district the model is built for. */
export const DISTRICT = { students: 565_000, schools: 1_300, teachers: 25_000, parentAccounts: 1_050_000 } as const;

/**
 * First-period peak, in table request units per second (AWS's rule: a transactional write of an
 * item under 1 KB costs 2 write units; measured item counts from docs/performance.md).
 *
 * - Attendance: 20,000 sections take attendance within the first 5 minutes of a period, 3 × the
 *   average in the busiest minute → 200 submissions/s × ~12 items × 2 = 4,800 WRU/s.
 * - Enrollment: the intake queue's consumers (20 × batches of 10, ~1 s each) → at most 200
 *   enrollments/s × 13 items × 2 = 5,200 WRU/s, plus intake (request + idempotency: 4 WRU) at
 *   the route's 500 rps → 2,000 WRU/s.
 * - Events: {@link AUDIT_PEAK} ≈ 2,000 events/s, filed by the audit consumer as one activity item
 *   per school (~1.2 WRU each) → ~2,400 WRU/s (decision 0081; 0060 had counted ~1,000).
 * - Everything else (staff edits, scheduling, parents' contact details): ~1,000 WRU/s.
 *
 * About 15,400 WRU/s, so the table is warmed to 16,000 writes/s (4 × a new table's 4,000) and
 * 48,000 reads/s (parents and staff reading schedules and rosters at 8 a.m., ~3 reads a write).
 * The caps (max throughput) sit at 2.5 × the warm values: high enough that the modelled peak can
 * double without a throttle, low enough that a runaway loop cannot write more than
 * 40,000 WRU/s × $0.625 per million ≈ $90 an hour.
 */
export const TABLE_CAPACITY = {
  warm: { readUnitsPerSecond: 48_000, writeUnitsPerSecond: 16_000 },
  /**
   * Each GSI: half the table's writes (history, outbox, counters and guards carry no index keys)
   * and a quarter of its reads (name searches, unsettled requests, rosters by section).
   */
  warmIndex: { readUnitsPerSecond: 12_000, writeUnitsPerSecond: 8_000 },
  max: { readRequestUnits: 120_000, writeRequestUnits: 40_000 },
} as const;

/**
 * The audit path at the first-period peak (decision 0081): every write transaction leaves one
 * event, and the audit consumer files each one.
 *
 * - Attendance: 200 submissions/s × ~3 events (the absences and tardies of a class, ~10% of 30
 *   students, each its own "Student Marked …") = 600 events/s.
 * - Enrollment: 200 settled/s × 6 events (student, two guardians, two links, "Student Enrolled")
 *   = 1,200 events/s.
 * - Everything else: ~200 events/s.
 *
 * Filing an event takes ~20 ms (docs/cost.md); counted one after another, a batch of 25 takes
 * ~0.5 s, so one concurrent batch files ~50 events/s.
 */
export const AUDIT_PEAK = {
  eventsPerSecond: 200 * 3 + 200 * 6 + 200,
  secondsPerEvent: 0.02,
  /** Shards of the district-wide (guardians') activity partition of a day: 2,000 events/s ÷ 16 stays far under a partition's 1,000 writes/s. */
  districtShards: 16,
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
  // Its queue's 40 (from AUDIT_PEAK) + room for a retry in flight.
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
