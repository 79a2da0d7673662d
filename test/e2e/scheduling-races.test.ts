import { startTestSystem, type TestSystem } from '../support/runtime';
import { newEnrollmentBody, schoolBody, schoolYearBody } from '../support/fixtures';

/**
 * Counselors racing for the same seats: whatever the interleaving, a section never holds more
 * students than its capacity, and a student never sits in two sections of one period.
 */
describe('scheduling under concurrent assignment', () => {
  let system: TestSystem;
  let admin: string;
  let counselor: string;
  let schoolId: string;
  const year = '2026-2027';

  const call = (method: string, path: string, token: string, body?: unknown) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    system = await startTestSystem('scheduling-races');
    admin = system.api.token('district_admin');
    schoolId = (await call('POST', '/v1/schools', admin, schoolBody({ name: 'Race High', type: 'high', gradeLevels: ['09'] }))).body.id;
    await call('POST', `/v1/schools/${schoolId}/school-years`, admin, schoolYearBody());
    counselor = system.api.token('counselor', { schoolIds: [schoolId] });
  });
  afterAll(() => system?.stop());

  async function enrollMany(count: number): Promise<string[]> {
    const accepted = await Promise.all(
      Array.from({ length: count }, () =>
        call('POST', '/v1/enrollment-requests', admin, newEnrollmentBody(schoolId, { gradeLevel: '09' })),
      ),
    );
    await system.runtime.idle();
    const settled = await Promise.all(accepted.map((answer) => call('GET', answer.body.statusUrl, admin)));
    return settled.map((answer) => answer.body.studentId as string);
  }

  async function newSection(code: string, period: string, capacity: number): Promise<string> {
    const course = await call('POST', `/v1/schools/${schoolId}/courses`, admin, {
      code,
      title: code,
      subject: 'electives',
      gradeLevels: ['09'],
      credits: 1,
    });
    const section = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
      courseId: course.body.id,
      schoolYear: year,
      termCode: 'S1',
      sectionNumber: '01',
      capacity,
      meetings: [{ period, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
    });
    expect(section.status).toBe(201);
    return section.body.id;
  }

  test('50 students assigned at once to the last seat of a section: exactly one gets it', async () => {
    const students = await enrollMany(50);
    const sectionId = await newSection('LASTSEAT', 'P1', 1);

    const answers = await Promise.all(
      students.map((studentId) => call('PUT', `/v1/sections/${sectionId}/students/${studentId}`, counselor, {})),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200 && status !== 409)).toEqual([]);
    const roster = await call('GET', `/v1/sections/${sectionId}/students`, counselor);
    expect(roster.body.items).toHaveLength(1);
    const seats = await call('GET', `/v1/schools/${schoolId}/open-seats?schoolYear=${year}&term=S1`, counselor);
    const section = seats.body.courses
      .flatMap((course: { sections: { sectionId: string }[] }) => course.sections)
      .find((entry: { sectionId: string }) => entry.sectionId === sectionId);
    expect(section).toMatchObject({ capacity: 1, taken: 1, open: 0 });
  });

  test('one student assigned at once to 10 sections of the same period: they end up in exactly one', async () => {
    const [studentId] = await enrollMany(1);
    const sections = await Promise.all(Array.from({ length: 10 }, (_, index) => newSection(`P2C${index}`, 'P2', 30)));

    const answers = await Promise.all(
      sections.map((sectionId) => call('PUT', `/v1/sections/${sectionId}/students/${studentId}`, counselor, {})),
    );

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    const schedule = await call('GET', `/v1/students/${studentId}/schedule?schoolYear=${year}&term=S1`, counselor);
    expect(schedule.body.classes).toHaveLength(1);
  });
});
