import type { EventEnvelope } from '../../infra/local/event-bus';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { seedCourse, seedHighSchool, seedRoster, seedSection, seedStaff, seedStudents, storeServices } from '../support/seed';

/**
 * Attendance through the whole system: a class's marks reach the bus as the family's notices, and
 * two classes marking the same students at the same moment. The rules of taking attendance and of
 * the office's entries, and the reports, are the use-case tier's (test/use-cases/attendance/).
 * The school, its classes and their students are made through the store.
 */
describe('attendance', () => {
  let system: TestSystem;
  let schoolId: string;
  const events: EventEnvelope[] = [];

  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }), headers });

  /** A teacher's section in `period` (every weekday) with `students` on its roster; the section id and the teacher's token. */
  async function classOf(code: string, period: string, students: readonly string[]) {
    const services = storeServices(system.runtime);
    const staffId = await seedStaff(services, [schoolId], { name: { first: code, last: 'Teacher' } });
    const sectionId = await seedSection(services, schoolId, await seedCourse(services, schoolId, code), {
      period,
      teachers: [{ staffId, role: 'primary' }],
    });
    await seedRoster(services, sectionId, students);
    return { sectionId, token: system.api.token('teacher', { staffId, schoolIds: [schoolId] }) };
  }

  beforeAll(async () => {
    system = await startTestSystem('attendance');
    system.runtime.bus.onEvent((event) => events.push(event));
    schoolId = await seedHighSchool(storeServices(system.runtime), 'Hamilton High', { gradeLevels: ['09'] });
  });
  afterAll(() => system?.stop());

  test("a class's marks reach the bus as the family's notices: one absence, one tardy, one correction, and nothing for a resubmission", async () => {
    const [ana, ben, cy] = (await seedStudents(storeServices(system.runtime), schoolId, 3)) as [string, string, string];
    const { sectionId, token } = await classOf('HIST', 'P2', [ana, ben, cy]);
    const day = '2026-09-02';
    const roster = {
      marks: [
        { studentId: ana, code: 'P' },
        { studentId: ben, code: 'A' },
        { studentId: cy, code: 'T', minutesLate: 7 },
      ],
    };
    expect((await call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, token, roster)).body).toMatchObject({ added: 3 });
    expect((await call('PUT', `/v1/sections/${sectionId}/attendance/${day}`, token, roster)).body).toMatchObject({ unchanged: 3 });
    const corrected = await call(
      'PUT',
      `/v1/sections/${sectionId}/attendance/${day}`,
      token,
      { marks: [{ studentId: ben, code: 'AE' }] },
      { 'x-change-reason': 'Note from the doctor received' },
    );
    expect(corrected.body).toMatchObject({ corrected: 1, version: 2 });

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

  test("two classes marking the same students at the same moment: both marks are kept, and each student's day is counted once", async () => {
    const students = await seedStudents(storeServices(system.runtime), schoolId, 2);
    const sections = [await classOf('ART', 'P6', students), await classOf('MUS', 'P7', students)];
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
