import { Forbidden, Invalid, NotFound, StaleVersion } from '../../../domain/errors';
import { bellScheduleType, guardianLinkType, guardianType } from '../../../domain/records/record-types';
import { childProfile, childSchedule, me, myChildren, updateMe } from '../../../functions/use-cases/family/family';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { guardianBody, linkBody } from '../../support/fixtures';
import { as, by } from '../../support/principals';
import { firstGuardianOf, seedCourse, seedHighSchool, seedRoster, seedSection, seedStaff, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * The parent portal: a guardian sees their own children, and only those whose education records
 * they may see; anything else is the same "not found", so nothing can be learned from it.
 */
describe('parent portal', () => {
  let world: UseCaseServices;
  let schoolId: string;
  const admin = as.districtAdmin();

  const caught = (attempt: Promise<unknown>) =>
    attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

  beforeAll(async () => {
    world = await useCaseServices('parents');
    schoolId = await seedHighSchool(world.services, 'Parkside High', { gradeLevels: ['09'] });
    const bellSchedule = {
      name: 'Regular day',
      isDefault: true,
      periods: [{ code: 'P1', name: 'First period', startTime: '08:00', endTime: '08:50' }],
    };
    await createRecord(world.services, bellScheduleType, { schoolId }, bellSchedule, by(admin));
  });
  afterAll(() => world?.drop());

  test('a parent lists their child, reads the profile and schedule, and gets the same "not found" for any other child', async () => {
    const { services } = world;
    const [mine, other] = (await seedStudents(services, schoolId, 2)) as [string, string];
    const guardianId = await firstGuardianOf(services, mine);
    const parent = as.parent(guardianId);

    expect((await myChildren(services, parent)).items).toEqual([
      expect.objectContaining({ studentId: mine, gradeLevel: '09', school: { id: schoolId, name: 'Parkside High' } }),
    ]);
    expect(await childProfile(services, parent, mine)).toMatchObject({ studentId: mine, school: { name: 'Parkside High' } });

    // Another family's child, a child that does not exist, and a child linked without educational rights: one answer.
    const notMine = await caught(childProfile(services, parent, other));
    const missing = await caught(childProfile(services, parent, '01JZZZZZZZZZZZZZZZZZZZZZZZ'));
    await createRecord(services, guardianLinkType, { studentId: other }, linkBody(guardianId, { educationalRights: false }), by(admin));
    const withoutRights = await caught(childProfile(services, parent, other));
    for (const answer of [notMine, missing, withoutRights]) expect(answer).toBeInstanceOf(NotFound);
    expect((notMine as Error).message.replace(other, 'X')).toBe((missing as Error).message.replace('01JZZZZZZZZZZZZZZZZZZZZZZZ', 'X'));
    await expect(childSchedule(services, parent, other, {})).rejects.toBeInstanceOf(NotFound);
    // The child linked without rights is not listed either.
    expect((await myChildren(services, parent)).items).toHaveLength(1);

    // The schedule shows the class with its bell times, room and teacher.
    const staffId = await seedStaff(services, [schoolId], {
      name: { first: 'Grace', last: 'Hopper' },
      email: 'grace.hopper@district.example',
    });
    const courseId = await seedCourse(services, schoolId, 'CS1', { title: 'Computer Science', subject: 'cte' });
    const sectionId = await seedSection(services, schoolId, courseId, {
      room: 'Lab 2',
      meetings: [{ period: 'P1', days: ['MON', 'WED', 'FRI'] }],
      teachers: [{ staffId, role: 'primary' }],
    });
    await seedRoster(services, sectionId, [mine]);
    expect((await childSchedule(services, parent, mine, { schoolYear: '2026-2027', term: 'S1' })).classes).toEqual([
      expect.objectContaining({
        courseTitle: 'Computer Science',
        room: 'Lab 2',
        meetings: [expect.objectContaining({ period: 'P1', startTime: '08:00', endTime: '08:50' })],
        teachers: [expect.objectContaining({ role: 'primary', name: { first: 'Grace', last: 'Hopper' } })],
      }),
    ]);
    // Staff do not open the parent portal.
    await expect(myChildren(services, admin)).rejects.toBeInstanceOf(Forbidden);
  });

  test('a parent changes their own contact details, but not their name', async () => {
    const { services } = world;
    const guardian = (await createRecord(services, guardianType, {}, guardianBody(), by(admin))).result.record;
    const parent = as.parent(guardian.id as string);
    const read = await me(services, parent);

    const changed = await updateMe(services, { email: 'new.address@example.com' }, read.version, by(parent));
    expect(changed.result.record.email).toBe('new.address@example.com');
    const rename = await caught(updateMe(services, { name: { first: 'X', last: 'Y' } }, changed.result.version, by(parent)));
    expect(rename).toBeInstanceOf(Invalid);
    expect((rename as Invalid).issues).toEqual([expect.objectContaining({ field: 'name' })]);
    await expect(updateMe(services, { phone: '+12175550100' }, read.version, by(parent))).rejects.toBeInstanceOf(StaleVersion);
  });
});
