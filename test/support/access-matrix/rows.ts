import { newEnrollmentBody, schoolBody, staffBody, studentBody } from '../fixtures';
import type { Caller } from './callers';
import { DAY_TAKEN, type MatrixDistrict } from './district';

/**
 * One row per manifest route: which seeded record the route is about (its subject, from which
 * each caller's relationships follow), the request a real app would send (valid body and query),
 * and what an allowed caller gets.
 *
 * Writes are made inert where they would change what other rows rely on: a stale If-Match (412,
 * checked after the caller is authorized), a drop of a student who is on no roster (404 after
 * authorization), a withdrawal dated before the entry date (400 after authorization), a snapshot
 * restored or a scheduler run over a term without sections. The route's resource and action come
 * from the manifest, never from here.
 */
export type Subject =
  /** No JWT authorizer: every caller, whatever token it sends, is served. */
  | 'public'
  /** No record: a district-wide list, or a record that names no school (a new guardian). */
  | 'district'
  /** School A, or a record of school A that no one has a personal relationship with (a course, a code, a new student). */
  | 'school'
  /** A new school. */
  | 'newSchool'
  /** Student X of school A: on the teacher's section, guardian the parent. */
  | 'student'
  /** The teacher's section of school A. */
  | 'section'
  /** The parent's guardian record (their child X is at school A). */
  | 'guardian'
  /** The teacher's staff record (assigned to school A). */
  | 'staff'
  /** The enrollment request the parent of another child submitted online for a new child of school A. */
  | 'enrollmentRequest'
  /** The caller's own guardian record and inbox (`/v1/me`). */
  | 'self';

export interface MatrixRequest {
  /** The path with its ids filled in, and its query string. */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Row {
  readonly subject: Subject;
  readonly request: (district: MatrixDistrict, caller: Caller) => MatrixRequest;
  /** What an allowed caller gets. @default any 2xx */
  readonly allowed?: readonly number[];
  /**
   * The route hides whether the record exists from a caller whose role may use the route but who
   * has no relationship with the record: the same 404 as for a record that does not exist.
   */
  readonly hides?: true;
}

let counter = 0;
const next = () => (counter += 1);
const STALE = { 'if-match': '"999"' } as const;
const stale = (path: string, body?: unknown): MatrixRequest => ({ path, headers: STALE, ...(body === undefined ? {} : { body }) });
const TERM = (d: MatrixDistrict, term = 'S1') => `schoolYear=${d.schoolYear}&term=${term}`;
const RANGE = 'from=2026-09-01&to=2026-09-30';

const get = (subject: Subject, path: (d: MatrixDistrict) => string, extra: Partial<Row> = {}): Row => ({
  subject,
  request: (d) => ({ path: path(d) }),
  ...extra,
});

/** The generic lifecycle of a record kind: create, read, update, delete, history, restore (and its list). */
function recordRows(
  collection: string,
  item: string,
  subject: Subject,
  createSubject: Subject,
  paths: { collection: (d: MatrixDistrict) => string; item: (d: MatrixDistrict) => string },
  create: (d: MatrixDistrict) => unknown,
  options: { list?: (d: MatrixDistrict) => string; listSubject?: Subject; createAllowed?: readonly number[] } = {},
): Record<string, Row> {
  return {
    [`POST ${collection}`]: {
      subject: createSubject,
      request: (d) => ({ path: paths.collection(d), body: create(d) }),
      allowed: options.createAllowed ?? [201],
    },
    ...(options.list ? { [`GET ${collection}`]: get(options.listSubject ?? subject, options.list) } : {}),
    [`GET ${item}`]: get(subject, paths.item),
    [`PATCH ${item}`]: { subject, request: (d) => stale(paths.item(d), {}), allowed: [412] },
    [`DELETE ${item}`]: { subject, request: (d) => stale(paths.item(d)), allowed: [412] },
    [`GET ${item}/history`]: get(subject, (d) => `${paths.item(d)}/history`),
    [`POST ${item}/restore`]: { subject, request: (d) => stale(`${paths.item(d)}/restore`, {}), allowed: [412] },
  };
}

const SCHOOL_ROWS: Record<string, Row> = {
  'GET /health': get('public', () => '/health'),
  'GET /openapi.json': get('public', () => '/openapi.json'),
  'GET /docs': get('public', () => '/docs'),
  'GET /docs/ui.js': get('public', () => '/docs/ui.js'),
  ...recordRows(
    '/v1/schools',
    '/v1/schools/{schoolId}',
    'school',
    'newSchool',
    { collection: () => '/v1/schools', item: (d) => `/v1/schools/${d.schoolId}` },
    () => schoolBody(),
    { list: () => '/v1/schools', listSubject: 'district' },
  ),
  ...recordRows(
    '/v1/schools/{schoolId}/school-years',
    '/v1/schools/{schoolId}/school-years/{schoolYear}',
    'school',
    'school',
    { collection: (d) => `/v1/schools/${d.schoolId}/school-years`, item: (d) => `/v1/schools/${d.schoolId}/school-years/${d.schoolYear}` },
    () => {
      const year = 2030 + next();
      return { schoolYear: `${year}-${year + 1}`, startDate: `${year}-08-24`, endDate: `${year + 1}-06-04` };
    },
    { list: (d) => `/v1/schools/${d.schoolId}/school-years` },
  ),
  'GET /v1/schools/{schoolId}/school-years/{schoolYear}/instructional-days': get(
    'school',
    (d) => `/v1/schools/${d.schoolId}/school-years/${d.schoolYear}/instructional-days`,
  ),
  ...recordRows(
    '/v1/schools/{schoolId}/bell-schedules',
    '/v1/schools/{schoolId}/bell-schedules/{bellScheduleId}',
    'school',
    'school',
    {
      collection: (d) => `/v1/schools/${d.schoolId}/bell-schedules`,
      item: (d) => `/v1/schools/${d.schoolId}/bell-schedules/${d.bellScheduleId}`,
    },
    () => ({ name: `Late start ${next()}`, periods: [{ code: 'P2', name: 'Second period', startTime: '10:00', endTime: '10:50' }] }),
    { list: (d) => `/v1/schools/${d.schoolId}/bell-schedules` },
  ),
  'GET /v1/schools/{schoolId}/students': get('school', (d) => `/v1/schools/${d.schoolId}/students`),
  'GET /v1/schools/{schoolId}/staff': get('school', (d) => `/v1/schools/${d.schoolId}/staff`),
  'GET /v1/schools/{schoolId}/activity': get('school', (d) => `/v1/schools/${d.schoolId}/activity`),
};

const PEOPLE_ROWS: Record<string, Row> = {
  ...recordRows(
    '/v1/students',
    '/v1/students/{studentId}',
    'student',
    'school',
    { collection: () => '/v1/students', item: (d) => `/v1/students/${d.studentId}` },
    (d) => studentBody(d.schoolId, { gradeLevel: '09' }),
  ),
  ...recordRows(
    '/v1/students/{studentId}/guardians',
    '/v1/students/{studentId}/guardians/{guardianId}',
    'student',
    'student',
    { collection: (d) => `/v1/students/${d.studentId}/guardians`, item: (d) => `/v1/students/${d.studentId}/guardians/${d.guardianId}` },
    // The spare guardian: linked by the first allowed caller, a conflict for the next ones.
    (d) => ({ guardianId: d.spareGuardianId, relationship: 'grandparent', custody: false, educationalRights: false, livesWith: false }),
    { list: (d) => `/v1/students/${d.studentId}/guardians`, createAllowed: [201, 409] },
  ),
  ...recordRows(
    '/v1/guardians',
    '/v1/guardians/{guardianId}',
    'guardian',
    'district',
    { collection: () => '/v1/guardians', item: (d) => `/v1/guardians/${d.guardianId}` },
    () => ({ name: { first: 'Noor', last: `Matrix${next()}` } }),
    { list: () => '/v1/guardians?name=Nguyen', listSubject: 'district' },
  ),
  'GET /v1/guardians/{guardianId}/students': get('guardian', (d) => `/v1/guardians/${d.guardianId}/students`),
  'GET /v1/students/{studentId}/notifications': get('student', (d) => `/v1/students/${d.studentId}/notifications`),
  ...recordRows(
    '/v1/staff',
    '/v1/staff/{staffId}',
    'staff',
    'school',
    { collection: () => '/v1/staff', item: (d) => `/v1/staff/${d.teacherId}` },
    (d) => staffBody([d.schoolId]),
  ),
};

const ENROLLMENT_ROWS: Record<string, Row> = {
  'POST /v1/enrollment-requests': {
    subject: 'school',
    request: (d) => ({ path: '/v1/enrollment-requests', body: newEnrollmentBody(d.schoolId, { gradeLevel: '09' }) }),
    allowed: [202],
  },
  'GET /v1/enrollment-requests/{requestId}': get('enrollmentRequest', (d) => `/v1/enrollment-requests/${d.requestId}`),
  // The family's request was not a possible duplicate: nothing to resolve (409, after the caller is authorized).
  'POST /v1/enrollment-requests/{requestId}/resolution': {
    subject: 'enrollmentRequest',
    request: (d) => ({ path: `/v1/enrollment-requests/${d.requestId}/resolution`, body: { action: 'confirm-new' } }),
    allowed: [409],
  },
  'GET /v1/schools/{schoolId}/enrollment-requests': get('school', (d) => `/v1/schools/${d.schoolId}/enrollment-requests?status=ENROLLED`),
  // An exit before the entry date: refused after the caller is authorized, so X stays enrolled.
  'POST /v1/students/{studentId}/withdrawals': {
    subject: 'student',
    request: (d) => ({
      path: `/v1/students/${d.studentId}/withdrawals`,
      body: { schoolYear: d.schoolYear, exitDate: '2026-08-01', reasonCode: 'moved-out-of-district' },
    }),
    allowed: [400],
  },
  'GET /v1/students/{studentId}/enrollments': get('student', (d) => `/v1/students/${d.studentId}/enrollments`),
};

const SCHEDULING_ROWS: Record<string, Row> = {
  ...recordRows(
    '/v1/schools/{schoolId}/courses',
    '/v1/courses/{courseId}',
    'school',
    'school',
    { collection: (d) => `/v1/schools/${d.schoolId}/courses`, item: (d) => `/v1/courses/${d.courseId}` },
    (d) => ({ schoolId: d.schoolId, code: `MX${next()}`, title: 'Linear algebra', subject: 'math', gradeLevels: ['09'], credits: 1 }),
    { list: (d) => `/v1/schools/${d.schoolId}/courses` },
  ),
  ...recordRows(
    '/v1/schools/{schoolId}/sections',
    '/v1/sections/{sectionId}',
    'section',
    'school',
    { collection: (d) => `/v1/schools/${d.schoolId}/sections`, item: (d) => `/v1/sections/${d.sectionId}` },
    (d) => ({
      schoolId: d.schoolId,
      courseId: d.courseId,
      schoolYear: d.schoolYear,
      termCode: 'S1',
      sectionNumber: String(10 + next()),
      meetings: [{ period: 'P2', days: ['TUE', 'THU'] }],
    }),
  ),
  'GET /v1/schools/{schoolId}/sections': get('school', (d) => `/v1/schools/${d.schoolId}/sections?${TERM(d)}`),
  'PUT /v1/sections/{sectionId}/students/{studentId}': {
    subject: 'section',
    request: (d) => ({ path: `/v1/sections/${d.sectionId}/students/${d.studentId}`, body: {} }),
    // X is on the roster already: a conflict, after the caller is authorized.
    allowed: [409],
  },
  'DELETE /v1/sections/{sectionId}/students/{studentId}': {
    subject: 'section',
    request: (d) => ({ path: `/v1/sections/${d.sectionId}/students/${d.unrosteredStudentId}`, body: { reason: 'Checking access' } }),
    allowed: [404],
  },
  'GET /v1/sections/{sectionId}/students': get('section', (d) => `/v1/sections/${d.sectionId}/students`),
  'POST /v1/sections/{sectionId}/roster': {
    subject: 'section',
    request: (d) => ({ path: `/v1/sections/${d.sectionId}/roster`, body: { studentIds: [d.studentId] } }),
    allowed: [200],
  },
  'GET /v1/students/{studentId}/schedule': get('student', (d) => `/v1/students/${d.studentId}/schedule?${TERM(d)}`),
  'PUT /v1/students/{studentId}/schedule': {
    subject: 'student',
    request: (d) => ({
      path: `/v1/students/${d.studentId}/schedule`,
      body: { schoolYear: d.schoolYear, termCode: 'S1', sectionIds: [d.sectionId], reason: 'Checking access' },
    }),
    allowed: [200],
  },
  'GET /v1/staff/{staffId}/sections': get('staff', (d) => `/v1/staff/${d.teacherId}/sections?${TERM(d)}`),
  'GET /v1/schools/{schoolId}/open-seats': get('school', (d) => `/v1/schools/${d.schoolId}/open-seats?${TERM(d)}`),
  'POST /v1/students/{studentId}/course-requests': {
    subject: 'student',
    request: (d) => ({
      path: `/v1/students/${d.studentId}/course-requests`,
      body: { schoolYear: d.schoolYear, termCode: 'S1', requests: [{ courseId: d.courseId, priority: 1 }] },
    }),
    allowed: [200],
  },
  'GET /v1/students/{studentId}/course-requests': get('student', (d) => `/v1/students/${d.studentId}/course-requests`),
  'POST /v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots': {
    subject: 'school',
    request: (d) => ({
      path: `/v1/schools/${d.schoolId}/terms/S2/master-schedule/snapshots`,
      body: { schoolYear: d.schoolYear, name: `Check ${next()}` },
    }),
    allowed: [201],
  },
  'GET /v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots': get(
    'school',
    (d) => `/v1/schools/${d.schoolId}/terms/S2/master-schedule/snapshots?schoolYear=${d.schoolYear}`,
  ),
  // One run of a term at a time: the next caller's run is refused while one is in progress.
  'POST /v1/schools/{schoolId}/terms/{termCode}/scheduling-runs': {
    subject: 'school',
    request: (d) => ({ path: `/v1/schools/${d.schoolId}/terms/S2/scheduling-runs`, body: { schoolYear: d.schoolYear } }),
    allowed: [202, 409],
  },
  'GET /v1/schools/{schoolId}/terms/{termCode}/scheduling-runs/{runId}': get(
    'school',
    (d) => `/v1/schools/${d.schoolId}/terms/S2/scheduling-runs/${d.runId}`,
  ),
  'POST /v1/schools/{schoolId}/terms/{termCode}/master-schedule/snapshots/{snapshotId}/restore': {
    subject: 'school',
    request: (d) => ({
      path: `/v1/schools/${d.schoolId}/terms/S2/master-schedule/snapshots/${d.snapshotId}/restore`,
      body: { schoolYear: d.schoolYear, reason: 'Checking access' },
    }),
    allowed: [200],
  },
};

const ATTENDANCE_ROWS: Record<string, Row> = {
  'GET /v1/attendance-codes': get('district', () => '/v1/attendance-codes'),
  'POST /v1/attendance-codes': {
    subject: 'school',
    request: (d) => ({
      path: '/v1/attendance-codes',
      body: { code: `Q${next()}`, name: 'Matrix check', category: 'absent', countsForFunding: false, schoolId: d.schoolId },
    }),
    allowed: [201],
  },
  'GET /v1/attendance-codes/{code}': get('school', (d) => `/v1/attendance-codes/${d.attendanceCode}`),
  'PATCH /v1/attendance-codes/{code}': {
    subject: 'school',
    request: (d) => stale(`/v1/attendance-codes/${d.attendanceCode}`, {}),
    allowed: [412],
  },
  // The marks the seed took: the same again changes nothing.
  'PUT /v1/sections/{sectionId}/attendance/{date}': {
    subject: 'section',
    request: (d) => ({
      path: `/v1/sections/${d.sectionId}/attendance/${DAY_TAKEN}`,
      body: {
        marks: [
          { studentId: d.studentId, code: 'A' },
          { studentId: d.otherStudentId, code: 'A' },
        ],
      },
    }),
    allowed: [200],
  },
  'GET /v1/sections/{sectionId}/attendance/{date}': get('section', (d) => `/v1/sections/${d.sectionId}/attendance/${DAY_TAKEN}`),
  'GET /v1/students/{studentId}/attendance': get('student', (d) => `/v1/students/${d.studentId}/attendance?${RANGE}`),
  'PUT /v1/students/{studentId}/attendance/{date}': {
    subject: 'student',
    request: (d) => ({
      path: `/v1/students/${d.studentId}/attendance/2026-09-04`,
      body: { absence: { code: 'MED' }, comment: 'Checking access' },
    }),
    allowed: [200],
  },
  'GET /v1/schools/{schoolId}/attendance/ada': get('school', (d) => `/v1/schools/${d.schoolId}/attendance/ada?${RANGE}`),
  'GET /v1/schools/{schoolId}/chronic-absence': get(
    'school',
    (d) => `/v1/schools/${d.schoolId}/chronic-absence?schoolYear=${d.schoolYear}`,
  ),
  'GET /v1/schools/{schoolId}/attendance/{date}': get('school', (d) => `/v1/schools/${d.schoolId}/attendance/${DAY_TAKEN}`),
  'GET /v1/schools/{schoolId}/attendance/{date}/missing': get('school', (d) => `/v1/schools/${d.schoolId}/attendance/${DAY_TAKEN}/missing`),
};

const gradebook = (d: MatrixDistrict) => `/v1/sections/${d.sectionId}/gradebook`;
const GRADEBOOK_ROWS: Record<string, Row> = {
  // The settings the seed set: the same again changes nothing.
  'PUT /v1/sections/{sectionId}/gradebook/settings': {
    subject: 'section',
    request: (d) => ({
      path: `${gradebook(d)}/settings`,
      body: { mode: 'points', categories: [{ id: 'hw', name: 'Homework' }], missingCountsAsZero: true },
    }),
    allowed: [200],
  },
  'GET /v1/sections/{sectionId}/gradebook/settings': get('section', (d) => `${gradebook(d)}/settings`),
  'POST /v1/sections/{sectionId}/gradebook/assignments': {
    subject: 'section',
    request: (d) => ({
      path: `${gradebook(d)}/assignments`,
      body: {
        title: `Quiz ${next()}`,
        categoryId: 'hw',
        assignedDate: '2026-09-02',
        dueDate: '2026-09-09',
        maxPoints: 5,
        published: false,
      },
    }),
    allowed: [201],
  },
  'GET /v1/sections/{sectionId}/gradebook/assignments': get('section', (d) => `${gradebook(d)}/assignments`),
  'GET /v1/sections/{sectionId}/gradebook/assignments/{assignmentId}': get(
    'section',
    (d) => `${gradebook(d)}/assignments/${d.assignmentId}`,
  ),
  'PATCH /v1/sections/{sectionId}/gradebook/assignments/{assignmentId}': {
    subject: 'section',
    request: (d) => stale(`${gradebook(d)}/assignments/${d.assignmentId}`, { title: 'Homework one' }),
    allowed: [412],
  },
  'DELETE /v1/sections/{sectionId}/gradebook/assignments/{assignmentId}': {
    subject: 'section',
    request: (d) => stale(`${gradebook(d)}/assignments/${d.assignmentId}`),
    allowed: [412],
  },
  'PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores': {
    subject: 'section',
    request: (d) => ({
      path: `/v1/sections/${d.sectionId}/assignments/${d.assignmentId}/scores`,
      body: {
        scores: [
          { studentId: d.studentId, points: 9 },
          { studentId: d.otherStudentId, points: 8 },
        ],
      },
    }),
    allowed: [200],
  },
  'GET /v1/sections/{sectionId}/assignments/{assignmentId}/scores': get(
    'section',
    (d) => `/v1/sections/${d.sectionId}/assignments/${d.assignmentId}/scores`,
  ),
  'GET /v1/sections/{sectionId}/assignments/{assignmentId}/scores/{studentId}/history': get(
    'section',
    (d) => `/v1/sections/${d.sectionId}/assignments/${d.assignmentId}/scores/${d.studentId}/history`,
  ),
  'GET /v1/sections/{sectionId}/grades': get('section', (d) => `/v1/sections/${d.sectionId}/grades`),
  'PUT /v1/sections/{sectionId}/marks/{gradingPeriod}': {
    subject: 'section',
    request: (d) => ({
      path: `/v1/sections/${d.sectionId}/marks/Q1`,
      body: { marks: [{ studentId: d.studentId }, { studentId: d.otherStudentId }] },
    }),
    allowed: [200],
  },
  'GET /v1/sections/{sectionId}/marks/{gradingPeriod}': get('section', (d) => `/v1/sections/${d.sectionId}/marks/Q1`),
  // Q2 is posted by the first allowed caller; posting it again is a conflict.
  'POST /v1/sections/{sectionId}/marks/{gradingPeriod}/post': {
    subject: 'section',
    request: (d) => ({ path: `/v1/sections/${d.sectionId}/marks/Q2/post` }),
    allowed: [200, 409],
  },
  'GET /v1/students/{studentId}/transcript': get('student', (d) => `/v1/students/${d.studentId}/transcript`),
  'GET /v1/students/{studentId}/grades': get('student', (d) => `/v1/students/${d.studentId}/grades?${TERM(d)}`),
};

const child = (suffix: string): Row => ({
  subject: 'student',
  request: (d) => ({ path: `/v1/me/children/${d.studentId}${suffix}` }),
  hides: true,
});
const FAMILY_ROWS: Record<string, Row> = {
  'GET /v1/me': get('self', () => '/v1/me'),
  'PATCH /v1/me': { subject: 'self', request: () => stale('/v1/me', { phone: '+12175550177' }), allowed: [412] },
  'GET /v1/me/children': get('self', () => '/v1/me/children'),
  'GET /v1/me/children/{studentId}': child(''),
  'GET /v1/me/children/{studentId}/schedule': child('/schedule'),
  'GET /v1/me/children/{studentId}/attendance': {
    ...child('/attendance'),
    request: (d) => ({ path: `/v1/me/children/${d.studentId}/attendance?${RANGE}` }),
  },
  'GET /v1/me/children/{studentId}/grades': child('/grades'),
  'GET /v1/me/children/{studentId}/report-cards': child('/report-cards'),
  'GET /v1/me/notification-preferences': get('self', () => '/v1/me/notification-preferences'),
  'PUT /v1/me/notification-preferences': {
    subject: 'self',
    request: () => ({ path: '/v1/me/notification-preferences', body: { language: 'es' } }),
    allowed: [200],
  },
  'GET /v1/me/notifications': get('self', () => '/v1/me/notifications'),
  // The notice sent to X's guardian: any other guardian gets the same 404 as for a notice that does not exist.
  'POST /v1/me/notifications/{notificationId}/read': {
    subject: 'guardian',
    request: (d) => ({ path: `/v1/me/notifications/${d.notificationId}/read` }),
    allowed: [200],
    hides: true,
  },
};

/** Every route of the manifest, by route key. A route without a row fails the matrix test. */
export const ROWS: Readonly<Record<string, Row>> = {
  ...SCHOOL_ROWS,
  ...PEOPLE_ROWS,
  ...ENROLLMENT_ROWS,
  ...SCHEDULING_ROWS,
  ...ATTENDANCE_ROWS,
  ...GRADEBOOK_ROWS,
  ...FAMILY_ROWS,
};
