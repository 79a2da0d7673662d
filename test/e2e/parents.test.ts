import { startTestSystem, type TestSystem } from '../support/runtime';
import { bearerCall } from '../support/api';
import { linkBody, guardianBody, schoolBody, schoolYearBody, staffBody } from '../support/fixtures';
import { enrolledNinthGrader } from '../support/steps';

/**
 * The parent portal: a guardian sees their own children, and only those whose education records
 * they may see; anything else is the same 404.
 */
describe('parent portal', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;

  const call = bearerCall(() => system.api);
  const enrolledChild = () => enrolledNinthGrader(system, admin, schoolId);

  beforeAll(async () => {
    system = await startTestSystem('parents');
    admin = system.api.token('district_admin');
    schoolId = (await call('POST', '/v1/schools', admin, schoolBody({ name: 'Parkside High', type: 'high', gradeLevels: ['09'] }))).body.id;
    await call('POST', `/v1/schools/${schoolId}/school-years`, admin, schoolYearBody());
    await call('POST', `/v1/schools/${schoolId}/bell-schedules`, admin, {
      name: 'Regular day',
      isDefault: true,
      periods: [{ code: 'P1', name: 'First period', startTime: '08:00', endTime: '08:50' }],
    });
  });
  afterAll(() => system?.stop());

  test('a parent lists their child, reads the profile and schedule, and gets the same 404 for any other child', async () => {
    const mine = await enrolledChild();
    const other = await enrolledChild();
    const parent = system.api.token('parent', { guardianId: mine.guardianId });

    const children = await call('GET', '/v1/me/children', parent);
    expect(children.status).toBe(200);
    expect(children.body.items).toEqual([
      expect.objectContaining({ studentId: mine.studentId, gradeLevel: '09', school: { id: schoolId, name: 'Parkside High' } }),
    ]);
    const profile = await call('GET', `/v1/me/children/${mine.studentId}`, parent);
    expect(profile.body).toMatchObject({ studentId: mine.studentId, school: { name: 'Parkside High' } });

    // Another family's child, a child that does not exist, and a child linked without educational rights: one answer.
    const notMine = await call('GET', `/v1/me/children/${other.studentId}`, parent);
    const missing = await call('GET', '/v1/me/children/01JZZZZZZZZZZZZZZZZZZZZZZZ', parent);
    const noRights = await call(
      'POST',
      `/v1/students/${other.studentId}/guardians`,
      admin,
      linkBody(mine.guardianId, { educationalRights: false }),
    );
    expect(noRights.status).toBe(201);
    const withoutRights = await call('GET', `/v1/me/children/${other.studentId}`, parent);
    for (const answer of [notMine, missing, withoutRights]) {
      expect(answer.status).toBe(404);
      expect(answer.body.title).toBe('Not found');
    }
    expect(notMine.body.detail.replace(other.studentId, 'X')).toBe(missing.body.detail.replace('01JZZZZZZZZZZZZZZZZZZZZZZZ', 'X'));
    expect((await call('GET', `/v1/me/children/${other.studentId}/schedule`, parent)).status).toBe(404);
    // The child linked without rights is not listed either.
    expect((await call('GET', '/v1/me/children', parent)).body.items).toHaveLength(1);

    // The schedule shows the class with its bell times, room and teacher.
    const teacher = await call(
      'POST',
      '/v1/staff',
      admin,
      staffBody([schoolId], { name: { first: 'Grace', last: 'Hopper' }, email: 'grace.hopper@district.example' }),
    );
    const course = await call('POST', `/v1/schools/${schoolId}/courses`, admin, {
      code: 'CS1',
      title: 'Computer Science',
      subject: 'cte',
      gradeLevels: ['09'],
      credits: 1,
    });
    const section = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
      courseId: course.body.id,
      schoolYear: '2026-2027',
      termCode: 'S1',
      sectionNumber: '01',
      room: 'Lab 2',
      meetings: [{ period: 'P1', days: ['MON', 'WED', 'FRI'] }],
      teachers: [{ staffId: teacher.body.id, role: 'primary' }],
    });
    expect((await call('PUT', `/v1/sections/${section.body.id}/students/${mine.studentId}`, admin, {})).status).toBe(200);
    const schedule = await call('GET', `/v1/me/children/${mine.studentId}/schedule?schoolYear=2026-2027&term=S1`, parent);
    expect(schedule.status).toBe(200);
    expect(schedule.body.classes).toEqual([
      expect.objectContaining({
        courseTitle: 'Computer Science',
        room: 'Lab 2',
        meetings: [expect.objectContaining({ period: 'P1', startTime: '08:00', endTime: '08:50' })],
        teachers: [expect.objectContaining({ role: 'primary', name: { first: 'Grace', last: 'Hopper' } })],
      }),
    ]);
    // Staff tokens do not open the parent portal.
    expect((await call('GET', '/v1/me/children', admin)).status).toBe(403);
  });

  test('a parent changes their own contact details, but not their name', async () => {
    const guardian = await call('POST', '/v1/guardians', admin, guardianBody());
    const parent = system.api.token('parent', { guardianId: guardian.body.id });
    const me = await call('GET', '/v1/me', parent);
    expect(me.status).toBe(200);

    const changed = await call('PATCH', '/v1/me', parent, { email: 'new.address@example.com' }, { 'if-match': me.headers.get('etag')! });
    expect(changed.status).toBe(200);
    expect(changed.body.email).toBe('new.address@example.com');
    const rename = await call('PATCH', '/v1/me', parent, { name: { first: 'X', last: 'Y' } }, { 'if-match': changed.headers.get('etag')! });
    expect(rename.status).toBe(400);
    expect(rename.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    expect((await call('PATCH', '/v1/me', parent, { phone: '+12175550100' }, { 'if-match': me.headers.get('etag')! })).status).toBe(412);
  });
});
