import { behaviorIncidentBody, counselingNoteBody, planBody, type MatrixDistrict } from './district';
import { get, stale, type Row, type Subject } from './row';

/**
 * The lifecycle rows of a family of X's confidential records: creates are real (a valid body, 201),
 * reads are logged in X's record of access (harmless), and updates, deletes and restores carry a
 * stale If-Match, refused with 412 after the caller is authorized (functions/use-cases/confidential/write-confidential.ts).
 */
function confidentialRows(
  segment: string,
  recordId: (d: MatrixDistrict) => string,
  create: () => unknown,
  subject: Subject = 'student',
): Record<string, Row> {
  const collection = `/v1/students/{studentId}/${segment}`;
  const item = `${collection}/{recordId}`;
  const collectionPath = (d: MatrixDistrict) => `/v1/students/${d.studentId}/${segment}`;
  const itemPath = (d: MatrixDistrict) => `${collectionPath(d)}/${recordId(d)}`;
  return {
    [`POST ${collection}`]: { subject: 'student', request: (d) => ({ path: collectionPath(d), body: create() }), allowed: [201] },
    [`GET ${collection}`]: get('student', collectionPath),
    [`GET ${item}`]: get(subject, itemPath),
    [`PATCH ${item}`]: { subject, request: (d) => stale(itemPath(d), {}), allowed: [412] },
    [`DELETE ${item}`]: { subject, request: (d) => stale(itemPath(d)), allowed: [412] },
    [`GET ${item}/history`]: get(subject, (d) => `${itemPath(d)}/history`),
    [`POST ${item}/restore`]: { subject, request: (d) => stale(`${itemPath(d)}/restore`, {}), allowed: [412] },
  };
}

/** A parent portal route about X: another guardian, or one without educational rights, gets the 404 of a child who is not theirs. */
const child = (suffix: string): Row => ({
  subject: 'student',
  request: (d) => ({ path: `/v1/me/children/${d.studentId}${suffix}` }),
  hides: true,
});

/** The rows of the health, counseling and special-education routes, and of FERPA's record of access. */
export const CONFIDENTIAL_ROWS: Record<string, Row> = {
  ...confidentialRows(
    'health-records',
    (d) => d.healthRecordId,
    () => ({
      kind: 'visit',
      timeIn: '2026-09-02T10:15:00Z',
      timeOut: '2026-09-02T10:40:00Z',
      complaint: 'Headache',
      treatment: 'Rest and water',
      outcome: 'returned-to-class',
    }),
  ),
  'GET /v1/students/{studentId}/health/alerts': get('student', (d) => `/v1/students/${d.studentId}/health/alerts`),
  'GET /v1/schools/{schoolId}/immunization-status': get('school', (d) => `/v1/schools/${d.schoolId}/immunization-status`),
  'GET /v1/me/children/{studentId}/health': child('/health'),
  ...confidentialRows('counseling-records', (d) => d.counselingRecordId, counselingNoteBody),
  ...confidentialRows('plans', (d) => d.planId, planBody),
  'GET /v1/students/{studentId}/accommodations': get('student', (d) => `/v1/students/${d.studentId}/accommodations`),
  'GET /v1/schools/{schoolId}/plan-reviews': get('school', (d) => `/v1/schools/${d.schoolId}/plan-reviews?dueBy=2027-03-31`),
  'GET /v1/me/children/{studentId}/plans': child('/plans'),
  // The list is served to any teacher of the school, holding only what they reported.
  ...confidentialRows('behavior-records', (d) => d.behaviorRecordId, behaviorIncidentBody, 'behaviorRecord'),
  'GET /v1/schools/{schoolId}/behavior-counts': get(
    'school',
    (d) => `/v1/schools/${d.schoolId}/behavior-counts?schoolYear=${d.schoolYear}`,
  ),
  'GET /v1/me/children/{studentId}/behavior': child('/behavior'),
  'GET /v1/schools/{schoolId}/early-warning': get('school', (d) => `/v1/schools/${d.schoolId}/early-warning?schoolYear=${d.schoolYear}`),
  'GET /v1/students/{studentId}/access-log': get('student', (d) => `/v1/students/${d.studentId}/access-log`),
  'GET /v1/me/children/{studentId}/access-log': child('/access-log'),
};
