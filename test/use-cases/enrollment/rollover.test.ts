import { Forbidden } from '../../../domain/errors';
import { schoolYearType, studentType } from '../../../domain/records/record-types';
import { readRollover, runRollover, startRollover } from '../../../functions/use-cases/enrollment/rollover';
import { listEnrollments } from '../../../functions/use-cases/enrollment/enrollment-requests';
import { recordHistory } from '../../../functions/use-cases/records/record-history';
import { as, by } from '../../support/principals';
import { seedCourse, seedEnrollment, seedHighSchool, seedSchoolYear, seedSection, seedStudents } from '../../support/seed';
import { issuesOf, recordingQueue, useCaseServices, type UseCaseServices } from '../../support/use-cases';

const admin = as.districtAdmin();

/**
 * Year-end rollover (issue 23 point 3, decision 0156), school by school through the scheduling queue: a dry run
 * that writes nothing, then the run — ninth graders promoted (their grade moves, with history, and 2027-2028
 * enrollments open), one retained, seniors graduated with exit codes, a transfer recorded for next year honoured,
 * next year's calendar and section shells made — and a run that crashes halfway and resumes with nothing twice.
 */
describe('year-end rollover', () => {
  let world: UseCaseServices;
  let schoolId: string;
  let freshmen: string[];
  let seniors: string[];
  let mover: string;
  const queue = recordingQueue();
  const start = async (body: Record<string, unknown>, principal = as.schoolAdmin(schoolId)) =>
    (await startRollover(world.services, queue, schoolId, { fromYear: '2026-2027', ...body }, by(principal))).result;
  const enrollmentsOf = async (studentId: string) =>
    (await listEnrollments(world.services, studentId, { limit: 20 }, admin)).items as {
      schoolYear: string;
      exitDate?: string;
      exitReason?: string;
      gradeLevel: string;
      schoolId: string;
    }[];

  beforeAll(async () => {
    world = await useCaseServices('rollover');
    const { services } = world;
    schoolId = await seedHighSchool(services, 'Lincoln High');
    freshmen = await seedStudents(services, schoolId, 4, '09');
    seniors = await seedStudents(services, schoolId, 2, '12');
    // A junior whose family moves across town in the summer: a transfer to Roosevelt for 2027-2028, recorded now.
    [mover] = await seedStudents(services, schoolId, 1, '11');
    const roosevelt = await seedHighSchool(services, 'Roosevelt High');
    await seedSchoolYear(services, roosevelt, {
      schoolYear: '2027-2028',
      startDate: '2027-08-23',
      endDate: '2028-06-02',
      status: 'planning',
      terms: [],
      gradingPeriods: [],
      nonInstructionalDays: [],
    });
    const transfer = await seedEnrollment(
      { services },
      { kind: 'transfer', studentId: mover, schoolId: roosevelt, schoolYear: '2027-2028', gradeLevel: '12', entryDate: '2027-08-23' },
    );
    expect(transfer.status).toBe('ENROLLED');
    const course = await seedCourse(services, schoolId, 'ENG9', { title: 'English 9', subject: 'english' });
    await seedSection(services, schoolId, course, { period: 'P2' });
  });
  afterAll(() => world?.drop());

  test('a dry run reports every outcome by grade, and writes nothing but its report', async () => {
    const { services } = world;
    const dry = await start({ dryRun: true, retain: [freshmen[3]], exitCodes: { [seniors[1]!]: 'completed-certificate' } });
    expect(queue.sent).toContainEqual({ rolloverId: dry.runId, schoolId });
    const done = await runRollover(services, schoolId, dry.runId);
    expect(done).toMatchObject({ status: 'DONE', toYear: '2027-2028' });
    expect(done.progress).toBeUndefined();
    expect(done.report).toMatchObject({
      students: 7,
      byGrade: {
        '09': { promote: 3, retain: 1, graduate: 0, complete: 0, keep: 0 },
        '11': { keep: 1 },
        '12': { graduate: 2 },
      },
      calendar: 'create',
      sections: { thisYear: 1, copied: 0 },
      seats: [
        { gradeLevel: '09', students: 1 },
        { gradeLevel: '10', students: 3 },
      ],
    });
    expect(await services.records.get(schoolYearType, { schoolId, schoolYear: '2027-2028' })).toBeUndefined();
    expect((await services.records.get(studentType, { studentId: freshmen[0]! }))!.data.gradeLevel).toBe('09');
    expect(await readRollover(services, schoolId, dry.runId, { principal: as.schoolAdmin(schoolId) })).toMatchObject({
      status: 'DONE',
      runUrl: `/v1/schools/${schoolId}/rollovers/${dry.runId}`,
    });
  });

  test('only the school or district office starts one, for a year the school has', async () => {
    await expect(start({}, as.counselor(schoolId))).rejects.toBeInstanceOf(Forbidden);
    expect(await issuesOf(start({ fromYear: '2019-2020' }))).toEqual([expect.objectContaining({ field: 'fromYear' })]);
    expect(await issuesOf(start({ retain: [freshmen[0]], exitCodes: { [freshmen[0]!]: 'graduated' } }))).toEqual([
      expect.objectContaining({ field: 'exitCodes' }),
    ]);
  });

  test('the run crashes after a few students, resumes, and ends with every student rolled over once', async () => {
    const { services } = world;
    const run = await start({ retain: [freshmen[3]], exitCodes: { [seniors[1]!]: 'completed-certificate' } });
    // The machine dies after four transactions: the run's status and three students.
    const transact = services.transactions.transact.bind(services.transactions);
    let calls = 0;
    const crash = jest.spyOn(services.transactions, 'transact').mockImplementation(async (...args) => {
      calls += 1;
      if (calls > 4) throw new Error('simulated crash: the function was stopped');
      return transact(...args);
    });
    await expect(runRollover(services, schoolId, run.runId)).rejects.toThrow('simulated crash');
    crash.mockRestore();

    const resumed = await runRollover(services, schoolId, run.runId);
    expect(resumed.status).toBe('DONE');
    expect(resumed.progress).toMatchObject({
      done: 7,
      byOutcome: { promote: 3, retain: 1, graduate: 2, complete: 0, keep: 1 },
      refused: [],
    });
    expect(resumed.progress!.resumed).toBeGreaterThan(0);
    // The first attempt made next year's calendar and the section's shell; the resumed one found them, and made none again.
    expect(resumed.report).toMatchObject({ calendar: 'exists', sections: { thisYear: 1, copied: 0, existing: 1 } });
    const nextYear = (await services.records.get(schoolYearType, { schoolId, schoolYear: '2027-2028' }))!.data;
    expect(nextYear).toMatchObject({ status: 'planning', startDate: '2027-08-24', endDate: '2028-06-04', nonInstructionalDays: [] });
    expect(nextYear.gradingPeriods.map((period) => [period.code, period.startDate])).toEqual([
      ['Q1', '2027-08-24'],
      ['Q2', '2027-10-26'],
    ]);

    // Promoted: one 2027-2028 enrollment in grade 10, this year's ended, the record's grade moved with its history.
    for (const studentId of freshmen.slice(0, 3)) {
      const enrollments = await enrollmentsOf(studentId);
      expect(enrollments.filter((enrollment) => enrollment.schoolYear === '2027-2028')).toEqual([
        expect.objectContaining({ gradeLevel: '10', schoolId }),
      ]);
      expect(enrollments.find((enrollment) => enrollment.schoolYear === '2026-2027')).toMatchObject({
        exitDate: '2027-06-04',
        exitReason: 'end-of-year',
      });
      expect((await services.records.get(studentType, { studentId }))!.data.gradeLevel).toBe('10');
      expect((await services.enrollments.activeEnrollment(studentId, '2027-2028'))!.gradeLevel).toBe('10');
    }
    const history = await recordHistory(services, studentType, { studentId: freshmen[0]! }, { limit: 10 }, admin);
    expect(history.items[0]).toMatchObject({ actor: `rollover:${run.runId}`, reason: 'Year-end rollover 2026-2027 → 2027-2028' });
    // Retained: grade 9 again next year.
    expect((await enrollmentsOf(freshmen[3]!)).filter((enrollment) => enrollment.schoolYear === '2027-2028')).toEqual([
      expect.objectContaining({ gradeLevel: '09' }),
    ]);
    // Seniors leave with their exit codes; nothing opens for them.
    expect((await enrollmentsOf(seniors[0]!)).map((enrollment) => [enrollment.schoolYear, enrollment.exitReason])).toEqual([
      ['2026-2027', 'graduated'],
    ]);
    expect((await enrollmentsOf(seniors[1]!))[0]!.exitReason).toBe('completed-certificate');
    // The transfer recorded for next year stands: Roosevelt, grade 12.
    const moved = await enrollmentsOf(mover);
    expect(moved.filter((enrollment) => enrollment.schoolYear === '2027-2028')).toEqual([expect.objectContaining({ gradeLevel: '12' })]);
    // Seats next year are the students placed, no more: nothing was counted twice across the crash.
    expect(await services.enrollments.seatsTaken(schoolId, '2027-2028', '10')).toBe(3);
    expect(await services.enrollments.seatsTaken(schoolId, '2027-2028', '09')).toBe(1);
    // A second delivery of the same message changes nothing.
    expect((await runRollover(services, schoolId, run.runId)).progress).toEqual(resumed.progress);
  });
});
