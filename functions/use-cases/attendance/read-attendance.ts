import { codeTable, meetingDayIssue } from '../../../domain/attendance/attendance';
import { CHRONIC_ABSENCE_THRESHOLD, isChronicallyAbsent, summarizeDays } from '../../../domain/attendance/daily';
import { Invalid, NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import {
  rosterEntryType,
  schoolYearType,
  sectionAttendanceType,
  sectionCoverType,
  sectionType,
  staffType,
  studentType,
} from '../../../domain/records/record-types';
import type { SchoolYear } from '../../../domain/schemas/calendar';
import { onRosterOn } from '../../../domain/scheduling/roster-dates';
import { coverHolds } from '../../../domain/scheduling/section-cover';
import type { Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { toStudentDay, type StudentDay } from './student-days';
import { termOf } from '../scheduling/placements';
import { storedCodes } from './take-attendance';

/** A section's marks for a day, and the students on that day's roster not marked yet (decision 0131). */
export async function sectionAttendance(services: Services, sectionId: string, date: string, principal: Principal) {
  const [sectionRecord, day, entries] = await Promise.all([
    services.records.get(sectionType, { sectionId }),
    services.records.get(sectionAttendanceType, { sectionId, date }),
    services.records.queryAll(rosterEntryType, {
      partition: keys.rosterOfSection(sectionId).pk,
      sortKeyPrefix: keys.rosterOfSection(sectionId).skPrefix,
    }),
  ]);
  if (!sectionRecord || sectionRecord.deletedAt) throw new NotFound(`No section ${sectionId}.`);
  await services.access.authorize(principal, 'read', 'attendance', { sectionId, date }, sectionRecord.data);
  const termStart = (await termOf(services, sectionRecord.data)).startDate;
  const roster = { items: entries.filter((entry) => onRosterOn(entry, date, termStart)) };
  const marks = day?.data.marks ?? {};
  return {
    sectionId,
    date,
    taken: day !== undefined,
    ...(day ? { version: day.version, takenBy: day.createdBy, updatedAt: day.updatedAt } : {}),
    marks: Object.entries(marks).map(([studentId, mark]) => ({ studentId, ...mark })),
    unmarked: roster.items.map((entry) => entry.id).filter((studentId) => marks[studentId] === undefined),
  };
}

const dayView = (day: StudentDay) => ({
  date: day.date,
  status: day.day!.status,
  ...(day.day!.excused !== undefined ? { excused: day.day!.excused } : {}),
  periodsMarked: day.day!.periodsMarked,
  periodsAbsent: day.day!.periodsAbsent,
  ...(day.office ? { office: day.office } : {}),
});

/** A student's days over a date range (one Query of their partition): each day's status, its marks, and the summary of those days. */
export async function studentAttendance(services: Services, studentId: string, range: { from: string; to: string }, principal: Principal) {
  if (range.to < range.from) throw new Invalid([{ field: 'to', message: 'must not be before from' }]);
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  await services.access.authorize(principal, 'read', 'studentAttendance', { studentId }, student.data);
  const { pk, skPrefix } = keys.daysOfStudent(studentId);
  const days = (
    await services.records.rawQueryAll({
      partition: pk,
      sortKeyBetween: [`${skPrefix}${range.from}`, `${skPrefix}${range.to}`],
      sortKeyPrefix: '',
      limit: 500,
    })
  )
    .map(toStudentDay)
    .filter((day) => day.day !== undefined);
  const marks = days.flatMap((day) =>
    Object.entries(day.marks).map(([sectionId, mark]) => ({
      date: day.date,
      sectionId,
      periods: [...mark.periods],
      code: mark.code,
      category: mark.category,
      ...(mark.excused !== undefined ? { excused: mark.excused } : {}),
      ...(mark.minutesLate !== undefined ? { minutesLate: mark.minutesLate } : {}),
    })),
  );
  return {
    studentId,
    from: range.from,
    to: range.to,
    summary: summarizeDays(days.map((day) => ({ date: day.date, ...day.day! }))),
    days: days.map(dayView),
    marks,
  };
}

/**
 * The school's report for a day (one Query of the day's sparse index): every student whose day is
 * not plainly present, with their daily status and office entry, and the absent and tardy marks
 * with codes.
 */
export async function schoolDailyReport(services: Services, schoolId: string, date: string, principal: Principal) {
  await services.access.authorize(principal, 'list', 'attendance', { schoolId });
  const days = (
    await services.records.rawQueryAll({
      index: 'gsi1',
      partition: keys.studentDaysAtSchool(schoolId, date),
      sortKeyPrefix: '',
      limit: 1000,
    })
  ).map(toStudentDay);
  const rows = (category: 'absent' | 'tardy') =>
    days.flatMap((day) =>
      Object.entries(day.marks)
        .filter(([, mark]) => mark.category === category)
        .map(([sectionId, mark]) => ({
          studentId: day.studentId,
          sectionId,
          periods: [...mark.periods],
          code: mark.code,
          ...(mark.excused !== undefined ? { excused: mark.excused } : {}),
          ...(mark.minutesLate !== undefined ? { minutesLate: mark.minutesLate } : {}),
        })),
    );
  const noted = days.filter((day) => day.day !== undefined);
  return {
    schoolId,
    date,
    absentStudents: noted.filter((day) => day.day!.status === 'absent').length,
    tardyStudents: noted.filter((day) => day.day!.status === 'tardy').length,
    students: noted.map((day) => ({ studentId: day.studentId, ...dayView(day) })),
    absences: rows('absent'),
    tardies: rows('tardy'),
  };
}

/**
 * Average daily attendance over a date range, from the school's daily counters (one Query): per
 * day, the students with a recorded day, those who attended and those absent; over the range,
 * the average attended per day, the average membership per day and the rate.
 */
export async function averageDailyAttendance(
  services: Services,
  schoolId: string,
  range: { from: string; to: string },
  principal: Principal,
) {
  if (range.to < range.from) throw new Invalid([{ field: 'to', message: 'must not be before from' }]);
  await services.access.authorize(principal, 'list', 'attendance', { schoolId });
  const { pk } = keys.attendanceDayCounters(schoolId);
  const shards = await services.records.rawQueryAll({
    partition: pk,
    sortKeyBetween: [`${range.from}#`, `${range.to}#~`],
    sortKeyPrefix: '',
    limit: 1000,
  });
  const byDay = new Map<string, { students: number; attended: number; absent: number }>();
  for (const shard of shards) {
    const date = String(shard.date);
    const day = byDay.get(date) ?? { students: 0, attended: 0, absent: 0 };
    day.students += Number(shard.students ?? 0);
    day.attended += Number(shard.attended ?? 0);
    day.absent += Number(shard.absent ?? 0);
    byDay.set(date, day);
  }
  const days = [...byDay]
    .filter(([, day]) => day.students > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, day]) => ({ date, ...day, rate: rate(day.attended, day.students) }));
  const attended = days.reduce((sum, day) => sum + day.attended, 0);
  const students = days.reduce((sum, day) => sum + day.students, 0);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    schoolId,
    from: range.from,
    to: range.to,
    days,
    daysCounted: days.length,
    averageDailyAttendance: days.length === 0 ? null : round(attended / days.length),
    averageDailyMembership: days.length === 0 ? null : round(students / days.length),
    rate: rate(attended, students),
  };
}

/** Attended ÷ counted in percent, one decimal; null with nothing counted. */
const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * The students of a school year who missed at least 10% of their days enrolled (days with a
 * recorded status), from the per-student counters kept on write: one Query of the school year's
 * counters, no recount.
 */
export async function chronicAbsence(services: Services, schoolId: string, schoolYear: string, principal: Principal) {
  await services.access.authorize(principal, 'list', 'attendance', { schoolId });
  const counters = await services.records.rawQueryAll({
    index: 'gsi2',
    partition: keys.attendanceYearsOfSchool(schoolId, schoolYear),
    sortKeyPrefix: '',
    limit: 1000,
  });
  const students = counters
    .map((item) => ({
      studentId: String(item.studentId),
      daysEnrolled: Number(item.daysEnrolled ?? 0),
      daysAbsent: Number(item.daysAbsent ?? 0),
      excusedAbsences: Number(item.excusedAbsences ?? 0),
      unexcusedAbsences: Number(item.unexcusedAbsences ?? 0),
      tardies: Number(item.tardies ?? 0),
    }))
    .filter(isChronicallyAbsent)
    .map((counts) => ({ ...counts, absenceRate: rate(counts.daysAbsent, counts.daysEnrolled)! }))
    .sort((a, b) => b.absenceRate - a.absenceRate || a.studentId.localeCompare(b.studentId));
  return { schoolId, schoolYear, threshold: CHRONIC_ABSENCE_THRESHOLD * 100, studentsCounted: counters.length, students };
}

/** The school year in session at a school on a date, with its terms that include the date (none outside its years). */
async function inSession(services: Services, schoolId: string, date: string) {
  const { pk, skPrefix } = keys.schoolYearsOfSchool(schoolId);
  const years = (
    await services.records.query(schoolYearType, { partition: pk, sortKeyPrefix: skPrefix, limit: 20, skipDeleted: true })
  ).items.map((record) => record.data);
  const year = years.find((candidate) => candidate.startDate <= date && date <= candidate.endDate);
  return year ? { year, terms: year.terms.filter((term) => term.startDate <= date && date <= term.endDate) } : undefined;
}

/** Every section of a partition of an index (a school's term, a teacher's term). */
const allSections = (services: Services, index: 'gsi1' | 'gsi2', partition: string) =>
  services.records.queryAll(sectionType, { index, partition, sortKeyPrefix: '' });

/** The sections of a school that took attendance on a date. */
async function sectionsTaken(services: Services, schoolId: string, date: string): Promise<Set<string>> {
  const taken = await services.records.queryAll(sectionAttendanceType, {
    index: 'gsi2',
    partition: keys.attendanceTakenPartition(schoolId, date),
    sortKeyPrefix: '',
  });
  return new Set(taken.map((record) => record.data.sectionId));
}

/** Of these sections, the active ones that meet on the date (its weekday, its rotation day, not a day off). */
const meetingOn = (date: string, year: SchoolYear, sections: readonly StoredRecord<Section>[]) =>
  sections.filter(
    (record) => record.data.status === 'active' && meetingDayIssue(date, year, record.data.termCode, record.data.meetings) === undefined,
  );

const missingView = (record: StoredRecord<Section>) => {
  const section = record.data;
  return {
    sectionId: record.id,
    schoolId: section.schoolId,
    sectionNumber: section.sectionNumber,
    courseId: section.courseId,
    teachers: section.teachers,
    meetings: section.meetings,
    ...(section.room ? { room: section.room } : {}),
  };
};

/** The sections that meet on a day and have not taken attendance yet: the attendance office's list. */
export async function missingAttendance(services: Services, schoolId: string, date: string, principal: Principal) {
  await services.access.authorize(principal, 'list', 'attendance', { schoolId });
  const session = await inSession(services, schoolId, date);
  if (!session) return { schoolId, date, sections: [] };
  const { year, terms } = session;
  const sections = (
    await Promise.all(terms.map((term) => allSections(services, 'gsi1', keys.sectionsOfSchoolTerm(schoolId, year.schoolYear, term.code))))
  ).flat();
  const taken = await sectionsTaken(services, schoolId, date);
  const meeting = meetingOn(date, year, sections);
  return { schoolId, date, meeting: meeting.length, sections: meeting.filter((record) => !taken.has(record.id)).map(missingView) };
}

/**
 * A teacher's own sections that meet on a day and have not taken attendance yet ("my classes still to take today"),
 * in every school the teacher works at: the teacher, and the attendance office of those schools.
 */
export async function teacherMissingAttendance(services: Services, staffId: string, date: string, principal: Principal) {
  const staff = await services.records.get(staffType, { staffId });
  if (!staff || staff.deletedAt) throw new NotFound(`No staff member ${staffId}.`);
  await services.access.authorize(principal, 'list', 'attendanceDue', { staffId }, staff.data);
  // The teacher's section index is one partition per school year and term for all their schools: each is read once,
  // though two schools share a year's term codes, and each school keeps its own sections of it.
  const teacherTerm = new Map<string, Promise<StoredRecord<Section>[]>>();
  const sectionsIn = (partition: string) => {
    if (!teacherTerm.has(partition)) teacherTerm.set(partition, allSections(services, 'gsi2', partition));
    return teacherTerm.get(partition)!;
  };
  // The sections they cover that day as a substitute (decision 0147), in whatever school.
  const covered = await sectionsCoveredOn(services, staffId, date);
  const assigned = new Set(staff.data.assignments.map(({ schoolId }) => schoolId));
  const schools = new Set([...assigned, ...covered.map((record) => record.data.schoolId)]);
  const perSchool = await Promise.all(
    [...schools].map(async (schoolId) => {
      const session = await inSession(services, schoolId, date);
      if (!session) return [];
      const { year, terms } = session;
      const own = assigned.has(schoolId)
        ? (await Promise.all(terms.map((term) => sectionsIn(keys.sectionsOfTeacher(staffId, year.schoolYear, term.code))))).flat()
        : [];
      // A section of their own that they also cover is theirs, not a cover.
      const ownIds = new Set(own.map((record) => record.id));
      const covering = covered.filter((record) => record.data.schoolYear === year.schoolYear && !ownIds.has(record.id));
      const sections = [...own, ...covering].filter((record) => record.data.schoolId === schoolId);
      const meeting = meetingOn(date, year, sections);
      if (meeting.length === 0) return [];
      const taken = await sectionsTaken(services, schoolId, date);
      return meeting.map((record) => ({ record, taken: taken.has(record.id), covering: !ownIds.has(record.id) }));
    }),
  );
  const meeting = perSchool.flat();
  return {
    staffId,
    date,
    meeting: meeting.length,
    sections: meeting
      .filter((entry) => !entry.taken)
      .map((entry) => ({ ...missingView(entry.record), ...(entry.covering ? { covering: true } : {}) }))
      .sort((a, b) => (a.meetings[0]?.period ?? '').localeCompare(b.meetings[0]?.period ?? '') || a.sectionId.localeCompare(b.sectionId)),
  };
}

/** The live sections a staff member covers on `date` (a cover's days include it): one query of their covers ending from that day. */
async function sectionsCoveredOn(services: Services, staffId: string, date: string): Promise<StoredRecord<Section>[]> {
  const covers = await services.records.queryAll(sectionCoverType, {
    index: 'gsi1',
    partition: keys.coversOfStaff(staffId),
    sortKeyPrefix: '',
    sortKeyBetween: [date, '9999-12-31~'],
  });
  const sectionIds = [...new Set(covers.filter((cover) => coverHolds(cover, date)).map((cover) => cover.ids.sectionId!))];
  if (sectionIds.length === 0) return [];
  const sections = await services.records.getMany(
    sectionType,
    sectionIds.map((sectionId) => ({ sectionId })),
  );
  return sections.filter((record) => !record.deletedAt);
}

/** The code table in force at a school (the district's, with the school's own). */
export async function attendanceCodes(services: Services, schoolId: string | undefined, principal: Principal) {
  await services.access.authorize(principal, 'list', 'attendanceCode', {});
  const codes = codeTable(await storedCodes(services), schoolId ?? '');
  return { ...(schoolId ? { schoolId } : {}), items: [...codes.values()] };
}
