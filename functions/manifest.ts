/**
 * The system's wiring, declared once as data: functions, routes, queues, stream consumers, bus
 * rules and schedules. The CDK stack and the local runtime are both built from this module.
 *
 * Routes are declared with their operations and contracts in functions/routes/<context>.ts; the
 * list below only gathers them, in the order of the API reference. Lambda code never imports this
 * module (a function's bundle would carry every route): it reads the names it needs from
 * functions/names.ts and its queue's settings from functions/queues.ts.
 */
import { keys } from '../domain/keys';
import { behaviorRecordType, counselingRecordType, healthRecordType, studentPlanType } from '../domain/records/confidential-types';
import { NOTICE_DETAIL_TYPES } from '../events/notice-types';
import type { FunctionSpec, WriteScope } from './function-spec';
import type { RouteSpec } from './http/route';
import type { HandlerId, QueueId } from './names';
import { ACCESS_LOG_ROUTES } from './routes/access-log';
import { ATTENDANCE_ROUTES } from './routes/attendance';
import { COUNSELING_ROUTES } from './routes/counseling';
import { DOCS_ROUTES } from './routes/docs';
import { ENROLLMENT_ROUTES } from './routes/enrollment';
import { ROLLOVER_ROUTES } from './routes/rollover';
import { FAMILY_ROUTES } from './routes/family';
import { GRADEBOOK_ROUTES } from './routes/gradebook';
import { HEALTH_ROUTES } from './routes/health';
import { HEALTH_RECORD_ROUTES } from './routes/health-records';
import { ONEROSTER_ROUTES } from './routes/oneroster';
import { ONEROSTER_WRITE_ROUTES } from './routes/oneroster-writes';
import { PEOPLE_ROUTES } from './routes/people';
import { SCHEDULING_ROUTES } from './routes/scheduling';
import { SCHOOL_ROUTES } from './routes/schools';
import { STAFF_ROUTES } from './routes/staff';
import { STUDENT_NOTICE_ROUTES } from './routes/student-notices';

// What the stacks, the local runtime, the ops scripts and the tests read of the wiring, from one module.
export { ENV, type HandlerId, type QueueId } from './names';
export { QUEUES, queueOf, type QueueSpec } from './queues';
export type { FunctionSpec, WriteScope } from './function-spec';
export { isRoleAccess, isScopeAccess, routeKey, routeRoles, type RoleAccess, type RouteSpec, type ScopeAccess } from './http/route';

/** Any id in a key pattern: IAM's `StringLike` wildcard (dynamodb:LeadingKeys matches the partition key). */
const ANY = '*';
/** The Idempotency-Key record a retried write answers from, written in the write's own transaction. */
const IDEMPOTENCY_RECORDS = keys.idempotency(ANY, ANY).pk;
/** FERPA's record of access, which every read of a confidential record writes first. */
const ACCESS_LOG = keys.accessLogOfStudent(ANY);
/** Partitions a confidential record kind's records (with their history and outbox items) live in. */
const confidentialPartitions = (...kinds: ('health' | 'counseling' | 'plan' | 'behavior')[]) =>
  kinds.map((kind) => keys.confidentialRecordsOfStudent(kind, ANY).pk);

/** Why the functions that keep the district's records write anywhere in the table. */
const RECORD_KEEPER: WriteScope = {
  anywhere:
    "Keeps records of several kinds through the record engine, with their unique claims, projections (a school's region " +
    'listing, the enrolled marker) and counters in partitions of their own.',
};
const CONSUMER: WriteScope = {
  anywhere:
    "Applies an event or a queued request to the records it names, in whatever partitions they live; nobody's request reaches it directly.",
};

export const FUNCTIONS: Record<HandlerId, FunctionSpec> = {
  health: {
    entry: 'functions/api/health.ts',
    description: 'Liveness: reports whether the table is reachable, and how far the relay and the queues are behind',
    table: 'read',
    memoryMb: 256,
    reportsBacklog: true,
  },
  schools: {
    entry: 'functions/api/schools.ts',
    description: 'Schools, school years and bell schedules, school activity',
    table: 'readWrite',
    writes: RECORD_KEEPER,
  },
  students: {
    entry: 'functions/api/students.ts',
    description: 'Students and their guardian links',
    table: 'readWrite',
    writes: RECORD_KEEPER,
  },
  guardians: {
    entry: 'functions/api/guardians.ts',
    description: 'Guardians and their children',
    table: 'readWrite',
    writes: RECORD_KEEPER,
  },
  staff: {
    entry: 'functions/api/staff.ts',
    description: 'Staff members and their school assignments',
    table: 'readWrite',
    writes: RECORD_KEEPER,
  },
  enrollment: {
    entry: 'functions/api/enrollment.ts',
    description: 'Enrollment requests (intake), their status and resolution; withdrawals; year-end rollovers (queued)',
    table: 'readWrite',
    writes: RECORD_KEEPER,
    sendsTo: ['enrollment', 'scheduling'],
  },
  scheduling: {
    entry: 'functions/api/scheduling.ts',
    description: 'Courses, sections and the master schedule; class assignment, rosters and student schedules',
    table: 'readWrite',
    writes: RECORD_KEEPER,
    timeoutSeconds: 29,
    sendsTo: ['scheduling'],
  },
  schedulingConsumer: {
    entry: 'functions/consumers/scheduling-consumer.ts',
    description: "Runs the automatic scheduler over a school's course requests and writes its placements",
    table: 'readWrite',
    writes: CONSUMER,
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  attendance: {
    entry: 'functions/api/attendance.ts',
    description: "Attendance: the code table, a section's marks for a day, a student's record and the school's daily reports",
    table: 'readWrite',
    writes: RECORD_KEEPER,
    // The bell: every class of the district submits in the same minutes; a slow moment must not fail a class (API Gateway's limit is 30 s).
    timeoutSeconds: 29,
  },
  gradebook: {
    entry: 'functions/api/gradebook.ts',
    description: "The gradebook: a section's settings, assignments and scores, current grades, report-card marks and transcripts",
    table: 'readWrite',
    writes: RECORD_KEEPER,
    timeoutSeconds: 29,
  },
  healthRecords: {
    entry: 'functions/api/health-records.ts',
    description:
      "Health records (immunizations, conditions and allergies, medications, visits, screenings), teachers' alert flags, the parent's view",
    table: 'readWrite',
    // Its health records and the immunization status beside them, the record of access its reads write first.
    writes: { partitions: [...confidentialPartitions('health'), ACCESS_LOG, IDEMPOTENCY_RECORDS] },
    fieldKey: { kinds: [healthRecordType.entity] },
  },
  counseling: {
    entry: 'functions/api/counseling.ts',
    description:
      'Counseling notes and referrals, 504 plans, IEPs and graduation plans, accommodations for teachers, review-due lists, ' +
      'behavior incidents and discipline actions',
    table: 'readWrite',
    // Behavior records keep their student's counters and notices in their own partition, and the school's counts in one
    // partition per school (decision 0153).
    writes: {
      partitions: [
        ...confidentialPartitions('counseling', 'plan', 'behavior'),
        keys.behaviorCounts(ANY, ANY).pk,
        ACCESS_LOG,
        IDEMPOTENCY_RECORDS,
      ],
    },
    fieldKey: { kinds: [counselingRecordType.entity, studentPlanType.entity, behaviorRecordType.entity] },
  },
  accessLog: {
    entry: 'functions/api/access-log.ts',
    description: "FERPA's record of access to a student's health, counseling and special-education records",
    table: 'read',
  },
  oneroster: {
    entry: 'functions/api/oneroster.ts',
    description:
      "OneRoster 1.2 REST: rostering and gradebook collections for the district's other systems, and the gradebook's PUT/DELETE (grade passback), by client-credentials scopes",
    // Grade passback writes through the gradebook's use cases (decision 0140).
    table: 'readWrite',
    writes: {
      anywhere:
        "Grade passback: the gradebook's settings, assignments and scores through its use cases (their history, outbox and notice " +
        "items in their sections' partitions) and the OneRoster rows kept beside them (decision 0140).",
    },
    // A district-wide collection is read school by school before it is filtered and paged (docs/oneroster.md).
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  parents: {
    entry: 'functions/api/parents.ts',
    description: "The parent portal: a guardian's own children, their profiles and schedules, and the guardian's contact details",
    table: 'readWrite',
    // A family writes only its own guardian's profile and preferences (one partition), its inbox's read marks and
    // its retries' idempotency records; which guardian is the policy's to decide (IAM cannot see the caller's id).
    writes: {
      partitions: [keys.guardian(ANY).pk, keys.notificationPreferences(ANY).pk, keys.inboxOfGuardian(ANY).pk, IDEMPOTENCY_RECORDS],
    },
  },
  enrollmentConsumer: {
    entry: 'functions/consumers/enrollment-consumer.ts',
    description: 'Enrolls each queued request in one transaction, or rejects it with reasons',
    table: 'readWrite',
    writes: CONSUMER,
    timeoutSeconds: 30,
    memoryMb: 1024,
  },
  enrollmentSweeper: {
    entry: 'functions/consumers/enrollment-sweeper.ts',
    description: 'Queues again the enrollment requests left PENDING without a message (scheduled)',
    table: 'readWrite',
    writes: CONSUMER,
    sendsTo: ['enrollment'],
    timeoutSeconds: 60,
  },
  enrollmentDeadLetters: {
    entry: 'functions/consumers/enrollment-dead-letters.ts',
    description: 'Marks the requests whose message reached the enrollment DLQ while still PENDING as FAILED, with the reason',
    table: 'readWrite',
    writes: CONSUMER,
    // Below the DLQ's visibility timeout (30 s), as Lambda requires of an SQS event source.
    timeoutSeconds: 20,
  },
  schoolMoves: {
    entry: 'functions/consumers/school-moves.ts',
    description: "Moves students to their new school on their enrollment's entry date (scheduled)",
    table: 'readWrite',
    writes: CONSUMER,
    timeoutSeconds: 300,
  },
  outboxRelay: {
    entry: 'functions/consumers/outbox-relay.ts',
    description: 'Publishes outbox items from the table stream to the event bus',
    table: 'none',
    publishes: true,
    timeoutSeconds: 30,
  },
  auditConsumer: {
    entry: 'functions/consumers/audit-consumer.ts',
    description: "Writes every domain event into its schools' daily activity log",
    table: 'readWrite',
    writes: CONSUMER,
    timeoutSeconds: 30,
  },
  notifier: {
    entry: 'functions/consumers/notifier.ts',
    description: "Tells a student's guardians about an event: inbox, email and SMS in their language, once per event, guardian and channel",
    table: 'readWrite',
    writes: CONSUMER,
    notifies: true,
    timeoutSeconds: 30,
    // A notice paced to its channel's rate goes back to its own queue, delayed (decision 0115).
    sendsTo: ['notifications'],
  },
  notificationSweep: {
    entry: 'functions/consumers/notification-sweep.ts',
    description: 'Sends the notices held back by quiet hours and the daily digests when their time comes (scheduled)',
    table: 'readWrite',
    writes: CONSUMER,
    notifies: true,
    timeoutSeconds: 120,
  },
  noticeFeedback: {
    entry: 'functions/consumers/notice-feedback.ts',
    description:
      "Records SES's deliveries, bounces and complaints on the notices' deliveries; suppresses addresses that bounce or complain",
    table: 'readWrite',
    writes: CONSUMER,
    timeoutSeconds: 30,
    sendsTo: ['noticeFeedback'], // an event about a send not yet recorded waits a few seconds there
  },
  oneRosterSecretRotation: {
    entry: 'functions/consumers/oneroster-secret-rotation.ts',
    description: "Rotates a OneRoster vendor's client secret: a new Cognito client secret beside the current one (Secrets Manager)",
    table: 'none',
    rotatesVendorSecrets: true,
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  docs: {
    entry: 'functions/api/docs.ts',
    description: 'The OpenAPI document (docs/openapi.json) and the API reference page that renders it',
    table: 'none',
    memoryMb: 256,
  },
};

/**
 * Every route of the API, each served by the function its declaration names, in the order the API
 * reference and the OpenAPI document list them.
 */
export const ROUTES: readonly RouteSpec[] = [
  ...HEALTH_ROUTES,
  ...SCHOOL_ROUTES,
  ...PEOPLE_ROUTES,
  ...STUDENT_NOTICE_ROUTES,
  ...STAFF_ROUTES,
  ...ENROLLMENT_ROUTES,
  ...ROLLOVER_ROUTES,
  ...SCHEDULING_ROUTES,
  ...ATTENDANCE_ROUTES,
  ...GRADEBOOK_ROUTES,
  ...FAMILY_ROUTES,
  ...HEALTH_RECORD_ROUTES,
  ...COUNSELING_ROUTES,
  ...ACCESS_LOG_ROUTES,
  ...ONEROSTER_ROUTES,
  ...ONEROSTER_WRITE_ROUTES,
  ...DOCS_ROUTES,
];

/**
 * A filter pattern in EventBridge syntax (Lambda event filtering uses the same syntax).
 * Supported: exact values, `prefix`, `anything-but`, `exists`, nested objects.
 */
export type EventPattern = { readonly [field: string]: EventPattern | readonly PatternValue[] };
export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly 'anything-but': string | readonly string[] }
  | { readonly exists: boolean };

export interface StreamConsumerSpec {
  readonly id: string;
  readonly handler: HandlerId;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** Retries of a failing batch before it goes to the on-failure destination. */
  readonly maxRetries: number;
  /** Only stream records matching this pattern reach the handler. */
  readonly filter: EventPattern;
}

export const STREAM_CONSUMERS: readonly StreamConsumerSpec[] = [
  {
    id: 'outbox',
    handler: 'outboxRelay',
    batchSize: 100,
    batchingWindowSeconds: 0,
    maxRetries: 10,
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['outbox'] } } } },
  },
];

export interface BusRuleSpec {
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly target: { readonly queue: QueueId };
}

export const BUS_RULES: readonly BusRuleSpec[] = [
  {
    id: 'audit-trail',
    description: "Every domain event goes to the audit consumer, which files it in each school's activity log",
    pattern: { source: [{ prefix: 'sis.' }] },
    target: { queue: 'audit' },
  },
  {
    id: 'family-notifications',
    description: 'The events families are told about (absences, tardies, grades, enrollment, schedule changes) go to the notifier',
    pattern: { source: [{ prefix: 'sis.' }], 'detail-type': [...NOTICE_DETAIL_TYPES] },
    target: { queue: 'notifications' },
  },
];

export interface ScheduleSpec {
  readonly id: string;
  readonly handler: HandlerId;
  readonly description: string;
  /** Runs every this many minutes (an EventBridge rate; the local runtime uses a timer). */
  readonly rateMinutes: number;
  /** The event the function is invoked with. */
  readonly input: Readonly<Record<string, string | number | boolean>>;
}

export const SCHEDULES: readonly ScheduleSpec[] = [
  {
    id: 'enrollment-sweeper',
    handler: 'enrollmentSweeper',
    description: 'Queues again the enrollment requests PENDING for more than 5 minutes since they were last queued',
    rateMinutes: 5,
    input: { olderThanSeconds: 300 },
  },
  {
    id: 'school-moves',
    handler: 'schoolMoves',
    description: "Applies the school changes due today (a transfer's entry date)",
    rateMinutes: 60,
    input: {},
  },
  {
    id: 'notification-sweep',
    handler: 'notificationSweep',
    description: 'Sends the notices whose quiet hours are over and the daily digests that are due',
    rateMinutes: 5,
    input: {},
  },
];
