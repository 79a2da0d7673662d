import { Conflict, Forbidden, Invalid, NotFound } from '../../../domain/errors';
import { guardianLinkType, guardianType } from '../../../domain/records/record-types';
import { AssignmentRefused } from '../../../domain/scheduling/errors';
import { parseOrThrow } from '../../../domain/validation';
import { ChildGradesQuery, childGrades, childReportCards } from '../../../functions/use-cases/family/child-grades';
import { putGradebookSettings } from '../../../functions/use-cases/gradebook/gradebook-setup';
import { enterMarks, postMarks, readMarks } from '../../../functions/use-cases/gradebook/term-marks';
import { studentTranscript } from '../../../functions/use-cases/gradebook/transcript';
import { unpostMarks } from '../../../functions/use-cases/gradebook/unpost-marks';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { assignStudent } from '../../../functions/use-cases/scheduling/assign-student';
import { guardianBody, linkBody } from '../../support/fixtures';
import { as, by } from '../../support/principals';
import { seedCourse, seedRoster, seedSection, seedStaff } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';
import { gradedAlgebraClass } from './algebra-class';

/**
 * Report-card marks, transcripts and what a family reads of them: marks computed or entered,
 * posted and locked, changed by an administrator with a reason, taken back to draft; final marks
 * that make the transcript and the course completions scheduling checks; an AP course's bonus.
 * Each test carries on from the one before, as a term does.
 */
describe('gradebook: report cards and transcripts', () => {
  let world: UseCaseServices;
  let algebra: Awaited<ReturnType<typeof gradedAlgebraClass>>;
  const admin = as.districtAdmin();

  const refusal = async (attempt: Promise<unknown>) =>
    attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

  beforeAll(async () => {
    world = await useCaseServices('report-cards');
    algebra = await gradedAlgebraClass(world.services);
  });
  afterAll(() => world?.drop());

  test('report-card marks: accept computed ones, post them (locked), change one only as an administrator with a reason; final marks make the transcript', async () => {
    const { services } = world;
    const { sectionId, courseId, schoolId, teacher, counselor, office } = algebra;
    const [ana, ben, cy] = algebra.students;
    const enter = (period: string, marks: unknown[], principal = teacher, reason?: string) =>
      enterMarks(services, sectionId, period, { marks }, by(principal, reason));
    const post = (period: string, principal = teacher) => postMarks(services, sectionId, period, by(principal));

    // Q1: ana and cy accept the computed marks, ben gets an entered one with a comment.
    const q1 = [
      { studentId: ana },
      { studentId: ben, letter: 'D', comments: ['Missing homework; improving on tests.'] },
      { studentId: cy },
    ];
    await expect(enter('Q9', q1)).rejects.toBeInstanceOf(NotFound);
    expect((await enter('Q1', q1)).result).toMatchObject({ final: false, added: 3, changed: 0 });
    expect((await enter('Q1', q1)).result).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
    const entered = await readMarks(services, sectionId, 'Q1', counselor);
    expect(entered).toMatchObject({ posted: false, unmarked: [] });
    expect(entered.marks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ studentId: ana, letter: 'B+', percent: 88.8, source: 'computed', status: 'draft' }),
        expect.objectContaining({ studentId: ben, letter: 'D', source: 'entered', comments: ['Missing homework; improving on tests.'] }),
      ]),
    );

    // Posting locks the period: a teacher can no longer change a mark, an administrator can with a reason.
    await expect(post('Q1', counselor)).rejects.toBeInstanceOf(Forbidden);
    expect((await post('Q1')).result).toMatchObject({ posted: 3, completions: 0 });
    await expect(post('Q1')).rejects.toBeInstanceOf(Conflict);
    const change = [{ studentId: ben, letter: 'C-', comments: ['Missing homework; improving on tests.'] }];
    await expect(enter('Q1', change, teacher, 'Late work accepted')).rejects.toBeInstanceOf(Forbidden);
    const noReason = await refusal(enter('Q1', change, office));
    expect(noReason).toBeInstanceOf(Invalid);
    expect((noReason as Invalid).issues).toEqual([expect.objectContaining({ field: 'X-Change-Reason' })]);
    expect((await enter('Q1', change, office, 'Late work accepted')).result).toMatchObject({ changed: 1 });
    expect((await readMarks(services, sectionId, 'Q1', teacher)).marks).toEqual(
      expect.arrayContaining([expect.objectContaining({ studentId: ben, letter: 'C-', status: 'posted' })]),
    );

    // Final marks (the term's code) posted: they make the transcript and the course completions.
    expect((await enter('S1', [{ studentId: ana }, { studentId: ben, letter: 'F' }, { studentId: cy, letter: 'A' }])).result).toMatchObject(
      {
        final: true,
        added: 3,
      },
    );
    expect((await post('S1')).result).toMatchObject({ posted: 3, completions: 3 });
    const transcript = await studentTranscript(services, ana, counselor);
    expect(transcript.terms).toEqual([
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
    expect(transcript.cumulative).toMatchObject({ unweighted: 3.3, creditsEarned: 1 });
    expect((await studentTranscript(services, ben, counselor)).cumulative).toMatchObject({
      creditsAttempted: 1,
      creditsEarned: 0,
      unweighted: 0,
    });

    // Scheduling now knows: ana passed Algebra I and cannot take it again; ben, who failed, can.
    const spring = await seedSection(services, schoolId, courseId, {
      termCode: 'S2',
      period: 'P3',
      meetings: [{ period: 'P3', days: ['MON', 'WED', 'FRI'] }],
    });
    const retake = await refusal(assignStudent(services, spring, ana, {}, by(admin)));
    expect(retake).toBeInstanceOf(AssignmentRefused);
    expect(JSON.stringify((retake as AssignmentRefused).refusals)).toContain('already-passed');
    await assignStudent(services, spring, ben, {}, by(admin));
  });

  test('an administrator takes posted final marks back to draft with a reason: the transcript and the completions follow, and posting again restores them', async () => {
    const { services } = world;
    const { sectionId, teacher, counselor, office } = algebra;
    const [ana] = algebra.students;
    const reason = 'Posted with the wrong scale';
    const unpost = (principal = office) => unpostMarks(services, sectionId, 'S1', by(principal, reason));

    await expect(unpost(teacher)).rejects.toBeInstanceOf(Forbidden);
    const noReason = await refusal(unpostMarks(services, sectionId, 'S1', by(office)));
    expect(noReason).toBeInstanceOf(Invalid);
    expect((noReason as Invalid).issues).toEqual([expect.objectContaining({ field: 'X-Change-Reason' })]);
    expect((await unpost()).result).toEqual({ sectionId, gradingPeriod: 'S1', final: true, unposted: 3, completionsWithdrawn: 3 });
    await expect(unpost()).rejects.toBeInstanceOf(Conflict);

    const drafts = await readMarks(services, sectionId, 'S1', teacher);
    expect(drafts.posted).toBe(false);
    expect(drafts.marks.map((mark) => mark.status)).toEqual(['draft', 'draft', 'draft']);
    expect((await studentTranscript(services, ana, counselor)).terms).toEqual([]);

    // The teacher may change a draft again, then posts: the transcript is back.
    expect((await enterMarks(services, sectionId, 'S1', { marks: [{ studentId: ana, letter: 'A-' }] }, by(teacher))).result).toMatchObject({
      changed: 1,
    });
    expect((await postMarks(services, sectionId, 'S1', by(teacher))).result).toMatchObject({ posted: 3, completions: 3 });
    expect((await studentTranscript(services, ana, counselor)).terms).toEqual([
      expect.objectContaining({ termCode: 'S1', courses: [expect.objectContaining({ courseCode: 'ALG1', letter: 'A-' })] }),
    ]);
  });

  test("a parent reads their child's grades with the published work behind them and the posted report cards; another child is a 404", async () => {
    const { services } = world;
    const { sectionId } = algebra;
    const [ana, ben] = algebra.students;
    const guardian = (await createRecord(services, guardianType, {}, guardianBody({ name: { first: 'Berta', last: 'Ortiz' } }), by(admin)))
      .result;
    await createRecord(services, guardianLinkType, { studentId: ben }, linkBody(guardian.record.id as string), by(admin));
    const parent = as.parent(guardian.record.id as string);

    const grades = await childGrades(services, parent, ben, { schoolYear: '2026-2027', term: 'S1' });
    const algebraGrades = grades.sections.find((section: { sectionId: string }) => section.sectionId === sectionId) as any;
    expect(algebraGrades).toMatchObject({ courseTitle: 'Algebra I', gradebook: true });
    expect(algebraGrades.percent).toEqual(expect.any(Number));
    expect(algebraGrades.explanation.categories.length).toBeGreaterThan(0);
    // Homework 1 was marked missing; the unpublished draft appears nowhere a family can see.
    expect(algebraGrades.work.missing.map((item: { title: string }) => item.title)).toEqual(['Homework 1']);
    const titles = Object.values(algebraGrades.work as Record<string, { title: string }[]>).flatMap((items) =>
      items.map((item) => item.title),
    );
    expect(titles).not.toContain('Draft');
    expect(JSON.stringify(grades)).not.toContain('Draft');
    // Without a term, the current one (or the next) is used.
    await childGrades(services, parent, ben, {});
    // The query the route parses before it calls the use case: a year without its term is refused, naming the term.
    const noTerm = await refusal(Promise.resolve().then(() => parseOrThrow(ChildGradesQuery, { schoolYear: '2026-2027' })));
    expect((noTerm as Invalid).issues).toEqual([expect.objectContaining({ field: 'term' })]);

    // Report cards: the posted Q1 mark as corrected by the office, with its comment, and the final mark.
    expect((await childReportCards(services, parent, ben)).reportCards).toEqual([
      expect.objectContaining({
        termCode: 'S1',
        gradingPeriod: 'Q1',
        marks: [
          expect.objectContaining({ courseCode: 'ALG1', letter: 'C-', final: false, comments: ['Missing homework; improving on tests.'] }),
        ],
      }),
      expect.objectContaining({ termCode: 'S1', gradingPeriod: 'S1', marks: [expect.objectContaining({ letter: 'F', final: true })] }),
    ]);

    // Another child, and a child who does not exist: the same 404.
    for (const read of [
      () => childGrades(services, parent, ana, {}),
      () => childReportCards(services, parent, ana),
      () => childGrades(services, parent, '01JZZZZZZZZZZZZZZZZZZZZZZZ', {}),
    ])
      await expect(read()).rejects.toBeInstanceOf(NotFound);
  });

  test('an AP course adds its bonus to the weighted GPA only, and an F in it earns no bonus', async () => {
    const { services } = world;
    const { schoolId, counselor } = algebra;
    const [ana, ben] = algebra.students;
    const apTeacherId = await seedStaff(services, [schoolId], { name: { first: 'Ada', last: 'Calculus' } });
    const apTeacher = as.teacher(apTeacherId, schoolId);
    const course = await seedCourse(services, schoolId, 'APCALC', { title: 'AP Calculus AB', subject: 'math', level: 'ap' });
    const sectionId = await seedSection(services, schoolId, course, {
      period: 'P4',
      meetings: [{ period: 'P4', days: ['MON', 'WED', 'FRI'] }],
      teachers: [{ staffId: apTeacherId, role: 'primary' }],
    });
    await seedRoster(services, sectionId, [ana, ben]);
    const settings = { mode: 'points', categories: [{ id: 'all', name: 'All work' }], missingCountsAsZero: true };
    await putGradebookSettings(services, sectionId, settings, undefined, by(apTeacher));
    const marks = [
      { studentId: ana, letter: 'A' },
      { studentId: ben, letter: 'F' },
    ];
    await enterMarks(services, sectionId, 'S1', { marks }, by(apTeacher));
    expect((await postMarks(services, sectionId, 'S1', by(apTeacher))).result).toMatchObject({ posted: 2 });

    // ana: Algebra I A- (3.7) and AP Calculus A (4.0, weighted 5.0) → 3.85 unweighted, 4.35 weighted.
    expect((await studentTranscript(services, ana, counselor)).terms).toEqual([
      expect.objectContaining({ termCode: 'S1', creditsAttempted: 2, creditsEarned: 2, unweighted: 3.85, weighted: 4.35 }),
    ]);
    // ben: two Fs; the AP course's bonus does not lift an F.
    expect((await studentTranscript(services, ben, counselor)).cumulative).toMatchObject({
      creditsAttempted: 2,
      creditsEarned: 0,
      unweighted: 0,
      weighted: 0,
    });
  });
});
