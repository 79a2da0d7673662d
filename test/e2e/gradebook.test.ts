import type { EventEnvelope } from '../../infra/local/event-bus';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { guardianBody, linkBody, newEnrollmentBody, schoolBody, schoolYearBody, staffBody } from '../support/fixtures';

/**
 * The gradebook as a teacher uses it: set up categories and a scale, add assignments, post the
 * class's scores (again: nothing changes; a correction needs a reason and is kept), and read the
 * grades with their explanation, as the teacher, a counselor and the office would.
 */
describe('gradebook', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  const events: EventEnvelope[] = [];
  // Made by the first test, used by the second (report-card marks of the same class).
  let sectionId: string;
  let courseId: string;
  let teacherToken: string;
  let counselor: string;
  let students: string[];

  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    system.api.call(method, path, { token, ...(body === undefined ? {} : { body }), headers });

  beforeAll(async () => {
    system = await startTestSystem('gradebook');
    system.runtime.bus.onEvent((event) => events.push(event));
    admin = system.api.token('district_admin');
    schoolId = (await call('POST', '/v1/schools', admin, schoolBody({ name: 'Lincoln High', type: 'high', gradeLevels: ['09'] }))).body.id;
    await call('POST', `/v1/schools/${schoolId}/school-years`, admin, schoolYearBody());
  });
  afterAll(() => system?.stop());

  test('a teacher sets up a gradebook, posts two assignments, corrects a score with a reason, and reads the explained grades', async () => {
    // Arrange: three students in a section of one teacher.
    students = [];
    for (let index = 0; index < 3; index += 1) {
      const accepted = await call('POST', '/v1/enrollment-requests', admin, newEnrollmentBody(schoolId, { gradeLevel: '09' }));
      await system.runtime.idle();
      students.push((await call('GET', accepted.body.statusUrl, admin)).body.studentId);
    }
    const [ana, ben, cy] = students as [string, string, string];
    const teacher = await call('POST', '/v1/staff', admin, staffBody([schoolId]));
    const other = await call('POST', '/v1/staff', admin, staffBody([schoolId], { name: { first: 'Other', last: 'Teacher' } }));
    teacherToken = system.api.token('teacher', { staffId: teacher.body.id, schoolIds: [schoolId] });
    const otherToken = system.api.token('teacher', { staffId: other.body.id, schoolIds: [schoolId] });
    counselor = system.api.token('counselor', { schoolIds: [schoolId] });
    const course = await call('POST', `/v1/schools/${schoolId}/courses`, admin, {
      code: 'ALG1',
      title: 'Algebra I',
      subject: 'math',
      gradeLevels: ['09'],
      credits: 1,
    });
    const section = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
      courseId: course.body.id,
      schoolYear: '2026-2027',
      termCode: 'S1',
      sectionNumber: '01',
      meetings: [{ period: 'P3', days: ['MON', 'WED', 'FRI'] }],
      teachers: [{ staffId: teacher.body.id, role: 'primary' }],
    });
    sectionId = section.body.id as string;
    courseId = course.body.id as string;
    for (const studentId of students)
      expect((await call('PUT', `/v1/sections/${sectionId}/students/${studentId}`, admin, {})).status).toBe(200);
    const gradebook = `/v1/sections/${sectionId}/gradebook`;

    // Settings: weights must sum to 100; only the section's teacher writes; the counselor reads.
    const settings = {
      mode: 'weighted',
      categories: [
        { id: 'hw', name: 'Homework', weight: 40 },
        { id: 'tests', name: 'Tests', weight: 60 },
      ],
      missingCountsAsZero: true,
    };
    const badWeights = await call('PUT', `${gradebook}/settings`, teacherToken, {
      ...settings,
      categories: [{ id: 'hw', name: 'Homework', weight: 40 }],
    });
    expect(badWeights.status).toBe(400);
    expect(badWeights.body.errors).toEqual([
      expect.objectContaining({ field: 'categories', message: expect.stringContaining('sum to 100') }),
    ]);
    expect((await call('PUT', `${gradebook}/settings`, otherToken, settings)).status).toBe(403);
    expect((await call('PUT', `${gradebook}/settings`, counselor, settings)).status).toBe(403);
    const setUp = await call('PUT', `${gradebook}/settings`, teacherToken, settings);
    expect(setUp.status).toBe(200);
    expect(setUp.body).toMatchObject({ version: 1, effectiveScale: { id: 'district' }, effectiveLowGradeThreshold: 70 });
    expect((await call('PUT', `${gradebook}/settings`, teacherToken, settings)).body.version).toBe(1);
    expect((await call('GET', `${gradebook}/settings`, counselor)).body.categories).toHaveLength(2);

    // Assignments: in one of the categories.
    const assignment = (overrides: Record<string, unknown>) => ({
      title: 'Homework 1',
      categoryId: 'hw',
      assignedDate: '2026-09-01',
      dueDate: '2026-09-08',
      maxPoints: 10,
      published: true,
      ...overrides,
    });
    const wrongCategory = await call('POST', `${gradebook}/assignments`, teacherToken, assignment({ categoryId: 'quizzes' }));
    expect(wrongCategory.body.errors).toEqual([expect.objectContaining({ field: 'categoryId' })]);
    const hw1 = (await call('POST', `${gradebook}/assignments`, teacherToken, assignment({}))).body.assignmentId as string;
    const test1 = (
      await call(
        'POST',
        `${gradebook}/assignments`,
        teacherToken,
        assignment({ title: 'Unit test 1', categoryId: 'tests', dueDate: '2026-09-18', maxPoints: 100 }),
      )
    ).body.assignmentId as string;
    const draft = await call('POST', `${gradebook}/assignments`, teacherToken, assignment({ title: 'Draft', published: false }));
    expect(draft.status).toBe(201);
    expect((await call('GET', `${gradebook}/assignments`, counselor)).body.items.map((item: { title: string }) => item.title)).toEqual([
      'Homework 1',
      'Draft',
      'Unit test 1',
    ]);

    // Scores: the whole roster at once; the same body again writes nothing.
    const homework = {
      scores: [
        { studentId: ana, points: 9 },
        { studentId: ben, status: 'missing' },
        { studentId: cy, points: 10 },
      ],
    };
    const posted = await call('PUT', `/v1/sections/${sectionId}/assignments/${hw1}/scores`, teacherToken, homework);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ added: 3, corrected: 0, unchanged: 0, missing: 1, lowGrades: 1 });
    const again = await call('PUT', `/v1/sections/${sectionId}/assignments/${hw1}/scores`, teacherToken, homework);
    expect(again.body).toMatchObject({ added: 0, corrected: 0, unchanged: 3, missing: 0, lowGrades: 0 });
    const tests = {
      scores: [
        { studentId: ana, points: 85 },
        { studentId: ben, points: 50 },
        { studentId: cy, points: 95 },
      ],
    };
    expect((await call('PUT', `/v1/sections/${sectionId}/assignments/${test1}/scores`, teacherToken, tests)).body).toMatchObject({
      added: 3,
      lowGrades: 0,
    });

    // Refused: too many points, a student not on the roster, another teacher.
    const tooMany = await call('PUT', `/v1/sections/${sectionId}/assignments/${hw1}/scores`, teacherToken, {
      scores: [{ studentId: ana, points: 11 }],
    });
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'scores[0].points' })]);
    const stranger = await call('PUT', `/v1/sections/${sectionId}/assignments/${hw1}/scores`, teacherToken, {
      scores: [{ studentId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', points: 5 }],
    });
    expect(stranger.body.errors).toEqual([expect.objectContaining({ field: 'scores[0].studentId' })]);
    expect((await call('PUT', `/v1/sections/${sectionId}/assignments/${hw1}/scores`, otherToken, homework)).status).toBe(403);

    // A correction needs a reason, and the previous score stays in the history with who and why.
    const correction = { scores: [{ studentId: ana, points: 88 }] };
    const noReason = await call('PUT', `/v1/sections/${sectionId}/assignments/${test1}/scores`, teacherToken, correction);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'X-Change-Reason' })]);
    const corrected = await call('PUT', `/v1/sections/${sectionId}/assignments/${test1}/scores`, teacherToken, correction, {
      'x-change-reason': 'Regraded question 4',
    });
    expect(corrected.body).toMatchObject({ added: 0, corrected: 1, unchanged: 0 });
    const history = await call('GET', `/v1/sections/${sectionId}/assignments/${test1}/scores/${ana}/history`, counselor);
    expect(history.body.versions).toEqual([
      expect.objectContaining({ version: 2, reason: 'Regraded question 4', score: { studentId: ana, points: 88 } }),
      expect.objectContaining({ version: 1, score: { studentId: ana, points: 85 } }),
    ]);

    // The class's grades, explained: ana 40 × 90 % + 60 × 88 % = 88.8 (B+); ben's missing homework counts as zero.
    const grades = await call('GET', `/v1/sections/${sectionId}/grades`, teacherToken);
    expect(grades.status).toBe(200);
    const byStudent = new Map(grades.body.students.map((row: { studentId: string }) => [row.studentId, row]));
    expect(byStudent.get(ana)).toMatchObject({ percent: 88.8, letter: 'B+', belowThreshold: false });
    expect(byStudent.get(ben)).toMatchObject({ percent: 30, letter: 'F', belowThreshold: true });
    expect(byStudent.get(cy)).toMatchObject({ percent: 97, letter: 'A+' });
    const anaCategories = (byStudent.get(ana) as { explanation: { categories: unknown[] } }).explanation.categories;
    expect(anaCategories).toEqual([
      expect.objectContaining({ id: 'hw', weight: 40, percent: 90, earned: 9, possible: 10 }),
      expect.objectContaining({
        id: 'tests',
        weight: 60,
        percent: 88,
        items: [expect.objectContaining({ title: 'Unit test 1', points: 88 })],
      }),
    ]);
    const benHomework = (byStudent.get(ben) as { explanation: { categories: { items: unknown[] }[] } }).explanation.categories[0]!.items;
    expect(benHomework).toEqual([expect.objectContaining({ status: 'missing', points: 0, why: 'missing, counted as zero' })]);

    // A deleted assignment leaves the grade (its empty category too) and comes back with its scores when restored.
    const homeworkPath = `/v1/sections/${sectionId}/gradebook/assignments/${hw1}`;
    expect((await call('DELETE', homeworkPath, teacherToken)).status).toBe(200);
    const withoutHomework = await call('GET', `/v1/sections/${sectionId}/grades`, teacherToken);
    expect(withoutHomework.body.students.find((row: { studentId: string }) => row.studentId === ana)).toMatchObject({ percent: 88 });
    expect((await call('POST', `${homeworkPath}/restore`, otherToken)).status).toBe(403);
    const restored = await call('POST', `${homeworkPath}/restore`, teacherToken);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ assignmentId: hw1, title: 'Homework 1' });
    expect(restored.body.deletedAt).toBeUndefined();
    expect((await call('POST', `${homeworkPath}/restore`, teacherToken)).status).toBe(409);
    const withHomework = await call('GET', `/v1/sections/${sectionId}/grades`, teacherToken);
    expect(withHomework.body.students.find((row: { studentId: string }) => row.studentId === ana)).toMatchObject({ percent: 88.8 });

    // One student's grades for the term, as a counselor sees them.
    const mine = await call('GET', `/v1/students/${ana}/grades?schoolYear=2026-2027&term=S1`, counselor);
    expect(mine.body.sections).toEqual([expect.objectContaining({ sectionId, courseTitle: 'Algebra I', percent: 88.8, letter: 'B+' })]);
    expect((await call('GET', `/v1/students/${ana}/grades?schoolYear=2026-2027`, counselor)).status).toBe(400);
    expect((await call('GET', `/v1/sections/${sectionId}/grades`, otherToken)).status).toBe(403);

    // The family notices: ben's missing homework, and his grade falling below 70 once (not again on the test).
    await system.runtime.idle();
    const notices = events
      .filter((event) => event.source === 'sis.gradebook')
      .map((event) => [event['detail-type'], (event.detail as { studentId: string }).studentId]);
    expect(notices.sort()).toEqual([
      ['Assignment Missing', ben],
      ['Low Grade', ben],
    ]);
    // The events carry ids and codes (decision 0089): no grade, score or title reaches the bus.
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
    const guardianId = (await call('GET', `/v1/students/${ben}/guardians`, admin)).body.items[0].guardianId as string;
    const parent = system.api.token('parent', { guardianId });
    const inbox = (await call('GET', '/v1/me/notifications', parent)).body.items as { kind: string; subject: string; body: string }[];
    const lowNotice = inbox.find((item) => item.kind === 'lowGrade')!;
    expect(lowNotice.subject).toMatch(/grade in Algebra I is F$/);
    expect(lowNotice.body).toContain(`current grade in Algebra I${current ? ` for ${current.name}` : ''} is 0% (F).`);
    const missingNotice = inbox.find((item) => item.kind === 'missingAssignment')!;
    expect(missingNotice.body).toMatch(/^"Homework 1" in Algebra I, due .*September 8, 2026, is marked missing for /);
  });

  test('report-card marks: accept computed ones, post them (locked), change one only as an administrator with a reason; final marks make the transcript', async () => {
    const [ana, ben, cy] = students as [string, string, string];
    const office = system.api.token('school_admin', { schoolIds: [schoolId] });
    const marks = (period: string) => `/v1/sections/${sectionId}/marks/${period}`;

    // Q1: ana and cy accept the computed marks, ben gets an entered one with a comment.
    const q1 = {
      marks: [{ studentId: ana }, { studentId: ben, letter: 'D', comments: ['Missing homework; improving on tests.'] }, { studentId: cy }],
    };
    expect((await call('PUT', marks('Q9'), teacherToken, q1)).status).toBe(404);
    expect((await call('PUT', marks('Q1'), teacherToken, q1)).body).toMatchObject({ final: false, added: 3, changed: 0 });
    expect((await call('PUT', marks('Q1'), teacherToken, q1)).body).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
    const entered = await call('GET', marks('Q1'), counselor);
    expect(entered.body).toMatchObject({ posted: false, unmarked: [] });
    expect(entered.body.marks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ studentId: ana, letter: 'B+', percent: 88.8, source: 'computed', status: 'draft' }),
        expect.objectContaining({ studentId: ben, letter: 'D', source: 'entered', comments: ['Missing homework; improving on tests.'] }),
      ]),
    );

    // Posting locks the period: a teacher can no longer change a mark, an administrator can with a reason.
    expect((await call('POST', `${marks('Q1')}/post`, counselor)).status).toBe(403);
    expect((await call('POST', `${marks('Q1')}/post`, teacherToken)).body).toMatchObject({ posted: 3, completions: 0 });
    expect((await call('POST', `${marks('Q1')}/post`, teacherToken)).status).toBe(409);
    const change = { marks: [{ studentId: ben, letter: 'C-', comments: ['Missing homework; improving on tests.'] }] };
    expect((await call('PUT', marks('Q1'), teacherToken, change, { 'x-change-reason': 'Late work accepted' })).status).toBe(403);
    const noReason = await call('PUT', marks('Q1'), office, change);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'X-Change-Reason' })]);
    const changed = await call('PUT', marks('Q1'), office, change, { 'x-change-reason': 'Late work accepted' });
    expect(changed.body).toMatchObject({ changed: 1 });
    const afterChange = await call('GET', marks('Q1'), teacherToken);
    expect(afterChange.body.marks).toEqual(
      expect.arrayContaining([expect.objectContaining({ studentId: ben, letter: 'C-', status: 'posted' })]),
    );

    // Final marks (the term's code) posted: they make the transcript and the course completions.
    const final = { marks: [{ studentId: ana }, { studentId: ben, letter: 'F' }, { studentId: cy, letter: 'A' }] };
    expect((await call('PUT', marks('S1'), teacherToken, final)).body).toMatchObject({ final: true, added: 3 });
    expect((await call('POST', `${marks('S1')}/post`, teacherToken)).body).toMatchObject({ posted: 3, completions: 3 });
    const transcript = await call('GET', `/v1/students/${ana}/transcript`, counselor);
    expect(transcript.status).toBe(200);
    expect(transcript.body.terms).toEqual([
      expect.objectContaining({
        schoolYear: '2026-2027',
        termCode: 'S1',
        creditsAttempted: 1,
        creditsEarned: 1,
        unweighted: 3.3,
        weighted: 3.3,
        courses: [expect.objectContaining({ courseCode: 'ALG1', letter: 'B+', percent: 88.8, creditsEarned: 1 })],
      }),
    ]);
    expect(transcript.body.cumulative).toMatchObject({ unweighted: 3.3, creditsEarned: 1 });
    expect((await call('GET', `/v1/students/${ben}/transcript`, counselor)).body.cumulative).toMatchObject({
      creditsAttempted: 1,
      creditsEarned: 0,
      unweighted: 0,
    });

    // Scheduling now knows: ana passed Algebra I and cannot take it again; ben, who failed, can.
    const spring = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
      courseId,
      schoolYear: '2026-2027',
      termCode: 'S2',
      sectionNumber: '01',
      meetings: [{ period: 'P3', days: ['MON', 'WED', 'FRI'] }],
    });
    const retake = await call('PUT', `/v1/sections/${spring.body.id}/students/${ana}`, admin, {});
    expect(retake.status).toBe(409);
    expect(JSON.stringify(retake.body)).toContain('already-passed');
    expect((await call('PUT', `/v1/sections/${spring.body.id}/students/${ben}`, admin, {})).status).toBe(200);

    // The family is told of each posted mark, and again of the corrected one.
    await system.runtime.idle();
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

    // Ben's parent reads each mark as it was posted: D first, then the corrected C- (each event names
    // the mark's version, read from its history), and the final F.
    const guardianId = (await call('GET', `/v1/students/${ben}/guardians`, admin)).body.items[0].guardianId as string;
    const inbox = await call('GET', '/v1/me/notifications', system.api.token('parent', { guardianId }));
    const bodies = (inbox.body.items as { kind: string; body: string }[])
      .filter((item) => item.kind === 'reportCardPosted')
      .map((item) => item.body.replace(/^\S+ received /, 'received '));
    const quarter = schoolYearBody().gradingPeriods.find((period) => period.code === 'Q1')!.name;
    expect(bodies.sort()).toEqual([
      `received C- in Algebra I for ${quarter}. See the report card in the parent portal.`,
      `received D in Algebra I for ${quarter}. See the report card in the parent portal.`,
      'received F in Algebra I for Fall semester. See the report card in the parent portal.',
    ]);
  });

  test('an administrator takes posted final marks back to draft with a reason: the transcript and the completions follow, and posting again restores them', async () => {
    const [ana] = students as [string, string, string];
    const office = system.api.token('school_admin', { schoolIds: [schoolId] });
    const final = `/v1/sections/${sectionId}/marks/S1`;
    const reason = { 'x-change-reason': 'Posted with the wrong scale' };

    expect((await call('POST', `${final}/unpost`, teacherToken, undefined, reason)).status).toBe(403);
    const noReason = await call('POST', `${final}/unpost`, office);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'X-Change-Reason' })]);
    const unposted = await call('POST', `${final}/unpost`, office, undefined, reason);
    expect(unposted.status).toBe(200);
    expect(unposted.body).toEqual({ sectionId, gradingPeriod: 'S1', final: true, unposted: 3, completionsWithdrawn: 3 });
    expect((await call('POST', `${final}/unpost`, office, undefined, reason)).status).toBe(409);

    const drafts = await call('GET', final, teacherToken);
    expect(drafts.body.posted).toBe(false);
    expect(drafts.body.marks.map((mark: { status: string }) => mark.status)).toEqual(['draft', 'draft', 'draft']);
    expect((await call('GET', `/v1/students/${ana}/transcript`, counselor)).body.terms).toEqual([]);

    // The teacher may change a draft again, then posts: the transcript is back.
    const corrected = { marks: [{ studentId: ana, letter: 'A-' }] };
    expect((await call('PUT', final, teacherToken, corrected)).body).toMatchObject({ changed: 1 });
    expect((await call('POST', `${final}/post`, teacherToken)).body).toMatchObject({ posted: 3, completions: 3 });
    const transcript = await call('GET', `/v1/students/${ana}/transcript`, counselor);
    expect(transcript.body.terms).toEqual([
      expect.objectContaining({ termCode: 'S1', courses: [expect.objectContaining({ courseCode: 'ALG1', letter: 'A-' })] }),
    ]);
  });

  test("a parent reads their child's grades with the published work behind them and the posted report cards; another child is a 404", async () => {
    const [ana, ben] = students as [string, string];
    const guardian = await call('POST', '/v1/guardians', admin, guardianBody({ name: { first: 'Berta', last: 'Ortiz' } }));
    expect((await call('POST', `/v1/students/${ben}/guardians`, admin, linkBody(guardian.body.id))).status).toBe(201);
    const parent = system.api.token('parent', { guardianId: guardian.body.id });
    const office = () => system.api.token('school_admin', { schoolIds: [schoolId] });

    const grades = await call('GET', `/v1/me/children/${ben}/grades?schoolYear=2026-2027&term=S1`, parent);
    expect(grades.status).toBe(200);
    const algebra = grades.body.sections.find((section: { sectionId: string }) => section.sectionId === sectionId);
    expect(algebra).toMatchObject({ courseTitle: 'Algebra I', gradebook: true });
    expect(algebra.percent).toEqual(expect.any(Number));
    expect(algebra.explanation.categories.length).toBeGreaterThan(0);
    // Homework 1 was marked missing; the unpublished draft appears nowhere a family can see.
    expect(algebra.work.missing.map((item: { title: string }) => item.title)).toEqual(['Homework 1']);
    const titles = Object.values(algebra.work as Record<string, { title: string }[]>).flatMap((items) => items.map((item) => item.title));
    expect(titles).not.toContain('Draft');
    expect(JSON.stringify(grades.body)).not.toContain('Draft');
    // Without a term, the current one (or the next) is used.
    expect((await call('GET', `/v1/me/children/${ben}/grades`, parent)).status).toBe(200);
    expect((await call('GET', `/v1/me/children/${ben}/grades?schoolYear=2026-2027`, parent)).body.errors).toEqual([
      expect.objectContaining({ field: 'term' }),
    ]);

    // Report cards: the posted Q1 mark as corrected by the office, with its comment, and the final mark.
    const cards = await call('GET', `/v1/me/children/${ben}/report-cards`, parent);
    expect(cards.body.reportCards).toEqual([
      expect.objectContaining({
        termCode: 'S1',
        gradingPeriod: 'Q1',
        marks: [
          expect.objectContaining({ courseCode: 'ALG1', letter: 'C-', final: false, comments: ['Missing homework; improving on tests.'] }),
        ],
      }),
      expect.objectContaining({ termCode: 'S1', gradingPeriod: 'S1', marks: [expect.objectContaining({ letter: 'F', final: true })] }),
    ]);

    // The family linked at enrollment was told of the gradebook's events through the notifier.
    await system.runtime.idle();
    const sent = await call('GET', `/v1/students/${ben}/notifications?limit=100`, office());
    const kinds = new Set(sent.body.items.map((item: { kind: string }) => item.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['missingAssignment', 'lowGrade', 'reportCardPosted']));
    expect(sent.body.items.every((item: { status: string }) => item.status === 'sent')).toBe(true);

    // Another child, and a child who does not exist: the same 404.
    for (const path of [
      `/v1/me/children/${ana}/grades`,
      `/v1/me/children/${ana}/report-cards`,
      '/v1/me/children/01JZZZZZZZZZZZZZZZZZZZZZZZ/grades',
    ]) {
      const refused = await call('GET', path, parent);
      expect(refused.status).toBe(404);
      expect(refused.body.title).toBe('Not found');
    }
  });
  test("a school's own grading scale: the office keeps it, it is the default of the school's sections, and a section may still name the district's", async () => {
    const office = system.api.token('school_admin', { schoolIds: [schoolId] });
    const scale = {
      id: 'lincoln-standard',
      name: 'Lincoln standard',
      bands: [
        { letter: 'A', minPercent: 90 },
        { letter: 'B', minPercent: 80 },
        { letter: 'C', minPercent: 70 },
        { letter: 'D', minPercent: 60 },
        { letter: 'F', minPercent: 0 },
      ],
      isDefault: true,
    };
    const unordered = await call('POST', `/v1/schools/${schoolId}/grading-scales`, office, {
      ...scale,
      bands: [scale.bands[1], scale.bands[0], ...scale.bands.slice(2)],
    });
    expect(unordered.status).toBe(400);
    expect(unordered.body.errors).toEqual([expect.objectContaining({ field: 'bands[1].minPercent' })]);
    expect((await call('POST', `/v1/schools/${schoolId}/grading-scales`, teacherToken, scale)).status).toBe(403);
    expect((await call('POST', `/v1/schools/${schoolId}/grading-scales`, office, scale)).status).toBe(201);
    expect((await call('GET', `/v1/schools/${schoolId}/grading-scales`, office)).body.items).toEqual([
      expect.objectContaining({ id: 'lincoln-standard', isDefault: true }),
    ]);

    const section = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
      courseId,
      schoolYear: '2026-2027',
      termCode: 'S1',
      sectionNumber: '05',
      meetings: [{ period: 'P5', days: ['TUE', 'THU'] }],
    });
    const settings = (extra: Record<string, unknown>) => ({
      mode: 'weighted',
      categories: [{ id: 'hw', name: 'Homework', weight: 100 }],
      missingCountsAsZero: false,
      ...extra,
    });
    const put = (body: unknown) => call('PUT', `/v1/sections/${section.body.id}/gradebook/settings`, admin, body);
    expect((await put(settings({}))).body.effectiveScale).toMatchObject({ id: 'lincoln-standard', bands: scale.bands });
    expect((await put(settings({ scaleId: 'district' }))).body.effectiveScale).toMatchObject({ id: 'district' });
    const unknown = await put(settings({ scaleId: 'no-such-scale' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'scaleId' })]);
  });

  test('an AP course adds its bonus to the weighted GPA only, and an F in it earns no bonus', async () => {
    const [ana, ben] = students as [string, string, string];
    const apTeacher = await call('POST', '/v1/staff', admin, staffBody([schoolId], { name: { first: 'Ada', last: 'Calculus' } }));
    const apToken = system.api.token('teacher', { staffId: apTeacher.body.id, schoolIds: [schoolId] });
    const course = await call('POST', `/v1/schools/${schoolId}/courses`, admin, {
      code: 'APCALC',
      title: 'AP Calculus AB',
      subject: 'math',
      gradeLevels: ['09'],
      credits: 1,
      level: 'ap',
    });
    expect(course.status).toBe(201);
    const section = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
      courseId: course.body.id,
      schoolYear: '2026-2027',
      termCode: 'S1',
      sectionNumber: '01',
      meetings: [{ period: 'P4', days: ['MON', 'WED', 'FRI'] }],
      teachers: [{ staffId: apTeacher.body.id, role: 'primary' }],
    });
    for (const studentId of [ana, ben]) {
      expect((await call('PUT', `/v1/sections/${section.body.id}/students/${studentId}`, admin, {})).status).toBe(200);
    }
    const settings = { mode: 'points', categories: [{ id: 'all', name: 'All work' }], missingCountsAsZero: true };
    expect((await call('PUT', `/v1/sections/${section.body.id}/gradebook/settings`, apToken, settings)).status).toBe(200);
    const final = `/v1/sections/${section.body.id}/marks/S1`;
    const marks = {
      marks: [
        { studentId: ana, letter: 'A' },
        { studentId: ben, letter: 'F' },
      ],
    };
    expect((await call('PUT', final, apToken, marks)).status).toBe(200);
    expect((await call('POST', `${final}/post`, apToken)).body).toMatchObject({ posted: 2 });

    // ana: Algebra I A- (3.7) and AP Calculus A (4.0, weighted 5.0) → 3.85 unweighted, 4.35 weighted.
    const anaTranscript = await call('GET', `/v1/students/${ana}/transcript`, counselor);
    expect(anaTranscript.body.terms).toEqual([
      expect.objectContaining({ termCode: 'S1', creditsAttempted: 2, creditsEarned: 2, unweighted: 3.85, weighted: 4.35 }),
    ]);
    // ben: two Fs; the AP course's bonus does not lift an F.
    expect((await call('GET', `/v1/students/${ben}/transcript`, counselor)).body.cumulative).toMatchObject({
      creditsAttempted: 2,
      creditsEarned: 0,
      unweighted: 0,
      weighted: 0,
    });
  });
});
