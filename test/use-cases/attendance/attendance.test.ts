import { Forbidden, Invalid } from '../../../domain/errors';
import { recordOfficeAttendance } from '../../../functions/use-cases/attendance/office-attendance';
import {
  averageDailyAttendance,
  chronicAbsence,
  missingAttendance,
  schoolDailyReport,
  sectionAttendance,
  studentAttendance,
  teacherMissingAttendance,
} from '../../../functions/use-cases/attendance/read-attendance';
import { takeAttendance } from '../../../functions/use-cases/attendance/take-attendance';
import { as, by } from '../../support/principals';
import { seedCourse, seedHighSchool, seedRoster, seedSection, seedStaff, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * Attendance as a teacher takes it: the whole class in one request, the same roster again
 * changing nothing, corrections kept with a reason, the office's day entries, and the reports
 * that follow. The events the marks set off, and two classes marking at once, are the e2e
 * tier's (test/e2e/attendance.test.ts).
 */
describe('attendance', () => {
  let world: UseCaseServices;
  let schoolId: string;

  /** The field issues of an Invalid refusal. */
  async function issuesOf(attempt: Promise<unknown>) {
    const error = await attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).issues;
  }
  const weekly = (period: string, days: string[]) => ({ period, meetings: [{ period, days }] });

  beforeAll(async () => {
    world = await useCaseServices('attendance');
    schoolId = await seedHighSchool(world.services, 'Hamilton High', { gradeLevels: ['09'] });
  });
  afterAll(() => world?.drop());

  test('a teacher takes a class, resubmits it (nothing changes), corrects a mark with a reason, and the reports follow', async () => {
    const { services } = world;
    const [ana, ben, cy] = (await seedStudents(services, schoolId, 3)) as [string, string, string];
    const teacherId = await seedStaff(services, [schoolId]);
    const otherId = await seedStaff(services, [schoolId], { name: { first: 'Other', last: 'Teacher' } });
    const teacher = as.teacher(teacherId, schoolId);
    const office = as.schoolAdmin(schoolId);
    const course = await seedCourse(services, schoolId, 'HIST', { title: 'World History', subject: 'social-studies' });
    const sectionId = await seedSection(services, schoolId, course, {
      ...weekly('P2', ['MON', 'WED', 'FRI']),
      teachers: [{ staffId: teacherId, role: 'primary' }],
    });
    const otherSection = await seedSection(services, schoolId, course, {
      number: '02',
      ...weekly('P3', ['MON', 'WED', 'FRI']),
      teachers: [{ staffId: otherId, role: 'primary' }],
    });
    await seedRoster(services, sectionId, [ana, ben, cy]);
    const take = (body: unknown, principal = teacher, date = day, reason?: string) =>
      takeAttendance(services, sectionId, date, body, by(principal, reason));

    const day = '2026-09-02'; // a Wednesday
    const missingBefore = await missingAttendance(services, schoolId, day, office);
    expect(missingBefore.sections.map((section) => section.sectionId).sort()).toEqual([sectionId, otherSection].sort());

    const roster = {
      marks: [
        { studentId: ana, code: 'P' },
        { studentId: ben, code: 'A' },
        { studentId: cy, code: 'T', minutesLate: 7 },
      ],
    };
    expect((await take(roster)).result).toMatchObject({ added: 3, corrected: 0, unchanged: 0, version: 1 });
    // The same roster again changes nothing and writes no history.
    expect((await take(roster)).result).toMatchObject({ added: 0, corrected: 0, unchanged: 3, version: 1 });
    // A correction needs a reason; with one, the previous marks stay in the history.
    const correction = { marks: [{ studentId: ben, code: 'AE' }] };
    await issuesOf(take(correction));
    expect((await take(correction, teacher, day, 'Note from the doctor received')).result).toMatchObject({
      added: 0,
      corrected: 1,
      version: 2,
    });

    const read = await sectionAttendance(services, sectionId, day, teacher);
    expect(read.marks).toEqual(
      expect.arrayContaining([expect.objectContaining({ studentId: ben, code: 'AE', category: 'absent', excused: true })]),
    );
    const summary = await studentAttendance(services, ben, { from: '2026-09-01', to: '2026-09-30' }, office);
    expect(summary.summary).toMatchObject({ daysMarked: 1, excusedAbsences: 1, unexcusedAbsences: 0, attendanceRate: 0 });
    const report = await schoolDailyReport(services, schoolId, day, office);
    expect(report.absences).toEqual([expect.objectContaining({ studentId: ben, code: 'AE', excused: true })]);
    expect(report.tardies).toEqual([expect.objectContaining({ studentId: cy, minutesLate: 7 })]);
    const missingAfter = await missingAttendance(services, schoolId, day, office);
    expect(missingAfter.sections.map((section) => section.sectionId)).toEqual([otherSection]);

    // Another section's teacher may not take this class; nobody takes attendance on a day off or a day the class does not meet.
    await expect(take(roster, as.teacher(otherId, schoolId))).rejects.toBeInstanceOf(Forbidden);
    expect(await issuesOf(take(roster, teacher, '2026-09-07'))).toEqual([
      expect.objectContaining({ field: 'date', message: expect.stringContaining('Labor Day') }),
    ]);
    expect(await issuesOf(take(roster, teacher, '2026-09-01'))).toEqual([
      expect.objectContaining({ field: 'date', message: expect.stringContaining('TUE') }),
    ]);
    expect(await issuesOf(take({ marks: [{ studentId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', code: 'P' }] }))).toEqual([
      expect.objectContaining({ field: 'marks[0].studentId' }),
    ]);
  });

  test("the office records a student's day; the day's status follows the marks under the rule, and the reports and counters follow it", async () => {
    const { services } = world;
    const [dee, eve] = (await seedStudents(services, schoolId, 2)) as [string, string];
    const teacherId = await seedStaff(services, [schoolId], { name: { first: 'Day', last: 'Teacher' } });
    const teacher = as.teacher(teacherId, schoolId);
    const office = as.schoolAdmin(schoolId);
    const sections: string[] = [];
    for (const [period, code] of [
      ['P4', 'BIO'],
      ['P5', 'CHEM'],
    ] as const) {
      const course = await seedCourse(services, schoolId, code, { title: code === 'BIO' ? 'Biology' : 'Chemistry', subject: 'science' });
      const sectionId = await seedSection(services, schoolId, course, { period, teachers: [{ staffId: teacherId, role: 'primary' }] });
      await seedRoster(services, sectionId, [dee, eve]);
      sections.push(sectionId);
    }
    const [fourth, fifth] = sections as [string, string];
    const day = '2026-09-04'; // a Friday
    const statusOf = async (studentId: string) =>
      (await studentAttendance(services, studentId, { from: day, to: day }, office)).days[0]?.status;
    const chronic = async () =>
      (await chronicAbsence(services, schoolId, '2026-2027', office)).students.map((entry: { studentId: string }) => entry.studentId);
    const adaOfDay = async () => (await averageDailyAttendance(services, schoolId, { from: day, to: day }, office)).days[0];

    // Absent from the only period marked: an absent day (more than half), counted as chronic absence (1 of 1 days).
    await takeAttendance(
      services,
      fourth,
      day,
      {
        marks: [
          { studentId: dee, code: 'A' },
          { studentId: eve, code: 'P' },
        ],
      },
      by(teacher),
    );
    expect(await statusOf(dee)).toBe('absent');
    expect(await chronic()).toContain(dee);
    expect(await adaOfDay()).toMatchObject({ students: 2, attended: 1, absent: 1 });
    // Present in the next period: absent from one of two is not more than half, so the day turns present and the counters move back.
    const fifthTaken = await takeAttendance(
      services,
      fifth,
      day,
      {
        marks: [
          { studentId: dee, code: 'P' },
          { studentId: eve, code: 'P' },
        ],
      },
      by(teacher),
    );
    expect(fifthTaken.result).toMatchObject({ added: 2 });
    expect(await statusOf(dee)).toBe('present');
    expect(await chronic()).not.toContain(dee);
    expect(await adaOfDay()).toMatchObject({ students: 2, attended: 2, absent: 0, rate: 100 });

    // The office: an all-day absence for a doctor's visit makes the day an excused absence whatever the marks.
    const record = (body: unknown, reason?: string, principal = office, date = day) =>
      recordOfficeAttendance(services, eve, date, body, by(principal, reason));
    const entry = { absence: { code: 'MED' }, comment: 'Dentist, called by mother' };
    expect((await record(entry)).result).toMatchObject({ changed: true, version: 1, day: { status: 'absent', excused: true } });
    expect((await record(entry)).result).toMatchObject({ changed: false, version: 1 });
    const eveSummary = await studentAttendance(services, eve, { from: '2026-09-01', to: '2026-09-30' }, office);
    expect(eveSummary.summary).toMatchObject({ daysMarked: 1, excusedAbsences: 1, attendanceRate: 0 });
    expect(eveSummary.days[0]).toMatchObject({ status: 'absent', office: { absence: { code: 'MED', excused: true } } });
    const report = await schoolDailyReport(services, schoolId, day, office);
    // Both students are in the day's report: the absent day, and the day attended with one period missed.
    expect(report).toMatchObject({ absentStudents: 1, tardyStudents: 0 });
    expect(report.students).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ studentId: eve, status: 'absent', excused: true }),
        expect.objectContaining({ studentId: dee, status: 'present', periodsAbsent: 1, periodsMarked: 2 }),
      ]),
    );
    expect(await adaOfDay()).toMatchObject({ students: 2, attended: 1, absent: 1 });

    // A change needs a reason: she came in late after all.
    const late = { lateArrival: { time: '10:15', code: 'TE' } };
    expect(await issuesOf(record(late))).toEqual([expect.objectContaining({ field: 'X-Change-Reason' })]);
    expect((await record(late, 'Arrived after the appointment')).result).toMatchObject({
      changed: true,
      version: 2,
      day: { status: 'tardy' },
    });
    expect(await adaOfDay()).toMatchObject({ students: 2, attended: 2, absent: 0 });
    expect(await chronic()).not.toContain(eve);

    // Refusals: a teacher, a day off, a code of the wrong kind, an unknown field.
    await expect(record(entry, undefined, teacher)).rejects.toBeInstanceOf(Forbidden);
    expect(await issuesOf(record(entry, undefined, office, '2026-09-07'))).toEqual([
      expect.objectContaining({ field: 'date', message: expect.stringContaining('Labor Day') }),
    ]);
    expect(await issuesOf(record({ absence: { code: 'T' } }, 'typo'))).toEqual([expect.objectContaining({ field: 'absence.code' })]);
    await issuesOf(record({ absent: true }));
  });
  test("a teacher's own list of classes still to take: only theirs, in each of their schools, by period, until taken", async () => {
    const { services } = world;
    const otherSchool = await seedHighSchool(services, 'Adams High', { gradeLevels: ['09'] });
    const teacherId = await seedStaff(services, [schoolId, otherSchool], { name: { first: 'Two', last: 'Schools' } });
    const colleagueId = await seedStaff(services, [schoolId], { name: { first: 'Col', last: 'League' } });
    const teacher = as.teacher(teacherId, schoolId, otherSchool);
    const course = await seedCourse(services, schoolId, 'CHEM2', { title: 'Chemistry II', subject: 'science' });
    const otherCourse = await seedCourse(services, otherSchool, 'PHYS', { title: 'Physics', subject: 'science' });
    const teaches = (staffId: string) => ({ teachers: [{ staffId, role: 'primary' }] });
    const third = await seedSection(services, schoolId, course, { number: '11', ...weekly('P3', ['MON', 'WED']), ...teaches(teacherId) });
    const first = await seedSection(services, otherSchool, otherCourse, { number: '12', ...weekly('P1', ['WED']), ...teaches(teacherId) });
    // Not on Wednesdays, and a colleague's class: neither is on the list.
    await seedSection(services, schoolId, course, { number: '13', ...weekly('P4', ['TUE', 'THU']), ...teaches(teacherId) });
    await seedSection(services, schoolId, course, { number: '14', ...weekly('P5', ['WED']), ...teaches(colleagueId) });
    const [student] = (await seedStudents(services, otherSchool, 1)) as [string];
    await seedRoster(services, first, [student]);

    const day = '2026-09-09'; // a Wednesday
    const before = await teacherMissingAttendance(services, teacherId, day, teacher);
    expect(before).toMatchObject({ staffId: teacherId, date: day, meeting: 2 });
    expect(before.sections.map((section) => [section.sectionId, section.schoolId])).toEqual([
      [first, otherSchool],
      [third, schoolId],
    ]);
    await takeAttendance(services, first, day, { marks: [{ studentId: student, code: 'P' }] }, by(teacher));
    const after = await teacherMissingAttendance(services, teacherId, day, teacher);
    expect(after).toMatchObject({ meeting: 2, sections: [expect.objectContaining({ sectionId: third })] });
    expect(after.sections).toHaveLength(1);
    // Nothing meets on a day off.
    expect(await teacherMissingAttendance(services, teacherId, '2026-09-07', teacher)).toMatchObject({ meeting: 0, sections: [] });

    // The office of one of the teacher's schools may look; a colleague may not.
    await expect(teacherMissingAttendance(services, teacherId, day, as.schoolAdmin(schoolId))).resolves.toMatchObject({ meeting: 2 });
    await expect(teacherMissingAttendance(services, teacherId, day, as.teacher(colleagueId, schoolId))).rejects.toBeInstanceOf(Forbidden);
  });
});
