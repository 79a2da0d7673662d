import type { EventEnvelope } from '../../infra/local/event-bus';
import { schoolYearBody } from '../support/fixtures';
import { startTestSystem, type TestSystem } from '../support/runtime';
import {
  firstGuardianOf,
  seedCourse,
  seedHighSchool,
  seedRoster,
  seedSection,
  seedStaff,
  seedStudents,
  storeServices,
} from '../support/seed';
import { WEIGHTED, assignment as assignmentBody } from '../use-cases/gradebook/algebra-class';

/**
 * The gradebook's notices through the whole system: a teacher's scores and report-card marks, over
 * HTTP, become events that carry ids only (decision 0089), and the family reads each notice as it
 * was when it happened. What the gradebook computes and refuses is the use-case tier's
 * (test/use-cases/gradebook/). The school, the class and its students are made through the store.
 */
describe('gradebook', () => {
  let system: TestSystem;
  const events: EventEnvelope[] = [];

  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }), headers });

  beforeAll(async () => {
    system = await startTestSystem('gradebook');
    system.runtime.bus.onEvent((event) => events.push(event));
  });
  afterAll(() => system?.stop());

  test('scores and posted marks reach the family as notices that name the class, the work and the mark as it was, while the events carry ids only', async () => {
    // Arrange: three ninth graders in Algebra I, each enrolled with a parent who reads e-mail.
    const services = storeServices(system.runtime);
    const schoolId = await seedHighSchool(services, 'Lincoln High', { gradeLevels: ['09'] });
    const [ana, ben, cy] = (await seedStudents(services, schoolId, 3)) as [string, string, string];
    const staffId = await seedStaff(services, [schoolId]);
    const sectionId = await seedSection(
      services,
      schoolId,
      await seedCourse(services, schoolId, 'ALG1', { title: 'Algebra I', subject: 'math' }),
      {
        period: 'P3',
        meetings: [{ period: 'P3', days: ['MON', 'WED', 'FRI'] }],
        teachers: [{ staffId, role: 'primary' }],
      },
    );
    await seedRoster(services, sectionId, [ana, ben, cy]);
    const teacher = system.api.token('teacher', { staffId, schoolIds: [schoolId] });
    const office = system.api.token('school_admin', { schoolIds: [schoolId] });
    const parent = system.api.token('parent', { guardianId: await firstGuardianOf(services, ben) });
    // The seeded family prefers Vietnamese, which the notices speak; this parent chose English for them.
    expect((await call('PUT', '/v1/me/notification-preferences', parent, { language: 'en' })).status).toBe(200);
    const gradebook = `/v1/sections/${sectionId}/gradebook`;
    expect((await call('PUT', `${gradebook}/settings`, teacher, WEIGHTED)).status).toBe(200);
    const assignment = async (overrides: Record<string, unknown>) =>
      (await call('POST', `${gradebook}/assignments`, teacher, assignmentBody(overrides))).body.assignmentId as string;
    const hw1 = await assignment({});
    const test1 = await assignment({ title: 'Unit test 1', categoryId: 'tests', dueDate: '2026-09-18', maxPoints: 100 });
    const scores = (assignmentId: string, body: unknown) =>
      call('PUT', `/v1/sections/${sectionId}/assignments/${assignmentId}/scores`, teacher, body);

    // Act: ben's homework is missing (his grade falls below 70 once, not again on the test).
    const homework = {
      scores: [
        { studentId: ana, points: 9 },
        { studentId: ben, status: 'missing' },
        { studentId: cy, points: 10 },
      ],
    };
    expect((await scores(hw1, homework)).body).toMatchObject({ added: 3, missing: 1, lowGrades: 1 });
    const tests = {
      scores: [
        { studentId: ana, points: 88 },
        { studentId: ben, points: 50 },
        { studentId: cy, points: 95 },
      ],
    };
    expect((await scores(test1, tests)).body).toMatchObject({ added: 3, lowGrades: 0 });
    await system.runtime.idle();

    // Assert: the family notices, and events that carry ids and codes: no grade, score or title reaches the bus.
    const notices = events
      .filter((event) => event.source === 'sis.gradebook')
      .map((event) => [event['detail-type'], (event.detail as { studentId: string }).studentId]);
    expect(notices.sort()).toEqual([
      ['Assignment Missing', ben],
      ['Low Grade', ben],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const current = schoolYearBody().gradingPeriods.find((period) => period.startDate <= today && today <= period.endDate);
    const low = events.find((event) => event['detail-type'] === 'Low Grade')!.detail as Record<string, unknown>;
    expect(low).toMatchObject({ eventVersion: 2, section: { sectionId, schoolId }, assignmentId: hw1, recordVersion: 1 });
    expect(low.gradingPeriod).toEqual(current ? { schoolYear: '2026-2027', code: current.code } : undefined);
    const missing = events.find((event) => event['detail-type'] === 'Assignment Missing')!.detail as Record<string, unknown>;
    expect(missing).toMatchObject({ eventVersion: 2, section: { sectionId, schoolId }, assignmentId: hw1 });
    const gradebookEvents = JSON.stringify(events.filter((event) => event.source === 'sis.gradebook').map((event) => event.detail));
    for (const value of ['Algebra I', 'Homework 1', '"percent"', '"letter"', '"points"', '"title"'])
      expect(gradebookEvents).not.toContain(value);

    // What ben's parent reads: the notifier read the titles by id, and the grade that crossed the
    // threshold (0 %, the missing homework alone) from its snapshot, not the 30 % ben has since.
    const inbox = (await call('GET', '/v1/me/notifications', parent)).body.items as { kind: string; subject: string; body: string }[];
    const lowNotice = inbox.find((item) => item.kind === 'lowGrade')!;
    expect(lowNotice.subject).toMatch(/grade in Algebra I is F$/);
    expect(lowNotice.body).toContain(`current grade in Algebra I${current ? ` for ${current.name}` : ''} is 0% (F).`);
    const missingNotice = inbox.find((item) => item.kind === 'missingAssignment')!;
    expect(missingNotice.body).toMatch(/^"Homework 1" in Algebra I, due .*September 8, 2026, is marked missing for /);

    // Act: Q1 marks (ben's entered D), posted, then corrected by the office to C-; the final marks (ben's F), posted.
    const marks = (period: string) => `/v1/sections/${sectionId}/marks/${period}`;
    const q1 = {
      marks: [{ studentId: ana }, { studentId: ben, letter: 'D', comments: ['Missing homework; improving on tests.'] }, { studentId: cy }],
    };
    expect((await call('PUT', marks('Q1'), teacher, q1)).body).toMatchObject({ added: 3 });
    expect((await call('POST', `${marks('Q1')}/post`, teacher)).body).toMatchObject({ posted: 3 });
    const change = { marks: [{ studentId: ben, letter: 'C-', comments: ['Missing homework; improving on tests.'] }] };
    expect((await call('PUT', marks('Q1'), office, change, { 'x-change-reason': 'Late work accepted' })).body).toMatchObject({
      changed: 1,
    });
    const final = { marks: [{ studentId: ana }, { studentId: ben, letter: 'F' }, { studentId: cy, letter: 'A' }] };
    expect((await call('PUT', marks('S1'), teacher, final)).body).toMatchObject({ final: true, added: 3 });
    expect((await call('POST', `${marks('S1')}/post`, teacher)).body).toMatchObject({ posted: 3, completions: 3 });
    await system.runtime.idle();

    // Assert: the family is told of each posted mark, and again of the corrected one, without the letter on the bus.
    const posted = events
      .filter((event) => event['detail-type'] === 'Grade Posted')
      .map((event) => event.detail as Record<string, unknown>);
    expect(posted).toHaveLength(7);
    expect(posted.filter((detail) => detail.corrected === true)).toEqual([
      expect.objectContaining({
        studentId: ben,
        gradingPeriod: { schoolYear: '2026-2027', code: 'Q1' },
        final: false,
        reason: 'Late work accepted',
      }),
    ]);
    expect(JSON.stringify(posted)).not.toContain('"letter"');

    // Ben's parent reads each mark as it was posted: D first, then the C- worded as a correction of it
    // (each event names the mark's version, read from its history), and the final F.
    const cards = (await call('GET', '/v1/me/notifications', parent)).body.items as { kind: string; body: string }[];
    const bodies = cards
      .filter((item) => item.kind === 'reportCardPosted')
      .map((item) => item.body.replace(/^\S+ received /, 'received ').replace(/^\S+'s mark in /, 'mark in '));
    const quarter = schoolYearBody().gradingPeriods.find((period) => period.code === 'Q1')!.name;
    expect(bodies.sort()).toEqual([
      `mark in Algebra I for ${quarter} was corrected to C-. See the report card in the parent portal.`,
      `received D in Algebra I for ${quarter}. See the report card in the parent portal.`,
      'received F in Algebra I for Fall semester. See the report card in the parent portal.',
    ]);

    // The school sees what ben's family was sent, every notice of it sent.
    const sent = await call('GET', `/v1/students/${ben}/notifications?limit=100`, office);
    const kinds = new Set(sent.body.items.map((item: { kind: string }) => item.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['missingAssignment', 'lowGrade', 'reportCardPosted']));
    // Sent, or already reported delivered by the provider (SES's delivery receipts).
    expect(sent.body.items.filter((item: { status: string }) => !['sent', 'delivered'].includes(item.status))).toEqual([]);
  });
});
