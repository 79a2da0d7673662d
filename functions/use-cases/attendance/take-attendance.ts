import * as z from 'zod';
import {
  checkMarks,
  codeTable,
  diffMarks,
  meetingDayIssue,
  SectionAttendanceSchema,
  storedMark,
  type AttendanceCode,
  type StoredMark,
} from '../../../domain/attendance/attendance';
import { Invalid, NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import { schoolYearType, sectionAttendanceType, sectionType } from '../../../domain/records/record-types';
import type { SchoolYear } from '../../../domain/schemas/calendar';
import { IsoDate } from '../../../domain/schemas/common';
import type { Section } from '../../../domain/scheduling/schemas';
import { parseOrThrow } from '../../../domain/validation';
import { ATTENDANCE_EVENTS } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { StoredRecord } from '../../repositories/record-store';
import { MAX_TRANSACTION_ITEMS, type TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { writeOnce, type WriteContext, type Written } from '../write-context';

/** School years and the code table change rarely: kept a few minutes per execution environment, so a warm submission reads only what changes. */
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { at: number; value: unknown }>();
async function cached<T>(key: string, now: number, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.value as T;
  const value = await load();
  cache.set(key, { at: now, value });
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
 * A teacher takes a section's attendance for a day: the whole roster in one request. Reads are the
 * section and the day's stored marks, and the roster (in parallel); the write is one transaction
 * holding the day's record and its history, one mark item per student whose mark is new or
 * changed, and one notice per absence or tardy. The same roster again writes nothing; a
 * correction keeps the previous marks in the history with who, when and why (X-Change-Reason).
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
  const [sectionRecord, day, rosterPage] = await Promise.all([
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
  const notMeeting = meetingDayIssue(date, yearRecord.data as SchoolYear, section.termCode, section.meetings);
  if (notMeeting) throw new Invalid([{ field: 'date', message: `attendance cannot be taken: ${notMeeting}` }]);

  // The students on the roster now.
  const roster = new Set(rosterPage.items.map((entry) => entry.id));
  const codes = codeTable(stored, section.schoolId);
  const issues = checkMarks(submission.marks, codes, roster);
  if (issues.length > 0) throw new Invalid(issues);

  const storedMarks = (day?.data.marks ?? {}) as Record<string, StoredMark>;
  const submitted = Object.fromEntries(submission.marks.map((mark) => [mark.studentId, storedMark(mark, codes)]));
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
  const dayKey = keys.sectionAttendance(sectionId, date);
  const table = services.transactions.tableName;
  const extra: TransactionItem[] = [];
  const changedIds = [...diff.added, ...diff.changed.map((change) => change.studentId)];
  for (const studentId of changedIds) {
    const mark = submitted[studentId]!;
    extra.push({
      item: {
        Put: {
          TableName: table,
          Item: {
            ...keys.studentMark(studentId, date, sectionId),
            ...keys.markOfSchoolDay(section.schoolId, date, mark.category, studentId, sectionId),
            entity: 'studentMark',
            studentId,
            sectionId,
            schoolId: section.schoolId,
            date,
            periods,
            ...mark,
            updatedAt: at,
            updatedBy: actor,
          },
        },
      },
      onConditionFailed: () => new Error('a mark item has no condition'),
    });
    const before = storedMarks[studentId];
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
    if (before && (before.category !== mark.category || before.excused !== mark.excused)) {
      extra.push(
        services.transactions.outboxItem(
          dayKey,
          buildEvent(ATTENDANCE_EVENTS.attendanceCorrected, { ...notice, previousCategory: before.category }),
        ),
      );
    } else if (!before && mark.category !== 'present') {
      const entry = mark.category === 'absent' ? ATTENDANCE_EVENTS.studentMarkedAbsent : ATTENDANCE_EVENTS.studentMarkedTardy;
      extra.push(services.transactions.outboxItem(dayKey, buildEvent(entry, notice)));
    }
  }
  if (extra.length + 3 > MAX_TRANSACTION_ITEMS) {
    throw new Invalid([
      {
        field: 'marks',
        message: `change at most ${Math.floor((MAX_TRANSACTION_ITEMS - 3) / 2)} absences at once; submit the roster in two parts`,
      },
    ]);
  }
  const items = services.records.changeItems({
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
    services.transactions.transact([...items, ...services.transactions.idempotencyItems(idempotency)], idempotency),
  );
}

/** `?from=&to=` of a student's attendance. */
export const AttendanceRangeQuery = z.object({ from: IsoDate, to: IsoDate });
