import { startTestSystem, type TestSystem } from '../support/runtime';
import { seedCourse, seedHighSchool, seedSection, seedStudents, storeServices } from '../support/seed';

/**
 * Counselors racing for the same seats: whatever the interleaving, a section never holds more
 * students than its capacity, and a student never sits in two sections of one period.
 */
describe('scheduling under concurrent assignment', () => {
  let system: TestSystem;
  let counselor: string;
  let schoolId: string;
  const year = '2026-2027';

  const call = (method: string, path: string, token: string, body?: unknown) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    system = await startTestSystem('scheduling-races');
    schoolId = await seedHighSchool(storeServices(system.runtime), 'Race High', { gradeLevels: ['09'] });
    counselor = system.api.token('counselor', { schoolIds: [schoolId] });
  });
  afterAll(() => system?.stop());

  /** Enrolled ninth graders and a section of their own course, made through the store: the race is what is under test. */
  const enrollMany = (count: number) => seedStudents(storeServices(system.runtime), schoolId, count);
  async function newSection(code: string, period: string, capacity: number): Promise<string> {
    const services = storeServices(system.runtime);
    return seedSection(services, schoolId, await seedCourse(services, schoolId, code), { period, capacity });
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
