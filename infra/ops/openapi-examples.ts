/**
 * Request bodies as a district's apps send them, one per write a newcomer tries first, shown as the
 * "Example Value" of the API reference (each request body's media-type `example`). One small
 * district, told in the same names and ids throughout: Lincoln Elementary's grade-3 class of the
 * 2026-2027 year, Maria Garcia (born April 2018, eight on the first day) and her mother Ana.
 * test/unit/openapi-examples.test.ts parses every example with its route's own request schema, so
 * an example the API would refuse fails the build.
 */

import { SEED_SCHOOL_YEAR } from './oneroster-seed';

/** Example ids: valid ULIDs, one per record of the story. */
export const EXAMPLE_IDS = {
  school: '01JBW5Q8Z6K3X4M7N2P9R5T1V0',
  student: '01JBW5R2D4F6G8H0J2K4M6N8P0',
  guardian: '01JBW5R9S1T3V5W7X9Y1Z3A5B7',
  teacher: '01JBW5S4C6D8E0F2G4H6J8K0M2',
  substitute: '01JBW5S7N9P1Q3R5S7T9V1W3X5',
  course: '01JBW5T2Y4Z6A8B0C2D4E6F8G0',
  section: '01JBW5T6H8J0K2M4N6P8Q0R2S4',
  bellSchedule: '01JBW5V1T3V5W7X9Y1Z3A5B7C9',
  classmate: '01JBW5V5D7E9F1G3H5J7K9M1N3',
} as const;

const { school, student, guardian, teacher, substitute, course, section, bellSchedule, classmate } = EXAMPLE_IDS;
const address = { line1: '1420 Maple Avenue', city: 'Springfield', state: 'IL', postalCode: '62704' };
const maria = { legalName: { first: 'Maria', middle: 'Isabel', last: 'Garcia' }, preferredName: { first: 'Mari' } };
const ana = { name: { first: 'Ana', last: 'Garcia' }, email: 'ana.garcia@example.com', phone: '+12175550123', preferredLanguage: 'es' };
const motherLink = { relationship: 'mother', custody: true, educationalRights: true, livesWith: true, emergencyContact: true };

/** Example request bodies by route key (`METHOD /path`, as the manifest names routes). */
export const REQUEST_EXAMPLES: Readonly<Record<string, unknown>> = {
  'POST /v1/schools': {
    name: 'Lincoln Elementary School',
    code: 'LIN-ES',
    type: 'elementary',
    gradeLevels: ['KG', '01', '02', '03', '04', '05'],
    address: { line1: '100 Lincoln Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
    phone: '+12175550100',
    principalName: 'Denise Okafor',
    timeZone: 'America/Chicago',
  },
  // The calendar a seeded district has, so the example and `npm run seed` tell the same year.
  'POST /v1/schools/{schoolId}/school-years': SEED_SCHOOL_YEAR,
  'POST /v1/schools/{schoolId}/bell-schedules': {
    name: 'Regular day',
    isDefault: true,
    periods: [
      { code: 'P1', name: 'Period 1', startTime: '08:00', endTime: '08:50' },
      { code: 'P2', name: 'Period 2', startTime: '08:55', endTime: '09:45' },
      { code: 'P3', name: 'Period 3', startTime: '09:50', endTime: '10:40' },
    ],
  },
  'POST /v1/schools/{schoolId}/courses': {
    schoolId: school,
    code: 'MATH-03',
    title: 'Mathematics 3',
    subject: 'math',
    gradeLevels: ['03'],
    credits: 1,
    defaultCapacity: 28,
  },
  'POST /v1/schools/{schoolId}/sections': {
    schoolId: school,
    courseId: course,
    schoolYear: '2026-2027',
    termCode: 'S1',
    sectionNumber: '3A',
    meetings: [{ period: 'P1', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], bellScheduleId: bellSchedule }],
    room: 'R104',
    teachers: [{ staffId: teacher, role: 'primary' }],
    capacity: 28,
  },
  'POST /v1/staff': {
    name: { first: 'Robert', last: 'Chen' },
    employeeId: 'E-20417',
    email: 'robert.chen@springfield-schools.example',
    staffType: 'teacher',
    assignments: [{ schoolId: school, title: 'Grade 3 teacher', primary: true }],
  },
  'POST /v1/students': {
    districtStudentId: 'S-2038841',
    schoolId: school,
    ...maria,
    birthDate: '2018-04-12',
    gender: 'female',
    gradeLevel: '03',
    homeLanguage: 'es',
    address,
  },
  'POST /v1/guardians': { ...ana, address },
  'POST /v1/students/{studentId}/guardians': { guardianId: guardian, ...motherLink, contactPriority: 1 },
  'POST /v1/students/{studentId}/advisors': { staffId: teacher, role: 'homeroom', schoolYear: '2026-2027', note: 'Room 104 homeroom' },
  'POST /v1/enrollment-requests': {
    kind: 'new',
    schoolId: school,
    schoolYear: '2026-2027',
    gradeLevel: '03',
    entryDate: '2026-08-24',
    priorSchool: { name: 'Jefferson Elementary', district: 'Decatur Public Schools', state: 'IL' },
    student: { ...maria, birthDate: '2018-04-12', gender: 'female', homeLanguage: 'es', address },
    guardians: [{ guardian: ana, link: motherLink }],
  },
  'POST /v1/students/{studentId}/withdrawals': {
    schoolYear: '2026-2027',
    exitDate: '2027-02-12',
    reasonCode: 'moved-out-of-district',
    note: 'Family moved to Peoria; records requested by Peoria Public Schools.',
  },
  'PUT /v1/sections/{sectionId}/students/{studentId}': {
    reason: 'New enrollment, placed in the grade-3 math section',
    entryDate: '2026-08-24',
  },
  'POST /v1/sections/{sectionId}/roster': { studentIds: [student, classmate], reason: 'Grade-3 class list for the fall' },
  'PUT /v1/students/{studentId}/schedule': {
    schoolYear: '2026-2027',
    termCode: 'S1',
    sectionIds: [section],
    reason: 'Moved to the morning math group after the placement test',
  },
  'POST /v1/sections/{sectionId}/covers': {
    staffId: substitute,
    startDate: '2026-10-05',
    endDate: '2026-10-09',
    postGrades: false,
    note: 'Mr. Chen at the district math training',
  },
  'PUT /v1/sections/{sectionId}/attendance/{date}': {
    marks: [
      { studentId: student, code: 'P' },
      { studentId: classmate, code: 'T', minutesLate: 7, comment: 'Bus 14 was late' },
    ],
  },
  'PUT /v1/students/{studentId}/attendance/{date}': {
    lateArrival: { time: '09:20', code: 'TE' },
    comment: 'Dentist appointment; note from Ms. Garcia',
  },
  'PUT /v1/sections/{sectionId}/gradebook/settings': {
    mode: 'weighted',
    categories: [
      { id: 'homework', name: 'Homework', weight: 30 },
      { id: 'quizzes', name: 'Quizzes', weight: 30 },
      { id: 'tests', name: 'Unit tests', weight: 40 },
    ],
    missingCountsAsZero: false,
    lowGradeThreshold: 70,
  },
  'POST /v1/sections/{sectionId}/gradebook/assignments': {
    title: 'Multiplication facts quiz 1',
    categoryId: 'quizzes',
    assignedDate: '2026-09-14',
    dueDate: '2026-09-18',
    maxPoints: 20,
    published: true,
  },
  'PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores': {
    scores: [
      { studentId: student, points: 18 },
      { studentId: classmate, status: 'missing', comment: 'Absent on quiz day; make-up Monday' },
    ],
  },
  'PUT /v1/sections/{sectionId}/marks/{gradingPeriod}': {
    marks: [
      { studentId: student, letter: 'A-', comments: ['Strong with multiplication; keep reading word problems aloud.'] },
      { studentId: classmate, letter: 'B' },
    ],
  },
  'PUT /v1/me/notification-preferences': {
    channels: { email: true, sms: true },
    language: 'es',
    timeZone: 'America/Chicago',
    quietHours: { start: '21:00', end: '07:00' },
    delivery: 'immediate',
    attendance: 'oncePerDay',
  },
  'POST /v1/students/{studentId}/health-records': {
    kind: 'condition',
    category: 'allergy',
    name: 'Peanut allergy',
    severity: 'life-threatening',
    emergencyActionPlan: 'EpiPen in the nurse office and the classroom go-bag; call 911 and the parent.',
    alert: 'Peanut allergy: EpiPen in nurse office',
    date: '2026-08-20',
  },
  'POST /v1/students/{studentId}/counseling-records': {
    kind: 'referral',
    date: '2026-10-14',
    referredTo: 'School psychologist',
    reason: 'Reading fluency screening below benchmark twice',
    status: 'open',
  },
  'POST /v1/students/{studentId}/plans': {
    kind: '504',
    startDate: '2026-09-01',
    endDate: '2027-06-04',
    caseManager: 'Grace Holloway',
    reviewDue: '2027-03-01',
    services: [{ service: 'Nurse check before lunch', minutesPerWeek: 25, provider: 'School nurse' }],
    accommodations: ['Snacks allowed in class', 'Seat near the door'],
  },
  'PUT /ims/oneroster/gradebook/v1p2/results/{sourcedId}': {
    result: {
      sourcedId: 'lms-result-8812',
      status: 'active',
      lineItem: { sourcedId: 'lms-lineitem-221' },
      student: { sourcedId: 'S-2038841' },
      scoreStatus: 'fully graded',
      score: 18,
      scoreDate: '2026-09-18',
      comment: 'Great work on the word problems',
    },
  },
};
