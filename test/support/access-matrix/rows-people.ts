import { newEnrollmentBody, schoolBody, staffBody, studentBody } from '../fixtures';
import { get, next, recordRows, type Row } from './row';
import { advisorBody, gradingScaleBody } from './district';

/** The rows of the schools, people and enrollment routes. */
export const SCHOOL_ROWS: Record<string, Row> = {
  'GET /': get('public', () => '/'),
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
  ...recordRows(
    '/v1/schools/{schoolId}/grading-scales',
    '/v1/schools/{schoolId}/grading-scales/{scaleId}',
    'school',
    'school',
    {
      collection: (d) => `/v1/schools/${d.schoolId}/grading-scales`,
      item: (d) => `/v1/schools/${d.schoolId}/grading-scales/${d.gradingScaleId}`,
    },
    () => gradingScaleBody(`scale-${next()}`),
    { list: (d) => `/v1/schools/${d.schoolId}/grading-scales` },
  ),
  'GET /v1/schools/{schoolId}/students': get('school', (d) => `/v1/schools/${d.schoolId}/students`),
  'GET /v1/schools/{schoolId}/staff': get('school', (d) => `/v1/schools/${d.schoolId}/staff`),
  'GET /v1/schools/{schoolId}/activity': get('school', (d) => `/v1/schools/${d.schoolId}/activity`),
};

export const PEOPLE_ROWS: Record<string, Row> = {
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
    '/v1/students/{studentId}/advisors',
    '/v1/students/{studentId}/advisors/{staffId}',
    'advisor',
    'student',
    { collection: (d) => `/v1/students/${d.studentId}/advisors`, item: (d) => `/v1/students/${d.studentId}/advisors/${d.colleagueId}` },
    // X's teacher as X's advisor too (it changes no caller's facts): made by the first allowed caller, a conflict for the next ones.
    (d) => advisorBody(d.teacherId),
    { list: (d) => `/v1/students/${d.studentId}/advisors`, listSubject: 'student', createAllowed: [201, 409] },
  ),
  'GET /v1/staff/{staffId}/advisees': get('staff', (d) => `/v1/staff/${d.teacherId}/advisees`),
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
  'GET /v1/notifications/report': get('school', (d) => `/v1/notifications/report?schoolId=${d.schoolId}`),
  'GET /v1/schools/{schoolId}/unreachable-families': get('school', (d) => `/v1/schools/${d.schoolId}/unreachable-families`),
  ...recordRows(
    '/v1/staff',
    '/v1/staff/{staffId}',
    'staff',
    'school',
    { collection: () => '/v1/staff', item: (d) => `/v1/staff/${d.teacherId}` },
    (d) => staffBody([d.schoolId]),
  ),
};

export const ENROLLMENT_ROWS: Record<string, Row> = {
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
  // Dry runs: the consumer writes their report and nothing else, so other rows see the district as it was.
  'POST /v1/schools/{schoolId}/rollovers': {
    subject: 'school',
    request: (d) => ({ path: `/v1/schools/${d.schoolId}/rollovers`, body: { fromYear: d.schoolYear, dryRun: true } }),
    allowed: [202],
  },
  'GET /v1/schools/{schoolId}/rollovers/{runId}': get('school', (d) => `/v1/schools/${d.schoolId}/rollovers/${d.rolloverId}`),
  'POST /v1/rollovers': {
    subject: 'district',
    request: (d) => ({ path: '/v1/rollovers', body: { fromYear: d.schoolYear, dryRun: true } }),
    allowed: [202],
  },
};
