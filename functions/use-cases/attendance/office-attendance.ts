import { codeTable } from '../../../domain/attendance/attendance';
import {
  checkOfficeEntry,
  isEmptyOfficeEntry,
  OfficeEntrySchema,
  sameOfficeEntry,
  schoolDayIssue,
  storedOfficeEntry,
  type DailyStatus,
  type DayCounts,
  type OfficeEntry,
  type StoredOfficeEntry,
} from '../../../domain/attendance/daily';
import { DISTRICT_ATTENDANCE_RULE } from '../../../domain/attendance/rule';
import { Invalid, NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import { officeAttendanceType, studentType, type StoredOfficeAttendance } from '../../../domain/records/record-types';
import { IsoDate } from '../../../domain/schemas/common';
import { parseOrThrow } from '../../../domain/validation';
import { recordOf } from '../../repositories/record-store';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { dayCounterWrites, dayWrites, retryOnDayChange, toStudentDay } from './student-days';
import { cachedYear, storedCodes } from './take-attendance';

export interface OfficeAttendanceResult {
  readonly studentId: string;
  readonly date: string;
  readonly schoolId: string;
  /** The entry as kept (empty when cleared). */
  readonly entry: StoredOfficeEntry;
  /** The student's day after the entry: its status from the marks and the entry, none when nothing is recorded. */
  readonly day?: DailyStatus;
  readonly changed: boolean;
  readonly version?: number;
}

/**
 * The attendance office records a student's day: an all-day absence, a late arrival or an early
 * dismissal, each with a code (an empty entry clears it). Only on an instructional day of the
 * calendar of the school the student is enrolled in on that day, by that school's admins. The
 * same entry again writes nothing; a change keeps the previous entry in the history with who,
 * when and why (X-Change-Reason). One transaction holds the entry and its history, the student's
 * day with its new status, and the counters that status moves.
 */
export async function recordOfficeAttendance(
  services: Services,
  studentId: string,
  dateParam: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<OfficeAttendanceResult>> {
  const date = parseOrThrow(IsoDate, dateParam, ['date']);
  const entry = parseOrThrow(OfficeEntrySchema, body ?? {});
  return retryOnDayChange(() => recordOnce(services, studentId, date, entry, context));
}

async function recordOnce(
  services: Services,
  studentId: string,
  date: string,
  entry: OfficeEntry,
  context: WriteContext,
): Promise<Written<OfficeAttendanceResult>> {
  const officeKey = keys.officeAttendance(studentId, date);
  const dayKey = keys.studentDay(studentId, date);
  const studentKey = studentType.key({ studentId });
  const active = keys.activeEnrollmentsOfStudent(studentId);
  const [items, enrollments] = await Promise.all([
    services.records.getItems([studentKey, officeKey, dayKey]),
    services.records.rawQuery({ partition: active.pk, sortKeyPrefix: active.skPrefix, limit: 10 }),
  ]);
  const find = (key: { pk: string; sk: string }) => items.find((item) => item.pk === key.pk && item.sk === key.sk);
  const student = find(studentKey);
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  const officeItem = find(officeKey);
  const office = officeItem ? recordOf(officeAttendanceType, officeItem) : undefined;
  const dayItem = find(dayKey);
  const before = dayItem ? toStudentDay(dayItem) : undefined;

  // The enrollment (and its school's calendar) that covers the date.
  const now = services.now();
  const candidates = await Promise.all(
    enrollments.items.map(async (enrollment) => {
      const schoolId = String(enrollment.schoolId);
      const schoolYear = String(enrollment.schoolYear);
      const year = await cachedYear(services, schoolId, schoolYear);
      return { schoolId, schoolYear, entryDate: String(enrollment.entryDate), year: year?.data };
    }),
  );
  const enrollment = candidates.find((candidate) => candidate.year && candidate.year.startDate <= date && date <= candidate.year.endDate);
  if (!enrollment || !enrollment.year) {
    // Authorize against the student's own school first, so a stranger learns nothing about the student's enrollment.
    await services.access.authorize(context.principal, 'create', 'officeAttendance', {
      schoolId: recordOf(studentType, student).data.schoolId,
    });
    throw new Invalid([{ field: 'date', message: `the student is not enrolled in a school year that includes ${date}` }]);
  }
  const { schoolId, schoolYear, year } = enrollment;
  await services.access.authorize(context.principal, 'create', 'officeAttendance', { schoolId });
  const notSchoolDay = schoolDayIssue(date, year, enrollment.entryDate);
  if (notSchoolDay) throw new Invalid([{ field: 'date', message: `no attendance on this day: ${notSchoolDay}` }]);

  const codes = codeTable(await storedCodes(services), schoolId);
  const issues = checkOfficeEntry(entry, codes);
  if (issues.length > 0) throw new Invalid(issues);
  const kept = storedOfficeEntry(entry, codes);
  const previous = office && !office.deletedAt ? office.data : undefined;
  const previousEntry = previous ? storedOfficePart(previous) : undefined;
  const result: OfficeAttendanceResult = {
    studentId,
    date,
    schoolId,
    entry: kept,
    ...(before?.day ? { day: before.day } : {}),
    changed: false,
    ...(office ? { version: office.version } : {}),
  };
  if (sameOfficeEntry(previousEntry, kept)) return { result, replayed: false };
  if (!isEmptyOfficeEntry(previousEntry) && !context.reason) {
    throw new Invalid([
      { field: 'X-Change-Reason', message: 'is required to change an office entry already made (it is kept in the history)' },
    ]);
  }

  const at = now.toISOString();
  const actor = context.principal.sub;
  const data: StoredOfficeAttendance = { studentId, schoolId, schoolYear, date, ...kept };
  const schoolDeltas = new Map<string, DayCounts>();
  const writes = dayWrites(
    services.attendance,
    { studentId, date, schoolId, schoolYear, ...(before ? { before } : {}), marks: before?.marks ?? {}, office: kept },
    year.attendanceRule ?? DISTRICT_ATTENDANCE_RULE,
    at,
    actor,
    schoolDeltas,
  );
  const extra = [...writes.items, ...dayCounterWrites(services.attendance, date, studentId, schoolDeltas, at)];
  const { day: _before, ...unchanged } = result;
  return services.records.write(
    context,
    { kind: officeAttendanceType, ids: { studentId, date }, before: office, data, extra },
    {
      at,
      result: (record): OfficeAttendanceResult => ({
        ...unchanged,
        ...(writes.after ? { day: writes.after } : {}),
        changed: true,
        version: record.version,
      }),
    },
  );
}

/** The entry's own fields out of the stored record's data. */
function storedOfficePart(data: StoredOfficeAttendance): StoredOfficeEntry {
  const { absence, lateArrival, earlyDismissal, comment } = data;
  return {
    ...(absence !== undefined ? { absence } : {}),
    ...(lateArrival !== undefined ? { lateArrival } : {}),
    ...(earlyDismissal !== undefined ? { earlyDismissal } : {}),
    ...(comment !== undefined ? { comment } : {}),
  };
}
