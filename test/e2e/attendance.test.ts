import type { EventEnvelope } from '../../infra/local/event-bus';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { newEnrollmentBody, schoolBody, schoolYearBody, staffBody } from '../support/fixtures';

/**
 * Attendance as a teacher takes it: the whole class in one request, the same roster again
 * changing nothing, corrections kept in the history with a reason, and the office's reports.
 */
describe('attendance', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  const events: EventEnvelope[] = [];

  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }), headers });

  beforeAll(async () => {
    system = await startTestSystem('attendance');
    system.runtime.bus.onEvent((event) => events.push(event));
    admin = system.api.token('district_admin');
    schoolId = (await call('POST', '/v1/schools', admin, schoolBody({ name: 'Hamilton High', type: 'high', gradeLevels: ['09'] }))).body.id;
    await call('POST', `/v1/schools/${schoolId}/school-years`, admin, schoolYearBody());
  });
  afterAll(() => system?.stop());

  test('a teacher takes a class, resubmits it (nothing changes), corrects a mark with a reason, and the reports follow', async () => {
    const students: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const accepted = await call('POST', '/v1/enrollment-requests', admin, newEnrollmentBody(schoolId, { gradeLevel: '09' }));
      await system.runtime.idle();
      students.push((await call('GET', accepted.body.statusUrl, admin)).body.studentId);
    }
    const [ana, ben, cy] = students as [string, string, string];
    const teacher = await call('POST', '/v1/staff', admin, staffBody([schoolId]));
    const other = await call('POST', '/v1/staff', admin, staffBody([schoolId], { name: { first: 'Other', last: 'Teacher' } }));
    const teacherToken = system.api.token('teacher', { staffId: teacher.body.id, schoolIds: [schoolId] });
    const otherToken = system.api.token('teacher', { staffId: other.body.id, schoolIds: [schoolId] });
    const office = system.api.token('school_admin', { schoolIds: [schoolId] });
    const course = await call('POST', `/v1/schools/${schoolId}/courses`, admin, {
      code: 'HIST',
      title: 'World History',
      subject: 'social-studies',
      gradeLevels: ['09'],
      credits: 1,
    });
    const newSection = async (number: string, period: string, staffId: string) =>
      (
        await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
          courseId: course.body.id,
          schoolYear: '2026-2027',
          termCode: 'S1',
          sectionNumber: number,
          meetings: [{ period, days: ['MON', 'WED', 'FRI'] }],
          teachers: [{ staffId, role: 'primary' }],
        })
      ).body.id as string;
    const sectionId = await newSection('01', 'P2', teacher.body.id);
    const otherSection = await newSection('02', 'P3', other.body.id);
    for (const studentId of students)
      expect((await call('PUT', `/v1/sections/${sectionId}/students/${studentId}`, admin, {})).status).toBe(200);

    const day = '2026-09-02'; // a Wednesday
    const missingBefore = await call('GET', `/v1/schools/${schoolId}/attendance/${day}/missing`, office);
    expect(missingBefore.body.sections.map((section: { sectionId: string }) => section.sectionId).sort()).toEqual(
      [sectionId, otherSection].sort(),
    );

    const roster = {
      marks: [
        { studentId: ana, code: 'P' },
        { studentId: ben, code: 'A' },
        { studentId: cy, code: 'T', minutesLate: 7 },
      ],
    };
    const taken = await call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, teacherToken, roster);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ added: 3, corrected: 0, unchanged: 0, version: 1 });
    // The same roster again changes nothing and writes no history.
    const again = await call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, teacherToken, roster);
    expect(again.body).toMatchObject({ added: 0, corrected: 0, unchanged: 3, version: 1 });
    // A correction needs a reason; with one, the previous marks stay in the history.
    const correction = { marks: [{ studentId: ben, code: 'AE' }] };
    expect((await call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, teacherToken, correction)).status).toBe(400);
    const corrected = await call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, teacherToken, correction, {
      'x-change-reason': 'Note from the doctor received',
    });
    expect(corrected.body).toMatchObject({ added: 0, corrected: 1, version: 2 });

    const read = await call('GET', `/v1/sections/${sectionId}/attendance/${day}`, teacherToken);
    expect(read.body.marks).toEqual(
      expect.arrayContaining([expect.objectContaining({ studentId: ben, code: 'AE', category: 'absent', excused: true })]),
    );

    const summary = await call('GET', `/v1/students/${ben}/attendance?from=2026-09-01&to=2026-09-30`, office);
    expect(summary.body.summary).toMatchObject({ daysMarked: 1, excusedAbsences: 1, unexcusedAbsences: 0, attendanceRate: 0 });
    const report = await call('GET', `/v1/schools/${schoolId}/attendance/${day}`, office);
    expect(report.body.absences).toEqual([expect.objectContaining({ studentId: ben, code: 'AE', excused: true })]);
    expect(report.body.tardies).toEqual([expect.objectContaining({ studentId: cy, minutesLate: 7 })]);
    const missingAfter = await call('GET', `/v1/schools/${schoolId}/attendance/${day}/missing`, office);
    expect(missingAfter.body.sections.map((section: { sectionId: string }) => section.sectionId)).toEqual([otherSection]);

    // Another section's teacher may not take this class; nobody takes attendance on a day off or a day the class does not meet.
    expect((await call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, otherToken, roster)).status).toBe(403);
    const laborDay = await call('PUT', `/v1/sections/${sectionId}/attendance/2026-09-07`, teacherToken, roster);
    expect(laborDay.status).toBe(400);
    expect(laborDay.body.errors).toEqual([expect.objectContaining({ field: 'date', message: expect.stringContaining('Labor Day') })]);
    const tuesday = await call('PUT', `/v1/sections/${sectionId}/attendance/2026-09-01`, teacherToken, roster);
    expect(tuesday.body.errors).toEqual([expect.objectContaining({ field: 'date', message: expect.stringContaining('TUE') })]);
    const stranger = await call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, teacherToken, {
      marks: [{ studentId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', code: 'P' }],
    });
    expect(stranger.body.errors).toEqual([expect.objectContaining({ field: 'marks[0].studentId' })]);

    // The family's notices: one absence, one tardy, one correction.
    await system.runtime.idle();
    const notices = events
      .filter((event) => event.source === 'sis.attendance')
      .map((event) => [event['detail-type'], (event.detail as { studentId: string }).studentId]);
    expect(notices).toEqual(
      expect.arrayContaining([
        ['Student Marked Absent', ben],
        ['Student Marked Tardy', cy],
        ['Attendance Corrected', ben],
      ]),
    );
    expect(notices).toHaveLength(3);
  });

  test("the office records a student's day; the day's status follows the marks under the rule, and the reports and counters follow it", async () => {
    const students: string[] = [];
    for (let index = 0; index < 2; index += 1) {
      const accepted = await call('POST', '/v1/enrollment-requests', admin, newEnrollmentBody(schoolId, { gradeLevel: '09' }));
      await system.runtime.idle();
      students.push((await call('GET', accepted.body.statusUrl, admin)).body.studentId);
    }
    const [dee, eve] = students as [string, string];
    const teacher = await call('POST', '/v1/staff', admin, staffBody([schoolId], { name: { first: 'Day', last: 'Teacher' } }));
    const teacherToken = system.api.token('teacher', { staffId: teacher.body.id, schoolIds: [schoolId] });
    const office = system.api.token('school_admin', { schoolIds: [schoolId] });
    const sections: string[] = [];
    for (const [number, period, code] of [
      ['01', 'P4', 'BIO'],
      ['01', 'P5', 'CHEM'],
    ] as const) {
      const course = await call('POST', `/v1/schools/${schoolId}/courses`, admin, {
        code,
        title: code === 'BIO' ? 'Biology' : 'Chemistry',
        subject: 'science',
        gradeLevels: ['09'],
        credits: 1,
      });
      const section = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
        courseId: course.body.id,
        schoolYear: '2026-2027',
        termCode: 'S1',
        sectionNumber: number,
        meetings: [{ period, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
        teachers: [{ staffId: teacher.body.id, role: 'primary' }],
      });
      sections.push(section.body.id);
      for (const studentId of students) await call('PUT', `/v1/sections/${section.body.id}/students/${studentId}`, admin, {});
    }
    const [fourth, fifth] = sections as [string, string];
    const day = '2026-09-04'; // a Friday
    const statusOf = async (studentId: string) =>
      (await call('GET', `/v1/students/${studentId}/attendance?from=${day}&to=${day}`, office)).body.days[0]?.status;
    const chronic = async () =>
      (await call('GET', `/v1/schools/${schoolId}/chronic-absence?schoolYear=2026-2027`, office)).body.students.map(
        (entry: { studentId: string }) => entry.studentId,
      );
    const adaOfDay = async () => (await call('GET', `/v1/schools/${schoolId}/attendance/ada?from=${day}&to=${day}`, office)).body.days[0];

    // Absent from the only period marked: an absent day (more than half), counted as chronic absence (1 of 1 days).
    await call('PUT', `/v1/sections/${fourth}/attendance/${day}`, teacherToken, {
      marks: [
        { studentId: dee, code: 'A' },
        { studentId: eve, code: 'P' },
      ],
    });
    expect(await statusOf(dee)).toBe('absent');
    expect(await chronic()).toContain(dee);
    expect(await adaOfDay()).toMatchObject({ students: 2, attended: 1, absent: 1 });
    // Present in the next period: absent from one of two is not more than half, so the day turns present and the counters move back.
    const fifthTaken = await call('PUT', `/v1/sections/${fifth}/attendance/${day}`, teacherToken, {
      marks: [
        { studentId: dee, code: 'P' },
        { studentId: eve, code: 'P' },
      ],
    });
    expect(fifthTaken.body).toMatchObject({ added: 2 });
    expect(await statusOf(dee)).toBe('present');
    expect(await chronic()).not.toContain(dee);
    expect(await adaOfDay()).toMatchObject({ students: 2, attended: 2, absent: 0, rate: 100 });

    // The office: an all-day absence for a doctor's visit makes the day an excused absence whatever the marks.
    const path = `/v1/students/${eve}/attendance/${day}`;
    const entry = { absence: { code: 'MED' }, comment: 'Dentist, called by mother' };
    const recorded = await call('PUT', path, office, entry);
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ changed: true, version: 1, day: { status: 'absent', excused: true } });
    const again = await call('PUT', path, office, entry);
    expect(again.body).toMatchObject({ changed: false, version: 1 });
    const eveSummary = await call('GET', `/v1/students/${eve}/attendance?from=2026-09-01&to=2026-09-30`, office);
    expect(eveSummary.body.summary).toMatchObject({ daysMarked: 1, excusedAbsences: 1, attendanceRate: 0 });
    expect(eveSummary.body.days[0]).toMatchObject({ status: 'absent', office: { absence: { code: 'MED', excused: true } } });
    const report = await call('GET', `/v1/schools/${schoolId}/attendance/${day}`, office);
    // Both students are in the day's report: the absent day, and the day attended with one period missed.
    expect(report.body).toMatchObject({ absentStudents: 1, tardyStudents: 0 });
    expect(report.body.students).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ studentId: eve, status: 'absent', excused: true }),
        expect.objectContaining({ studentId: dee, status: 'present', periodsAbsent: 1, periodsMarked: 2 }),
      ]),
    );
    expect(await adaOfDay()).toMatchObject({ students: 2, attended: 1, absent: 1 });

    // A change needs a reason: she came in late after all.
    const late = { lateArrival: { time: '10:15', code: 'TE' } };
    const noReason = await call('PUT', path, office, late);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'X-Change-Reason' })]);
    const changed = await call('PUT', path, office, late, { 'x-change-reason': 'Arrived after the appointment' });
    expect(changed.body).toMatchObject({ changed: true, version: 2, day: { status: 'tardy' } });
    expect(await adaOfDay()).toMatchObject({ students: 2, attended: 2, absent: 0 });
    expect(await chronic()).not.toContain(eve);

    // Refusals: a teacher, a day off, a code of the wrong kind, an unknown field.
    expect((await call('PUT', path, teacherToken, entry)).status).toBe(403);
    const laborDay = await call('PUT', `/v1/students/${eve}/attendance/2026-09-07`, office, entry);
    expect(laborDay.status).toBe(400);
    expect(laborDay.body.errors).toEqual([expect.objectContaining({ field: 'date', message: expect.stringContaining('Labor Day') })]);
    const wrongCode = await call('PUT', path, office, { absence: { code: 'T' } }, { 'x-change-reason': 'typo' });
    expect(wrongCode.body.errors).toEqual([expect.objectContaining({ field: 'absence.code' })]);
    const unknownField = await call('PUT', path, office, { absent: true });
    expect(unknownField.status).toBe(400);
  });

  test("two classes marking the same students at the same moment: both marks are kept, and each student's day is counted once", async () => {
    const students: string[] = [];
    for (let index = 0; index < 2; index += 1) {
      const accepted = await call('POST', '/v1/enrollment-requests', admin, newEnrollmentBody(schoolId, { gradeLevel: '09' }));
      await system.runtime.idle();
      students.push((await call('GET', accepted.body.statusUrl, admin)).body.studentId);
    }
    const sections: { sectionId: string; token: string }[] = [];
    for (const [period, code] of [
      ['P6', 'ART'],
      ['P7', 'MUS'],
    ] as const) {
      const teacher = await call('POST', '/v1/staff', admin, staffBody([schoolId], { name: { first: code, last: 'Teacher' } }));
      const course = await call('POST', `/v1/schools/${schoolId}/courses`, admin, {
        code,
        title: code,
        subject: 'arts',
        gradeLevels: ['09'],
        credits: 1,
      });
      const section = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
        courseId: course.body.id,
        schoolYear: '2026-2027',
        termCode: 'S1',
        sectionNumber: '01',
        meetings: [{ period, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
        teachers: [{ staffId: teacher.body.id, role: 'primary' }],
      });
      for (const studentId of students) await call('PUT', `/v1/sections/${section.body.id}/students/${studentId}`, admin, {});
      sections.push({
        sectionId: section.body.id,
        token: system.api.token('teacher', { staffId: teacher.body.id, schoolIds: [schoolId] }),
      });
    }
    const day = '2026-09-09';
    const answers = await Promise.all(
      sections.map(({ sectionId, token }) =>
        call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, token, {
          marks: students.map((studentId) => ({ studentId, code: 'A' })),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);

    const office = system.api.token('school_admin', { schoolIds: [schoolId] });
    for (const studentId of students) {
      const record = await call('GET', `/v1/students/${studentId}/attendance?from=${day}&to=${day}`, office);
      expect(record.body.days).toEqual([expect.objectContaining({ status: 'absent', periodsMarked: 2, periodsAbsent: 2 })]);
      expect(record.body.marks).toHaveLength(2);
    }
    const chronic = await call('GET', `/v1/schools/${schoolId}/chronic-absence?schoolYear=2026-2027`, office);
    for (const studentId of students)
      expect(chronic.body.students).toContainEqual(expect.objectContaining({ studentId, daysEnrolled: 1, daysAbsent: 1 }));
    const ada = await call('GET', `/v1/schools/${schoolId}/attendance/ada?from=${day}&to=${day}`, office);
    expect(ada.body.days).toEqual([expect.objectContaining({ date: day, students: 2, attended: 0, absent: 2 })]);

    // A teacher's app retrying a correction with its Idempotency-Key gets the first answer again, and nothing moves twice.
    const [art] = sections as [{ sectionId: string; token: string }];
    const correction = { marks: students.map((studentId) => ({ studentId, code: 'AE' })) };
    const headers = { 'idempotency-key': 'art-correction-1', 'x-change-reason': 'The field trip form came back' };
    const first = await call('PUT', `/v1/sections/${art.sectionId}/attendance/${day}`, art.token, correction, headers);
    const retried = await call('PUT', `/v1/sections/${art.sectionId}/attendance/${day}`, art.token, correction, headers);
    expect(first.body).toMatchObject({ corrected: 2, version: 2 });
    expect(retried.body).toEqual(first.body);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const after = await call('GET', `/v1/schools/${schoolId}/chronic-absence?schoolYear=2026-2027`, office);
    for (const studentId of students)
      expect(after.body.students).toContainEqual(
        expect.objectContaining({ studentId, daysEnrolled: 1, daysAbsent: 1, excusedAbsences: 0, unexcusedAbsences: 1 }),
      );
  });
});
