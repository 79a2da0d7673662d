import { Forbidden, Invalid } from '../../../domain/errors';
import { transferCreditType } from '../../../domain/records/record-types';
import { studentTranscript } from '../../../functions/use-cases/gradebook/transcript';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { deleteRecord } from '../../../functions/use-cases/records/delete-record';
import { transferCreditBody } from '../../support/access-matrix/district';
import { as, by } from '../../support/principals';
import { seedHighSchool, seedStaff, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * A student who arrives with a prior school's transcript: the counselor records its courses, and the
 * transcript shows them beside the district's marks, each naming its school, with the credits and
 * GPAs recomputed; a course kept out of the GPA adds its credits only.
 */
describe('gradebook: transfer credit', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let studentId: string;

  beforeAll(async () => {
    world = await useCaseServices('transfer-credit');
    schoolId = await seedHighSchool(world.services, 'Transfer High', { gradeLevels: ['09'] });
    [studentId] = (await seedStudents(world.services, schoolId, 1)) as [string];
  });
  afterAll(() => world?.drop());

  const record = (body: unknown, principal = as.counselor(schoolId)) =>
    createRecord(world.services, transferCreditType, { studentId }, body, by(principal));

  test('the counselor records a prior school’s courses; the transcript names the school and the GPA counts them as told', async () => {
    const counselor = as.counselor(schoolId);
    const algebra = await record({ ...transferCreditBody('ALG1'), mark: 'A', credits: 1, courseLevel: 'honors' });
    const art = await record({ ...transferCreditBody('ART'), courseTitle: 'Studio Art', mark: 'C', credits: 0.5, countsTowardGpa: false });
    const english = await record({ ...transferCreditBody('ENG8'), courseTitle: 'English 8', mark: 'B', credits: 1 });

    const transcript = await studentTranscript(world.services, studentId, counselor);
    expect(transcript.terms).toHaveLength(1);
    const [term] = transcript.terms;
    expect(term).toMatchObject({ schoolYear: '2025-2026', termCode: 'Year', creditsAttempted: 2.5, creditsEarned: 2.5, gpaCredits: 2 });
    expect(term!.courses.map((course) => [course.courseCode, course.letter, course.countsTowardGpa])).toEqual([
      ['ALG1', 'A', true],
      ['ART', 'C', false],
      ['ENG8', 'B', true],
    ]);
    expect(term!.courses[0]).toMatchObject({
      courseLevel: 'honors',
      transfer: {
        transferCreditId: algebra.result.ids.transferCreditId,
        sourceSchool: { name: 'Jefferson Middle School', state: 'IL', country: 'US' },
      },
    });
    // A (4.0) and B (3.0) over two credits; the honors bonus only in the weighted GPA; the C kept out of both.
    expect(transcript.cumulative).toMatchObject({ creditsEarned: 2.5, unweighted: 3.5, weighted: 3.75 });

    // A credit entered by mistake is deleted; the transcript follows.
    await deleteRecord(
      world.services,
      transferCreditType,
      { studentId, transferCreditId: english.result.ids.transferCreditId! },
      english.result.version,
      by(counselor),
    );
    expect((await studentTranscript(world.services, studentId, counselor)).cumulative).toMatchObject({
      creditsEarned: 1.5,
      gpaCredits: 1,
      unweighted: 4,
    });
    expect(art.result.ids.transferCreditId).toEqual(expect.any(String));
  });

  test('only the office and counselors of the student’s school record credits; a mark outside the district’s table is refused', async () => {
    const teacher = as.teacher(await seedStaff(world.services, [schoolId]), schoolId);
    await expect(record(transferCreditBody('BIO'), teacher)).rejects.toBeInstanceOf(Forbidden);
    await expect(record(transferCreditBody('BIO'), as.counselor('another-school'))).rejects.toBeInstanceOf(Forbidden);
    const refused = await record({ ...transferCreditBody('BIO'), mark: 'S+', credits: 0.3 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).issues.map((issue) => issue.field).sort()).toEqual(['credits', 'mark']);
  });
});
