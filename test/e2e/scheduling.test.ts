import { startTestSystem, type TestSystem } from '../support/runtime';
import { newEnrollmentBody, schoolBody, schoolYearBody, staffBody } from '../support/fixtures';

/**
 * Scheduling as a school's staff use it: courses and sections, class assignment that never
 * double-books a student or over-fills a section, teachers who see their own rosters, withdrawals
 * that empty a student's schedule, and master-schedule snapshots.
 */
describe('scheduling', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  let schoolAdmin: string;
  let counselor: string;
  const year = '2026-2027';

  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }), headers });

  async function enrolledStudent(gradeLevel = '09'): Promise<string> {
    const accepted = await call(
      'POST',
      '/v1/enrollment-requests',
      admin,
      newEnrollmentBody(schoolId, { gradeLevel, entryDate: '2026-08-24' }),
    );
    expect(accepted.status).toBe(202);
    await system.runtime.idle();
    const settled = await call('GET', accepted.body.statusUrl, admin);
    expect(settled.body.status).toBe('ENROLLED');
    return settled.body.studentId as string;
  }

  async function teacher(name: string): Promise<{ staffId: string; token: string }> {
    const staff = await call('POST', '/v1/staff', schoolAdmin, staffBody([schoolId], { name: { first: name, last: 'Teacher' } }));
    expect(staff.status).toBe(201);
    return { staffId: staff.body.id, token: system.api.token('teacher', { staffId: staff.body.id, schoolIds: [schoolId] }) };
  }

  const section = (courseId: string, number: string, period: string, extra: Record<string, unknown> = {}) => ({
    courseId,
    schoolYear: year,
    termCode: 'S1',
    sectionNumber: number,
    meetings: [{ period, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
    ...extra,
  });

  beforeAll(async () => {
    system = await startTestSystem('scheduling');
    admin = system.api.token('district_admin');
    schoolId = (
      await call('POST', '/v1/schools', admin, schoolBody({ name: 'Lincoln High', type: 'high', gradeLevels: ['09', '10', '11', '12'] }))
    ).body.id;
    expect((await call('POST', `/v1/schools/${schoolId}/school-years`, admin, schoolYearBody())).status).toBe(201);
    schoolAdmin = system.api.token('school_admin', { schoolIds: [schoolId] });
    counselor = system.api.token('counselor', { schoolIds: [schoolId] });
  });
  afterAll(() => system?.stop());

  test('two sections in one period: a student gets one, and a clear 409 for the other; a full section refuses the next student', async () => {
    const algebraTeacher = await teacher('Ada');
    const englishTeacher = await teacher('Emily');
    const algebra = await call('POST', `/v1/schools/${schoolId}/courses`, schoolAdmin, {
      code: 'ALG1',
      title: 'Algebra I',
      subject: 'math',
      gradeLevels: ['09', '10'],
      credits: 1,
    });
    expect(algebra.status).toBe(201);
    expect(algebra.headers.get('location')).toBe(`/v1/courses/${algebra.body.id}`);
    expect(algebra.body).toMatchObject({ schoolId, code: 'ALG1', defaultCapacity: 30 });
    const english = await call('POST', `/v1/schools/${schoolId}/courses`, schoolAdmin, {
      code: 'ENG9',
      title: 'English 9',
      subject: 'english',
      gradeLevels: ['09'],
      credits: 1,
    });
    const duplicateCode = await call('POST', `/v1/schools/${schoolId}/courses`, schoolAdmin, {
      code: 'alg1',
      title: 'Another algebra',
      subject: 'math',
      gradeLevels: ['09'],
      credits: 1,
    });
    expect(duplicateCode.status).toBe(409);

    const algebraP1 = await call(
      'POST',
      `/v1/schools/${schoolId}/sections`,
      schoolAdmin,
      section(algebra.body.id, '01', 'P1', { room: '101', capacity: 2, teachers: [{ staffId: algebraTeacher.staffId, role: 'primary' }] }),
    );
    expect(algebraP1.status).toBe(201);
    const englishP1 = await call(
      'POST',
      `/v1/schools/${schoolId}/sections`,
      schoolAdmin,
      section(english.body.id, '01', 'P1', { room: '102', teachers: [{ staffId: englishTeacher.staffId, role: 'primary' }] }),
    );
    expect(englishP1.status).toBe(201);
    // A room holds one section at a time, and so does a teacher.
    const sameRoom = await call(
      'POST',
      `/v1/schools/${schoolId}/sections`,
      schoolAdmin,
      section(english.body.id, '02', 'P1', { room: '101' }),
    );
    expect(sameRoom.status).toBe(409);
    expect(sameRoom.body.detail).toContain('Room 101');
    const unknownTerm = await call(
      'POST',
      `/v1/schools/${schoolId}/sections`,
      schoolAdmin,
      section(english.body.id, '03', 'P2', { termCode: 'S9' }),
    );
    expect(unknownTerm.status).toBe(400);
    expect(unknownTerm.body.errors).toEqual([expect.objectContaining({ field: 'termCode' })]);

    const [ana, ben, cy] = [await enrolledStudent(), await enrolledStudent(), await enrolledStudent()];
    const assign = (sectionId: string, studentId: string, body: unknown = {}) =>
      call('PUT', `/v1/sections/${sectionId}/students/${studentId}`, counselor, body);

    expect((await assign(algebraP1.body.id, ana)).status).toBe(200);
    const conflict = await assign(englishP1.body.id, ana);
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('content-type')).toContain('application/problem+json');
    expect(conflict.body.refusals).toEqual([
      expect.objectContaining({ code: 'period-conflict', sectionId: algebraP1.body.id, message: expect.stringContaining('period P1') }),
    ]);
    // The same assignment again changes nothing: the student is in the section already.
    expect((await assign(algebraP1.body.id, ana)).body.refusals).toEqual([expect.objectContaining({ code: 'already-in-section' })]);

    expect((await assign(algebraP1.body.id, ben)).status).toBe(200);
    const full = await assign(algebraP1.body.id, cy);
    expect(full.status).toBe(409);
    expect(full.body.refusals).toEqual([expect.objectContaining({ code: 'section-full', message: expect.stringContaining('2 of 2') })]);

    const seats = await call('GET', `/v1/schools/${schoolId}/open-seats?schoolYear=${year}&term=S1`, counselor);
    const algebraSeats = seats.body.courses.find((course: { courseId: string }) => course.courseId === algebra.body.id);
    expect(algebraSeats).toMatchObject({
      courseCode: 'ALG1',
      open: 0,
      sections: [expect.objectContaining({ capacity: 2, taken: 2, open: 0 })],
    });

    // The teacher of the section sees the roster and the students on it; another teacher does not.
    const roster = await call('GET', `/v1/sections/${algebraP1.body.id}/students`, algebraTeacher.token);
    expect(roster.status).toBe(200);
    expect(roster.body.items.map((entry: { studentId: string }) => entry.studentId).sort()).toEqual([ana, ben].sort());
    expect((await call('GET', `/v1/students/${ana}`, algebraTeacher.token)).status).toBe(200);
    expect((await call('GET', `/v1/sections/${algebraP1.body.id}/students`, englishTeacher.token)).status).toBe(403);
    expect((await call('GET', `/v1/students/${ana}`, englishTeacher.token)).status).toBe(403);

    const schedule = await call('GET', `/v1/students/${ana}/schedule?schoolYear=${year}&term=S1`, algebraTeacher.token);
    expect(schedule.body.classes).toEqual([expect.objectContaining({ courseCode: 'ALG1', room: '101', sectionNumber: '01' })]);
    const teaching = await call('GET', `/v1/staff/${algebraTeacher.staffId}/sections?schoolYear=${year}&term=S1`, algebraTeacher.token);
    expect(teaching.body.items.map((item: { id: string }) => item.id)).toEqual([algebraP1.body.id]);

    // A drop needs a reason, and frees the seat for the next student.
    expect((await call('DELETE', `/v1/sections/${algebraP1.body.id}/students/${ben}`, counselor, {})).status).toBe(400);
    const dropped = await call('DELETE', `/v1/sections/${algebraP1.body.id}/students/${ben}`, counselor, { reason: 'Moved to honors' });
    expect(dropped.status).toBe(200);
    expect((await assign(algebraP1.body.id, cy)).status).toBe(200);

    // Withdrawing a student empties their schedule, and the roster shrinks with it.
    const withdrawal = await call('POST', `/v1/students/${ana}/withdrawals`, schoolAdmin, {
      schoolYear: year,
      exitDate: '2026-10-01',
      reasonCode: 'moved-out-of-district',
    });
    expect(withdrawal.status).toBe(200);
    const after = await call('GET', `/v1/sections/${algebraP1.body.id}/students`, algebraTeacher.token);
    expect(after.body.items.map((entry: { studentId: string }) => entry.studentId)).toEqual([cy]);
    expect((await call('GET', `/v1/students/${ana}/schedule?schoolYear=${year}&term=S1`, schoolAdmin)).body.classes).toEqual([]);
    // Once withdrawn, the student cannot be put back in a class at the school.
    expect((await assign(englishP1.body.id, ana)).body.refusals).toEqual([expect.objectContaining({ code: 'not-enrolled' })]);
  });

  test('a whole term schedule is set at once, or not at all', async () => {
    const course = (code: string, title: string) =>
      call('POST', `/v1/schools/${schoolId}/courses`, schoolAdmin, { code, title, subject: 'science', gradeLevels: ['09'], credits: 1 });
    const bio = (await course('BIO', 'Biology')).body.id;
    const chem = (await course('CHEM', 'Chemistry')).body.id;
    const bioP3 = (await call('POST', `/v1/schools/${schoolId}/sections`, schoolAdmin, section(bio, '01', 'P3'))).body.id;
    const chemP3 = (await call('POST', `/v1/schools/${schoolId}/sections`, schoolAdmin, section(chem, '01', 'P3'))).body.id;
    const chemP4 = (await call('POST', `/v1/schools/${schoolId}/sections`, schoolAdmin, section(chem, '02', 'P4'))).body.id;
    const student = await enrolledStudent();
    const put = (sectionIds: string[]) =>
      call('PUT', `/v1/students/${student}/schedule`, counselor, { schoolYear: year, termCode: 'S1', sectionIds, reason: 'Programming' });

    expect((await put([bioP3, chemP4])).status).toBe(200);
    const clash = await put([bioP3, chemP3]);
    expect(clash.status).toBe(409);
    expect(clash.body.refusals).toEqual([expect.objectContaining({ code: 'period-conflict' })]);
    // Nothing changed: still biology and chemistry in P4.
    const classes = (await call('GET', `/v1/students/${student}/schedule?schoolYear=${year}&term=S1`, counselor)).body.classes;
    expect(classes.map((entry: { sectionId: string }) => entry.sectionId).sort()).toEqual([bioP3, chemP4].sort());
    // Swapping chemistry to the P3 slot biology leaves works in one step.
    expect((await put([chemP3])).status).toBe(200);
    const swapped = (await call('GET', `/v1/students/${student}/schedule?schoolYear=${year}&term=S1`, counselor)).body.classes;
    expect(swapped.map((entry: { sectionId: string }) => entry.sectionId)).toEqual([chemP3]);
    expect((await call('GET', `/v1/sections/${bioP3}/students`, counselor)).body.items).toEqual([]);
  });

  test('a snapshot of the master schedule brings back a deleted section and removes one created since', async () => {
    const art = (
      await call('POST', `/v1/schools/${schoolId}/courses`, schoolAdmin, {
        code: 'ART1',
        title: 'Art I',
        subject: 'arts',
        gradeLevels: ['09'],
        credits: 0.5,
      })
    ).body.id;
    const kept = (await call('POST', `/v1/schools/${schoolId}/sections`, schoolAdmin, section(art, '01', 'P5', { room: 'Studio' }))).body;
    const snapshot = await call('POST', `/v1/schools/${schoolId}/terms/S1/master-schedule/snapshots`, schoolAdmin, {
      schoolYear: year,
      name: 'Before the reshuffle',
    });
    expect(snapshot.status).toBe(201);
    expect(snapshot.body).toMatchObject({ name: 'Before the reshuffle', number: 1 });

    expect((await call('DELETE', `/v1/sections/${kept.id}`, schoolAdmin)).status).toBe(200);
    const extra = (await call('POST', `/v1/schools/${schoolId}/sections`, schoolAdmin, section(art, '02', 'P6'))).body;
    expect((await call('GET', `/v1/sections/${kept.id}`, schoolAdmin)).status).toBe(404);

    const restored = await call(
      'POST',
      `/v1/schools/${schoolId}/terms/S1/master-schedule/snapshots/${snapshot.body.snapshotId}/restore`,
      schoolAdmin,
      { schoolYear: year, reason: 'Undo the reshuffle' },
    );
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ restored: [kept.id], deleted: [extra.id], skipped: [] });
    expect((await call('GET', `/v1/sections/${kept.id}`, schoolAdmin)).body).toMatchObject({ room: 'Studio', sectionNumber: '01' });
    expect((await call('GET', `/v1/sections/${extra.id}`, schoolAdmin)).status).toBe(404);
    // Running it again changes nothing more.
    const again = await call(
      'POST',
      `/v1/schools/${schoolId}/terms/S1/master-schedule/snapshots/${snapshot.body.snapshotId}/restore`,
      schoolAdmin,
      { schoolYear: year, reason: 'Undo the reshuffle' },
    );
    expect(again.body).toMatchObject({ restored: [], deleted: [], transactions: 0 });
  });
});
