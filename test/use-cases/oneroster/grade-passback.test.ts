import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { NotFound } from '../../../domain/errors';
import type { Principal } from '../../../domain/principal';
import {
  createAssignment,
  listAssignments,
  putGradebookSettings,
  readGradebookSettings,
} from '../../../functions/use-cases/gradebook/gradebook-setup';
import { postScores, readScores, scoreHistory } from '../../../functions/use-cases/gradebook/post-scores';
import { sectionGrades } from '../../../functions/use-cases/gradebook/read-grades';
import { putCategory } from '../../../functions/use-cases/oneroster/category-writes';
import { deleteGradebookObject } from '../../../functions/use-cases/oneroster/gradebook-deletes';
import { putLineItem, putResult } from '../../../functions/use-cases/oneroster/gradebook-writes';
import { readCollection, readOne } from '../../../functions/use-cases/oneroster/read';
import { OneRosterStore } from '../../../functions/repositories/oneroster-store';
import { exportOneRoster } from '../../../infra/ops/oneroster-exporter';
import { by } from '../../support/principals';
import { issuesOf, useCaseServices, type UseCaseServices } from '../../support/use-cases';
import { algebraClass, assignment, WEIGHTED, type AlgebraClass } from '../gradebook/algebra-class';

/** A learning platform's client-credentials caller: scopes, no role (the route checked the scopes). */
const LMS: Principal = { sub: 'lms-client', roles: [], schoolIds: [] };
const lms = by(LMS);

const LONG_TITLE = `Chapter 4 project: ${'quadratic functions and their graphs, '.repeat(5)}final draft`;

/**
 * Grade passback over OneRoster 1.2 REST, at the use-case tier: a learning platform PUTs a
 * category, a line item and results under sourcedIds of its own choosing into Algebra I, and the
 * teacher's gradebook holds the same assignment and scores (extra credit, exempt, a long title),
 * while REST serves back exactly what the platform sent. A refused body writes nothing.
 */
describe('OneRoster gradebook writes (grade passback)', () => {
  let world: UseCaseServices;
  let algebra: AlgebraClass;

  const lineItem = (overrides: Record<string, unknown> = {}) => ({
    lineItem: {
      title: 'Quiz 1',
      assignDate: '2026-09-01T00:00:00Z',
      dueDate: '2026-09-04T00:00:00Z',
      class: { sourcedId: algebra.sectionId },
      category: { sourcedId: 'lms-quizzes' },
      resultValueMin: 0,
      resultValueMax: 100,
      ...overrides,
    },
  });
  const result = (studentId: string, overrides: Record<string, unknown> = {}) => ({
    result: { lineItem: { sourcedId: 'lms-quiz-1' }, student: { sourcedId: studentId }, scoreStatus: 'fully graded', ...overrides },
  });

  beforeAll(async () => {
    world = await useCaseServices('oneroster-passback');
    algebra = await algebraClass(world.services);
    await putGradebookSettings(world.services, algebra.sectionId, WEIGHTED, undefined, by(algebra.teacher));
  });
  afterAll(() => world?.drop());

  test("a platform's category and line item land in the class's gradebook and are served back as sent", async () => {
    const { services } = world;
    const { sectionId, teacher } = algebra;

    // A category names no class in 1.2: it is kept, and joins the class with its first line item.
    const category = await putCategory(services, 'lms-quizzes', { category: { title: 'Quizzes', weight: 25 } }, lms);
    expect(category).toMatchObject({ created: true, object: { sourcedId: 'lms-quizzes', title: 'Quizzes', weight: 25, status: 'active' } });
    expect((await readGradebookSettings(services, sectionId, teacher)).categories.map((one) => one.id)).toEqual(['hw', 'tests']);

    const created = await putLineItem(services, 'lms-quiz-1', lineItem({ title: LONG_TITLE }), lms);
    expect(created.created).toBe(true);
    expect(created.object).toMatchObject({
      sourcedId: 'lms-quiz-1',
      title: LONG_TITLE,
      class: { sourcedId: sectionId },
      resultValueMax: 100,
    });

    // The teacher's gradebook: the category, weights scaled with the class's to 100, and the assignment (title cut to the SIS's 100).
    const settings = await readGradebookSettings(services, sectionId, teacher);
    expect(settings.categories).toEqual([
      { id: 'hw', name: 'Homework', weight: 32 },
      { id: 'lms-quizzes', name: 'Quizzes', weight: 20 },
      { id: 'tests', name: 'Tests', weight: 48 },
    ]);
    const [assignment] = (await listAssignments(services, sectionId, teacher)).items as Record<string, unknown>[];
    expect(assignment).toMatchObject({ categoryId: 'lms-quizzes', maxPoints: 100, published: true, dueDate: '2026-09-04' });
    expect(String(assignment!.title)).toHaveLength(100);
    expect(String(assignment!.title).endsWith('…')).toBe(true);

    // Read back over REST: the sourcedId and the whole title the platform sent, in the class's collection too.
    expect(await readOne(services, 'lineItem', 'lineItem', 'lms-quiz-1', undefined)).toMatchObject({ title: LONG_TITLE, status: 'active' });
    const ofClass = await readCollection(services, 'classLineItems', 'lineItem', { classSourcedId: sectionId }, {});
    expect(ofClass.items.map((item) => item.sourcedId)).toEqual(['lms-quiz-1']);

    // The same PUT again replaces nothing: 200, and the assignment keeps its version.
    const again = await putLineItem(services, 'lms-quiz-1', lineItem({ title: LONG_TITLE }), lms);
    expect(again.created).toBe(false);
    const [same] = (await listAssignments(services, sectionId, teacher)).items as Record<string, unknown>[];
    expect(same!.version).toBe(assignment!.version);
  });

  test("results: extra credit, exempt, a correction, each the teacher's score with the platform as its author", async () => {
    const { services } = world;
    const { sectionId, teacher } = algebra;
    const [ana, ben, cy] = algebra.students;
    const assignmentId = String(((await listAssignments(services, sectionId, teacher)).items[0] as Record<string, unknown>).assignmentId);

    expect((await putResult(services, 'r-ana', result(ana, { score: 300, comment: 'Bonus round' }), lms)).created).toBe(true);
    await putResult(services, 'r-ben', result(ben, { scoreStatus: 'exempt', score: 0 }), lms);
    await putResult(services, 'r-cy', result(cy, { score: 55 }), lms);
    const scores = await readScores(services, sectionId, assignmentId, teacher);
    const byStudent = Object.fromEntries(scores.scores.map((score) => [score.studentId, score]));
    expect(byStudent[ana]).toMatchObject({ points: 300, comment: 'Bonus round', updatedBy: 'lms-client' });
    expect(byStudent[ben]).toMatchObject({ status: 'exempt' });
    expect(byStudent[ben]!.points).toBeUndefined();
    expect(byStudent[cy]).toMatchObject({ points: 55 });

    // Served back as sent (ben's 0 with exempt included), under the platform's sourcedIds.
    expect(await readOne(services, 'result', 'result', 'r-ben', undefined)).toMatchObject({
      scoreStatus: 'exempt',
      score: 0,
      lineItem: { sourcedId: 'lms-quiz-1' },
      student: { sourcedId: ben },
    });

    // A correction is a replace (200) kept in the score's history, with the platform and its reason.
    const corrected = await putResult(services, 'r-cy', result(cy, { score: 65 }), lms);
    expect(corrected).toMatchObject({ created: false, object: { score: 65 } });
    const history = await scoreHistory(services, sectionId, assignmentId, cy, teacher);
    expect(history.versions.map((version) => [version.score.points, version.by, version.reason])).toEqual([
      [65, 'lms-client', 'OneRoster grade passback by lms-client'],
      [55, 'lms-client', 'OneRoster grade passback by lms-client'],
    ]);
    // The grade counts the platform's scores like any other.
    const grades = await sectionGrades(services, sectionId, teacher);
    expect(grades.students.find((one: { studentId: string }) => one.studentId === ana)).toBeDefined();
  });

  test("the CSV export writes the platform's objects under its sourcedIds, as sent", async () => {
    const { services, table } = world;
    const out = join(mkdtempSync(join(tmpdir(), 'sis-passback-export-')), 'set');
    await exportOneRoster(services, new OneRosterStore(DynamoDBDocumentClient.from(table.client), table.tableName), out);
    const rowsOf = (file: string) =>
      new Map(
        (parse(readFileSync(join(out, `${file}.csv`)), { columns: true, bom: true }) as Record<string, string>[]).map((row) => [
          row.sourcedId,
          row,
        ]),
      );
    // One row per object: the assignment made of the platform's line item is not exported a second time under its SIS id.
    expect([...rowsOf('lineItems').keys()]).toEqual(['lms-quiz-1']);
    expect(rowsOf('lineItems').get('lms-quiz-1')).toMatchObject({
      title: LONG_TITLE,
      classSourcedId: algebra.sectionId,
      categorySourcedId: 'lms-quizzes',
    });
    expect(rowsOf('results').get('r-ana')).toMatchObject({ score: '300', lineItemSourcedId: 'lms-quiz-1', comment: 'Bonus round' });
    expect(rowsOf('categories').get('lms-quizzes')).toMatchObject({ title: 'Quizzes', weight: '25' });
  });

  test('refuses what it cannot take, naming the field, and writes nothing', async () => {
    const { services } = world;
    const [ana] = algebra.students;
    expect(await issuesOf(putLineItem(services, 'lms-bad', lineItem({ class: { sourcedId: 'no-such-class' } }), lms))).toEqual([
      expect.objectContaining({ field: 'lineItem.class' }),
    ]);
    expect(await issuesOf(putLineItem(services, 'lms-bad', lineItem({ resultValueMax: undefined }), lms))).toEqual([
      expect.objectContaining({ field: 'lineItem.resultValueMax' }),
    ]);
    expect(await issuesOf(putLineItem(services, 'lms-bad', lineItem({ dueDate: '9/4/2026' }), lms))).toEqual([
      expect.objectContaining({ field: 'lineItem.dueDate' }),
    ]);
    expect(await issuesOf(putLineItem(services, 'lms-bad', lineItem({ sourcedId: 'other' }), lms))).toEqual([
      expect.objectContaining({ field: 'lineItem.sourcedId' }),
    ]);
    expect(await issuesOf(putLineItem(services, 'lms-bad', lineItem({ category: { sourcedId: 'never-put' } }), lms))).toEqual([
      expect.objectContaining({ field: 'lineItem.category' }),
    ]);
    expect(await issuesOf(putResult(services, 'r-x', result(ana, { scoreStatus: 'graded' }), lms))).toEqual([
      expect.objectContaining({ field: 'result.scoreStatus' }),
    ]);
    expect(await issuesOf(putResult(services, 'r-x', result('no-such-student'), lms))).toEqual([
      expect.objectContaining({ field: 'result.student' }),
    ]);
    // A result's sourcedId stays with its student.
    expect(await issuesOf(putResult(services, 'r-ana', result(algebra.students[1]), lms))).toEqual([
      expect.objectContaining({ field: 'result' }),
    ]);
    await expect(readOne(services, 'lineItem', 'lineItem', 'lms-bad', undefined)).rejects.toBeInstanceOf(NotFound);
    await expect(readOne(services, 'result', 'result', 'r-x', undefined)).rejects.toBeInstanceOf(NotFound);
  });

  test('DELETE marks tobedeleted: the assignment leaves the grade, a result its score; a PUT brings the line item back', async () => {
    const { services } = world;
    const { sectionId, teacher } = algebra;
    const [ana] = algebra.students;

    await deleteGradebookObject(services, 'results', 'r-ana', lms);
    expect(await readOne(services, 'result', 'result', 'r-ana', undefined)).toMatchObject({ status: 'tobedeleted' });
    const assignmentId = String(((await listAssignments(services, sectionId, teacher)).items[0] as Record<string, unknown>).assignmentId);
    const scores = await readScores(services, sectionId, assignmentId, teacher);
    expect(scores.scores.find((score) => score.studentId === ana)?.points).toBeUndefined();

    await deleteGradebookObject(services, 'lineItems', 'lms-quiz-1', lms);
    await deleteGradebookObject(services, 'lineItems', 'lms-quiz-1', lms);
    expect(await readOne(services, 'lineItem', 'lineItem', 'lms-quiz-1', undefined)).toMatchObject({ status: 'tobedeleted' });
    expect((await listAssignments(services, sectionId, teacher)).items).toEqual([]);
    const deltas = await readCollection(services, 'lineItems', 'lineItem', {}, { filter: "status='tobedeleted'" });
    expect(deltas.items.map((item) => item.sourcedId)).toEqual(['lms-quiz-1']);

    await expect(deleteGradebookObject(services, 'categories', 'never-put', lms)).rejects.toBeInstanceOf(NotFound);

    const back = await putLineItem(services, 'lms-quiz-1', lineItem({ title: 'Quiz 1 (again)' }), lms);
    expect(back).toMatchObject({ created: false, object: { status: 'active', title: 'Quiz 1 (again)' } });
    expect((await listAssignments(services, sectionId, teacher)).items).toEqual([expect.objectContaining({ title: 'Quiz 1 (again)' })]);
  });

  test('DELETE of what the teacher made in the SIS: the platform sees it go, the score and the assignment leave the grade, the class keeps its category', async () => {
    const { services } = world;
    const { sectionId, teacher } = algebra;
    const [ana, ben] = algebra.students;
    const made = await createAssignment(services, sectionId, assignment({ title: 'Homework 2' }), by(teacher));
    const assignmentId = made.result.assignmentId;
    await postScores(
      services,
      sectionId,
      assignmentId,
      {
        scores: [
          { studentId: ana, points: 7 },
          { studentId: ben, points: 8 },
        ],
      },
      by(teacher),
    );
    // Served over REST under the SIS's ids, with no row of the platform's behind them.
    const items = await readCollection(services, 'classLineItems', 'lineItem', { classSourcedId: sectionId }, {});
    const homework = items.items.find((item) => item.title === 'Homework 2')!;
    expect(homework).toMatchObject({ status: 'active', category: { sourcedId: `${sectionId}.hw` } });
    const results = await readCollection(
      services,
      'classLineItemResults',
      'result',
      { classSourcedId: sectionId, lineItemSourcedId: String(homework.sourcedId) },
      {},
    );
    const resultOf = (student: string) => results.items.find((one) => (one.student as { sourcedId: string }).sourcedId === student)!;
    expect(resultOf(ana)).toMatchObject({ score: 7, status: 'active' });

    await deleteGradebookObject(services, 'results', String(resultOf(ana).sourcedId), lms);
    expect(await readOne(services, 'result', 'result', String(resultOf(ana).sourcedId), undefined)).toMatchObject({
      status: 'tobedeleted',
    });
    const scores = await readScores(services, sectionId, assignmentId, teacher);
    expect(scores.scores.find((score) => score.studentId === ana)?.points).toBeUndefined();
    expect(scores.scores.find((score) => score.studentId === ben)?.points).toBe(8);
    // The teacher's score history keeps the cleared version, written by the platform.
    const history = await scoreHistory(services, sectionId, assignmentId, ana, teacher);
    expect(history.versions.map((version) => [version.score.points, version.by])).toEqual([
      [undefined, 'lms-client'],
      [7, teacher.sub],
    ]);

    await deleteGradebookObject(services, 'lineItems', String(homework.sourcedId), lms);
    await deleteGradebookObject(services, 'lineItems', String(homework.sourcedId), lms);
    expect(await readOne(services, 'lineItem', 'lineItem', String(homework.sourcedId), undefined)).toMatchObject({ status: 'tobedeleted' });
    const left = (await listAssignments(services, sectionId, teacher)).items as Record<string, unknown>[];
    expect(left.map((one) => one.title)).not.toContain('Homework 2');

    // A category of the class's own settings: the platform sees it go; the teacher's gradebook keeps it with its assignments.
    await deleteGradebookObject(services, 'categories', `${sectionId}.hw`, lms);
    expect(await readOne(services, 'category', 'category', `${sectionId}.hw`, undefined)).toMatchObject({ status: 'tobedeleted' });
    expect((await readGradebookSettings(services, sectionId, teacher)).categories.map((one) => one.id)).toContain('hw');

    await expect(deleteGradebookObject(services, 'results', 'no-such-result', lms)).rejects.toBeInstanceOf(NotFound);
  });
});
