import { Conflict, Forbidden, Invalid, NotFound } from '../../../domain/errors';
import type { Principal } from '../../../domain/principal';
import type { RecordData, RecordKind } from '../../../domain/records/record-kind';
import { courseType, sectionType, studentType } from '../../../domain/records/record-types';
import { AssignmentRefused } from '../../../domain/scheduling/errors';
import { withdrawStudent } from '../../../functions/use-cases/enrollment/withdraw-student';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { deleteRecord } from '../../../functions/use-cases/records/delete-record';
import { readRecord } from '../../../functions/use-cases/records/read-record';
import { assignStudent } from '../../../functions/use-cases/scheduling/assign-student';
import { replaceSchedule } from '../../../functions/use-cases/scheduling/bulk-placements';
import { dropStudent } from '../../../functions/use-cases/scheduling/drop-student';
import { restoreSnapshot, snapshotMasterSchedule } from '../../../functions/use-cases/scheduling/master-schedule';
import { listRoster, openSeats, studentSchedule, teacherSections } from '../../../functions/use-cases/scheduling/read-schedules';
import { as, by } from '../../support/principals';
import { seedHighSchool, seedStaff, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * Scheduling as a school's staff use it: courses and sections, class assignment that never
 * double-books a student or over-fills a section, teachers who see their own rosters, withdrawals
 * that empty a student's schedule, and master-schedule snapshots. Races for the last seat are the
 * e2e tier's (test/e2e/scheduling-races.test.ts).
 */
describe('scheduling', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let schoolAdmin: Principal;
  let counselor: Principal;
  const year = '2026-2027';
  const term = { schoolYear: year, term: 'S1' };

  /** A refusal's error, once it is known to be of `type`. */
  async function refusal<T extends Error>(attempt: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
    const error = await attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  const create = async <T extends RecordData>(type: RecordKind<T>, body: Record<string, unknown>) =>
    (await createRecord(world.services, type, {}, { schoolId, ...body }, by(schoolAdmin))).result.record;
  const section = (courseId: string, number: string, period: string, extra: Record<string, unknown> = {}) => ({
    courseId,
    schoolYear: year,
    termCode: 'S1',
    sectionNumber: number,
    meetings: [{ period, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
    ...extra,
  });
  const assign = (sectionId: string, studentId: string, body: unknown = {}) =>
    assignStudent(world.services, sectionId, studentId, body, by(counselor));
  const rosterOf = async (sectionId: string, principal: Principal = counselor) =>
    (await listRoster(world.services, sectionId, { limit: 50 }, principal)).items.map(
      (entry) => (entry as { studentId: string }).studentId,
    );
  const classesOf = async (studentId: string) => (await studentSchedule(world.services, studentId, term, counselor)).classes;

  beforeAll(async () => {
    world = await useCaseServices('scheduling');
    schoolId = await seedHighSchool(world.services);
    schoolAdmin = as.schoolAdmin(schoolId);
    counselor = as.counselor(schoolId);
  });
  afterAll(() => world?.drop());

  test('two sections in one period: a student gets one, and a clear refusal for the other; a full section refuses the next student', async () => {
    const algebraTeacher = await seedStaff(world.services, [schoolId], { name: { first: 'Ada', last: 'Teacher' } });
    const englishTeacher = await seedStaff(world.services, [schoolId], { name: { first: 'Emily', last: 'Teacher' } });
    const algebra = await create(courseType, { code: 'ALG1', title: 'Algebra I', subject: 'math', gradeLevels: ['09', '10'], credits: 1 });
    expect(algebra).toMatchObject({ schoolId, code: 'ALG1', defaultCapacity: 30 });
    const english = await create(courseType, { code: 'ENG9', title: 'English 9', subject: 'english', gradeLevels: ['09'], credits: 1 });
    await refusal(
      create(courseType, { code: 'alg1', title: 'Another algebra', subject: 'math', gradeLevels: ['09'], credits: 1 }),
      Conflict,
    );

    const algebraP1 = await create(
      sectionType,
      section(algebra.id as string, '01', 'P1', { room: '101', capacity: 2, teachers: [{ staffId: algebraTeacher, role: 'primary' }] }),
    );
    const englishP1 = await create(
      sectionType,
      section(english.id as string, '01', 'P1', { room: '102', teachers: [{ staffId: englishTeacher, role: 'primary' }] }),
    );
    // A room holds one section at a time, and so does a teacher.
    const sameRoom = await refusal(create(sectionType, section(english.id as string, '02', 'P1', { room: '101' })), Conflict);
    expect(sameRoom.message).toContain('Room 101');
    const unknownTerm = await refusal(create(sectionType, section(english.id as string, '03', 'P2', { termCode: 'S9' })), Invalid);
    expect(unknownTerm.issues).toEqual([expect.objectContaining({ field: 'termCode' })]);

    const [ana, ben, cy] = (await seedStudents(world.services, schoolId, 3)) as [string, string, string];
    const [algebraId, englishId] = [algebraP1.id as string, englishP1.id as string];
    await assign(algebraId, ana);
    const conflict = await refusal(assign(englishId, ana), AssignmentRefused);
    expect(conflict.refusals).toEqual([
      expect.objectContaining({ code: 'period-conflict', sectionId: algebraId, message: expect.stringContaining('period P1') }),
    ]);
    // The same assignment again changes nothing: the student is in the section already.
    expect((await refusal(assign(algebraId, ana), AssignmentRefused)).refusals).toEqual([
      expect.objectContaining({ code: 'already-in-section' }),
    ]);
    await assign(algebraId, ben);
    expect((await refusal(assign(algebraId, cy), AssignmentRefused)).refusals).toEqual([
      expect.objectContaining({ code: 'section-full', message: expect.stringContaining('2 of 2') }),
    ]);

    const seats = await openSeats(world.services, schoolId, term, counselor);
    expect(seats.courses.find((course) => course.courseId === algebra.id)).toMatchObject({
      courseCode: 'ALG1',
      open: 0,
      sections: [expect.objectContaining({ capacity: 2, taken: 2, open: 0 })],
    });

    // The teacher of the section sees the roster and the students on it; another teacher does not.
    const teacher = as.teacher(algebraTeacher, schoolId);
    const otherTeacher = as.teacher(englishTeacher, schoolId);
    expect((await rosterOf(algebraId, teacher)).sort()).toEqual([ana, ben].sort());
    expect((await readRecord(world.services, studentType, { studentId: ana }, teacher)).record.id).toBe(ana);
    await refusal(rosterOf(algebraId, otherTeacher), Forbidden);
    await refusal(readRecord(world.services, studentType, { studentId: ana }, otherTeacher), Forbidden);

    const schedule = await studentSchedule(world.services, ana, term, teacher);
    expect(schedule.classes).toEqual([expect.objectContaining({ courseCode: 'ALG1', room: '101', sectionNumber: '01' })]);
    const teaching = await teacherSections(world.services, algebraTeacher, { ...term, limit: 25 }, teacher);
    expect(teaching.items.map((item) => item.id)).toEqual([algebraId]);

    // A drop needs a reason, and frees the seat for the next student.
    await refusal(dropStudent(world.services, algebraId, ben, {}, by(counselor)), Invalid);
    await dropStudent(world.services, algebraId, ben, { reason: 'Moved to honors' }, by(counselor));
    await assign(algebraId, cy);

    // Withdrawing a student empties their schedule, and the roster shrinks with it.
    const withdrawal = { schoolYear: year, exitDate: '2026-10-01', reasonCode: 'moved-out-of-district' };
    await withdrawStudent(world.services, ana, withdrawal, by(schoolAdmin));
    expect(await rosterOf(algebraId, teacher)).toEqual([cy]);
    expect(await classesOf(ana)).toEqual([]);
    // Once withdrawn, the student cannot be put back in a class at the school.
    expect((await refusal(assign(englishId, ana), AssignmentRefused)).refusals).toEqual([
      expect.objectContaining({ code: 'not-enrolled' }),
    ]);
  });

  test('a whole term schedule is set at once, or not at all', async () => {
    const course = async (code: string, title: string) =>
      (await create(courseType, { code, title, subject: 'science', gradeLevels: ['09'], credits: 1 })).id as string;
    const bio = await course('BIO', 'Biology');
    const chem = await course('CHEM', 'Chemistry');
    const bioP3 = (await create(sectionType, section(bio, '01', 'P3'))).id as string;
    const chemP3 = (await create(sectionType, section(chem, '01', 'P3'))).id as string;
    const chemP4 = (await create(sectionType, section(chem, '02', 'P4'))).id as string;
    const [student] = (await seedStudents(world.services, schoolId, 1)) as [string];
    const put = (sectionIds: string[]) =>
      replaceSchedule(world.services, student, { schoolYear: year, termCode: 'S1', sectionIds, reason: 'Programming' }, by(counselor));
    const sectionIdsOf = async () => (await classesOf(student)).map((entry) => entry.sectionId).sort();

    await put([bioP3, chemP4]);
    expect((await refusal(put([bioP3, chemP3]), AssignmentRefused)).refusals).toEqual([
      expect.objectContaining({ code: 'period-conflict' }),
    ]);
    // Nothing changed: still biology and chemistry in P4.
    expect(await sectionIdsOf()).toEqual([bioP3, chemP4].sort());
    // Swapping chemistry to the P3 slot biology leaves works in one step.
    await put([chemP3]);
    expect(await sectionIdsOf()).toEqual([chemP3]);
    expect(await rosterOf(bioP3)).toEqual([]);
  });

  test('a snapshot of the master schedule brings back a deleted section and removes one created since', async () => {
    const art = (await create(courseType, { code: 'ART1', title: 'Art I', subject: 'arts', gradeLevels: ['09'], credits: 0.5 }))
      .id as string;
    const kept = (await create(sectionType, section(art, '01', 'P5', { room: 'Studio' }))).id as string;
    const snapshot = await snapshotMasterSchedule(
      world.services,
      schoolId,
      'S1',
      { schoolYear: year, name: 'Before the reshuffle' },
      by(schoolAdmin),
    );
    expect(snapshot.result).toMatchObject({ name: 'Before the reshuffle', number: 1 });
    const snapshotId = (snapshot.result as { snapshotId: string }).snapshotId;

    await deleteRecord(world.services, sectionType, { sectionId: kept }, undefined, by(schoolAdmin));
    const extra = (await create(sectionType, section(art, '02', 'P6'))).id as string;
    await refusal(readRecord(world.services, sectionType, { sectionId: kept }, schoolAdmin), NotFound);

    const restore = () =>
      restoreSnapshot(world.services, schoolId, 'S1', snapshotId, { schoolYear: year, reason: 'Undo the reshuffle' }, by(schoolAdmin));
    expect(await restore()).toMatchObject({ restored: [kept], deleted: [extra], skipped: [] });
    expect((await readRecord(world.services, sectionType, { sectionId: kept }, schoolAdmin)).record).toMatchObject({
      room: 'Studio',
      sectionNumber: '01',
    });
    await refusal(readRecord(world.services, sectionType, { sectionId: extra }, schoolAdmin), NotFound);
    // Running it again changes nothing more.
    expect(await restore()).toMatchObject({ restored: [], deleted: [], transactions: 0 });
  });
});
