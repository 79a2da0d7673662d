import * as z from 'zod';
import {
  checkMarks,
  codeTable,
  diffMarks,
  meetingDayIssue,
  SectionAttendanceSchema,
  storedMark,
  type AttendanceCode,
  type Mark,
  type StoredMark,
} from '../../../domain/attendance/attendance';
import type { DayCounts } from '../../../domain/attendance/daily';
import { DISTRICT_ATTENDANCE_RULE } from '../../../domain/attendance/rule';
import { Invalid, NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import {
  attendanceCodeType,
  rosterEntryType,
  schoolYearType,
  sectionAttendanceType,
  sectionType,
  type StoredSectionAttendance,
} from '../../../domain/records/record-types';
import { onRosterOn } from '../../../domain/scheduling/roster-dates';
import { termStartOf, type SchoolYear } from '../../../domain/schemas/calendar';
import { IsoDate, SchoolYearLabel } from '../../../domain/schemas/common';
import { parseOrThrow } from '../../../domain/validation';
import { ATTENDANCE_EVENTS, type DomainEvent } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import { TtlCache } from '../../platform/ttl-cache';
import { recordOf, type StoredRecord } from '../../repositories/record-store';
import { MAX_TRANSACTION_ITEMS, type TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { replayOf, type WriteContext, type Written } from '../write-context';
import { dayCounterWrites, dayWrites, retryOnDayChange, toStudentDay } from './student-days';

/**
 * School years and the code table change rarely: kept a few minutes per execution environment, so a
 * warm submission reads only what changes, and a burst of submissions at the bell loads each once.
 */
const CACHE = { ttlMs: 5 * 60_000, maxEntries: 500, now: () => Date.now() };
const years = new TtlCache<StoredRecord<SchoolYear> | undefined>(CACHE);
const codes = new TtlCache<AttendanceCode[]>(CACHE);

/** A school year's calendar, from the cache. */
export function cachedYear(services: Services, schoolId: string, schoolYear: string): Promise<StoredRecord<SchoolYear> | undefined> {
  return years.get(`${schoolId}:${schoolYear}`, () => services.records.get(schoolYearType, { schoolId, schoolYear }));
}

/** The district's and the schools' attendance codes, from the cache. */
export function storedCodes(services: Services): Promise<AttendanceCode[]> {
  return codes.get('codes', async () => {
    const page = await services.records.query(attendanceCodeType, {
      index: 'gsi1',
      partition: keys.allAttendanceCodes(),
      sortKeyPrefix: '',
      limit: 100,
    });
    return page.items.filter((record) => !record.deletedAt).map((record) => record.data);
  });
}

export interface AttendanceResult {
  readonly sectionId: string;
  readonly date: string;
  readonly added: number;
  readonly corrected: number;
  readonly unchanged: number;
  readonly version?: number;
}

const DateParam = IsoDate;

/**
 * A teacher takes a section's attendance for a day: the whole roster in one request. Reads are one
 * BatchGetItem (the section, the day's record and the students' days) in parallel with the
 * roster's Query; the write is one transaction holding the day's record and its history, each
 * changed student's day (marks of the day and the daily status under the school's rule), the
 * students' school-year counters where a daily status changed, one of the school's daily counters,
 * and one notice per absence or tardy. The same roster again writes nothing; a correction keeps the
 * previous marks in the history with who, when and why (X-Change-Reason).
 */
export async function takeAttendance(
  services: Services,
  sectionId: string,
  dateParam: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<AttendanceResult>> {
  const date = parseOrThrow(DateParam, dateParam, ['date']);
  const submission = parseOrThrow(SectionAttendanceSchema, body ?? {});
  return retryOnDayChange(() => takeOnce(services, sectionId, date, submission.marks, context));
}

async function takeOnce(
  services: Services,
  sectionId: string,
  date: string,
  marks: readonly Mark[],
  context: WriteContext,
): Promise<Written<AttendanceResult>> {
  const sectionKey = sectionType.key({ sectionId });
  const dayKey = keys.sectionAttendance(sectionId, date);
  const studentIds = [...new Set(marks.map((mark) => mark.studentId))];
  const idempotencyKey = context.idempotency?.key;
  const [items, rosterPage] = await Promise.all([
    services.records.getItems([
      sectionKey,
      dayKey,
      ...studentIds.map((studentId) => keys.studentDay(studentId, date)),
      ...(idempotencyKey ? [idempotencyKey] : []),
    ]),
    // Every entry, dropped ones too: the roster of a past day may hold students who have left since.
    services.records.queryAll(rosterEntryType, {
      partition: keys.rosterOfSection(sectionId).pk,
      sortKeyPrefix: keys.rosterOfSection(sectionId).skPrefix,
    }),
  ]);
  const sectionItem = items.find((item) => item.pk === sectionKey.pk && item.sk === sectionKey.sk);
  const dayItem = items.find((item) => item.pk === dayKey.pk && item.sk === dayKey.sk);
  const studentDays = new Map(
    items.filter((item) => item.entity === 'studentAttendanceDay').map((item) => [String(item.studentId), toStudentDay(item)]),
  );
  // A retry whose first attempt committed is answered from its stored result, before anything is checked again.
  const remembered = idempotencyKey && items.find((item) => item.pk === idempotencyKey.pk && item.sk === idempotencyKey.sk);
  if (remembered) return replayOf<AttendanceResult>(context, { fingerprint: String(remembered.fingerprint), result: remembered.result });
  const sectionRecord = sectionItem ? recordOf(sectionType, sectionItem) : undefined;
  const day = dayItem ? recordOf(sectionAttendanceType, dayItem) : undefined;
  if (!sectionRecord || sectionRecord.deletedAt) throw new NotFound(`No section ${sectionId}.`);
  const section = sectionRecord.data;
  await services.access.authorize(context.principal, 'create', 'attendance', { sectionId, date }, sectionRecord.data);

  const now = services.now();
  const [yearRecord, stored] = await Promise.all([cachedYear(services, section.schoolId, section.schoolYear), storedCodes(services)]);
  if (!yearRecord) throw new NotFound(`The section's school year ${section.schoolYear} does not exist.`);
  const year = yearRecord.data;
  const notMeeting = meetingDayIssue(date, year, section.termCode, section.meetings);
  if (notMeeting) throw new Invalid([{ field: 'date', message: `attendance cannot be taken: ${notMeeting}` }]);

  // The students on the roster that day (decision 0131).
  const termStart = termStartOf(year, section.termCode);
  const roster = new Set(rosterPage.filter((entry) => onRosterOn(entry, date, termStart)).map((entry) => entry.id));
  const codes = codeTable(stored, section.schoolId);
  const issues = checkMarks(marks, codes, roster, date);
  if (issues.length > 0) throw new Invalid(issues);

  const storedMarks: Record<string, StoredMark> = day?.data.marks ?? {};
  const submitted = Object.fromEntries(marks.map((mark) => [mark.studentId, storedMark(mark, codes)]));
  const diff = diffMarks(storedMarks, submitted);
  const result: AttendanceResult = {
    sectionId,
    date,
    added: diff.added.length,
    corrected: diff.changed.length,
    unchanged: diff.unchanged,
    ...(day ? { version: day.version } : {}),
  };
  if (diff.added.length === 0 && diff.changed.length === 0) return { result, replayed: false };
  if (diff.changed.length > 0 && !context.reason) {
    throw new Invalid([{ field: 'X-Change-Reason', message: 'is required to correct marks already taken (it is kept in the history)' }]);
  }

  const at = now.toISOString();
  const actor = context.principal.sub;
  const periods = [...new Set(section.meetings.map((meeting) => meeting.period))];
  const data: StoredSectionAttendance = {
    sectionId,
    schoolId: section.schoolId,
    schoolYear: section.schoolYear,
    termCode: section.termCode,
    date,
    periods,
    marks: { ...storedMarks, ...submitted },
  };
  const rule = year.attendanceRule ?? DISTRICT_ATTENDANCE_RULE;
  const extra: TransactionItem[] = [];
  const events: DomainEvent[] = [];
  const schoolDeltas = new Map<string, DayCounts>();
  const changedIds = [...diff.added, ...diff.changed.map((change) => change.studentId)];
  for (const studentId of changedIds) {
    const mark = submitted[studentId]!;
    const before = studentDays.get(studentId);
    const { comment: _comment, ...kept } = mark;
    const writes = dayWrites(
      services.attendance,
      {
        studentId,
        date,
        schoolId: section.schoolId,
        schoolYear: section.schoolYear,
        ...(before ? { before } : {}),
        marks: { ...before?.marks, [sectionId]: { ...kept, periods } },
        ...(before?.office ? { office: before.office } : {}),
      },
      rule,
      at,
      actor,
      schoolDeltas,
    );
    extra.push(...writes.items);
    const previous = storedMarks[studentId];
    const notice = {
      occurredAt: at,
      actor: { sub: actor, roles: [...context.principal.roles] },
      ...(context.reason ? { reason: context.reason } : {}),
      recordType: 'sectionAttendance' as const,
      ids: { studentId, sectionId, date },
      schoolIds: [section.schoolId],
      changedFields: [],
      studentId,
      schoolId: section.schoolId,
      sectionId,
      periods,
      date,
      category: mark.category,
      ...(mark.excused !== undefined ? { excused: mark.excused } : {}),
    };
    if (previous && (previous.category !== mark.category || previous.excused !== mark.excused)) {
      events.push(buildEvent(ATTENDANCE_EVENTS.attendanceCorrected, { ...notice, previousCategory: previous.category }));
    } else if (!previous && mark.category !== 'present') {
      const entry = mark.category === 'absent' ? ATTENDANCE_EVENTS.studentMarkedAbsent : ATTENDANCE_EVENTS.studentMarkedTardy;
      events.push(buildEvent(entry, notice));
    }
  }
  extra.push(...dayCounterWrites(services.attendance, date, sectionId, schoolDeltas, at));
  // The day's record, its history and the idempotency record complete the transaction.
  const total = extra.length + events.length + 3;
  if (total > MAX_TRANSACTION_ITEMS) {
    throw new Invalid([
      {
        field: 'marks',
        message: `these ${changedIds.length} new or changed marks need ${total} writes, more than one transaction holds (${MAX_TRANSACTION_ITEMS}); submit the roster in two parts`,
      },
    ]);
  }
  return services.records.write(
    context,
    { kind: sectionAttendanceType, ids: { sectionId, date }, before: day, data, extra, events: () => events },
    { at, result: (record): AttendanceResult => ({ ...result, version: record.version }) },
  );
}

/** `?from=&to=` of a student's attendance. */
export const AttendanceRangeQuery = z.object({ from: IsoDate, to: IsoDate });

/** `?schoolYear=` of the chronic-absence report. */
export const ChronicAbsenceQuery = z.object({
  schoolYear: SchoolYearLabel,
});
