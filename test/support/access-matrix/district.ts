import type { LocalRuntime } from '../../../infra/local/runtime';
import type { ApiClient } from '../api';
import { callerSub, REQUESTING_PARENT } from './callers';
import { guardianBody, newEnrollmentBody, schoolBody, schoolYearBody, staffBody, studentBody } from '../fixtures';

/**
 * The district every caller of the access matrix is judged against, seeded through the API as a
 * district admin. School A holds everything the routes name: a teacher's section with two
 * enrolled students on its roster (X, whose guardian is "the parent" and who has a second guardian
 * without educational rights; Y, whose guardian is "the parent of another child"), a second
 * teacher who does not teach the section, a course, a calendar, a bell schedule, a school attendance code, a
 * gradebook with an assignment, scores and marks, an absence X's guardian was notified of, a
 * master-schedule snapshot and a scheduling run, and X's confidential records (an allergy with an alert flag, a
 * counselor's note, a 504 plan). School B has its own teacher.
 */
export interface MatrixDistrict {
  /** Who submitted `requestId`: the parent of another child (the `requester` relationship). */
  readonly familySub: string;
  readonly schoolYear: string;
  readonly schoolId: string;
  /** The region of `schoolId` (the other school has none): a regional caller serves school A through it. */
  readonly regionId: string;
  readonly otherSchoolId: string;
  readonly bellScheduleId: string;
  readonly gradingScaleId: string;
  readonly teacherId: string;
  readonly otherTeacherId: string;
  /** A teacher of school A who does not teach the section. */
  readonly colleagueId: string;
  readonly courseId: string;
  readonly sectionId: string;
  /** Student X: enrolled, on the section's roster, their guardian is `guardianId`. */
  readonly studentId: string;
  readonly guardianId: string;
  /** A request Y's guardian submitted online for a new child Z of school A: theirs, though they are not yet Z's guardian. */
  readonly requestId: string;
  /** Student Y: enrolled at the same school, on the same roster; their guardian is `otherGuardianId`. */
  readonly otherStudentId: string;
  readonly otherGuardianId: string;
  /** A student of school A on no roster (a drop from the section finds nothing to drop). */
  readonly unrosteredStudentId: string;
  /** A guardian linked to nobody yet, for the guardian-link create route (no caller is this guardian). */
  readonly spareGuardianId: string;
  /** A guardian linked to X without educational rights. */
  readonly guardianWithoutRightsId: string;
  readonly attendanceCode: string;
  readonly assignmentId: string;
  /** A snapshot and a scheduling run of term S2, which has no sections: restoring or running changes nothing. */
  readonly snapshotId: string;
  readonly runId: string;
  /** The notice X's guardian was sent of X's absence. */
  readonly notificationId: string;
  /** X's allergy, with an alert flag (what X's teacher sees). */
  readonly healthRecordId: string;
  /** A counselor's note about X. */
  readonly counselingRecordId: string;
  /** X's 504 plan, with accommodations and a review date. */
  readonly planId: string;
  /** A cafeteria incident X took part in, reported by X's teacher (who alone of the teachers reads it). */
  readonly behaviorRecordId: string;
  /** A dry run of school A's year-end rollover. */
  readonly rolloverId: string;
  /** A course X completed at another school (transfer credit). */
  readonly transferCreditId: string;
  /** The other school's teacher's cover of the section, on days long past (it grants nothing now). */
  readonly coverId: string;
}

export const DAY_TAKEN = '2026-09-02';
const MATRIX_REGION = 'matrix-region';

/** How long the seed waits for the queues to drain: generous, for a machine shared with other work. */
const IDLE_MS = 120_000;

export async function seedMatrixDistrict(api: ApiClient, runtime: LocalRuntime): Promise<MatrixDistrict> {
  const admin = api.token('district_admin');
  const familySub = callerSub(REQUESTING_PARENT);
  const call = async (method: string, path: string, body?: unknown, token = admin) => {
    const answer = await api.call(method, path, { token, ...(body === undefined ? {} : { body }) });
    if (answer.status >= 300) throw new Error(`seeding: ${method} ${path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const schoolYear = '2026-2027';
  const [school, other] = await Promise.all([
    call('POST', '/v1/schools', schoolBody({ name: 'Matrix High', type: 'high', gradeLevels: ['09'], regionId: MATRIX_REGION })),
    call('POST', '/v1/schools', schoolBody({ name: 'Other High', type: 'high', gradeLevels: ['09'] })),
  ]);
  const [, , bell, teacher, otherTeacher, colleague, course, accepted, otherAccepted, unrostered, spare, withoutRights, familyRequest] =
    await Promise.all([
      call('POST', `/v1/schools/${school.id}/school-years`, schoolYearBody()),
      call('POST', `/v1/schools/${other.id}/school-years`, schoolYearBody()),
      call('POST', `/v1/schools/${school.id}/bell-schedules`, {
        name: 'Regular day',
        isDefault: true,
        periods: [{ code: 'P2', name: 'Second period', startTime: '09:00', endTime: '09:50' }],
      }),
      call('POST', '/v1/staff', staffBody([school.id])),
      call('POST', '/v1/staff', staffBody([other.id], { name: { first: 'Olga', last: 'Other' } })),
      call('POST', '/v1/staff', staffBody([school.id], { name: { first: 'Colin', last: 'Colleague' } })),
      call('POST', `/v1/schools/${school.id}/courses`, {
        code: 'MTX',
        title: 'Matrices',
        subject: 'math',
        gradeLevels: ['09'],
        credits: 1,
      }),
      call('POST', '/v1/enrollment-requests', newEnrollmentBody(school.id, { gradeLevel: '09' })),
      call('POST', '/v1/enrollment-requests', newEnrollmentBody(school.id, { gradeLevel: '09' })),
      call('POST', '/v1/students', studentBody(school.id, { gradeLevel: '09' })),
      call('POST', '/v1/guardians', guardianBody({ name: { first: 'Sam', last: 'Spare' } })),
      call('POST', '/v1/guardians', guardianBody({ name: { first: 'Nora', last: 'Norights' } })),
      call('POST', '/v1/enrollment-requests', newEnrollmentBody(school.id, { gradeLevel: '09' }), api.token('parent', { sub: familySub })),
    ]);
  await runtime.idle(IDLE_MS);
  const [request, otherRequest] = await Promise.all([call('GET', accepted.statusUrl), call('GET', otherAccepted.statusUrl)]);
  const studentId = request.studentId as string;
  const otherStudentId = otherRequest.studentId as string;
  const [links, otherLinks] = await Promise.all([
    call('GET', `/v1/students/${studentId}/guardians`),
    call('GET', `/v1/students/${otherStudentId}/guardians`),
  ]);
  const guardianId = links.items[0].guardianId as string;
  const otherGuardianId = otherLinks.items[0].guardianId as string;

  await call('POST', `/v1/students/${studentId}/guardians`, {
    guardianId: withoutRights.id,
    relationship: 'stepparent',
    custody: false,
    educationalRights: false,
    livesWith: false,
  });
  const section = await call('POST', `/v1/schools/${school.id}/sections`, {
    courseId: course.id,
    schoolYear,
    termCode: 'S1',
    sectionNumber: '01',
    meetings: [{ period: 'P2', days: ['MON', 'WED', 'FRI'] }],
    teachers: [{ staffId: teacher.id, role: 'primary' }],
  });
  await call('POST', `/v1/sections/${section.id}/roster`, { studentIds: [studentId, otherStudentId] });
  const code = `M${Date.now().toString(36).slice(-4).toUpperCase()}`;
  await call('POST', '/v1/attendance-codes', {
    code,
    name: 'Matrix field trip',
    category: 'absent',
    countsForFunding: false,
    schoolId: school.id,
  });
  await call('PUT', `/v1/sections/${section.id}/gradebook/settings`, {
    mode: 'points',
    categories: [{ id: 'hw', name: 'Homework' }],
    missingCountsAsZero: true,
  });
  const assignment = await call('POST', `/v1/sections/${section.id}/gradebook/assignments`, {
    title: 'Homework 1',
    categoryId: 'hw',
    assignedDate: '2026-09-01',
    dueDate: '2026-09-08',
    maxPoints: 10,
    published: true,
  });
  await call('PUT', `/v1/sections/${section.id}/assignments/${assignment.assignmentId}/scores`, {
    scores: [
      { studentId, points: 9 },
      { studentId: otherStudentId, points: 8 },
    ],
  });
  // Q2's marks, so that the first caller allowed to post them can.
  await call('PUT', `/v1/sections/${section.id}/marks/Q2`, {
    marks: [
      { studentId, letter: 'B' },
      { studentId: otherStudentId, letter: 'B' },
    ],
  });
  await call('PUT', `/v1/sections/${section.id}/attendance/${DAY_TAKEN}`, {
    marks: [
      { studentId, code: 'A' },
      { studentId: otherStudentId, code: 'A' },
    ],
  });
  const snapshot = await call('POST', `/v1/schools/${school.id}/terms/S2/master-schedule/snapshots`, { schoolYear, name: 'Empty term' });
  const run = await call('POST', `/v1/schools/${school.id}/terms/S2/scheduling-runs`, { schoolYear, seed: 1 });
  await runtime.idle(IDLE_MS);

  const scale = await call('POST', `/v1/schools/${school.id}/grading-scales`, gradingScaleBody('matrix-standard'));
  const inbox = await call('GET', '/v1/me/notifications', undefined, api.token('parent', { guardianId }));
  const notificationId = (inbox.items[0] as { notificationId?: string } | undefined)?.notificationId;
  if (!notificationId) throw new Error(`seeding: X's guardian was not notified of the absence: ${JSON.stringify(inbox)}`);
  const transfer = await call('POST', `/v1/students/${studentId}/transfer-credits`, transferCreditBody());
  const cover = await call('POST', `/v1/sections/${section.id}/covers`, coverBody(otherTeacher.id));
  // The colleague (a teacher of the school, not of the section) is X's homeroom teacher.
  await call('POST', `/v1/students/${studentId}/advisors`, advisorBody(colleague.id));
  const [allergy, note, plan] = await Promise.all([
    call('POST', `/v1/students/${studentId}/health-records`, allergyBody()),
    call('POST', `/v1/students/${studentId}/counseling-records`, counselingNoteBody()),
    call('POST', `/v1/students/${studentId}/plans`, planBody()),
  ]);
  const teacherToken = api.token('teacher', { sub: 'matrix-seeding-teacher', schoolIds: [school.id], staffId: teacher.id });
  const incident = await call('POST', `/v1/students/${studentId}/behavior-records`, behaviorIncidentBody(), teacherToken);
  const rollover = await call('POST', `/v1/schools/${school.id}/rollovers`, { fromYear: schoolYear, dryRun: true });

  return {
    familySub,
    schoolYear,
    schoolId: school.id,
    regionId: MATRIX_REGION,
    otherSchoolId: other.id,
    bellScheduleId: bell.id,
    gradingScaleId: scale.id,
    teacherId: teacher.id,
    otherTeacherId: otherTeacher.id,
    colleagueId: colleague.id,
    courseId: course.id,
    sectionId: section.id,
    studentId,
    guardianId,
    requestId: familyRequest.id,
    otherStudentId,
    otherGuardianId,
    unrosteredStudentId: unrostered.id,
    spareGuardianId: spare.id,
    guardianWithoutRightsId: withoutRights.id,
    attendanceCode: code,
    assignmentId: assignment.assignmentId,
    snapshotId: snapshot.snapshotId,
    runId: run.runId ?? run.id,
    notificationId,
    healthRecordId: allergy.id,
    counselingRecordId: note.id,
    behaviorRecordId: incident.id,
    rolloverId: rollover.runId,
    planId: plan.id,
    transferCreditId: transfer.id,
    coverId: cover.id,
  };
}

/** A life-threatening allergy with its alert flag and emergency action plan. */
export const allergyBody = () => ({
  kind: 'condition',
  category: 'allergy',
  name: 'Peanut allergy',
  severity: 'life-threatening',
  emergencyActionPlan: 'EpiPen in the backpack; call 911',
  alert: 'Severe peanut allergy',
  date: '2026-08-20',
});

/** X's part in a cafeteria scuffle, as a teacher reports it. */
export const behaviorIncidentBody = () => ({
  kind: 'incident',
  date: '2026-09-03',
  place: 'cafeteria',
  role: 'offender',
  behaviors: ['disruption'],
  description: 'Threw food at a table of classmates at lunch.',
});

/** A counselor's note. */
export const counselingNoteBody = () => ({ kind: 'note', date: '2026-09-03', topic: 'Check-in', text: 'Settling in well' });

/** A 504 plan with accommodations and a review date. */
export const planBody = () => ({
  kind: '504',
  startDate: '2026-09-01',
  endDate: '2027-06-15',
  caseManager: 'Ms. Rivera',
  reviewDue: '2027-03-01',
  services: [{ service: 'Counseling check-in', minutesPerWeek: 30 }],
  accommodations: ['Extended time on tests (1.5x)'],
});

/** A school grading scale (letters and their lowest percent). */
export const gradingScaleBody = (id: string) => ({
  id,
  name: `Scale ${id}`,
  bands: [
    { letter: 'A', minPercent: 90 },
    { letter: 'B', minPercent: 80 },
    { letter: 'C', minPercent: 70 },
    { letter: 'D', minPercent: 60 },
    { letter: 'F', minPercent: 0 },
  ],
});

/** A course completed at another school, as read off its transcript. */
export const transferCreditBody = (courseCode = 'ALG1') => ({
  sourceSchool: { name: 'Jefferson Middle School', city: 'Springfield', state: 'IL' },
  schoolYear: '2025-2026',
  termCode: 'Year',
  courseCode,
  courseTitle: 'Algebra I',
  credits: 1,
  mark: 'B',
});

/** A substitute's cover of the section for the first week of school (past: it grants nothing today). */
export const coverBody = (staffId: string) => ({
  staffId,
  startDate: '2026-09-01',
  endDate: '2026-09-04',
  note: 'First week: the teacher at a training',
});

/** A staff member made a student's homeroom teacher for the year. */
export const advisorBody = (staffId: string) => ({ staffId, role: 'homeroom', schoolYear: '2026-2027' });
