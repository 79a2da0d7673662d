/**
 * The first day as a discrete-time model, one step a second. Demand comes from district.ts, the
 * stack's settings from the manifest and the capacity module (reserved concurrency, route limits,
 * queues, the relay's batch, the table's warm throughput), AWS's fixed limits from
 * functions/platform/limits.ts and the account's quotas from the quota file.
 */
import { QUEUES, ROUTES, STREAM_CONSUMERS, queueOf, routeKey, type HandlerId, type QueueId } from '../../../functions/manifest';
import { SMS_PRICE_PER_PART_USD } from '../../../functions/platform/channel-rates';
import { API_GATEWAY, DYNAMODB, EVENTBRIDGE } from '../../../functions/platform/limits';
import {
  AUDIT_PEAK,
  CONSUMER_SECONDS,
  DISTRICT,
  MEASURED_UNITS,
  MODEL_DURATION_SECONDS,
  STREAM_SHARDS,
  TABLE_CAPACITY,
  reservedConcurrency,
  routeThrottle,
} from '../../stacks/capacity';
import { FAMILY_SIGN_IN_SHARE, FAMILY_VISIT, STAFF_READ_SHARES, type Scenario } from './district';
import { CohortQueue, DelayHistogram, TokenBucket, UtilizationLog } from './pipeline';
import type { SamplePoint, ScenarioResult, SimulationSettings } from './model';
import { sesSendsPerSecond, smsPartsPerSecond } from './quotas';

/** What a notice sends (docs/cost.md): e-mail to 90% of guardians, SMS to the 10% who turned it on, 1.5 parts on average (Spanish and other non-GSM texts take two). */
export const NOTICE_CHANNELS = { email: 0.9, sms: 0.1, smsParts: 1.5, smsPriceUsd: SMS_PRICE_PER_PART_USD } as const;
/** The relay sends a batch's events in PutEvents requests of EventBridge's 10 entries (functions/consumers/outbox-relay.ts, decision 0120); an invocation of a full batch takes ~80 ms. */
export const RELAY = { entriesPerPutEvents: EVENTBRIDGE.entriesPerPutEvents.value, invocationSeconds: 0.08 } as const;
/** School days in the month the SMS spend limit must cover. */
const SCHOOL_DAYS_A_MONTH = 21;

const FUNCTION_OF = new Map(ROUTES.map((route) => [routeKey(route), route.handler]));
const routeOf = (key: string) => {
  const route = ROUTES.find((candidate) => routeKey(candidate) === key);
  if (!route) throw new Error(`the simulation drives ${key}, which the manifest does not declare`);
  return route;
};
/** The staff API's read routes of a function that no named budget covers: staff reads spread over them. */
const restReadRoutes = (handlerId: HandlerId) =>
  ROUTES.filter(
    (route) =>
      route.handler === handlerId && route.method === 'GET' && !Object.values(FAMILY_VISIT).some((visit) => routeKey(route) in visit),
  );

export function simulate(scenario: Scenario, settings: SimulationSettings): ScenarioResult {
  const { quotas } = settings;
  const scale = settings.students / DISTRICT.students;
  const log = new UtilizationLog();
  const queues: Record<QueueId | 'stream', CohortQueue> = {
    stream: new CohortQueue(),
    ...(Object.fromEntries(QUEUES.map((spec) => [spec.id, new CohortQueue()])) as Record<QueueId, CohortQueue>),
  };
  const notifiedDelays = new DelayHistogram();
  const attendanceDelays = new DelayHistogram();
  // Each is asked every simulated second; the model's answers do not change within a run.
  const reservations = new Map<HandlerId, number>();
  const reservedOf = (handlerId: HandlerId) => {
    let reserved = reservations.get(handlerId);
    if (reserved === undefined) reservations.set(handlerId, (reserved = reservedConcurrency(handlerId)));
    return reserved;
  };
  const concurrencyOf = (queue: QueueId) => Math.min(queueOf(queue).maxConcurrency, reservedOf(queueOf(queue).consumer));

  // API Gateway: the named routes' buckets, one per function for the rest of its reads, the account's.
  const hotRoutes = [
    'PUT /v1/sections/{sectionId}/attendance/{date}',
    'PUT /v1/students/{studentId}/attendance/{date}',
    'PUT /v1/sections/{sectionId}/students/{studentId}',
    'PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores',
    'POST /v1/enrollment-requests',
    ...new Set(Object.values(FAMILY_VISIT).flatMap((visit) => Object.keys(visit))),
  ];
  const routeBuckets = new Map(
    hotRoutes.map((key) => [key, new TokenBucket(routeThrottle(routeOf(key)).rateLimit, routeThrottle(routeOf(key)).burstLimit)]),
  );
  const readBuckets = new Map(
    (Object.keys(STAFF_READ_SHARES) as HandlerId[]).map((handlerId) => {
      const limits = restReadRoutes(handlerId).map(routeThrottle);
      return [
        handlerId,
        new TokenBucket(
          limits.reduce((sum, l) => sum + l.rateLimit, 0),
          limits.reduce((sum, l) => sum + l.burstLimit, 0),
        ),
      ];
    }),
  );
  const account = new TokenBucket(quotas.apiRequestsPerSecond, API_GATEWAY.accountBurst.value);

  const totals = { api: 0, apiAccount: 0, lambda: 0, cognito: 0, table: 0, hotKey: 0, putEvents: 0, channel: 0 };
  const peaks: Record<string, number> = {};
  const peak = (name: string, value: number) => (peaks[name] = Math.max(peaks[name] ?? 0, value));
  let staffSignedIn = 0;
  let cognitoRetries = { auth: 0, challenge: 0, federation: 0 };
  let pendingOpens = 0;
  let emailsToday = 0;
  let smsPartsToday = 0;
  let notices = 0;
  const samples: SamplePoint[] = [];
  let bin = { throttled: 0, delayed: new DelayHistogram() };

  for (let t = 0; t < scenario.seconds; t++) {
    const d = (series: Float64Array) => series[t]! * scale;
    // ── sign-in: Cognito's categories, shared by both pools ──
    const staffSignIns = d(scenario.demand.staffSignIns);
    staffSignedIn += staffSignIns - d(scenario.demand.staffSignOuts);
    const opensAfterNotices = pendingOpens / scenario.openDelaySeconds;
    pendingOpens -= opensAfterNotices;
    const familyVisits = d(scenario.demand.familyOpens) + opensAfterNotices;
    const refreshes = staffSignedIn / (settings.staffTokenMinutes * 60);
    const federated = settings.staffSignIn === 'federated';
    // What this second asks of Cognito, then what the app retries of the refusals before it.
    const fresh = {
      auth: (federated ? 0 : staffSignIns) + refreshes + familyVisits,
      challenge: (federated ? 0 : 2 * staffSignIns) + FAMILY_SIGN_IN_SHARE * familyVisits,
      federation: federated ? 3 * staffSignIns : 0,
    };
    const auth = fresh.auth + cognitoRetries.auth;
    const challenge = fresh.challenge + cognitoRetries.challenge;
    const federation = fresh.federation + cognitoRetries.federation;
    cognitoRetries = {
      auth: Math.max(0, auth - quotas.cognitoUserAuthenticationPerSecond),
      challenge: Math.max(0, challenge - quotas.cognitoRespondToAuthChallengePerSecond),
      federation: Math.max(0, federation - quotas.cognitoUserFederationPerSecond),
    };
    totals.cognito += cognitoRetries.auth + cognitoRetries.challenge + cognitoRetries.federation;
    log.record('Cognito UserAuthentication', auth, quotas.cognitoUserAuthenticationPerSecond);
    log.record('Cognito RespondToAuthChallenge', challenge, quotas.cognitoRespondToAuthChallengePerSecond);
    if (federated) log.record('Cognito UserFederation', federation, quotas.cognitoUserFederationPerSecond);
    peak('cognitoUserAuthenticationPerSecond', fresh.auth);
    peak('cognitoRespondToAuthChallengePerSecond', fresh.challenge);
    peak('cognitoUserFederationPerSecond', fresh.federation);

    // ── the API: each request against its route's limit, then the account's ──
    const routeDemand = new Map<string, number>([
      ['PUT /v1/sections/{sectionId}/attendance/{date}', d(scenario.demand.attendanceSubmissions)],
      ['PUT /v1/students/{studentId}/attendance/{date}', d(scenario.demand.officeEntries)],
      ['PUT /v1/sections/{sectionId}/students/{studentId}', d(scenario.demand.placements)],
      ['PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores', d(scenario.demand.scorePosts)],
      ['POST /v1/enrollment-requests', d(scenario.demand.intakeRequests)],
    ]);
    for (const [key, perVisit] of Object.entries(FAMILY_VISIT[scenario.id]))
      routeDemand.set(key, (routeDemand.get(key) ?? 0) + familyVisits * perVisit);
    const admitted = new Map<string, number>();
    let requested = 0;
    let passedRoutes = 0;
    for (const [key, demand] of routeDemand) {
      const passed = routeBuckets.get(key)!.admit(demand);
      log.record(`route ${key}`, demand, routeBuckets.get(key)!.rate);
      admitted.set(key, passed);
      requested += demand;
      passedRoutes += passed;
    }
    const readsAdmitted = new Map<HandlerId, number>();
    for (const [handlerId, share] of Object.entries(STAFF_READ_SHARES) as [HandlerId, number][]) {
      const demand = d(scenario.demand.staffReads) * share;
      const bucket = readBuckets.get(handlerId)!;
      const passed = bucket.admit(demand);
      log.record(`${handlerId} reads (routes without a named budget)`, demand, bucket.rate);
      readsAdmitted.set(handlerId, passed);
      requested += demand;
      passedRoutes += passed;
    }
    const writes = d(scenario.demand.recordWrites);
    requested += writes;
    passedRoutes += writes;
    const passedAccount = account.admit(passedRoutes);
    const accountShare = passedRoutes > 0 ? passedAccount / passedRoutes : 1;
    log.record('API Gateway account quota', passedRoutes, quotas.apiRequestsPerSecond);
    peak('apiRequestsPerSecond', requested);
    totals.api += requested - passedAccount;
    totals.apiAccount += passedRoutes - passedAccount;
    bin.throttled += requested - passedAccount;

    // ── Lambda: concurrency of each API function (Little's law) against its reservation ──
    const executions = new Map<HandlerId, number>();
    const run = (handlerId: HandlerId, requests: number, seconds: number) =>
      executions.set(handlerId, (executions.get(handlerId) ?? 0) + requests * accountShare * seconds);
    for (const [key, passed] of admitted)
      run(FUNCTION_OF.get(key)!, passed, key.startsWith('GET') ? MODEL_DURATION_SECONDS.read : MODEL_DURATION_SECONDS.write);
    for (const [handlerId, passed] of readsAdmitted) run(handlerId, passed, MODEL_DURATION_SECONDS.read);
    run('students', writes, MODEL_DURATION_SECONDS.write);
    for (const [handlerId, concurrent] of executions) {
      const reserved = reservedOf(handlerId);
      log.record(`Lambda ${handlerId} reserved concurrency`, concurrent, reserved);
      const over = Math.max(0, concurrent - reserved) / MODEL_DURATION_SECONDS.read;
      totals.lambda += over;
      bin.throttled += over;
    }
    const ok = (key: string) => (admitted.get(key) ?? 0) * accountShare;

    // ── writes, events and the table ──
    const submissions = ok('PUT /v1/sections/{sectionId}/attendance/{date}');
    queues.enrollment.push(t, ok('POST /v1/enrollment-requests'), t);
    const enrollment = queues.enrollment.take(t, concurrencyOf('enrollment') / CONSUMER_SECONDS.enrollment);
    const settled = enrollment.reduce((sum, cohort) => sum + cohort.count, 0);

    const u = MEASURED_UNITS;
    const placements = ok('PUT /v1/sections/{sectionId}/students/{studentId}');
    const scorePosts = ok('PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores');
    const noticeEvents =
      submissions * u.attendanceSubmission.notices +
      settled * 1 +
      placements * u.rosterAssignment.notices +
      scorePosts * u.scorePost.notices;
    const events =
      submissions * u.attendanceSubmission.events +
      settled * u.enrollmentSettled.events +
      placements +
      scorePosts * u.scorePost.events +
      writes;
    queues.stream.push(t, events, t, submissions * u.attendanceSubmission.notices, noticeEvents);

    relay(t);
    const audit = queues.audit.take(t, concurrencyOf('audit') / AUDIT_PEAK.secondsPerEvent);
    const audited = audit.reduce((sum, cohort) => sum + cohort.count, 0);

    const delivered = notify(t);
    pendingOpens += delivered * scenario.opensPerNotice;

    const wru =
      submissions * u.attendanceSubmission.wru +
      ok('PUT /v1/students/{studentId}/attendance/{date}') * u.attendanceOfficeEntry.wru +
      placements * u.rosterAssignment.wru +
      scorePosts * u.scorePost.wru +
      ok('POST /v1/enrollment-requests') * u.enrollmentIntake.wru +
      settled * u.enrollmentSettled.wru +
      writes * u.recordWrite.wru +
      audited * u.auditPerEvent.wru +
      delivered * u.notice.wru;
    const tableWrites = Math.min(
      TABLE_CAPACITY.max.writeRequestUnits,
      quotas.tableWriteUnitsPerSecond,
      TABLE_CAPACITY.warm.writeUnitsPerSecond,
    );
    log.record('table writes (warm throughput)', wru, tableWrites);
    log.record(
      'index writes (each GSI: half the table writes)',
      wru / 2,
      Math.min(TABLE_CAPACITY.warmIndex.writeUnitsPerSecond, quotas.tableWriteUnitsPerSecond),
    );
    peak('tableWriteUnitsPerSecond', wru);
    totals.table += Math.max(0, wru - tableWrites);
    // The hottest key at 8 a.m.: a shard of the district-wide activity partition (decision 0081).
    const hotKey = (audited * u.auditPerEvent.wru) / AUDIT_PEAK.districtShards;
    log.record('hottest key (district activity shard)', hotKey, DYNAMODB.partitionWriteUnitsPerSecond.value);
    totals.hotKey += Math.max(0, hotKey - DYNAMODB.partitionWriteUnitsPerSecond.value);

    if (t % 60 === 59) {
      // Queues: the busiest minute's arrivals against what their consumers (or channels) take a second.
      const perSecond = (queue: CohortQueue) => queue.drainArrivals() / 60;
      log.record('enrollment queue consumers', perSecond(queues.enrollment), concurrencyOf('enrollment') / CONSUMER_SECONDS.enrollment);
      log.record('audit queue consumers', perSecond(queues.audit), concurrencyOf('audit') / AUDIT_PEAK.secondsPerEvent);
      const noticesPerSecond = perSecond(queues.notifications);
      log.record('notifier (queue concurrency ÷ 100 ms)', noticesPerSecond, concurrencyOf('notifications') / CONSUMER_SECONDS.notice);
      log.record('SES sending rate', noticesPerSecond * NOTICE_CHANNELS.email, sesSendsPerSecond(quotas));
      log.record(
        'SMS parts per second (origination identities)',
        noticesPerSecond * NOTICE_CHANNELS.sms * NOTICE_CHANNELS.smsParts,
        smsPartsPerSecond(quotas),
      );
      log.record(
        'stream relay (shards × batch)',
        perSecond(queues.stream),
        Math.min(STREAM_SHARDS, reservedOf(STREAM_CONSUMERS[0]!.handler)) * (STREAM_CONSUMERS[0]!.batchSize / RELAY.invocationSeconds),
      );
    }
    const ages = Object.fromEntries(Object.entries(queues).map(([id, queue]) => [id, queue.observeAge(t)]));
    if (t % 60 === 59 || t === scenario.seconds - 1) {
      samples.push({
        second: t - (t % 60),
        queueAgeSeconds: ages,
        throttledPerSecond: bin.throttled / 60,
        noticeDelayMinutes: bin.delayed.quantile(0.95) / 60,
      });
      bin = { throttled: 0, delayed: new DelayHistogram() };
    }
  }

  /** The stream relay: one batch per shard at a time, as many shards at once as its reservation allows. */
  function relay(t: number): number {
    const reserved = reservedOf(STREAM_CONSUMERS[0]!.handler);
    const waiting = queues.stream.size;
    const active = Math.min(STREAM_SHARDS, reserved);
    if (waiting > 0 && reserved < STREAM_SHARDS) {
      // Shards without a free execution are refused each poll (about 4 a second) while they hold records.
      const over = Math.min(STREAM_SHARDS - reserved, Math.ceil(waiting)) * 4;
      totals.lambda += over;
      bin.throttled += over;
    }
    const perShard = STREAM_CONSUMERS[0]!.batchSize / RELAY.invocationSeconds;
    const putEventsCapacity = settings.quotas.putEventsRequestsPerSecond * RELAY.entriesPerPutEvents;
    const capacity = Math.min(active * perShard, putEventsCapacity);
    log.record('EventBridge PutEvents', waiting / RELAY.entriesPerPutEvents, settings.quotas.putEventsRequestsPerSecond);
    peak('putEventsRequestsPerSecond', Math.min(waiting, active * perShard) / RELAY.entriesPerPutEvents);
    if (waiting > putEventsCapacity) totals.putEvents += Math.min(waiting, active * perShard) - putEventsCapacity;
    let relayed = 0;
    for (const cohort of queues.stream.take(t, capacity)) {
      relayed += cohort.count;
      queues.audit.push(t, cohort.count, cohort.bornAt);
      queues.notifications.push(t, cohort.notices, cohort.bornAt, cohort.attendance);
    }
    log.record('EventBridge rule invocations', relayed * 2, EVENTBRIDGE.invocationsPerSecond.value);
    return relayed;
  }

  /** The notifier: its queue's concurrency, and SES and SMS as the account allows; returns the notices delivered. */
  function notify(t: number): number {
    const spec = queueOf('notifications');
    const consumer = concurrencyOf('notifications') / CONSUMER_SECONDS.notice;
    const ses = Math.min(sesSendsPerSecond(quotas), Math.max(0, quotas.sesSendsPer24Hours - emailsToday));
    const sms = Math.min(
      smsPartsPerSecond(quotas),
      Math.max(0, quotas.smsMonthlySpendLimitUsd / NOTICE_CHANNELS.smsPriceUsd - smsPartsToday),
    );
    const pacing = settings.notifierPacing;
    const channelLimit = Math.min(
      ses / NOTICE_CHANNELS.email,
      sms / (NOTICE_CHANNELS.sms * NOTICE_CHANNELS.smsParts),
      pacing
        ? Math.min(
            pacing.emailPerSecond / NOTICE_CHANNELS.email,
            pacing.smsPartsPerSecond / (NOTICE_CHANNELS.sms * NOTICE_CHANNELS.smsParts),
          )
        : Infinity,
    );
    // Paced, the notifier takes only what its channels can send; unpaced, it takes what it can run and a refused send fails the message.
    const taken = queues.notifications.take(t, pacing ? Math.min(consumer, channelLimit) : consumer);
    const count = taken.reduce((sum, cohort) => sum + cohort.count, 0);
    const sendable = Math.min(count, channelLimit);
    const failedShare = count > 0 ? (count - sendable) / count : 0;
    let delivered = 0;
    for (const cohort of taken) {
      const failed = cohort.count * failedShare;
      if (failed > 1e-9) {
        totals.channel += failed;
        bin.throttled += failed;
        const back = { ...cohort, count: failed, attendance: cohort.attendance * failedShare };
        queues.notifications.fail(t, back, spec.visibilityTimeoutSeconds, spec.maxReceives);
      }
      const ok = cohort.count - failed;
      const delay = t + CONSUMER_SECONDS.notice + queueOf('notifications').batchingWindowSeconds - cohort.bornAt;
      notifiedDelays.add(delay, ok);
      attendanceDelays.add(delay, cohort.attendance * (1 - failedShare));
      bin.delayed.add(delay, ok);
      delivered += ok;
    }
    emailsToday += delivered * NOTICE_CHANNELS.email;
    smsPartsToday += delivered * NOTICE_CHANNELS.sms * NOTICE_CHANNELS.smsParts;
    peak('sesSendsPerSecond', delivered * NOTICE_CHANNELS.email);
    peak('smsPartsPerSecond', delivered * NOTICE_CHANNELS.sms * NOTICE_CHANNELS.smsParts);
    notices += delivered;
    return delivered;
  }

  // Notices not delivered by the end count at least the time they waited (the run's end).
  for (const queue of [queues.stream, queues.notifications]) {
    for (const cohort of queue.undelivered()) {
      const notices = queue === queues.stream ? cohort.notices : cohort.count;
      notifiedDelays.add(scenario.seconds - cohort.bornAt, notices);
      attendanceDelays.add(scenario.seconds - cohort.bornAt, cohort.attendance);
    }
  }
  peaks.sesSendsPer24Hours = emailsToday;
  peaks.smsMonthlySpendLimitUsd = smsPartsToday * NOTICE_CHANNELS.smsPriceUsd * SCHOOL_DAYS_A_MONTH;
  return {
    id: scenario.id,
    label: scenario.label,
    startClock: scenario.startClock,
    deadLettered: Object.values(queues).reduce((sum, queue) => sum + queue.deadLettered, 0),
    apiThrottled: totals.api,
    apiRefusedByAccount: totals.apiAccount,
    lambdaThrottled: totals.lambda,
    cognitoThrottled: totals.cognito,
    tableThrottledUnits: totals.table,
    hotKeyThrottledUnits: totals.hotKey,
    putEventsThrottled: totals.putEvents,
    channelRefusals: totals.channel,
    maxQueueAgeSeconds: Object.fromEntries(Object.entries(queues).map(([id, queue]) => [id, Math.round(queue.maxAgeSeconds)])),
    noticeDelayP95Minutes: attendanceDelays.total > 0 ? attendanceDelays.quantile(0.95) / 60 : notifiedDelays.quantile(0.95) / 60,
    attendanceNoticesWithin15Minutes: attendanceDelays.within(15 * 60),
    notices,
    emails: emailsToday,
    smsParts: smsPartsToday,
    peaks,
    ranked: log.ranked(),
    samples,
  };
}
