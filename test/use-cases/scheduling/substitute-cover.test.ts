import { Forbidden, NotFound } from '../../../domain/errors';
import type { Principal } from '../../../domain/principal';
import { sectionCoverType } from '../../../domain/records/record-types';
import { sectionAttendance, teacherMissingAttendance } from '../../../functions/use-cases/attendance/read-attendance';
import { takeAttendance } from '../../../functions/use-cases/attendance/take-attendance';
import { createAssignment, putGradebookSettings } from '../../../functions/use-cases/gradebook/gradebook-setup';
import { postScores } from '../../../functions/use-cases/gradebook/post-scores';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { deleteRecord } from '../../../functions/use-cases/records/delete-record';
import { listRecords } from '../../../functions/use-cases/records/list-records';
import { readRecord } from '../../../functions/use-cases/records/read-record';
import { updateRecord } from '../../../functions/use-cases/records/update-record';
import { listRoster } from '../../../functions/use-cases/scheduling/read-schedules';
import { as, by } from '../../support/principals';
import { seedCourse, seedHighSchool, seedRoster, seedSection, seedStaff, seedStudents } from '../../support/seed';
import { issuesOf, useCaseServices, type UseCaseServices } from '../../support/use-cases';
import { assignment, WEIGHTED } from '../gradebook/algebra-class';

/**
 * A substitute's time-boxed access (decision 0147): the office grants a cover of a section for some
 * days; on those days the substitute reads the roster and takes attendance as the teacher would, and
 * posts scores only when the cover says so; the day after the last, and once the cover is deleted,
 * nothing. Days are the school's (America/Chicago): the clock is set to a school day's afternoon there.
 */
const PAGE = { limit: 50 };

describe("a substitute's cover of a section", () => {
  let world: UseCaseServices;
  let sectionId: string;
  let office: Principal;
  let teacher: Principal;
  let substitute: Principal;
  let otherTeacher: Principal;
  let students: string[];
  let coverId: string;

  /** The services on a school day at 2 p.m. in Chicago. */
  const on = (date: string) => world.at(new Date(`${date}T20:00:00Z`));
  const present = () => ({ marks: students.map((studentId) => ({ studentId, code: 'P' })) });
  const coverBody = (overrides: Record<string, unknown> = {}) => ({
    staffId: substitute.staffId,
    startDate: '2026-09-14',
    endDate: '2026-09-18',
    note: "Ms. Rivera's leave, week 1",
    ...overrides,
  });
  const refused = async (attempt: Promise<unknown>) => expect(attempt).rejects.toBeInstanceOf(Forbidden);

  beforeAll(async () => {
    world = await useCaseServices('substitute-cover');
    const schoolId = await seedHighSchool(world.services, 'Madison High', { timeZone: 'America/Chicago' });
    office = as.schoolAdmin(schoolId);
    const [teacherId, substituteId, otherId] = await Promise.all([
      seedStaff(world.services, [schoolId]),
      seedStaff(world.services, [schoolId]),
      seedStaff(world.services, [schoolId]),
    ]);
    teacher = as.teacher(teacherId, schoolId);
    substitute = as.teacher(substituteId, schoolId);
    otherTeacher = as.teacher(otherId, schoolId);
    const course = await seedCourse(world.services, schoolId, 'BIO');
    sectionId = await seedSection(world.services, schoolId, course, { teachers: [{ staffId: teacherId, role: 'primary' }] });
    students = await seedStudents(world.services, schoolId, 3);
    await seedRoster(world.services, sectionId, students);
    await putGradebookSettings(world.services, sectionId, WEIGHTED, undefined, by(teacher));
  });
  afterAll(() => world?.drop());

  test('before any cover the substitute is refused; the office grants a week, and bad days are refused naming the field', async () => {
    await refused(takeAttendance(on('2026-09-14'), sectionId, '2026-09-14', present(), by(substitute)));
    await refused(listRoster(on('2026-09-14'), sectionId, PAGE, substitute));

    const backwards = await issuesOf(
      createRecord(world.services, sectionCoverType, { sectionId }, coverBody({ endDate: '2026-09-11' }), by(office)),
    );
    expect(backwards).toEqual([
      expect.objectContaining({ field: 'endDate', message: expect.stringContaining('must not be before startDate') }),
    ]);
    const tooLong = await issuesOf(
      createRecord(world.services, sectionCoverType, { sectionId }, coverBody({ endDate: '2027-06-30' }), by(office)),
    );
    expect(tooLong).toEqual([expect.objectContaining({ field: 'endDate' })]);
    // Only the office grants a cover: not the section's teacher, not the substitute.
    await refused(createRecord(world.services, sectionCoverType, { sectionId }, coverBody(), by(teacher)));
    await refused(createRecord(world.services, sectionCoverType, { sectionId }, coverBody(), by(substitute)));

    // A mistyped section is not there: 404, not a refusal.
    await expect(
      createRecord(world.services, sectionCoverType, { sectionId: '01M00000000000000000000000' }, coverBody(), by(office)),
    ).rejects.toBeInstanceOf(NotFound);

    const created = await createRecord(world.services, sectionCoverType, { sectionId }, coverBody(), by(office));
    coverId = created.result.record.id as string;
    expect(created.result.record).toMatchObject({ sectionId, staffId: substitute.staffId, postGrades: false, version: 1 });
  });

  test('on its days the substitute reads the roster and takes attendance, as its author; not a day outside the cover, and no scores', async () => {
    const tuesday = on('2026-09-15');
    // The substitute's list of classes still to take that day names the section they cover.
    const due = await teacherMissingAttendance(tuesday, substitute.staffId!, '2026-09-15', substitute);
    expect(due.sections).toEqual([expect.objectContaining({ sectionId, covering: true })]);
    expect((await listRoster(tuesday, sectionId, PAGE, substitute)).items).toHaveLength(3);
    const taken = await takeAttendance(tuesday, sectionId, '2026-09-15', present(), by(substitute));
    expect(taken.result).toMatchObject({ sectionId, date: '2026-09-15' });
    const day = await sectionAttendance(tuesday, sectionId, '2026-09-15', substitute);
    expect(day.marks.map((mark) => mark.studentId).sort()).toEqual([...students].sort());
    // The teacher reads the day the substitute took, and who took it.
    expect(await sectionAttendance(tuesday, sectionId, '2026-09-15', teacher)).toMatchObject({ taken: true, takenBy: substitute.sub });

    // A day before the cover began: not theirs to take or read.
    await refused(takeAttendance(tuesday, sectionId, '2026-09-11', present(), by(substitute)));
    await refused(sectionAttendance(tuesday, sectionId, '2026-09-11', substitute));
    // A cover without postGrades reads the gradebook's assignments but posts nothing.
    const homework = await createAssignment(tuesday, sectionId, assignment(), by(teacher));
    await refused(
      postScores(tuesday, sectionId, homework.result.assignmentId, { scores: [{ studentId: students[0]!, points: 9 }] }, by(substitute)),
    );
    // Another teacher of the school is not the substitute.
    await refused(takeAttendance(tuesday, sectionId, '2026-09-15', present(), by(otherTeacher)));
    // Taken, it leaves the substitute's list; a day outside the cover never had it.
    expect((await teacherMissingAttendance(tuesday, substitute.staffId!, '2026-09-15', substitute)).sections).toEqual([]);
    expect((await teacherMissingAttendance(tuesday, substitute.staffId!, '2026-09-21', substitute)).meeting).toBe(0);
  });

  test('the section’s teacher and the substitute read the cover; a cover granting grades lets the substitute post them', async () => {
    const wednesday = on('2026-09-16');
    const listed = await listRecords(wednesday, 'coversOfSection', { sectionId }, PAGE, teacher, {
      resource: 'sectionCover',
      action: 'list',
    });
    expect(listed.items.map((item) => item.id)).toEqual([coverId]);
    await refused(
      listRecords(wednesday, 'coversOfSection', { sectionId }, PAGE, otherTeacher, { resource: 'sectionCover', action: 'list' }),
    );
    expect((await readRecord(wednesday, sectionCoverType, { sectionId, coverId }, substitute)).record).toMatchObject({
      endDate: '2026-09-18',
    });
    await expect(readRecord(wednesday, sectionCoverType, { sectionId, coverId }, otherTeacher)).rejects.toThrow(
      "You may not read this section's substitute cover.",
    );

    // The teacher's leave is longer: the office extends the cover to a second week and lets the substitute grade.
    await updateRecord(
      world.services,
      sectionCoverType,
      { sectionId, coverId },
      { patch: { endDate: '2026-09-25', postGrades: true }, expectedVersion: 1 },
      by(office, 'Leave extended one week'),
    );
    const quiz = await createAssignment(wednesday, sectionId, assignment({ title: 'Quiz 1' }), by(substitute));
    const posted = await postScores(
      wednesday,
      sectionId,
      quiz.result.assignmentId,
      { scores: [{ studentId: students[1]!, points: 8 }] },
      by(substitute),
    );
    expect(posted.result.added).toBe(1);
  });

  test('the day after its last day, and once the office deletes it, the cover grants nothing', async () => {
    // The Monday after the extended cover ended: refused, even for a day inside it.
    const after = on('2026-09-28');
    await refused(takeAttendance(after, sectionId, '2026-09-25', present(), by(substitute)));
    await refused(listRoster(after, sectionId, PAGE, substitute));

    // Inside its days again, but deleted: refused at once.
    const thursday = on('2026-09-17');
    expect((await listRoster(thursday, sectionId, PAGE, substitute)).items).toHaveLength(3);
    await deleteRecord(world.services, sectionCoverType, { sectionId, coverId }, 2, by(office, 'Ms. Rivera is back'));
    await refused(listRoster(thursday, sectionId, PAGE, substitute));
    await refused(takeAttendance(thursday, sectionId, '2026-09-17', present(), by(substitute)));
    // The teacher's own access never depended on it.
    expect((await listRoster(thursday, sectionId, PAGE, teacher)).items).toHaveLength(3);
  });
});
