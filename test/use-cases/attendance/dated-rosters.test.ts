import { Invalid } from '../../../domain/errors';
import type { Principal } from '../../../domain/principal';
import { rosterEntryType } from '../../../domain/records/record-types';
import { sectionAttendance } from '../../../functions/use-cases/attendance/read-attendance';
import { takeAttendance } from '../../../functions/use-cases/attendance/take-attendance';
import { withdrawStudent } from '../../../functions/use-cases/enrollment/withdraw-student';
import { assignStudent } from '../../../functions/use-cases/scheduling/assign-student';
import { dropStudent } from '../../../functions/use-cases/scheduling/drop-student';
import { newEnrollmentBody } from '../../support/fixtures';
import { as, by } from '../../support/principals';
import { seedCourse, seedEnrollment, seedHighSchool, seedRoster, seedSection, seedStaff, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * Rosters as they were on the day (decision 0131): a past day is taken or corrected for a student
 * who has left since, and a student who arrived mid-term is neither on the sheet nor markable
 * before their first day.
 */
describe('attendance against the roster of the day', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let office: Principal;
  let teacher: Principal;
  let sectionId: string;

  const issuesOf = async (attempt: Promise<unknown>) => {
    const error = await attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).issues;
  };
  const present = (...studentIds: string[]) => ({ marks: studentIds.map((studentId) => ({ studentId, code: 'P' })) });
  const take = (date: string, body: unknown, reason?: string) => takeAttendance(world.services, sectionId, date, body, by(teacher, reason));
  const sheet = async (date: string) => {
    const day = await sectionAttendance(world.services, sectionId, date, teacher);
    return { marked: day.marks.map((mark) => mark.studentId).sort(), unmarked: [...day.unmarked].sort() };
  };
  /** The services with the clock on a school day (a drop takes effect on its day). */
  const on = (date: string) => world.at(new Date(`${date}T15:00:00Z`));

  beforeAll(async () => {
    world = await useCaseServices('dated-rosters');
    schoolId = await seedHighSchool(world.services, 'Jefferson High', { gradeLevels: ['09'] });
    office = as.schoolAdmin(schoolId);
    const teacherId = await seedStaff(world.services, [schoolId]);
    teacher = as.teacher(teacherId, schoolId);
    const course = await seedCourse(world.services, schoolId, 'GEO');
    sectionId = await seedSection(world.services, schoolId, course, { teachers: [{ staffId: teacherId, role: 'primary' }] });
  });
  afterAll(() => world?.drop());

  test('a student who left is on the days before they left, can be corrected there, and is gone after', async () => {
    const [ana, ben, dan] = (await seedStudents(world.services, schoolId, 3)) as [string, string, string];
    await seedRoster(world.services, sectionId, [ana, ben, dan]);
    // Ben's last day in the class is Thursday 10 September; Dan leaves the school after Friday 11 September.
    await dropStudent(on('2026-09-14'), sectionId, ben, { reason: 'Moved to another class', exitDate: '2026-09-10' }, by(office));
    const withdrawal = { schoolYear: '2026-2027', exitDate: '2026-09-11', reasonCode: 'moved-out-of-district' };
    await withdrawStudent(world.services, dan, withdrawal, by(office));

    // Tuesday's sheet still lists all three, and all three can be taken, then corrected.
    expect(await sheet('2026-09-08')).toEqual({ marked: [], unmarked: [ana, ben, dan].sort() });
    await take('2026-09-08', present(ana, ben, dan));
    const corrected = await take('2026-09-08', { marks: [{ studentId: ben, code: 'A' }] }, 'He was at the dentist');
    expect(corrected.result).toMatchObject({ corrected: 1 });
    expect(await sheet('2026-09-11')).toEqual({ marked: [], unmarked: [ana, dan].sort() });

    // The Monday after, only Ana is in the class: the others are neither listed nor markable.
    expect(await sheet('2026-09-14')).toEqual({ marked: [], unmarked: [ana] });
    expect(await issuesOf(take('2026-09-14', present(ana, ben)))).toEqual([
      { field: 'marks[1].studentId', message: 'was not on the section’s roster on 2026-09-14' },
    ]);

    // Back in the class from 1 October: the days of the first stint stay theirs, the gap does not.
    await assignStudent(world.services, sectionId, ben, { entryDate: '2026-10-01' }, by(office));
    await take('2026-09-09', present(ben));
    await issuesOf(take('2026-09-21', present(ben)));
    await take('2026-10-01', present(ben));
    const entry = await world.services.records.get(rosterEntryType, { sectionId, studentId: ben });
    expect(entry?.data).toMatchObject({
      entryDate: '2026-10-01',
      earlierStints: [{ entryDate: '2026-08-24', exitDate: '2026-09-10' }],
    });
  });

  test('a student who arrives mid-term is on the roster from their first day only', async () => {
    const arrival = await seedEnrollment(
      { services: world.services },
      newEnrollmentBody(schoolId, { gradeLevel: '09', entryDate: '2026-09-15' }),
    );
    const eve = arrival.studentId!;
    await assignStudent(world.services, sectionId, eve, {}, by(office));
    expect((await world.services.records.get(rosterEntryType, { sectionId, studentId: eve }))?.data.entryDate).toBe('2026-09-15');

    expect((await sheet('2026-09-14')).unmarked).not.toContain(eve);
    expect(await issuesOf(take('2026-09-14', present(eve)))).toEqual([
      { field: 'marks[0].studentId', message: 'was not on the section’s roster on 2026-09-14' },
    ]);
    expect((await sheet('2026-09-15')).unmarked).toContain(eve);
    await take('2026-09-15', present(eve));

    // An entry date is the counselor's to give, within the term.
    const [fay] = (await seedStudents(world.services, schoolId, 1)) as [string];
    expect(await issuesOf(assignStudent(world.services, sectionId, fay, { entryDate: '2027-02-01' }, by(office)))).toEqual([
      expect.objectContaining({ field: 'entryDate' }),
    ]);
    await assignStudent(world.services, sectionId, fay, { entryDate: '2026-09-16' }, by(office));
    expect((await sheet('2026-09-15')).unmarked).not.toContain(fay);
  });

  test('a roster entry written before rosters were dated counts from the first day of the term', async () => {
    // Enrolled from 15 September: placed today, the entry would count from then.
    const enrolled = await seedEnrollment(
      { services: world.services },
      newEnrollmentBody(schoolId, { gradeLevel: '09', entryDate: '2026-09-15' }),
    );
    const gus = enrolled.studentId!;
    await seedRoster(world.services, sectionId, [gus]);
    const entry = (await world.services.records.get(rosterEntryType, { sectionId, studentId: gus }))!;
    const { entryDate: _entryDate, ...undated } = entry.data;
    await world.services.records.write(
      { principal: office },
      { kind: rosterEntryType, ids: entry.ids, before: entry, data: undated },
      {
        at: new Date().toISOString(),
      },
    );

    expect((await sheet('2026-08-24')).unmarked).toContain(gus);
    await take('2026-08-24', present(gus));
  });
});
