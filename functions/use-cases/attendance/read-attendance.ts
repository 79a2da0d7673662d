import { codeTable, meetingDayIssue, summarize, type Category, type StoredMark } from '../../../domain/attendance/attendance';
import { Invalid, NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { sectionAttendanceType, sectionType, studentType } from '../../../domain/records/record-types';
import type { SchoolYear } from '../../../domain/schemas/calendar';
import type { Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { storedCodes } from './take-attendance';

/** A section's marks for a day, and the roster students not marked yet. */
export async function sectionAttendance(services: Services, sectionId: string, date: string, principal: Principal) {
  const [sectionRecord, day, roster] = await Promise.all([
    services.records.get(sectionType, { sectionId }),
    services.records.get(sectionAttendanceType, { sectionId, date }),
    services.records.query({
      partition: keys.rosterOfSection(sectionId).pk,
      sortKeyPrefix: keys.rosterOfSection(sectionId).skPrefix,
      limit: 250,
      skipDeleted: true,
    }),
  ]);
  if (!sectionRecord || sectionRecord.deletedAt) throw new NotFound(`No section ${sectionId}.`);
  await services.access.authorize(principal, 'read', 'attendance', { sectionId }, sectionRecord.data);
  const marks = (day?.data.marks ?? {}) as Record<string, StoredMark>;
  return {
    sectionId,
    date,
    taken: day !== undefined,
    ...(day ? { version: day.version, takenBy: day.createdBy, updatedAt: day.updatedAt } : {}),
    marks: Object.entries(marks).map(([studentId, mark]) => ({ studentId, ...mark })),
    unmarked: roster.items.map((entry) => entry.id).filter((studentId) => marks[studentId] === undefined),
  };
}

/** A student's marks over a date range (one Query of their partition) and the summary of those days. */
export async function studentAttendance(services: Services, studentId: string, range: { from: string; to: string }, principal: Principal) {
  if (range.to < range.from) throw new Invalid([{ field: 'to', message: 'must not be before from' }]);
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  await services.access.authorize(principal, 'read', 'studentAttendance', { studentId }, student.data);
  const { pk, skPrefix } = keys.marksOfStudentFrom(studentId);
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.records.rawQuery({
      partition: pk,
      sortKeyBetween: [`${skPrefix}${range.from}`, `${skPrefix}${range.to}#~`],
      sortKeyPrefix: '',
      limit: 500,
      cursor,
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const marks = items.map((item) => ({
    date: String(item.date),
    sectionId: String(item.sectionId),
    periods: item.periods as string[],
    code: String(item.code),
    category: item.category as Category,
    ...(item.excused !== undefined ? { excused: item.excused === true } : {}),
    ...(item.minutesLate !== undefined ? { minutesLate: Number(item.minutesLate) } : {}),
  }));
  return { studentId, from: range.from, to: range.to, summary: summarize(marks), marks };
}

/** The school's report for a day: the absences and tardies, with codes (two Queries of the day's index). */
export async function schoolDailyReport(services: Services, schoolId: string, date: string, principal: Principal) {
  await services.access.authorize(principal, 'list', 'attendance', { schoolId });
  const partition = keys.marksOfSchoolDay(schoolId, date);
  const [absent, tardy] = await Promise.all(
    (['absent', 'tardy'] as const).map((category) =>
      services.records.rawQuery({ index: 'gsi1', partition, sortKeyPrefix: `${category}#`, limit: 1000 }).then((page) => page.items),
    ),
  );
  const row = (item: Record<string, unknown>) => ({
    studentId: String(item.studentId),
    sectionId: String(item.sectionId),
    periods: item.periods as string[],
    code: String(item.code),
    ...(item.excused !== undefined ? { excused: item.excused === true } : {}),
    ...(item.minutesLate !== undefined ? { minutesLate: Number(item.minutesLate) } : {}),
  });
  return {
    schoolId,
    date,
    absentStudents: new Set(absent!.map((item) => String(item.studentId))).size,
    absences: absent!.map(row),
    tardies: tardy!.map(row),
  };
}

/** The sections that meet on a day and have not taken attendance yet: the attendance office's list. */
export async function missingAttendance(services: Services, schoolId: string, date: string, principal: Principal) {
  await services.access.authorize(principal, 'list', 'attendance', { schoolId });
  const { pk, skPrefix } = keys.schoolYearsOfSchool(schoolId);
  const years = (await services.records.query({ partition: pk, sortKeyPrefix: skPrefix, limit: 20, skipDeleted: true })).items.map(
    (record) => record.data as SchoolYear,
  );
  const year = years.find((candidate) => candidate.startDate <= date && date <= candidate.endDate);
  if (!year) return { schoolId, date, sections: [] };
  const terms = year.terms.filter((term) => term.startDate <= date && date <= term.endDate);
  const sections: StoredRecord[] = [];
  for (const term of terms) {
    let cursor: string | undefined;
    do {
      const page = await services.records.query({
        index: 'gsi1',
        partition: keys.sectionsOfSchoolTerm(schoolId, year.schoolYear, term.code),
        sortKeyPrefix: '',
        limit: 100,
        cursor,
      });
      sections.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  const taken = new Set(
    (
      await services.records.rawQuery({
        index: 'gsi2',
        partition: keys.attendanceTakenPartition(schoolId, date),
        sortKeyPrefix: '',
        limit: 1000,
      })
    ).items.map((item) => String(item.sectionId ?? (item.data as { sectionId?: string } | undefined)?.sectionId)),
  );
  const meeting = sections.filter((record) => {
    const section = record.data as Section;
    return section.status === 'active' && meetingDayIssue(date, year, section.termCode, section.meetings) === undefined;
  });
  return {
    schoolId,
    date,
    meeting: meeting.length,
    sections: meeting
      .filter((record) => !taken.has(record.id))
      .map((record) => {
        const section = record.data as Section;
        return {
          sectionId: record.id,
          sectionNumber: section.sectionNumber,
          courseId: section.courseId,
          teachers: section.teachers,
          ...(section.room ? { room: section.room } : {}),
        };
      }),
  };
}

/** The code table in force at a school (the district's, with the school's own). */
export async function attendanceCodes(services: Services, schoolId: string | undefined, principal: Principal) {
  await services.access.authorize(principal, 'list', 'attendanceCode', {});
  const codes = codeTable(await storedCodes(services, services.now().getTime()), schoolId ?? '');
  return { ...(schoolId ? { schoolId } : {}), items: [...codes.values()] };
}
