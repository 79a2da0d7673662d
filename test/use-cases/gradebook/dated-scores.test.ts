import { Invalid } from '../../../domain/errors';
import { createAssignment, putGradebookSettings } from '../../../functions/use-cases/gradebook/gradebook-setup';
import { postScores, readScores } from '../../../functions/use-cases/gradebook/post-scores';
import { enterMarks, postMarks, readMarks } from '../../../functions/use-cases/gradebook/term-marks';
import { assignStudent } from '../../../functions/use-cases/scheduling/assign-student';
import { dropStudent } from '../../../functions/use-cases/scheduling/drop-student';
import { newEnrollmentBody } from '../../support/fixtures';
import { by } from '../../support/principals';
import { seedEnrollment } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';
import { algebraClass, assignment, WEIGHTED, type AlgebraClass } from './algebra-class';

/**
 * An assignment's scores go to the students in the class while it was open (decision 0131): one
 * who has left since still gets their score, one who came after is not expected to hand it in.
 */
describe('scores against the roster of the assignment', () => {
  let world: UseCaseServices;
  let algebra: AlgebraClass;

  beforeAll(async () => {
    world = await useCaseServices('dated-scores');
    algebra = await algebraClass(world.services);
  });
  afterAll(() => world?.drop());

  test('a student who left is scored on the work of their days, and a student who came after only on later work', async () => {
    const { services } = world;
    const { sectionId, teacher, office, schoolId } = algebra;
    const [ana, ben] = algebra.students;
    await putGradebookSettings(services, sectionId, WEIGHTED, undefined, by(teacher));
    // Homework 1 is open from 1 to 8 September; Homework 2 from 21 to 25 September.
    const first = (await createAssignment(services, sectionId, assignment(), by(teacher))).result.assignmentId as string;
    const later = assignment({ title: 'Homework 2', assignedDate: '2026-09-21', dueDate: '2026-09-25' });
    const second = (await createAssignment(services, sectionId, later, by(teacher))).result.assignmentId as string;
    const atMonday = world.at(new Date('2026-09-14T15:00:00Z'));
    await dropStudent(atMonday, sectionId, ben, { reason: 'Moved to geometry', exitDate: '2026-09-11' }, by(office));
    const arrival = await seedEnrollment({ services }, newEnrollmentBody(schoolId, { gradeLevel: '09', entryDate: '2026-09-15' }));
    const eve = arrival.studentId!;
    await assignStudent(services, sectionId, eve, {}, by(office));

    expect((await readScores(services, sectionId, first, teacher)).unscored).toEqual(expect.arrayContaining([ana, ben]));
    expect((await readScores(services, sectionId, first, teacher)).unscored).not.toContain(eve);
    await postScores(services, sectionId, first, { scores: [{ studentId: ben, points: 8 }] }, by(teacher));
    const refused = await postScores(services, sectionId, first, { scores: [{ studentId: eve, points: 8 }] }, by(teacher)).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).issues).toEqual([
      { field: 'scores[0].studentId', message: "was not on the section's roster while the assignment was open (2026-09-01 to 2026-09-08)" },
    ]);

    expect((await readScores(services, sectionId, second, teacher)).unscored).toEqual(expect.arrayContaining([ana, eve]));
    expect((await readScores(services, sectionId, second, teacher)).unscored).not.toContain(ben);
    await postScores(services, sectionId, second, { scores: [{ studentId: eve, points: 9 }] }, by(teacher));
  });

  test("a grading period's marks: one who left during it may have one and need not; one who came after it ended cannot", async () => {
    const { services } = world;
    const { sectionId, teacher, office, schoolId } = algebra;
    const [ana, ben, cy] = algebra.students;
    // Q1 runs from 24 August to 23 October; Ben left on 11 September (above); Fay arrives on 26 October.
    const arrival = await seedEnrollment({ services }, newEnrollmentBody(schoolId, { gradeLevel: '09', entryDate: '2026-10-26' }));
    const fay = arrival.studentId!;
    const afterQ1 = world.at(new Date('2026-10-27T15:00:00Z'));
    await assignStudent(afterQ1, sectionId, fay, {}, by(office));

    const eve = (await readMarks(afterQ1, sectionId, 'Q1', teacher)).unmarked.find((id) => ![ana, ben, cy].includes(id))!;
    expect((await readMarks(afterQ1, sectionId, 'Q1', teacher)).unmarked.sort()).toEqual([ana, cy, eve].sort());
    const refused = await enterMarks(afterQ1, sectionId, 'Q1', { marks: [{ studentId: fay, letter: 'B' }] }, by(teacher)).catch(
      (error: unknown) => error,
    );
    expect((refused as Invalid).issues).toEqual([
      { field: 'marks[0].studentId', message: "was not on the section's roster during Q1 (2026-08-24 to 2026-10-23)" },
    ]);
    const letters = [ana, ben, cy, eve].map((studentId) => ({ studentId, letter: 'B' as const }));
    await enterMarks(afterQ1, sectionId, 'Q1', { marks: letters }, by(teacher));
    expect(await postMarks(afterQ1, sectionId, 'Q1', by(teacher))).toMatchObject({ result: { posted: 4 } });
  });
});
