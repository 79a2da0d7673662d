/**
 * The system's wiring, declared once as data: functions, routes, queues, stream consumers and
 * bus rules. The CDK stack and the local runtime are both built from this module.
 */
import type { ListingId } from '../domain/records/listings';
import { rolesFor, type Action, type Resource } from '../domain/policy';
import type { Role } from '../domain/principal';
import { NOTICE_DETAIL_TYPES } from '../events/notice-types';
import { ONEROSTER_ROUTES, SCOPES_OF } from '../domain/oneroster/rest-routes';

export type HandlerId =
  | 'health'
  | 'schools'
  | 'students'
  | 'guardians'
  | 'staff'
  | 'enrollment'
  | 'scheduling'
  | 'parents'
  | 'attendance'
  | 'gradebook'
  | 'healthRecords'
  | 'counseling'
  | 'accessLog'
  | 'oneroster'
  | 'outboxRelay'
  | 'auditConsumer'
  | 'enrollmentConsumer'
  | 'enrollmentSweeper'
  | 'enrollmentDeadLetters'
  | 'schoolMoves'
  | 'schedulingConsumer'
  | 'notifier'
  | 'notificationSweep'
  | 'noticeFeedback'
  | 'docs';

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** @default 512 */
  readonly memoryMb?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** Table access the function needs (least privilege). */
  readonly table: 'none' | 'read' | 'readWrite';
  /** Queues the function sends to. */
  readonly sendsTo?: readonly QueueId[];
  /** True when the function publishes to the event bus. */
  readonly publishes?: boolean;
  /** True when the function sends notices to families (SES email from the district's identity, SNS SMS). */
  readonly notifies?: boolean;
  /** True when the function seals or opens confidential records' contents (the field key: decision 0066). */
  readonly fieldKey?: boolean;
}

export const FUNCTIONS: Record<HandlerId, FunctionSpec> = {
  health: {
    entry: 'functions/api/health.ts',
    description: 'Liveness: reports whether the table is reachable',
    table: 'read',
    memoryMb: 256,
  },
  schools: {
    entry: 'functions/api/schools.ts',
    description: 'Schools, school years and bell schedules, school activity',
    table: 'readWrite',
  },
  students: { entry: 'functions/api/students.ts', description: 'Students and their guardian links', table: 'readWrite' },
  guardians: { entry: 'functions/api/guardians.ts', description: 'Guardians and their children', table: 'readWrite' },
  staff: { entry: 'functions/api/staff.ts', description: 'Staff members and their school assignments', table: 'readWrite' },
  enrollment: {
    entry: 'functions/api/enrollment.ts',
    description: 'Enrollment requests (intake), their status and resolution; withdrawals',
    table: 'readWrite',
    sendsTo: ['enrollment'],
  },
  scheduling: {
    entry: 'functions/api/scheduling.ts',
    description: 'Courses, sections and the master schedule; class assignment, rosters and student schedules',
    table: 'readWrite',
    timeoutSeconds: 29,
    sendsTo: ['scheduling'],
  },
  schedulingConsumer: {
    entry: 'functions/consumers/scheduling-consumer.ts',
    description: "Runs the automatic scheduler over a school's course requests and writes its placements",
    table: 'readWrite',
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  attendance: {
    entry: 'functions/api/attendance.ts',
    description: "Attendance: the code table, a section's marks for a day, a student's record and the school's daily reports",
    table: 'readWrite',
    // The bell: every class of the district submits in the same minutes; a slow moment must not fail a class (API Gateway's limit is 30 s).
    timeoutSeconds: 29,
  },
  gradebook: {
    entry: 'functions/api/gradebook.ts',
    description: "The gradebook: a section's settings, assignments and scores, current grades, report-card marks and transcripts",
    table: 'readWrite',
    timeoutSeconds: 29,
  },
  healthRecords: {
    entry: 'functions/api/health-records.ts',
    description:
      "Health records (immunizations, conditions and allergies, medications, visits, screenings), teachers' alert flags, the parent's view",
    table: 'readWrite',
    fieldKey: true,
  },
  counseling: {
    entry: 'functions/api/counseling.ts',
    description: 'Counseling notes and referrals, 504 plans, IEPs and graduation plans, accommodations for teachers, review-due lists',
    table: 'readWrite',
    fieldKey: true,
  },
  accessLog: {
    entry: 'functions/api/access-log.ts',
    description: "FERPA's record of access to a student's health, counseling and special-education records",
    table: 'read',
  },
  oneroster: {
    entry: 'functions/api/oneroster.ts',
    description:
      "OneRoster 1.2 REST (read): rostering and gradebook collections for the district's other systems (client-credentials scopes)",
    table: 'read',
    // A district-wide collection is read school by school before it is filtered and paged (docs/oneroster.md).
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  parents: {
    entry: 'functions/api/parents.ts',
    description: "The parent portal: a guardian's own children, their profiles and schedules, and the guardian's contact details",
    table: 'readWrite',
  },
  enrollmentConsumer: {
    entry: 'functions/consumers/enrollment-consumer.ts',
    description: 'Enrolls each queued request in one transaction, or rejects it with reasons',
    table: 'readWrite',
    timeoutSeconds: 30,
    memoryMb: 1024,
  },
  enrollmentSweeper: {
    entry: 'functions/consumers/enrollment-sweeper.ts',
    description: 'Queues again the enrollment requests left PENDING without a message (scheduled)',
    table: 'readWrite',
    sendsTo: ['enrollment'],
    timeoutSeconds: 60,
  },
  enrollmentDeadLetters: {
    entry: 'functions/consumers/enrollment-dead-letters.ts',
    description: 'Marks the requests whose message reached the enrollment DLQ while still PENDING as FAILED, with the reason',
    table: 'readWrite',
    // Below the DLQ's visibility timeout (30 s), as Lambda requires of an SQS event source.
    timeoutSeconds: 20,
  },
  schoolMoves: {
    entry: 'functions/consumers/school-moves.ts',
    description: "Moves students to their new school on their enrollment's entry date (scheduled)",
    table: 'readWrite',
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
    timeoutSeconds: 30,
  },
  notifier: {
    entry: 'functions/consumers/notifier.ts',
    description: "Tells a student's guardians about an event: inbox, email and SMS in their language, once per event, guardian and channel",
    table: 'readWrite',
    notifies: true,
    timeoutSeconds: 30,
    // A notice paced to its channel's rate goes back to its own queue, delayed (decision 0115).
    sendsTo: ['notifications'],
  },
  notificationSweep: {
    entry: 'functions/consumers/notification-sweep.ts',
    description: 'Sends the notices held back by quiet hours and the daily digests when their time comes (scheduled)',
    table: 'readWrite',
    notifies: true,
    timeoutSeconds: 120,
  },
  noticeFeedback: {
    entry: 'functions/consumers/notice-feedback.ts',
    description: "Records SES's deliveries, bounces and complaints on the notices' deliveries; suppresses addresses that bounce or complain",
    table: 'readWrite',
    timeoutSeconds: 30,
  },
  docs: {
    entry: 'functions/api/docs.ts',
    description: 'The OpenAPI document (docs/openapi.json) and the API reference page that renders it',
    table: 'none',
    memoryMb: 256,
  },
};

/** What a route does: one of the generic record operations, a listing, or a named custom one. */
export type RouteOperation =
  | { readonly kind: 'record'; readonly op: 'create' | 'read' | 'update' | 'delete' | 'history' | 'restore'; readonly recordType: string }
  | { readonly kind: 'listing'; readonly listing: ListingId }
  | { readonly kind: 'custom'; readonly name: string };

export interface RoleAccess {
  readonly resource: Resource;
  readonly action: Action;
}
export interface ScopeAccess {
  readonly scopes: readonly string[];
}
export const isScopeAccess = (access: RouteSpec['access']): access is ScopeAccess => access !== null && 'scopes' in access;
export const isRoleAccess = (access: RouteSpec['access']): access is RoleAccess => access !== null && 'resource' in access;

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** API Gateway path template, e.g. `/v1/students/{studentId}`. */
  readonly path: string;
  readonly handler: HandlerId;
  /**
   * null for public routes (no JWT authorizer); a resource and action for the staff and family
   * roles (the policy module decides); or OAuth 2 scopes, any one of which opens the route, for
   * client-credentials tokens of other systems (OneRoster).
   */
  readonly access: RoleAccess | ScopeAccess | null;
  /** How refusals are written: RFC 9457 problem+json (default), or OneRoster's imsx_StatusInfo. */
  readonly errors?: 'problem' | 'imsx';
  readonly operation: RouteOperation;
  readonly summary: string;
}

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** The roles that may call a route at all; finer decisions are made by the policy module. */
export function routeRoles(route: RouteSpec): Role[] | 'public' {
  if (route.access === null) return 'public';
  // A scoped route is for client-credentials tokens, which carry scopes and no role.
  return isScopeAccess(route.access) ? [] : rolesFor(route.access.resource, route.access.action);
}

interface RecordRoutes {
  handler: HandlerId;
  recordType: string;
  resource: Resource;
  label: string;
  collection: string;
  item: string;
  listing?: ListingId;
}

/** The standard lifecycle routes of a record kind. */
function recordRoutes(spec: RecordRoutes): RouteSpec[] {
  const route = (method: RouteSpec['method'], path: string, action: Action, operation: RouteOperation, summary: string): RouteSpec => ({
    method,
    path,
    handler: spec.handler,
    access: { resource: spec.resource, action },
    operation,
    summary,
  });
  const op = (name: Extract<RouteOperation, { kind: 'record' }>['op']): RouteOperation => ({
    kind: 'record',
    op: name,
    recordType: spec.recordType,
  });
  return [
    route('POST', spec.collection, 'create', op('create'), `Create a ${spec.label}`),
    ...(spec.listing ? [route('GET', spec.collection, 'list', { kind: 'listing', listing: spec.listing }, `List ${spec.label}s`)] : []),
    route('GET', spec.item, 'read', op('read'), `Read a ${spec.label}`),
    route('PATCH', spec.item, 'update', op('update'), `Change a ${spec.label} (If-Match required)`),
    route('DELETE', spec.item, 'delete', op('delete'), `Delete a ${spec.label} (soft, restorable)`),
    route('GET', `${spec.item}/history`, 'history', op('history'), `List a ${spec.label}'s versions`),
    route('POST', `${spec.item}/restore`, 'restore', op('restore'), `Restore a ${spec.label} version or undelete it`),
  ];
}

/** Scheduling routes: the route group of the `scheduling` function. */
const schedulingRoute = (
  method: RouteSpec['method'],
  path: string,
  resource: Resource,
  action: Action,
  name: string,
  summary: string,
): RouteSpec => ({ method, path, handler: 'scheduling', access: { resource, action }, operation: { kind: 'custom', name }, summary });

const SCHEDULING_ROUTES: readonly RouteSpec[] = [
  ...recordRoutes({
    handler: 'scheduling',
    recordType: 'course',
    resource: 'course',
    label: 'course',
    collection: '/v1/schools/{schoolId}/courses',
    item: '/v1/courses/{courseId}',
    listing: 'coursesOfSchool',
  }),
  ...recordRoutes({
    handler: 'scheduling',
    recordType: 'section',
    resource: 'section',
    label: 'section',
    collection: '/v1/schools/{schoolId}/sections',
    item: '/v1/sections/{sectionId}',
  }),
  schedulingRoute(
    'GET',
    '/v1/schools/{schoolId}/sections',
    'section',
    'list',
    'listSections',
    "A school's sections of a term, by course, period or teacher",
  ),
  schedulingRoute(
    'PUT',
    '/v1/sections/{sectionId}/students/{studentId}',
    'roster',
    'create',
    'assignStudent',
    'Put a student in a section (capacity, period conflicts, prerequisites held in one transaction)',
  ),
  schedulingRoute(
    'DELETE',
    '/v1/sections/{sectionId}/students/{studentId}',
    'roster',
    'delete',
    'dropStudent',
    'Take a student out of a section (reason required)',
  ),
  schedulingRoute('GET', '/v1/sections/{sectionId}/students', 'roster', 'list', 'listRoster', "A section's roster"),
  schedulingRoute(
    'POST',
    '/v1/sections/{sectionId}/roster',
    'roster',
    'create',
    'addToRoster',
    'Put up to 200 students in a section, with a result per student',
  ),
  schedulingRoute(
    'GET',
    '/v1/students/{studentId}/schedule',
    'schedule',
    'read',
    'studentSchedule',
    "A student's class schedule for a term",
  ),
  schedulingRoute(
    'PUT',
    '/v1/students/{studentId}/schedule',
    'schedule',
    'update',
    'replaceSchedule',
    "Set a student's whole term schedule, all or nothing",
  ),
  schedulingRoute('GET', '/v1/staff/{staffId}/sections', 'section', 'list', 'teacherSections', "A teacher's sections of a term"),
  schedulingRoute(
    'GET',
    '/v1/schools/{schoolId}/open-seats',
    'section',
    'list',
    'openSeats',
    'Seats left per course and section in a term',
  ),
  schedulingRoute(
    'POST',
    '/v1/students/{studentId}/course-requests',
    'courseRequest',
    'create',
    'submitCourseRequests',
    "Set a student's course requests for a term",
  ),
  schedulingRoute(
    'GET',
    '/v1/students/{studentId}/course-requests',
    'courseRequest',
    'list',
    'listCourseRequests',
    "A student's course requests",
  ),
  schedulingRoute(
    'POST',
    '/v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots',
    'masterSchedule',
    'create',
    'snapshotMasterSchedule',
    "Save a named, versioned copy of a term's sections",
  ),
  schedulingRoute(
    'GET',
    '/v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots',
    'masterSchedule',
    'list',
    'listSnapshots',
    "A term's master-schedule snapshots",
  ),
  schedulingRoute(
    'POST',
    '/v1/schools/{schoolId}/terms/{termCode}/scheduling-runs',
    'masterSchedule',
    'create',
    'startSchedulingRun',
    "Run the automatic scheduler over the term's course requests (202; follow the run's URL)",
  ),
  schedulingRoute(
    'GET',
    '/v1/schools/{schoolId}/terms/{termCode}/scheduling-runs/{runId}',
    'masterSchedule',
    'read',
    'schedulingRun',
    "A scheduling run's progress and, when done, its report per student",
  ),
  schedulingRoute(
    'POST',
    '/v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots/{snapshotId}/restore',
    'masterSchedule',
    'restore',
    'restoreSnapshot',
    "Bring a term's sections back to a snapshot (resumable)",
  ),
];

/** OneRoster operations are named after the binding's (`getAllStudents` → `oneRosterStudents`), apart from the SIS's own. */
const oneRosterOperation = (loader: string) => `oneRoster${loader.charAt(0).toUpperCase()}${loader.slice(1)}`;

/** The parent portal: everything is scoped to the guardian the caller's token names. */
const parentRoute = (method: RouteSpec['method'], path: string, action: Action, name: string, summary: string): RouteSpec => ({
  method,
  path,
  handler: 'parents',
  access: { resource: 'family', action },
  operation: { kind: 'custom', name },
  summary,
});

const PARENT_ROUTES: readonly RouteSpec[] = [
  parentRoute('GET', '/v1/me', 'list', 'me', 'Your own guardian record'),
  parentRoute('PATCH', '/v1/me', 'update', 'updateMe', 'Change your own contact details (If-Match required)'),
  parentRoute('GET', '/v1/me/children', 'list', 'myChildren', 'Your children whose education records you may see'),
  parentRoute('GET', '/v1/me/children/{studentId}', 'read', 'childProfile', "A child's profile and the school's contacts"),
  parentRoute(
    'GET',
    '/v1/me/children/{studentId}/schedule',
    'read',
    'childSchedule',
    "A child's classes this term, with periods, rooms and teachers",
  ),
  parentRoute(
    'GET',
    '/v1/me/children/{studentId}/attendance',
    'read',
    'childAttendance',
    "A child's attendance marks and summary over a date range",
  ),
  parentRoute(
    'GET',
    '/v1/me/children/{studentId}/grades',
    'read',
    'childGrades',
    "A child's current grades with their explanation, and the published work: scored, missing, upcoming",
  ),
  parentRoute('GET', '/v1/me/children/{studentId}/report-cards', 'read', 'childReportCards', "A child's posted report-card marks"),
  parentRoute('GET', '/v1/me/notification-preferences', 'list', 'myPreferences', 'Your notification preferences'),
  parentRoute(
    'PUT',
    '/v1/me/notification-preferences',
    'update',
    'setMyPreferences',
    'Set your notification preferences: channels, language, quiet hours, kinds, immediate or daily digest',
  ),
  parentRoute('GET', '/v1/me/notifications', 'list', 'myNotifications', 'Your notifications, newest first'),
  parentRoute('POST', '/v1/me/notifications/{notificationId}/read', 'update', 'readNotification', 'Mark one of your notifications read'),
];

/** Attendance routes: the route group of the `attendance` function. */
const attendanceRoute = (
  method: RouteSpec['method'],
  path: string,
  resource: Resource,
  action: Action,
  name: string,
  summary: string,
): RouteSpec => ({ method, path, handler: 'attendance', access: { resource, action }, operation: { kind: 'custom', name }, summary });

const ATTENDANCE_ROUTES: readonly RouteSpec[] = [
  attendanceRoute(
    'GET',
    '/v1/attendance-codes',
    'attendanceCode',
    'list',
    'listAttendanceCodes',
    "The attendance codes in force (a school's with ?schoolId=)",
  ),
  {
    method: 'POST',
    path: '/v1/attendance-codes',
    handler: 'attendance',
    access: { resource: 'attendanceCode', action: 'create' },
    operation: { kind: 'record', op: 'create', recordType: 'attendanceCode' },
    summary: 'Add an attendance code (the district, or a school with schoolId)',
  },
  {
    method: 'GET',
    path: '/v1/attendance-codes/{code}',
    handler: 'attendance',
    access: { resource: 'attendanceCode', action: 'read' },
    operation: { kind: 'record', op: 'read', recordType: 'attendanceCode' },
    summary: 'Read a stored attendance code',
  },
  {
    method: 'PATCH',
    path: '/v1/attendance-codes/{code}',
    handler: 'attendance',
    access: { resource: 'attendanceCode', action: 'update' },
    operation: { kind: 'record', op: 'update', recordType: 'attendanceCode' },
    summary: 'Change an attendance code (its name, funding or status; never its category)',
  },
  attendanceRoute(
    'PUT',
    '/v1/sections/{sectionId}/attendance/{date}',
    'attendance',
    'create',
    'takeAttendance',
    "Take or correct a section's attendance for a day: the whole roster at once",
  ),
  attendanceRoute(
    'GET',
    '/v1/sections/{sectionId}/attendance/{date}',
    'attendance',
    'read',
    'sectionAttendance',
    "A section's marks for a day",
  ),
  attendanceRoute(
    'GET',
    '/v1/students/{studentId}/attendance',
    'studentAttendance',
    'read',
    'studentAttendance',
    "A student's days (status under the school's rule), marks and summary over a date range",
  ),
  attendanceRoute(
    'PUT',
    '/v1/students/{studentId}/attendance/{date}',
    'officeAttendance',
    'create',
    'recordOfficeAttendance',
    "The attendance office's entry for a student's day: all-day absence, late arrival, early dismissal",
  ),
  // Before `/attendance/{date}`: a literal segment is matched first (as API Gateway does).
  attendanceRoute(
    'GET',
    '/v1/schools/{schoolId}/attendance/ada',
    'attendance',
    'list',
    'averageDailyAttendance',
    'Average daily attendance over a date range, per day and in all',
  ),
  attendanceRoute(
    'GET',
    '/v1/schools/{schoolId}/chronic-absence',
    'attendance',
    'list',
    'chronicAbsence',
    'The students who missed at least 10% of their days enrolled in a school year',
  ),
  attendanceRoute(
    'GET',
    '/v1/schools/{schoolId}/attendance/{date}',
    'attendance',
    'list',
    'schoolDailyReport',
    "The school's day: students absent or late (daily status), their absences and tardies",
  ),
  attendanceRoute(
    'GET',
    '/v1/schools/{schoolId}/attendance/{date}/missing',
    'attendance',
    'list',
    'missingAttendance',
    'The sections that meet that day and have not taken attendance yet',
  ),
];

/** Gradebook routes: the route group of the `gradebook` function. */
const gradebookRoute = (
  method: RouteSpec['method'],
  path: string,
  resource: Resource,
  action: Action,
  name: string,
  summary: string,
): RouteSpec => ({ method, path, handler: 'gradebook', access: { resource, action }, operation: { kind: 'custom', name }, summary });

const GRADEBOOK = '/v1/sections/{sectionId}/gradebook';
const GRADEBOOK_ROUTES: readonly RouteSpec[] = [
  gradebookRoute(
    'PUT',
    `${GRADEBOOK}/settings`,
    'gradebook',
    'update',
    'putGradebookSettings',
    "Set up or change a section's gradebook: weighted or points, categories, missing work, scale, low-grade threshold",
  ),
  gradebookRoute(
    'GET',
    `${GRADEBOOK}/settings`,
    'gradebook',
    'read',
    'readGradebookSettings',
    "A section's gradebook settings and the scale in force",
  ),
  gradebookRoute(
    'POST',
    `${GRADEBOOK}/assignments`,
    'gradebook',
    'create',
    'createAssignment',
    "Add an assignment to a section's gradebook",
  ),
  gradebookRoute('GET', `${GRADEBOOK}/assignments`, 'gradebook', 'list', 'listAssignments', "A section's assignments, by due date"),
  gradebookRoute('GET', `${GRADEBOOK}/assignments/{assignmentId}`, 'gradebook', 'read', 'readAssignment', 'Read an assignment'),
  gradebookRoute(
    'PATCH',
    `${GRADEBOOK}/assignments/{assignmentId}`,
    'gradebook',
    'update',
    'updateAssignment',
    'Change an assignment (If-Match optional)',
  ),
  gradebookRoute(
    'DELETE',
    `${GRADEBOOK}/assignments/{assignmentId}`,
    'gradebook',
    'delete',
    'deleteAssignment',
    'Delete an assignment (soft: it and its scores leave the grade)',
  ),
  gradebookRoute(
    'POST',
    `${GRADEBOOK}/assignments/{assignmentId}/restore`,
    'gradebook',
    'delete',
    'restoreAssignment',
    'Restore a deleted assignment (If-Match optional): it and the scores it kept count again',
  ),
  gradebookRoute(
    'PUT',
    '/v1/sections/{sectionId}/assignments/{assignmentId}/scores',
    'gradebook',
    'update',
    'postScores',
    "Enter or correct one assignment's scores for the roster at once (idempotent; corrections need X-Change-Reason)",
  ),
  gradebookRoute(
    'GET',
    '/v1/sections/{sectionId}/assignments/{assignmentId}/scores',
    'gradebook',
    'read',
    'readScores',
    "An assignment's scores, and the students not scored yet",
  ),
  gradebookRoute(
    'GET',
    '/v1/sections/{sectionId}/assignments/{assignmentId}/scores/{studentId}/history',
    'gradebook',
    'history',
    'scoreHistory',
    "A student's score on an assignment, every version with who changed it, when and why",
  ),
  gradebookRoute(
    'GET',
    '/v1/sections/{sectionId}/grades',
    'gradebook',
    'read',
    'sectionGrades',
    "The class's current grades, each with its explanation",
  ),
  gradebookRoute(
    'PUT',
    '/v1/sections/{sectionId}/marks/{gradingPeriod}',
    'reportCard',
    'update',
    'enterMarks',
    "Enter or accept the computed report-card marks of a grading period (the term's code: final marks), with comments",
  ),
  gradebookRoute(
    'GET',
    '/v1/sections/{sectionId}/marks/{gradingPeriod}',
    'reportCard',
    'read',
    'readMarks',
    "A section's report-card marks of a grading period, and whether they are posted",
  ),
  gradebookRoute(
    'POST',
    '/v1/sections/{sectionId}/marks/{gradingPeriod}/post',
    'reportCard',
    'update',
    'postMarks',
    'Post (lock) the marks of a grading period; families are told; final marks record course completions',
  ),
  gradebookRoute(
    'POST',
    '/v1/sections/{sectionId}/marks/{gradingPeriod}/unpost',
    'reportCard',
    'update',
    'unpostMarks',
    'Take a posted grading period back to draft (administrators, X-Change-Reason); final marks withdraw their course completions',
  ),
  gradebookRoute(
    'GET',
    '/v1/students/{studentId}/transcript',
    'studentGrades',
    'read',
    'studentTranscript',
    "A student's transcript: courses, final marks, credits attempted and earned, GPA per term and cumulative",
  ),
  gradebookRoute(
    'GET',
    '/v1/students/{studentId}/grades',
    'studentGrades',
    'read',
    'studentGrades',
    "A student's current grades in a term's sections, each with its explanation",
  ),
];

/** The lifecycle routes of a family of confidential records (custom operations: contents are sealed, reads logged). */
function confidentialRoutes(handler: HandlerId, resource: Resource, segment: string, prefix: string, label: string): RouteSpec[] {
  const collection = `/v1/students/{studentId}/${segment}`;
  const item = `${collection}/{recordId}`;
  const route = (method: RouteSpec['method'], path: string, action: Action, op: string, summary: string): RouteSpec => ({
    method,
    path,
    handler,
    access: { resource, action },
    operation: { kind: 'custom', name: `${prefix}${op}` },
    summary,
  });
  return [
    route('POST', collection, 'create', 'Create', `Record a ${label} (contents encrypted; the answer holds no contents)`),
    route('GET', collection, 'list', 'List', `A student's ${label}s (logged in the record of access)`),
    route('GET', item, 'read', 'Read', `Read a ${label} (logged in the record of access)`),
    route('PATCH', item, 'update', 'Update', `Change a ${label} (If-Match required)`),
    route('DELETE', item, 'delete', 'Delete', `Delete a ${label} (soft, restorable)`),
    route('GET', `${item}/history`, 'history', 'History', `List a ${label}'s versions (logged)`),
    route('POST', `${item}/restore`, 'restore', 'Restore', `Restore a ${label} version or undelete it`),
  ];
}

const custom = (
  handler: HandlerId,
  method: RouteSpec['method'],
  path: string,
  resource: Resource,
  action: Action,
  name: string,
  summary: string,
): RouteSpec => ({ method, path, handler, access: { resource, action }, operation: { kind: 'custom', name }, summary });

/** Health, counseling and special education, and FERPA's record of access (issue 13). */
const CONFIDENTIAL_ROUTES: readonly RouteSpec[] = [
  ...confidentialRoutes('healthRecords', 'healthRecord', 'health-records', 'healthRecord', 'health record'),
  custom(
    'healthRecords',
    'GET',
    '/v1/students/{studentId}/health/alerts',
    'healthAlert',
    'read',
    'healthAlerts',
    "A student's health alert flags (what a teacher of the student needs; logged)",
  ),
  custom(
    'healthRecords',
    'GET',
    '/v1/schools/{schoolId}/immunization-status',
    'healthRecord',
    'list',
    'schoolImmunizationStatus',
    "A school's students by immunization status against the district's rules (non-compliant by default; ids only)",
  ),
  custom(
    'healthRecords',
    'GET',
    '/v1/me/children/{studentId}/health',
    'family',
    'read',
    'childHealth',
    "A child's health record, without the nurse's own notes (logged)",
  ),
  ...confidentialRoutes('counseling', 'counselingRecord', 'counseling-records', 'counselingRecord', 'counseling record'),
  ...confidentialRoutes('counseling', 'studentPlan', 'plans', 'studentPlan', 'plan'),
  custom(
    'counseling',
    'GET',
    '/v1/students/{studentId}/accommodations',
    'accommodations',
    'read',
    'studentAccommodations',
    "The accommodations of a student's 504 plans and IEPs, which their teachers apply (logged)",
  ),
  custom(
    'counseling',
    'GET',
    '/v1/schools/{schoolId}/plan-reviews',
    'studentPlan',
    'list',
    'planReviews',
    "A school's 504 plans and IEPs by review date (dates and ids only)",
  ),
  custom(
    'counseling',
    'GET',
    '/v1/me/children/{studentId}/plans',
    'family',
    'read',
    'childPlans',
    "A child's plans and accommodations, without the case manager's notes (logged)",
  ),
  custom(
    'accessLog',
    'GET',
    '/v1/students/{studentId}/access-log',
    'accessLog',
    'list',
    'studentAccessLog',
    "Who read the student's health, counseling and special-education records, when, and why (FERPA)",
  ),
  custom(
    'accessLog',
    'GET',
    '/v1/me/children/{studentId}/access-log',
    'family',
    'read',
    'childAccessLog',
    "Who read your child's health, counseling and special-education records, when, and why",
  ),
];

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/health',
    handler: 'health',
    access: null,
    operation: { kind: 'custom', name: 'health' },
    summary: 'Health check',
  },
  ...recordRoutes({
    handler: 'schools',
    recordType: 'school',
    resource: 'school',
    label: 'school',
    collection: '/v1/schools',
    item: '/v1/schools/{schoolId}',
    listing: 'schools',
  }),
  ...recordRoutes({
    handler: 'schools',
    recordType: 'schoolYear',
    resource: 'calendar',
    label: 'school year',
    collection: '/v1/schools/{schoolId}/school-years',
    item: '/v1/schools/{schoolId}/school-years/{schoolYear}',
    listing: 'schoolYearsOfSchool',
  }),
  {
    method: 'GET',
    path: '/v1/schools/{schoolId}/school-years/{schoolYear}/instructional-days',
    handler: 'schools',
    access: { resource: 'calendar', action: 'read' },
    operation: { kind: 'custom', name: 'instructionalDays' },
    summary: "List a school year's instructional days",
  },
  ...recordRoutes({
    handler: 'schools',
    recordType: 'bellSchedule',
    resource: 'calendar',
    label: 'bell schedule',
    collection: '/v1/schools/{schoolId}/bell-schedules',
    item: '/v1/schools/{schoolId}/bell-schedules/{bellScheduleId}',
    listing: 'bellSchedulesOfSchool',
  }),
  ...recordRoutes({
    handler: 'schools',
    recordType: 'gradingScale',
    resource: 'calendar',
    label: 'grading scale',
    collection: '/v1/schools/{schoolId}/grading-scales',
    item: '/v1/schools/{schoolId}/grading-scales/{scaleId}',
    listing: 'gradingScalesOfSchool',
  }),
  {
    method: 'GET',
    path: '/v1/schools/{schoolId}/students',
    handler: 'students',
    access: { resource: 'student', action: 'list' },
    operation: { kind: 'listing', listing: 'studentsOfSchool' },
    summary: "List or search a school's students by name",
  },
  {
    method: 'GET',
    path: '/v1/schools/{schoolId}/staff',
    handler: 'staff',
    access: { resource: 'staff', action: 'list' },
    operation: { kind: 'listing', listing: 'staffOfSchool' },
    summary: "List or search a school's staff by name",
  },
  {
    method: 'GET',
    path: '/v1/schools/{schoolId}/activity',
    handler: 'schools',
    access: { resource: 'activity', action: 'list' },
    operation: { kind: 'custom', name: 'activity' },
    summary: "A school's audit trail for one day",
  },
  ...recordRoutes({
    handler: 'students',
    recordType: 'student',
    resource: 'student',
    label: 'student',
    collection: '/v1/students',
    item: '/v1/students/{studentId}',
  }),
  ...recordRoutes({
    handler: 'students',
    recordType: 'guardianLink',
    resource: 'guardianLink',
    label: 'guardian link',
    collection: '/v1/students/{studentId}/guardians',
    item: '/v1/students/{studentId}/guardians/{guardianId}',
    listing: 'guardiansOfStudent',
  }),
  ...recordRoutes({
    handler: 'guardians',
    recordType: 'guardian',
    resource: 'guardian',
    label: 'guardian',
    collection: '/v1/guardians',
    item: '/v1/guardians/{guardianId}',
    listing: 'guardiansByName',
  }),
  {
    method: 'GET',
    path: '/v1/guardians/{guardianId}/students',
    handler: 'guardians',
    access: { resource: 'guardian', action: 'read' },
    operation: { kind: 'custom', name: 'childrenOfGuardian' },
    summary: "List a guardian's children (their links; staff see the children at their schools)",
  },
  {
    method: 'GET',
    path: '/v1/students/{studentId}/notifications',
    handler: 'students',
    access: { resource: 'studentNotifications', action: 'list' },
    operation: { kind: 'custom', name: 'studentNotifications' },
    summary: "What was sent to a student's guardians: when, by which channel, in which language, and its status",
  },
  ...recordRoutes({
    handler: 'staff',
    recordType: 'staff',
    resource: 'staff',
    label: 'staff member',
    collection: '/v1/staff',
    item: '/v1/staff/{staffId}',
  }),
  ...(
    [
      [
        'POST',
        '/v1/enrollment-requests',
        'create',
        'submitEnrollment',
        'Submit an enrollment (new student or transfer); answers 202 at once',
      ],
      [
        'GET',
        '/v1/enrollment-requests/{requestId}',
        'read',
        'getEnrollmentRequest',
        "An enrollment request's status: PENDING, ENROLLED or REJECTED with reasons",
      ],
      [
        'POST',
        '/v1/enrollment-requests/{requestId}/resolution',
        'update',
        'resolveEnrollmentRequest',
        'Resolve a possible duplicate: merge into an existing student or confirm a new one',
      ],
      [
        'GET',
        '/v1/schools/{schoolId}/enrollment-requests',
        'list',
        'listEnrollmentRequests',
        "A school's enrollment requests in one status",
      ],
      ['POST', '/v1/students/{studentId}/withdrawals', 'delete', 'withdrawStudent', "End a student's enrollment for a school year"],
      ['GET', '/v1/students/{studentId}/enrollments', 'read', 'listEnrollments', "A student's school enrollments, past and present"],
    ] as const
  ).map(([method, path, action, name, summary]): RouteSpec => ({
    method,
    path,
    handler: 'enrollment',
    access: { resource: 'enrollment', action },
    operation: { kind: 'custom', name },
    summary,
  })),
  ...SCHEDULING_ROUTES,
  ...ATTENDANCE_ROUTES,
  ...GRADEBOOK_ROUTES,
  ...PARENT_ROUTES,
  ...CONFIDENTIAL_ROUTES,
  ...ONEROSTER_ROUTES.map((route): RouteSpec => ({
    method: 'GET',
    path: route.path,
    handler: 'oneroster',
    access: { scopes: SCOPES_OF[route.scopes] },
    errors: 'imsx',
    operation: { kind: 'custom', name: oneRosterOperation('many' in route.read ? route.read.many : route.read.one) },
    summary: route.summary,
  })),
  ...(
    [
      ['/openapi.json', 'openApiDocument', 'The OpenAPI 3.1 document of this API'],
      ['/docs', 'referencePage', 'The API reference page, rendered from the OpenAPI document'],
      ['/docs/ui.js', 'referencePageScript', "The reference page's script (Swagger UI)"],
    ] as const
  ).map(([path, name, summary]): RouteSpec => ({
    method: 'GET',
    path,
    handler: 'docs',
    access: null,
    operation: { kind: 'custom', name },
    summary,
  })),
];

export type QueueId = 'audit' | 'enrollment' | 'scheduling' | 'notifications' | 'noticeFeedback';

export interface QueueSpec {
  readonly id: QueueId;
  readonly consumer: HandlerId;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** Receives before a message moves to the queue's DLQ. */
  readonly maxReceives: number;
  /** Upper bound on concurrent consumer invocations (protects the table and downstreams). */
  readonly maxConcurrency: number;
  /** Must be well above the consumer's timeout (AWS advises 6×). */
  readonly visibilityTimeoutSeconds: number;
  /**
   * A consumer of the queue's DLQ (settles what died there; it must leave the work redrivable).
   * A message it fails on stays in the DLQ, which alarms.
   */
  readonly deadLetterConsumer?: HandlerId;
}

export const QUEUES: readonly QueueSpec[] = [
  // The first-day burst lands here; maxConcurrency caps how hard the consumers press the table.
  {
    id: 'enrollment',
    consumer: 'enrollmentConsumer',
    batchSize: 10,
    batchingWindowSeconds: 0,
    maxReceives: 5,
    maxConcurrency: 20,
    visibilityTimeoutSeconds: 190,
    deadLetterConsumer: 'enrollmentDeadLetters',
  },
  // One message per scheduling run: a run places a whole school's requests, one transaction each.
  {
    id: 'scheduling',
    consumer: 'schedulingConsumer',
    batchSize: 1,
    batchingWindowSeconds: 0,
    maxReceives: 3,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 1800,
  },
  // One message per domain event a family hears about; a failed send fails its message alone.
  {
    id: 'notifications',
    consumer: 'notifier',
    batchSize: 10,
    batchingWindowSeconds: 1,
    maxReceives: 5,
    maxConcurrency: 10,
    visibilityTimeoutSeconds: 190,
  },
  // SES's delivery, bounce and complaint events (the configuration set's SNS destination), about one per email.
  {
    id: 'noticeFeedback',
    consumer: 'noticeFeedback',
    batchSize: 10,
    batchingWindowSeconds: 1,
    maxReceives: 5,
    maxConcurrency: 5,
    visibilityTimeoutSeconds: 190,
  },
  // Every domain event: ~1,160/s at the first-period peak ÷ ~50 per batch-second needs 24 (infra/stacks/capacity.ts
  // AUDIT_PEAK); 40 leaves room for a redrive or a replay beside the peak.
  {
    id: 'audit',
    consumer: 'auditConsumer',
    batchSize: 25,
    batchingWindowSeconds: 1,
    maxReceives: 5,
    maxConcurrency: 40,
    visibilityTimeoutSeconds: 190,
  },
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

export const queueOf = (id: QueueId): QueueSpec => {
  const queue = QUEUES.find((candidate) => candidate.id === id);
  if (!queue) throw new Error(`unknown queue ${id}`);
  return queue;
};

/** Environment variable names through which functions learn where resources are. */
export const ENV = {
  table: 'TABLE_NAME',
  bus: 'EVENT_BUS_NAME',
  queueUrl: (id: QueueId) => `QUEUE_URL_${id.toUpperCase()}`,
} as const;
