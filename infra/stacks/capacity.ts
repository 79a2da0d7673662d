/**
 * The capacity model of a district of LAUSD's size, as numbers the stacks are built from. The
 * reasoning behind each figure is in docs/decisions/0060-capacity-model-for-the-first-day.md and
 * 0061-concurrency-from-downstream-limits.md; docs/cost.md prices the same units.
 */
import {
  FUNCTIONS,
  QUEUES,
  ROUTES,
  STREAM_CONSUMERS,
  isScopeAccess,
  routeKey,
  routeRoles,
  type HandlerId,
  type RouteSpec,
} from '../../functions/manifest';
import { API_GATEWAY, LAMBDA_LIMITS, partitionsFor } from '../../functions/platform/limits';

/** The district the model is built for: staff accounts are teachers and everyone else who signs in (docs/cost.md: 40,000 staff MAU). */
export const DISTRICT = { students: 565_000, schools: 1_300, teachers: 25_000, staffAccounts: 40_000, parentAccounts: 1_050_000 } as const;

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
  rosterAssignment: { rru: 8.25, wru: 12, events: 1, notices: 1 },
  scorePost: { rru: 22.8, wru: 130, events: 4, notices: 4 },
  attendanceOfficeEntry: { rru: 2.5, wru: 10, events: 0, notices: 0 },
  /** The mean of creating and updating a school, student or guardian (docs/cost.md). */
  recordWrite: { rru: 0.5, wru: 7.3, events: 1, notices: 0 },
  /** Staff reads: 45% record reads, 45% roster and list reads, 10% grade views (docs/cost.md). */
  staffRead: { rru: 12.4 },
  /** Parent portal reads: the mean of children, a child's attendance and a child's grades. */
  parentRead: { rru: 6 },
} as const;

/** Seconds the consumers spend per message (docs/cost.md): the model's service times. */
export const CONSUMER_SECONDS = { enrollment: 0.3, notice: 0.1, scheduling: 60 } as const;

/** First-period rates: 20,000 sections within 5 minutes, 3 × the average in the busiest minute; the enrollment queue's consumers. */
export const PEAK_RATES = {
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

/**
 * Stream shards of the table at its warm throughput: one per partition, and a partition serves
 * 1,000 writes or 3,000 reads a second, so warming to 42,000 writes/s makes at least 42 (decision 0113).
 */
export const STREAM_SHARDS = partitionsFor(TABLE_CAPACITY.warm.writeUnitsPerSecond, TABLE_CAPACITY.warm.readUnitsPerSecond);

/** The relay's reservation: one batch per shard at a time (ParallelizationFactor 1), plus one retry in flight. */
export function relayConcurrencyNeeded(shards: number = STREAM_SHARDS): number {
  return shards * LAMBDA_LIMITS.batchesPerShardDefault.value + 1;
}

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
 * Routes whose peak the model names, with their budget (requests per second, on each API that
 * serves them): 1.25 to 1.5 × the peak the first-day simulation drives through them
 * (infra/ops/simulation/district.ts). Every other route of a function shares what the function's
 * reserved concurrency has left (decision 0112).
 */
export const ROUTE_BUDGETS: Readonly<Record<string, number>> = {
  // Anonymous: an uptime probe needs a few calls a minute; nobody may drain the API through it.
  'GET /health': 5,
  // First period: 200 class submissions/s in the busiest minute (PEAK_RATES), 1.5×.
  'PUT /v1/sections/{sectionId}/attendance/{date}': 300,
  // Intake answers 202 and queues: walk-in enrollments are a few a second; a school's bulk file a hundred.
  'POST /v1/enrollment-requests': 120,
  // Report-card evening: up to ~150 families open the portal a second and read these.
  'GET /v1/me/children': 200,
  'GET /v1/me/children/{studentId}/report-cards': 200,
  'GET /v1/me/children/{studentId}/grades': 200,
  'GET /v1/me/notifications': 80,
  // Morning: families open the portal after an absence notice and read the day's attendance.
  'GET /v1/me/children/{studentId}/attendance': 120,
  // First week: 22,600 placements a day (docs/cost.md), counselors at a school's window at up to ~10/s.
  'PUT /v1/sections/{sectionId}/students/{studentId}': 20,
  // Office entries: 10,000 a day in the first week, a few a second before first period.
  'PUT /v1/students/{studentId}/attendance/{date}': 10,
  // Score posts and report-card marks: the evening before report cards, a few a second.
  'PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores': 20,
  'PUT /v1/sections/{sectionId}/marks/{gradingPeriod}': 20,
};

/** Seconds of a route's budget its burst may take at once (the token bucket's depth). */
const BURST_SECONDS = 0.1;

const weightOf = (route: RouteSpec) => (route.method === 'GET' ? 3 : 1);
const durationOf = (route: RouteSpec) => (route.method === 'GET' ? MODEL_DURATION_SECONDS.read : MODEL_DURATION_SECONDS.write);

let budgets: Map<string, RouteThrottle> | undefined;

/** How many HTTP APIs serve a route: the stack applies its throttle on each. */
export type ApiCount = (route: RouteSpec) => number;

/**
 * The stack's rule (infra/stacks/api-stack.ts `apisOf`), counted: a route a staff role may
 * call is on the staff API, one a parent may call on the family API; public and client-credentials
 * routes on the staff API only. test/infra/throttle-budget.checks.ts checks the budget against the
 * synthesized stages, so a change to the stack's rule that this misses fails there.
 */
const apiCountOf: ApiCount = (route) => {
  const roles = routeRoles(route);
  if (roles === 'public' || isScopeAccess(route.access)) return 1;
  return (roles.some((role) => role !== 'parent') ? 1 : 0) + (roles.includes('parent') ? 1 : 0);
};

/**
 * The throttle budget: for each API function, the named routes take their budget and the others
 * split what is left of the function's reserved concurrency, so that for every function
 * Σ over its routes and APIs (burst + rate × duration) ≤ its reserved concurrency. Requests within
 * the route limits then never meet a Lambda throttle (a 5xx): a flood is answered 429 by API
 * Gateway first. Throws when a function's named routes alone need more than it reserves.
 */
export function throttleBudget(apiCount: ApiCount): Map<string, RouteThrottle> {
  const result = new Map<string, RouteThrottle>();
  const handlers = [...new Set(ROUTES.map((route) => route.handler))];
  for (const handlerId of handlers) {
    const routes = ROUTES.filter((route) => route.handler === handlerId);
    let left = reservedConcurrency(handlerId);
    const rest: RouteSpec[] = [];
    for (const route of routes) {
      const budget = ROUTE_BUDGETS[routeKey(route)];
      if (budget === undefined) {
        rest.push(route);
        continue;
      }
      const throttle = { rateLimit: budget, burstLimit: Math.max(1, Math.ceil(budget * BURST_SECONDS)) };
      left -= apiCount(route) * (throttle.burstLimit + throttle.rateLimit * durationOf(route));
      result.set(routeKey(route), throttle);
    }
    const pairs = rest.reduce((sum, route) => sum + apiCount(route), 0);
    const weights = rest.reduce((sum, route) => sum + apiCount(route) * weightOf(route), 0);
    // Each remaining route needs at least 1 request/s and a burst of 1.
    const floor = rest.reduce((sum, route) => sum + apiCount(route) * (1 + durationOf(route)), 0);
    if (left < floor) {
      throw new Error(
        `${handlerId}: its named route budgets leave ${left.toFixed(1)} of ${reservedConcurrency(handlerId)} reserved executions ` +
          `for ${pairs} other routes; raise its reservation or lower ROUTE_BUDGETS in infra/stacks/capacity.ts`,
      );
    }
    // Each remaining route gets its floor, then the rest by weight: reads take three shares to a
    // write's (staff and families read far more than they write), a tenth of a share for the burst.
    const extra = left - floor;
    for (const route of rest) {
      const share = (extra * weightOf(route)) / weights;
      const burstLimit = 1 + Math.floor(share / 10);
      const rateLimit = 1 + Math.floor((share - (burstLimit - 1)) / durationOf(route));
      result.set(routeKey(route), { rateLimit, burstLimit });
    }
  }
  return result;
}

/**
 * A route's limits from {@link throttleBudget}. The stack applies them on every API serving the
 * route; the budget counts each of those APIs.
 */
export function routeThrottle(route: RouteSpec): RouteThrottle {
  budgets ??= throttleBudget(apiCountOf);
  const throttle = budgets.get(routeKey(route));
  if (!throttle) throw new Error(`no throttle budget for ${routeKey(route)}`);
  return throttle;
}

/** The budget's totals against the account's API quota (every API of the account, per Region). */
export function assertApiBudgetFits(
  accountRequestsPerSecond: number = API_GATEWAY.accountRequestsPerSecond.value,
  accountBurst: number = API_GATEWAY.accountBurst.value,
): { rateLimit: number; burstLimit: number } {
  budgets ??= throttleBudget(apiCountOf);
  let rateLimit = 0;
  let burstLimit = 0;
  for (const route of ROUTES) {
    const throttle = budgets.get(routeKey(route))!;
    rateLimit += throttle.rateLimit * apiCountOf(route);
    burstLimit += throttle.burstLimit * apiCountOf(route);
  }
  if (rateLimit > accountRequestsPerSecond || burstLimit > accountBurst) {
    throw new Error(
      `the routes' limits add up to ${rateLimit} requests/s (burst ${burstLimit}), above the account's API Gateway quota of ` +
        `${accountRequestsPerSecond}/s (burst ${accountBurst}); a route would be refused by the account before its own limit`,
    );
  }
  return { rateLimit, burstLimit };
}

/**
 * Staff ID and access tokens' lifetime, from the sign-in model (decision 0114): a signed-in staff
 * member refreshes once a lifetime, and refreshes share Cognito's UserAuthentication quota with
 * every sign-in and every family's visit.
 */
export const STAFF_TOKEN_MINUTES = 30;

/** Typical durations the model assumes (docs/cost.md): a read 100 ms, a write 150 ms. */
export const MODEL_DURATION_SECONDS = { read: 0.1, write: 0.15 } as const;

/** Reserved concurrency of functions the model names; others get {@link defaultReservation}. */
const RESERVED: Partial<Record<HandlerId, number>> = {
  health: 2,
  docs: 5,
  // First period: the submission route's 300/s × 150 ms + its burst (75), and the staff's attendance
  // reads (~160/s at the first bell, first-day simulation).
  attendance: 111,
  // Report-card evening: 800 reads/s of the named routes × 100 ms + their bursts (160), and the rest.
  parents: 180,
  // The intake's 120/s on each of two APIs × 150 ms + bursts (60), the counselors' work lists, and the year-end
  // rollovers' three routes (decision 0156): their floors took 3 executions, two from the access log (its two routes
  // at their floor) and one from OneRoster.
  enrollment: 72,
  // Staff reads (first-day simulation, 800/s at the first bell): a route's floor (1/s, burst 1, on
  // each API) and 100 ms a read: schools 120/s over 39 routes, scheduling 120/s over 38 (seven of them substitutes'
  // covers), students 200/s over 25 (seven of them advisors'), gradebook 120/s beside its score posts (and seven
  // transfer-credit routes, a few requests a minute), guardians and staff 40/s each (their reads' limits 52/s and
  // 48/s). The attendance function gave the executions the covers' and advisors' routes needed (its reads 171/s).
  scheduling: 66,
  gradebook: 52,
  students: 65,
  guardians: 20,
  staff: 15,
  schools: 68,
  // Nurses' and counselors' offices and teachers' alert look-ups: a few hundred at once, 100-150 ms each. Counseling's
  // 28 routes (nine of them behavior records', decision 0153, and the early-warning list, 0154) each need their floor:
  // 1/s and a burst of 1 on each API; the enrollment function gave the ten executions (its counselors' work lists,
  // whose limits stay above their load).
  healthRecords: 12,
  counseling: 31,
  accessLog: 3,
  // OneRoster: a few integrations syncing nightly, school by school (docs/oneroster.md), and learning
  // platforms posting grades back: 53 routes (47 reads, 6 gradebook writes) at a few requests a second each. Two of
  // its former 64 went to the rotation of the vendors' secrets below, which the account's 900 had no room for.
  oneroster: 61,
  // Consumers: their event source's maximum concurrency plus room for a retry in flight.
  enrollmentConsumer: 22,
  schedulingConsumer: 3,
  // Its queue's 40 (24 needed by AUDIT_PEAK, room for a redrive beside the peak) + room for a retry in flight.
  auditConsumer: 42,
  enrollmentDeadLetters: 2,
  enrollmentSweeper: 1,
  schoolMoves: 1,
  // Secrets Manager runs a rotation's four steps one after another, a few vendors' secrets at a deployment and one
  // every 90 days after; a throttled step fails the rotation, which Secrets Manager tries again (decision 0155).
  oneRosterSecretRotation: 2,
  // One concurrent batch per stream shard (STREAM_SHARDS), so no shard waits for another's batch.
  outboxRelay: relayConcurrencyNeeded(),
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

/**
 * Lambda keeps 100 of the account's concurrency unreserved; the synth fails when the reservations do
 * not fit, or when the routes' throttle budget does not fit the functions or the account's API quota.
 */
export function assertReservationsFit(accountConcurrency: number): number {
  assertApiBudgetFits();
  const total = (Object.keys(FUNCTIONS) as HandlerId[]).reduce((sum, handlerId) => sum + reservedConcurrency(handlerId), 0);
  if (total > accountConcurrency - LAMBDA_LIMITS.unreservedMinimum.value) {
    throw new Error(
      `the functions reserve ${total} concurrent executions, but the account allows ${accountConcurrency} and Lambda keeps 100 unreserved; ` +
        'request a higher quota and set sis:accountConcurrency, or lower the reservations in infra/stacks/capacity.ts',
    );
  }
  return total;
}
