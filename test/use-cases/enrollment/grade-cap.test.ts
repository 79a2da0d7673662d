import { SeatsTaken } from '../../../domain/enrollment/errors';
import { studentType } from '../../../domain/records/record-types';
import { updateRecord } from '../../../functions/use-cases/records/update-record';
import { newEnrollmentBody } from '../../support/fixtures';
import { as, by } from '../../support/principals';
import { seedEnrollment, seedSchool, seedSchoolYear } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * A grade's cap counts the students in that grade now (decision 0132): a student moved into a grade
 * takes one of its seats, so a grade filled that way refuses the next application, and a move into
 * a full grade is refused.
 */
describe('the grade cap', () => {
  let world: UseCaseServices;
  let schoolId: string;

  const enroll = (gradeLevel: string) => seedEnrollment({ services: world.services }, newEnrollmentBody(schoolId, { gradeLevel }));
  const regrade = async (studentId: string, gradeLevel: string) => {
    const student = (await world.services.records.get(studentType, { studentId }))!;
    const patch = { gradeLevel };
    return updateRecord(
      world.services,
      studentType,
      { studentId },
      { patch, expectedVersion: student.version },
      by(as.schoolAdmin(schoolId)),
    );
  };
  const seats = (gradeLevel: string) => world.services.enrollments.seatsTaken(schoolId, '2026-2027', gradeLevel);

  beforeAll(async () => {
    world = await useCaseServices('grade-cap');
    schoolId = (await seedSchool(world.services, { name: 'Oak Elementary', gradeLevels: ['01', '02'] })).id;
    await seedSchoolYear(world.services, schoolId, { gradeCapacities: { '02': 2 } });
  });
  afterAll(() => world?.drop());

  test('a grade filled by grade changes refuses the next application, and a change into a full grade is refused', async () => {
    const [ana, ben] = await Promise.all([enroll('01'), enroll('01')]);
    const second = await enroll('02');
    expect([ana.status, ben.status, second.status]).toEqual(['ENROLLED', 'ENROLLED', 'ENROLLED']);

    // Ana moves up to grade 2: it is full now, and her enrollment says grade 2.
    await regrade(ana.studentId!, '02');
    expect([await seats('01'), await seats('02')]).toEqual([1, 2]);
    expect(await world.services.enrollments.activeEnrollment(ana.studentId!, '2026-2027')).toMatchObject({ gradeLevel: '02' });
    expect(await enroll('02')).toMatchObject({ status: 'REJECTED', rejection: { reasons: [{ code: 'grade-full' }] } });

    // Ben cannot move into the full grade; nothing of his changes.
    await expect(regrade(ben.studentId!, '02')).rejects.toBeInstanceOf(SeatsTaken);
    expect((await world.services.records.get(studentType, { studentId: ben.studentId! }))?.data.gradeLevel).toBe('01');
    expect([await seats('01'), await seats('02')]).toEqual([1, 2]);

    // Ana back in grade 1 frees the seat for the next family.
    await regrade(ana.studentId!, '01');
    expect(await enroll('02')).toMatchObject({ status: 'ENROLLED' });
  });
});
