import { Invalid } from '../../../domain/errors';
import type { Principal } from '../../../domain/principal';
import { bellScheduleType, sectionType, studentType } from '../../../domain/records/record-types';
import { AssignmentRefused, SectionMoveRefused } from '../../../domain/scheduling/errors';
import { SECTION_MOVE_REFUSED } from '../../../functions/contract/answers';
import { toProblem } from '../../../functions/http/api-handler';
import { createRecord } from '../../../functions/use-cases/records/create-record';
import { readRecord } from '../../../functions/use-cases/records/read-record';
import { updateRecord } from '../../../functions/use-cases/records/update-record';
import { assignStudent } from '../../../functions/use-cases/scheduling/assign-student';
import { dropStudent } from '../../../functions/use-cases/scheduling/drop-student';
import { studentSchedule } from '../../../functions/use-cases/scheduling/read-schedules';
import { as, by } from '../../support/principals';
import { seedCourse, seedHighSchool, seedRoster, seedSection, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * A section moved to another period takes its students along, or is refused for the ones it would
 * double-book (named); a section meets only in periods of its bell schedule (decision 0130).
 */
describe('a section moved to another period', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let admin: Principal;
  const term = { schoolYear: '2026-2027', term: 'S1' };
  const weekdays = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

  const caught = (attempt: Promise<unknown>) =>
    attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  const move = async (sectionId: string, meetings: unknown) => {
    const current = await readRecord(world.services, sectionType, { sectionId }, admin);
    return updateRecord(world.services, sectionType, { sectionId }, { patch: { meetings }, expectedVersion: current.version }, by(admin));
  };
  const periodsOf = async (studentId: string) =>
    (await studentSchedule(world.services, studentId, term, admin)).classes
      .map((entry) => `${entry.courseCode}:${entry.meetings.map((meeting) => meeting.period).join('+')}`)
      .sort();
  /** What the student's slot items hold, period by period: what the next placement is checked against. */
  const heldOf = async (studentId: string) =>
    Object.fromEntries(
      [...(await world.services.schedules.periodsOfStudent(studentId, term.schoolYear, term.term))].map(([period, held]) => [
        period,
        held.sections,
      ]),
    );
  const nameOf = async (studentId: string) => {
    const student = (await world.services.records.get(studentType, { studentId }))!.data;
    return `${student.preferredName?.first ?? student.legalName.first} ${student.legalName.last}`;
  };

  beforeAll(async () => {
    world = await useCaseServices('section-move');
    schoolId = await seedHighSchool(world.services, 'Garfield High');
    admin = as.schoolAdmin(schoolId);
  });
  afterAll(() => world?.drop());

  test('a move into a period where a student has a class is refused naming them; once they are free the whole roster moves', async () => {
    const [history, chemistry, band] = await Promise.all([
      seedCourse(world.services, schoolId, 'HIST'),
      seedCourse(world.services, schoolId, 'CHEM'),
      seedCourse(world.services, schoolId, 'BAND'),
    ]);
    const historyP1 = await seedSection(world.services, schoolId, history, { period: 'P1' });
    const chemistryP2 = await seedSection(world.services, schoolId, chemistry, { period: 'P2' });
    const [ana, ben] = (await seedStudents(world.services, schoolId, 2)) as [string, string];
    await seedRoster(world.services, historyP1, [ana, ben]);
    await seedRoster(world.services, chemistryP2, [ben]);

    const refused = await caught(move(historyP1, [{ period: 'P2', days: weekdays }]));
    expect(refused).toBeInstanceOf(SectionMoveRefused);
    expect((refused as SectionMoveRefused).students).toEqual([
      {
        studentId: ben,
        name: await nameOf(ben),
        conflicts: [
          expect.objectContaining({
            sectionId: chemistryP2,
            courseCode: 'CHEM',
            overlaps: [expect.objectContaining({ period: 'P2', days: expect.arrayContaining(['MON']) })],
          }),
        ],
      },
    ]);
    expect((refused as Error).message).toContain(await nameOf(ben));
    // The problem+json the API answers is the one the contract declares for a section's change.
    const answer = toProblem(refused, `/v1/sections/${historyP1}`, 'request-1');
    expect(answer.statusCode).toBe(409);
    expect(SECTION_MOVE_REFUSED.schema?.safeParse(JSON.parse(String(answer.body)))?.success).toBe(true);
    // It says when the classes meet in the timetable's words, not in the table's slot keys ('MON#A#P2').
    expect(String(answer.body)).not.toContain('#');
    // Nothing moved: the section still meets in P1, and so do its students.
    expect(await periodsOf(ben)).toEqual(['CHEM:P2', 'HIST:P1']);

    await dropStudent(world.services, chemistryP2, ben, { reason: 'Changed to band' }, by(admin));
    await move(historyP1, [{ period: 'P2', days: weekdays }]);
    expect(await periodsOf(ana)).toEqual(['HIST:P2']);
    expect(await heldOf(ben)).toEqual({ P2: [historyP1] });

    // The students are now busy in P2 and free in P1, for every placement that follows.
    const bandP1 = await seedSection(world.services, schoolId, band, { period: 'P1' });
    const bandP2 = await seedSection(world.services, schoolId, band, { number: '02', period: 'P2' });
    await assignStudent(world.services, bandP1, ana, {}, by(admin));
    const busy = await caught(assignStudent(world.services, bandP2, ben, {}, by(admin)));
    expect((busy as AssignmentRefused).refusals).toEqual([expect.objectContaining({ code: 'period-conflict', sectionId: historyP1 })]);
  });

  test('a roster too large for one transaction moves whole, and nobody is left holding the old period', async () => {
    const [art, music] = await Promise.all([seedCourse(world.services, schoolId, 'ART'), seedCourse(world.services, schoolId, 'MUS')]);
    const artP3 = await seedSection(world.services, schoolId, art, { period: 'P3', capacity: 40 });
    // 26 students × (roster entry, its history, two slot items) is over DynamoDB's 100 items.
    const students = await seedStudents(world.services, schoolId, 26);
    await seedRoster(world.services, artP3, students);

    await move(artP3, [{ period: 'P4', days: weekdays }]);
    const held = await Promise.all(students.map(heldOf));
    expect(held).toEqual(students.map(() => ({ P4: [artP3] })));
    expect(await periodsOf(students[25]!)).toEqual(['ART:P4']);
    const seats = await world.services.schedules.seats(artP3);
    expect(seats).toMatchObject({ taken: 26 });

    // P3 is free for all of them again.
    const musicP3 = await seedSection(world.services, schoolId, music, { period: 'P3' });
    await assignStudent(world.services, musicP3, students[0]!, {}, by(admin));
  });

  test('a section meets only in periods of its bell schedule', async () => {
    const bell = await createRecord(
      world.services,
      bellScheduleType,
      { schoolId },
      {
        name: 'Regular day',
        isDefault: true,
        periods: ['P1', 'P2', 'P3', 'P4', 'P5'].map((code, index) => ({
          code,
          name: `Period ${index + 1}`,
          startTime: `0${8 + index}:00`.slice(-5),
          endTime: `0${8 + index}:50`.slice(-5),
        })),
      },
      by(admin),
    );
    expect(bell.result.record).toMatchObject({ isDefault: true });
    const geography = await seedCourse(world.services, schoolId, 'GEO');
    const refused = await caught(seedSection(world.services, schoolId, geography, { period: 'P9' }));
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).issues).toEqual([
      { field: 'meetings[0].period', message: expect.stringContaining('not a period of the bell schedule "Regular day"') },
    ]);
    const geographyP5 = await seedSection(world.services, schoolId, geography, { period: 'P5' });
    const moved = await caught(move(geographyP5, [{ period: 'P6', days: weekdays }]));
    expect((moved as Invalid).issues).toEqual([expect.objectContaining({ field: 'meetings[0].period' })]);
    const unknown = await caught(move(geographyP5, [{ period: 'P4', days: weekdays, bellScheduleId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }]));
    expect((unknown as Invalid).issues).toEqual([expect.objectContaining({ field: 'meetings[0].bellScheduleId' })]);
  });
});
