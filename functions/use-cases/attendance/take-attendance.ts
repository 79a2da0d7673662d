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
import { schoolYearType, sectionAttendanceType, sectionType } from '../../../domain/records/record-types';
import type { SchoolYear } from '../../../domain/schemas/calendar';
import { IsoDate } from '../../../domain/schemas/common';
import type { Section } from '../../../domain/scheduling/schemas';
import { parseOrThrow } from '../../../domain/validation';
import { ATTENDANCE_EVENTS } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import { toRecord, type StoredRecord } from '../../repositories/record-store';
import { MAX_TRANSACTION_ITEMS, type TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { replayOf, writeOnce, type WriteContext, type Written } from '../write-context';
import { dayCounterWrites, dayWrites, retryOnDayChange, toStudentDay } from './student-days';

/** School years and the code table change rarely: kept a few minutes per execution environment, so a warm submission reads only what changes. */
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();
/** The loaded value, or the load in flight: a burst of submissions at the bell loads each once. */
export async function cached<T>(key: string, now: number, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: now, value });
  value.catch(() => cache.delete(key));
  return value;
}

export async function storedCodes(services: Services, now: number): Promise<AttendanceCode[]> {
  return cached('codes', now, async () => {
    const page = await services.records.query({ index: 'gsi1', partition: keys.allAttendanceCodes(), sortKeyPrefix: '', limit: 100 });
    return page.items.filter((record) => !record.deletedAt).map((record) => record.data as AttendanceCode);
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
    services.records.query({
      partition: keys.rosterOfSection(sectionId).pk,
      sortKeyPrefix: keys.rosterOfSection(sectionId).skPrefix,
      limit: 250,
      skipDeleted: true,
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
  const sectionRecord = sectionItem ? toRecord(sectionItem) : undefined;
  const day = dayItem ? toRecord(dayItem) : undefined;
  if (!sectionRecord || sectionRecord.deletedAt) throw new NotFound(`No section ${sectionId}.`);
  const section = sectionRecord.data as Section;
  await services.access.authorize(context.principal, 'create', 'attendance', { sectionId }, sectionRecord.data);

  const now = services.now();
  const [yearRecord, stored] = await Promise.all([
    cached(`year:${section.schoolId}:${section.schoolYear}`, now.getTime(), () =>
      services.records.get(schoolYearType, { schoolId: section.schoolId, schoolYear: section.schoolYear }),
    ),
    storedCodes(services, now.getTime()),
  ]);
  if (!yearRecord) throw new NotFound(`The section's school year ${section.schoolYear} does not exist.`);
  const year = yearRecord.data as SchoolYear;
  const notMeeting = meetingDayIssue(date, year, section.termCode, section.meetings);
  if (notMeeting) throw new Invalid([{ field: 'date', message: `attendance cannot be taken: ${notMeeting}` }]);

  // The students on the roster now.
  const roster = new Set(rosterPage.items.map((entry) => entry.id));
  const codes = codeTable(stored, section.schoolId);
  const issues = checkMarks(marks, codes, roster);
  if (issues.length > 0) throw new Invalid(issues);

  const storedMarks = (day?.data.marks ?? {}) as Record<string, StoredMark>;
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
  const data = {
    sectionId,
    schoolId: section.schoolId,
    schoolYear: section.schoolYear,
    termCode: section.termCode,
    date,
    periods,
    marks: { ...storedMarks, ...submitted },
  };
  const after: StoredRecord = day
    ? { ...day, version: day.version + 1, data, updatedAt: at, updatedBy: actor }
    : {
        entity: sectionAttendanceType.entity,
        id: date,
        ids: { sectionId, date },
        version: 1,
        data,
        createdAt: at,
        createdBy: actor,
        updatedAt: at,
        updatedBy: actor,
      };
  const table = services.transactions.tableName;
  const rule = year.attendanceRule ?? DISTRICT_ATTENDANCE_RULE;
  const extra: TransactionItem[] = [];
  const schoolDeltas = new Map<string, DayCounts>();
  const changedIds = [...diff.added, ...diff.changed.map((change) => change.studentId)];
  for (const studentId of changedIds) {
    const mark = submitted[studentId]!;
    const before = studentDays.get(studentId);
    const { comment: _comment, ...kept } = mark;
    const writes = dayWrites(
      table,
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
      extra.push(
        services.transactions.outboxItem(
          dayKey,
          buildEvent(ATTENDANCE_EVENTS.attendanceCorrected, { ...notice, previousCategory: previous.category }),
        ),
      );
    } else if (!previous && mark.category !== 'present') {
      const entry = mark.category === 'absent' ? ATTENDANCE_EVENTS.studentMarkedAbsent : ATTENDANCE_EVENTS.studentMarkedTardy;
      extra.push(services.transactions.outboxItem(dayKey, buildEvent(entry, notice)));
    }
  }
  extra.push(...dayCounterWrites(table, date, sectionId, schoolDeltas, at));
  // The day's record, its history and the idempotency record complete the transaction.
  const total = extra.length + 3;
  if (total > MAX_TRANSACTION_ITEMS) {
    throw new Invalid([
      {
        field: 'marks',
        message: `these ${changedIds.length} new or changed marks need ${total} writes, more than one transaction holds (${MAX_TRANSACTION_ITEMS}); submit the roster in two parts`,
      },
    ]);
  }
  const changeItems = services.records.changeItems({
    type: sectionAttendanceType,
    action: day ? 'Updated' : 'Created',
    before: day,
    after,
    actor,
    reason: context.reason,
    extra,
  });
  const written = { ...result, version: after.version };
  return writeOnce(context, written, now, (idempotency) =>
    services.transactions.transact([...changeItems, ...services.transactions.idempotencyItems(idempotency)], idempotency),
  );
}

/** `?from=&to=` of a student's attendance. */
export const AttendanceRangeQuery = z.object({ from: IsoDate, to: IsoDate });

/** `?schoolYear=` of the chronic-absence report. */
export const ChronicAbsenceQuery = z.object({
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/, { error: 'must be a school year such as 2026-2027' }),
});
