import { Conflict, Forbidden } from '../../../domain/errors';
import { gradingScaleType } from '../../../domain/records/record-types';
import {
  createAssignment,
  deleteAssignment,
  listAssignments,
  putGradebookSettings,
  readGradebookSettings,
  restoreAssignment,
} from '../../../functions/use-cases/gradebook/gradebook-setup';
import { postScores, scoreHistory } from '../../../functions/use-cases/gradebook/post-scores';
import { sectionGrades, studentGrades } from '../../../functions/use-cases/gradebook/read-grades';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { listRecords } from '../../../functions/use-cases/records/list-records';
import { as, by } from '../../support/principals';
import { seedSection } from '../../support/seed';
import { issuesOf, useCaseServices, type UseCaseServices } from '../../support/use-cases';
import { algebraClass, assignment, WEIGHTED, type AlgebraClass } from './algebra-class';

/**
 * The gradebook as a teacher uses it: categories and a scale, assignments, the class's scores
 * (again: nothing changes; a correction needs a reason and is kept), and the grades with their
 * explanation, as the teacher, a counselor and the office read them. The notices these set off are
 * the e2e tier's (test/e2e/gradebook.test.ts).
 */
describe('gradebook: scores and grades', () => {
  let world: UseCaseServices;
  let algebra: AlgebraClass;

  beforeAll(async () => {
    world = await useCaseServices('gradebook');
    algebra = await algebraClass(world.services);
  });
  afterAll(() => world?.drop());

  test('a teacher sets up a gradebook, posts two assignments, corrects a score with a reason, and reads the explained grades', async () => {
    const { services } = world;
    const { sectionId, teacher, otherTeacher, counselor } = algebra;
    const [ana, ben, cy] = algebra.students;
    const settings = (body: unknown, principal = teacher) => putGradebookSettings(services, sectionId, body, undefined, by(principal));

    // Settings: weights must sum to 100; only the section's teacher writes; the counselor reads.
    expect(await issuesOf(settings({ ...WEIGHTED, categories: [{ id: 'hw', name: 'Homework', weight: 40 }] }))).toEqual([
      expect.objectContaining({ field: 'categories', message: expect.stringContaining('sum to 100') }),
    ]);
    await expect(settings(WEIGHTED, otherTeacher)).rejects.toBeInstanceOf(Forbidden);
    await expect(settings(WEIGHTED, counselor)).rejects.toBeInstanceOf(Forbidden);
    expect((await settings(WEIGHTED)).result).toMatchObject({
      version: 1,
      effectiveScale: { id: 'district' },
      effectiveLowGradeThreshold: 70,
    });
    expect((await settings(WEIGHTED)).result.version).toBe(1);
    expect(((await readGradebookSettings(services, sectionId, counselor)) as any).categories).toHaveLength(2);

    // Assignments: in one of the categories.
    const add = async (overrides: Record<string, unknown>) =>
      (await createAssignment(services, sectionId, assignment(overrides), by(teacher))).result.assignmentId as string;
    expect(await issuesOf(add({ categoryId: 'quizzes' }))).toEqual([expect.objectContaining({ field: 'categoryId' })]);
    const hw1 = await add({});
    const test1 = await add({ title: 'Unit test 1', categoryId: 'tests', dueDate: '2026-09-18', maxPoints: 100 });
    await add({ title: 'Draft', published: false });
    expect((await listAssignments(services, sectionId, counselor)).items.map((item: any) => item.title)).toEqual([
      'Homework 1',
      'Draft',
      'Unit test 1',
    ]);

    // Scores: the whole roster at once; the same body again writes nothing.
    const post = (assignmentId: string, scores: unknown[], principal = teacher, reason?: string) =>
      postScores(services, sectionId, assignmentId, { scores }, by(principal, reason));
    const homework = [
      { studentId: ana, points: 9 },
      { studentId: ben, status: 'missing' },
      { studentId: cy, points: 10 },
    ];
    expect((await post(hw1, homework)).result).toMatchObject({ added: 3, corrected: 0, unchanged: 0, missing: 1, lowGrades: 1 });
    expect((await post(hw1, homework)).result).toMatchObject({ added: 0, corrected: 0, unchanged: 3, missing: 0, lowGrades: 0 });
    const tests = [
      { studentId: ana, points: 85 },
      { studentId: ben, points: 50 },
      { studentId: cy, points: 95 },
    ];
    expect((await post(test1, tests)).result).toMatchObject({ added: 3, lowGrades: 0 });

    // Refused: too many points, a student not on the roster, another teacher.
    expect(await issuesOf(post(hw1, [{ studentId: ana, points: 11 }]))).toEqual([expect.objectContaining({ field: 'scores[0].points' })]);
    expect(await issuesOf(post(hw1, [{ studentId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', points: 5 }]))).toEqual([
      expect.objectContaining({ field: 'scores[0].studentId' }),
    ]);
    await expect(post(hw1, homework, otherTeacher)).rejects.toBeInstanceOf(Forbidden);

    // A correction needs a reason, and the previous score stays in the history with who and why.
    const correction = [{ studentId: ana, points: 88 }];
    expect(await issuesOf(post(test1, correction))).toEqual([expect.objectContaining({ field: 'X-Change-Reason' })]);
    expect((await post(test1, correction, teacher, 'Regraded question 4')).result).toMatchObject({ added: 0, corrected: 1, unchanged: 0 });
    expect((await scoreHistory(services, sectionId, test1, ana, counselor)).versions).toEqual([
      expect.objectContaining({ version: 2, reason: 'Regraded question 4', score: { studentId: ana, points: 88 } }),
      expect.objectContaining({ version: 1, score: { studentId: ana, points: 85 } }),
    ]);

    // The class's grades, explained: ana 40 × 90 % + 60 × 88 % = 88.8 (B+); ben's missing homework counts as zero.
    const gradeOf = async (studentId: string) =>
      (await sectionGrades(services, sectionId, teacher)).students.find((row) => row.studentId === studentId)!;
    expect(await gradeOf(ana)).toMatchObject({ percent: 88.8, letter: 'B+', belowThreshold: false });
    expect(await gradeOf(ben)).toMatchObject({ percent: 30, letter: 'F', belowThreshold: true });
    expect(await gradeOf(cy)).toMatchObject({ percent: 97, letter: 'A+' });
    expect((await gradeOf(ana)).explanation.categories).toEqual([
      expect.objectContaining({ id: 'hw', weight: 40, percent: 90, earned: 9, possible: 10 }),
      expect.objectContaining({
        id: 'tests',
        weight: 60,
        percent: 88,
        items: [expect.objectContaining({ title: 'Unit test 1', points: 88 })],
      }),
    ]);
    expect((await gradeOf(ben)).explanation.categories[0]!.items).toEqual([
      expect.objectContaining({ status: 'missing', points: 0, why: 'missing, counted as zero' }),
    ]);

    // A deleted assignment leaves the grade (its empty category too) and comes back with its scores when restored.
    await deleteAssignment(services, sectionId, hw1, undefined, by(teacher));
    expect(await gradeOf(ana)).toMatchObject({ percent: 88 });
    await expect(restoreAssignment(services, sectionId, hw1, undefined, by(otherTeacher))).rejects.toBeInstanceOf(Forbidden);
    const restored = await restoreAssignment(services, sectionId, hw1, undefined, by(teacher));
    expect(restored.result).toMatchObject({ assignmentId: hw1, title: 'Homework 1' });
    expect(restored.result.deletedAt).toBeUndefined();
    await expect(restoreAssignment(services, sectionId, hw1, undefined, by(teacher))).rejects.toBeInstanceOf(Conflict);
    expect(await gradeOf(ana)).toMatchObject({ percent: 88.8 });

    // One student's grades for the term, as a counselor sees them.
    const mine = await studentGrades(services, ana, { schoolYear: '2026-2027', term: 'S1' }, counselor);
    expect(mine.sections).toEqual([expect.objectContaining({ sectionId, courseTitle: 'Algebra I', percent: 88.8, letter: 'B+' })]);
    await issuesOf(studentGrades(services, ana, { schoolYear: '2026-2027' }, counselor));
    await expect(sectionGrades(services, sectionId, otherTeacher)).rejects.toBeInstanceOf(Forbidden);
  });

  test("a school's own grading scale: the office keeps it, it is the default of the school's sections, and a section may still name the district's", async () => {
    const { services } = world;
    const { schoolId, courseId, office, teacher } = algebra;
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
    const keep = (body: unknown, principal = office) => createRecord(services, gradingScaleType, { schoolId }, body, by(principal));
    expect(await issuesOf(keep({ ...scale, bands: [scale.bands[1], scale.bands[0], ...scale.bands.slice(2)] }))).toEqual([
      expect.objectContaining({ field: 'bands[1].minPercent' }),
    ]);
    await expect(keep(scale, teacher)).rejects.toBeInstanceOf(Forbidden);
    await keep(scale);
    const scales = await listRecords(services, 'gradingScalesOfSchool', { schoolId }, { limit: 25 }, office, {
      resource: 'calendar',
      action: 'list',
    });
    expect(scales.items).toEqual([expect.objectContaining({ id: 'lincoln-standard', isDefault: true })]);

    const sectionId = await seedSection(services, schoolId, courseId, {
      number: '05',
      period: 'P5',
      meetings: [{ period: 'P5', days: ['TUE', 'THU'] }],
    });
    const settings = (extra: Record<string, unknown>) => ({
      mode: 'weighted',
      categories: [{ id: 'hw', name: 'Homework', weight: 100 }],
      missingCountsAsZero: false,
      ...extra,
    });
    const put = (body: unknown) => putGradebookSettings(services, sectionId, body, undefined, by(as.districtAdmin()));
    expect((await put(settings({}))).result.effectiveScale).toMatchObject({ id: 'lincoln-standard', bands: scale.bands });
    expect((await put(settings({ scaleId: 'district' }))).result.effectiveScale).toMatchObject({ id: 'district' });
    expect(await issuesOf(put(settings({ scaleId: 'no-such-scale' })))).toEqual([expect.objectContaining({ field: 'scaleId' })]);
  });
});
