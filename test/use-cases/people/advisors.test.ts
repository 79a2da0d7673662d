import { Conflict, Forbidden } from '../../../domain/errors';
import { advisorType, studentType } from '../../../domain/records/record-types';
import { studentAttendance } from '../../../functions/use-cases/attendance/read-attendance';
import { studentGrades } from '../../../functions/use-cases/gradebook/read-grades';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { deleteRecord } from '../../../functions/use-cases/records/delete-record';
import { listRecords } from '../../../functions/use-cases/records/list-records';
import { readRecord } from '../../../functions/use-cases/records/read-record';
import { updateRecord } from '../../../functions/use-cases/records/update-record';
import { studentSchedule } from '../../../functions/use-cases/scheduling/read-schedules';
import { by } from '../../support/principals';
import { issuesOf, useCaseServices, type UseCaseServices } from '../../support/use-cases';
import { algebraClass, type AlgebraClass } from '../gradebook/algebra-class';

const PAGE = { limit: 50 };
const SEPTEMBER = { from: '2026-09-01', to: '2026-09-30' };

/**
 * An advisor or homeroom teacher follows a student across classes (decision 0148): once the office
 * or a counselor assigns them, they read the student's record, guardians, schedule, attendance and
 * grades in every class, and list their advisees; not another student, and nothing once the
 * assignment is deleted. They write nothing of the student's through it.
 */
describe("a student's advisor", () => {
  let world: UseCaseServices;
  let algebra: AlgebraClass;

  /** What the advisor reads of a student: each read the assignment opens. */
  const reads = (studentId: string) => {
    const { services } = world;
    const advisor = algebra.otherTeacher;
    return [
      readRecord(services, studentType, { studentId }, advisor),
      listRecords(services, 'guardiansOfStudent', { studentId }, PAGE, advisor, { resource: 'guardianLink', action: 'list' }),
      studentSchedule(services, studentId, { schoolYear: '2026-2027', term: 'S1' }, advisor),
      studentAttendance(services, studentId, SEPTEMBER, advisor),
      studentGrades(services, studentId, { schoolYear: '2026-2027', term: 'S1' }, advisor),
    ] as const;
  };
  const allRefused = async (studentId: string) => {
    for (const read of reads(studentId)) await expect(read).rejects.toBeInstanceOf(Forbidden);
  };

  beforeAll(async () => {
    world = await useCaseServices('advisors');
    algebra = await algebraClass(world.services);
  });
  afterAll(() => world?.drop());

  test('a teacher of the school who teaches none of her classes reads nothing of Ana until assigned; then all of it, and not Ben', async () => {
    const { services } = world;
    const { counselor, otherTeacher, teacher } = algebra;
    const [ana, ben] = algebra.students;
    await allRefused(ana);
    // A refusal names the record in words, not the policy's resource name (studentAttendance).
    await expect(studentAttendance(services, ana, SEPTEMBER, otherTeacher)).rejects.toThrow(
      'You may not read this student attendance record.',
    );

    // Only the office and counselors assign; the field names what is wrong.
    await expect(
      createRecord(services, advisorType, { studentId: ana }, { staffId: otherTeacher.staffId, schoolYear: '2026-2027' }, by(teacher)),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(
      await issuesOf(
        createRecord(services, advisorType, { studentId: ana }, { staffId: otherTeacher.staffId, schoolYear: '2026' }, by(counselor)),
      ),
    ).toEqual([expect.objectContaining({ field: 'schoolYear' })]);
    const assigned = await createRecord(
      services,
      advisorType,
      { studentId: ana },
      { staffId: otherTeacher.staffId, role: 'homeroom', schoolYear: '2026-2027' },
      by(counselor),
    );
    expect(assigned.result.record).toMatchObject({ id: otherTeacher.staffId, studentId: ana, role: 'homeroom', version: 1 });
    // One assignment per staff member and student.
    const again = createRecord(
      services,
      advisorType,
      { studentId: ana },
      { staffId: otherTeacher.staffId, schoolYear: '2026-2027' },
      by(counselor),
    );
    await expect(again).rejects.toBeInstanceOf(Conflict);
    await expect(again).rejects.toThrow(`An advisor with id ${otherTeacher.staffId} already exists.`);

    const [record, guardians, schedule, attendance, grades] = await Promise.all(reads(ana));
    expect(record.record).toMatchObject({ id: ana });
    expect(guardians.items.length).toBeGreaterThan(0);
    expect((schedule as { classes: { sectionId: string }[] }).classes.map((one) => one.sectionId)).toEqual([algebra.sectionId]);
    expect(attendance).toMatchObject({ studentId: ana });
    expect(grades).toMatchObject({ studentId: ana });
    await allRefused(ben);
    // The assignment opens reads, not the student's record to changes.
    await expect(
      updateRecord(services, studentType, { studentId: ana }, { patch: { gradeLevel: '10' }, expectedVersion: 1 }, by(otherTeacher)),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  test('the advisor lists their advisees; the office of their school does; another teacher does not', async () => {
    const { services } = world;
    const { office, otherTeacher, teacher } = algebra;
    const [ana] = algebra.students;
    const list = (principal: typeof teacher) =>
      listRecords(services, 'adviseesOfStaff', { staffId: otherTeacher.staffId! }, PAGE, principal, {
        resource: 'advisor',
        action: 'list',
      });
    expect((await list(otherTeacher)).items.map((item) => item.studentId)).toEqual([ana]);
    expect((await list(office)).items).toHaveLength(1);
    await expect(list(teacher)).rejects.toBeInstanceOf(Forbidden);
    // Ana's own teachers see who her advisor is.
    const advisors = await listRecords(services, 'advisorsOfStudent', { studentId: ana }, PAGE, teacher, {
      resource: 'advisor',
      action: 'list',
    });
    expect(advisors.items).toEqual([expect.objectContaining({ staffId: otherTeacher.staffId, role: 'homeroom' })]);
  });

  test('deleted at the end of the year, the assignment opens nothing, and leaves the advisee list', async () => {
    const { services } = world;
    const { counselor, otherTeacher } = algebra;
    const [ana] = algebra.students;
    await deleteRecord(
      services,
      advisorType,
      { studentId: ana, staffId: otherTeacher.staffId! },
      1,
      by(counselor, 'End of the school year'),
    );
    await allRefused(ana);
    const list = await listRecords(services, 'adviseesOfStaff', { staffId: otherTeacher.staffId! }, PAGE, otherTeacher, {
      resource: 'advisor',
      action: 'list',
    });
    expect(list.items).toEqual([]);
  });
});
