import { startTestSystem, type TestSystem } from '../support/runtime';
import { seedCourse, seedHighSchool, seedSection, seedStudents, storeServices } from '../support/seed';

/** The automatic scheduler over a school's course requests, run through the queue like any other work. */
describe('scheduling runs', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  const year = '2026-2027';

  const call = (method: string, path: string, token: string, body?: unknown) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    system = await startTestSystem('scheduling-run');
    admin = system.api.token('district_admin');
    schoolId = await seedHighSchool(storeServices(system.runtime), 'Run High', { gradeLevels: ['09'] });
  });
  afterAll(() => system?.stop());

  test('requests are placed within capacity and without conflicts, alternates are used, and a second run places nothing new', async () => {
    // The students, courses and sections are made through the store; the requests and the run go through the API and the queue.
    const services = storeServices(system.runtime);
    const students = await seedStudents(services, schoolId, 5);
    const course = (code: string) => seedCourse(services, schoolId, code);
    const section = (courseId: string, period: string, capacity: number) => seedSection(services, schoolId, courseId, { period, capacity });
    const [art, music, drama] = [await course('ART'), await course('MUSIC'), await course('DRAMA')];
    const artP1 = await section(art, 'P1', 3);
    const musicP2 = await section(music, 'P2', 10);
    const dramaP3 = await section(drama, 'P3', 10);
    // Everyone wants art first (3 seats), with drama as the alternate; and music.
    for (const studentId of students) {
      const requests = await call('POST', `/v1/students/${studentId}/course-requests`, admin, {
        schoolYear: year,
        termCode: 'S1',
        requests: [
          { courseId: art, priority: 1, alternates: [drama] },
          { courseId: music, priority: 2 },
        ],
      });
      expect(requests.status).toBe(200);
    }

    const started = await call('POST', `/v1/schools/${schoolId}/terms/S1/scheduling-runs`, admin, { schoolYear: year, seed: 7 });
    expect(started.status).toBe(202);
    await system.runtime.idle();
    const run = await call('GET', started.body.runUrl, admin);
    expect(run.body).toMatchObject({ status: 'DONE', totals: { students: 5, requested: 10, placed: 10, unplaced: 0 } });
    expect(run.body.students).toHaveLength(5);

    const roster = async (sectionId: string) => (await call('GET', `/v1/sections/${sectionId}/students`, admin)).body.items.length;
    expect(await roster(artP1)).toBe(3);
    expect(await roster(dramaP3)).toBe(2);
    expect(await roster(musicP2)).toBe(5);
    for (const studentId of students) {
      const schedule = await call('GET', `/v1/students/${studentId}/schedule?schoolYear=${year}&term=S1`, admin);
      const periods = schedule.body.classes.flatMap((entry: { meetings: { period: string }[] }) =>
        entry.meetings.map((meeting) => meeting.period),
      );
      expect(new Set(periods).size).toBe(periods.length);
    }

    const again = await call('POST', `/v1/schools/${schoolId}/terms/S1/scheduling-runs`, admin, { schoolYear: year, seed: 7 });
    await system.runtime.idle();
    const second = await call('GET', again.body.runUrl, admin);
    expect(second.body).toMatchObject({ status: 'DONE', progress: { planned: 0, written: 0 } });
    expect(await roster(artP1)).toBe(3);
  });
});
