import { coverBody, DAY_TAKEN, transferCreditBody, type MatrixDistrict } from './district';
import { get, next, RANGE, recordRows, stale, TERM, type Row } from './row';

/** The rows of the scheduling, attendance, gradebook and parent portal routes. */
export const SCHEDULING_ROWS: Record<string, Row> = {
  ...recordRows(
    '/v1/sections/{sectionId}/covers',
    '/v1/sections/{sectionId}/covers/{coverId}',
    'sectionCover',
    'section',
    {
      collection: (d) => `/v1/sections/${d.sectionId}/covers`,
      item: (d) => `/v1/sections/${d.sectionId}/covers/${d.coverId}`,
    },
    (d) => coverBody(d.colleagueId),
    { list: (d) => `/v1/sections/${d.sectionId}/covers`, listSubject: 'section' },
  ),
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

export const ATTENDANCE_ROWS: Record<string, Row> = {
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
  'GET /v1/staff/{staffId}/attendance/{date}/missing': get('staff', (d) => `/v1/staff/${d.teacherId}/attendance/${DAY_TAKEN}/missing`),
};

const gradebook = (d: MatrixDistrict) => `/v1/sections/${d.sectionId}/gradebook`;
export const GRADEBOOK_ROWS: Record<string, Row> = {
  ...recordRows(
    '/v1/students/{studentId}/transfer-credits',
    '/v1/students/{studentId}/transfer-credits/{transferCreditId}',
    'student',
    'student',
    {
      collection: (d) => `/v1/students/${d.studentId}/transfer-credits`,
      item: (d) => `/v1/students/${d.studentId}/transfer-credits/${d.transferCreditId}`,
    },
    () => transferCreditBody(`GEO${next()}`),
    { list: (d) => `/v1/students/${d.studentId}/transfer-credits` },
  ),
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
  // The assignment is not deleted: 409 once the caller is authorized.
  'POST /v1/sections/{sectionId}/gradebook/assignments/{assignmentId}/restore': {
    subject: 'section',
    request: (d) => ({ path: `${gradebook(d)}/assignments/${d.assignmentId}/restore` }),
    allowed: [409],
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
  // No such grading period: 404 once the caller is authorized (un-posting a real one would race the post row).
  'POST /v1/sections/{sectionId}/marks/{gradingPeriod}/unpost': {
    subject: 'section',
    request: (d) => ({ path: `/v1/sections/${d.sectionId}/marks/Q9/unpost` }),
    allowed: [404],
  },
  'GET /v1/students/{studentId}/transcript': get('student', (d) => `/v1/students/${d.studentId}/transcript`),
  'GET /v1/students/{studentId}/grades': get('student', (d) => `/v1/students/${d.studentId}/grades?${TERM(d)}`),
};

const child = (suffix: string): Row => ({
  subject: 'student',
  request: (d) => ({ path: `/v1/me/children/${d.studentId}${suffix}` }),
  hides: true,
});
export const FAMILY_ROWS: Record<string, Row> = {
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
