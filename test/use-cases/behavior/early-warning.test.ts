import { Forbidden, Invalid } from '../../../domain/errors';
import { BEHAVIOR } from '../../../domain/records/confidential-types';
import { takeAttendance } from '../../../functions/use-cases/attendance/take-attendance';
import { behaviorWrites } from '../../../functions/use-cases/behavior/behavior-records';
import { earlyWarning, EarlyWarningQuery } from '../../../functions/use-cases/behavior/early-warning';
import { createConfidential } from '../../../functions/use-cases/confidential/write-confidential';
import { enterMarks, postMarks } from '../../../functions/use-cases/gradebook/term-marks';
import { unpostMarks } from '../../../functions/use-cases/gradebook/unpost-marks';
import { by } from '../../support/principals';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';
import { gradedAlgebraClass } from '../gradebook/algebra-class';

/** Twelve Algebra days of September and October 2026 (Mondays, Wednesdays, Fridays; Labor Day left out). */
const DAYS = ['09-09', '09-11', '09-14', '09-16', '09-18', '09-21', '09-23', '09-25', '09-28', '09-30', '10-02', '10-05'].map(
  (day) => `2026-${day}`,
);

/**
 * The early-warning list (issue 23 point 7, decision 0154), from the counters the writes keep: Ben misses
 * three of twelve days and fails Algebra's first quarter (intensive: two indicators, one severe); Ana is
 * suspended for a day (targeted: behavior); Cy misses one day (on track). Each reason links to its records,
 * and a mark taken back to draft leaves the list at once.
 */
describe('the early-warning list', () => {
  let world: UseCaseServices;
  let algebra: Awaited<ReturnType<typeof gradedAlgebraClass>>;
  const list = (query: Record<string, unknown> = {}) =>
    earlyWarning(world.services, algebra.schoolId, EarlyWarningQuery.parse({ schoolYear: '2026-2027', ...query }), algebra.counselor);

  beforeAll(async () => {
    world = await useCaseServices('early-warning');
    algebra = await gradedAlgebraClass(world.services);
    const { services } = world;
    const { sectionId, teacher, office } = algebra;
    const [ana, ben, cy] = algebra.students;
    for (const [index, day] of DAYS.entries()) {
      const marks = [
        { studentId: ana, code: 'P' },
        { studentId: ben, code: index % 4 === 0 ? 'A' : 'P' },
        { studentId: cy, code: index === 5 ? 'A' : 'P' },
      ];
      await takeAttendance(services, sectionId, day, { marks }, by(teacher));
    }
    await enterMarks(services, sectionId, 'Q1', { marks: [{ studentId: ana }, { studentId: ben }, { studentId: cy }] }, by(teacher));
    await postMarks(services, sectionId, 'Q1', by(teacher));
    const suspension = { kind: 'action', action: 'in-school-suspension', startDate: '2026-10-06', days: 1 };
    await createConfidential(services, BEHAVIOR, ana, suspension, by(office), behaviorWrites);
  });
  afterAll(() => world?.drop());

  test('Ben is intensive (absent 25 %, failing Algebra), Ana targeted (a suspension), Cy on track; each reason links to its records', async () => {
    const [ana, ben, cy] = algebra.students;
    const result = await list();
    expect(result).toMatchObject({ studentsAssessed: 3, tiers: { intensive: 1, targeted: 1, onTrack: 1 } });
    expect(result.items.map((item) => item.studentId)).toEqual([ben, ana]);
    expect(result.items.map((item) => item.studentId)).not.toContain(cy);
    const [first, second] = result.items;
    expect(first).toMatchObject({ tier: 'intensive', indicators: ['attendance', 'courses'], name: expect.any(String), gradeLevel: '09' });
    expect(first!.reasons).toEqual([
      expect.objectContaining({
        code: 'severe-absence',
        severe: true,
        text: 'absent 3 of 12 days enrolled (25 %)',
        links: [expect.stringMatching(new RegExp(`^/v1/students/${ben}/attendance\\?from=\\d{4}-\\d{2}-\\d{2}&to=`))],
      }),
      expect.objectContaining({ code: 'failing-marks', text: '1 failing mark(s) in Q1', links: [`/v1/students/${ben}/transcript`] }),
    ]);
    expect(second).toMatchObject({
      tier: 'targeted',
      indicators: ['behavior'],
      reasons: [expect.objectContaining({ code: 'suspension', severe: false, links: [`/v1/students/${ana}/behavior-records`] })],
    });
    expect((await list({ tier: 'targeted' })).items.map((item) => item.studentId)).toEqual([ana]);
  });

  test('a page at a time, with a cursor the list gave; a forged cursor names the field', async () => {
    const [ana, ben] = algebra.students;
    const page = await list({ limit: 1 });
    expect(page.items.map((item) => item.studentId)).toEqual([ben]);
    expect((await list({ limit: 1, cursor: page.nextCursor })).items.map((item) => item.studentId)).toEqual([ana]);
    await expect(list({ cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(Invalid);
  });

  test("a teacher is refused; Q1 taken back to draft leaves Ben's failing mark out at once", async () => {
    const { services } = world;
    const { schoolId, teacher, office, sectionId } = algebra;
    await expect(earlyWarning(services, schoolId, EarlyWarningQuery.parse({ schoolYear: '2026-2027' }), teacher)).rejects.toBeInstanceOf(
      Forbidden,
    );
    await unpostMarks(services, sectionId, 'Q1', by(office, 'Posted before the makeup test'));
    const [first] = (await list()).items;
    expect(first).toMatchObject({ tier: 'intensive', indicators: ['attendance'] });
    expect(first!.reasons.map((reason) => reason.code)).toEqual(['severe-absence']);
  });
});
