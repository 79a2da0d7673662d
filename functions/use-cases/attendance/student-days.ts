import type { Category, StoredMark } from '../../../domain/attendance/attendance';
import {
  addDayDelta,
  dailyStatus,
  isEmptyOfficeEntry,
  yearCounts,
  YEAR_COUNT_FIELDS,
  type DailyStatus,
  type DayCounts,
  type StoredOfficeEntry,
} from '../../../domain/attendance/daily';
import type { AttendanceRule } from '../../../domain/attendance/rule';
import { Conflict } from '../../../domain/errors';
import { keys, shardOf, ATTENDANCE_DAY_SHARDS } from '../../../domain/keys';
import type { TransactionItem } from '../../repositories/transaction-runner';

/** A section's mark as the student's day keeps it: the mark and the periods it covers. */
export type DayMark = Omit<StoredMark, 'comment'> & { readonly periods: readonly string[] };

/** A student's day as stored (`STUDENT#<id>` / `ATTDAY#<date>`). */
export interface StudentDay {
  readonly studentId: string;
  readonly date: string;
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly version: number;
  readonly marks: Readonly<Record<string, DayMark>>;
  readonly office?: StoredOfficeEntry;
  readonly day?: DailyStatus;
}

export function toStudentDay(item: Record<string, unknown>): StudentDay {
  return {
    studentId: String(item.studentId),
    date: String(item.date),
    schoolId: String(item.schoolId),
    schoolYear: String(item.schoolYear),
    version: Number(item.version),
    marks: (item.marks ?? {}) as Record<string, DayMark>,
    ...(item.office ? { office: item.office as StoredOfficeEntry } : {}),
    ...(item.status
      ? {
          day: {
            status: item.status as Category,
            ...(item.excused !== undefined ? { excused: item.excused === true } : {}),
            periodsMarked: Number(item.periodsMarked ?? 0),
            periodsAbsent: Number(item.periodsAbsent ?? 0),
          },
        }
      : {}),
  };
}

/** A day changed by a concurrent write between our read and our transaction: the use case reads again and retries. */
export class DayChanged extends Conflict {}

/** How many times a use case reads the days again after a concurrent change before answering 409. */
export const DAY_RETRIES = 3;

export async function retryOnDayChange<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DayChanged) || attempt >= DAY_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 20 + Math.random() * 30));
    }
  }
}

export interface DayChange {
  readonly studentId: string;
  readonly date: string;
  /** The school and school year of the day (kept from the first write of the day). */
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly before?: StudentDay;
  readonly marks: Readonly<Record<string, DayMark>>;
  readonly office?: StoredOfficeEntry;
}

/**
 * The writes of a changed student day, for the caller's transaction: the day item (conditional on
 * the version read), and when the daily status changes, the student's school-year counters
 * (ADD, old status out and new in). The school's daily counters are summed by the caller over all
 * its days (one update per submission) with `dayCounterWrite`.
 */
export function dayWrites(
  tableName: string,
  change: DayChange,
  rule: AttendanceRule,
  at: string,
  actor: string,
  schoolDeltas: Map<string, DayCounts>,
): { items: TransactionItem[]; after?: DailyStatus } {
  const { studentId, date, before } = change;
  const schoolId = before?.schoolId ?? change.schoolId;
  const schoolYear = before?.schoolYear ?? change.schoolYear;
  const marks = Object.values(change.marks);
  const after = dailyStatus(marks, change.office, rule);
  const key = keys.studentDay(studentId, date);
  const condition = before
    ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': before.version } }
    : { ConditionExpression: 'attribute_not_exists(pk)' };
  const onConditionFailed = () => new DayChanged(`The attendance of student ${studentId} on ${date} changed meanwhile; try again.`);
  const items: TransactionItem[] = [];
  if (!after) {
    if (before) items.push({ item: { Delete: { TableName: tableName, Key: key, ...condition } }, onConditionFailed });
  } else {
    const noted = after.status !== 'present' || marks.some((mark) => mark.category !== 'present') || !isEmptyOfficeEntry(change.office);
    items.push({
      item: {
        Put: {
          TableName: tableName,
          Item: {
            ...key,
            ...(noted ? keys.studentDayAtSchool(schoolId, date, after.status, studentId) : {}),
            entity: 'studentAttendanceDay',
            studentId,
            schoolId,
            schoolYear,
            date,
            version: (before?.version ?? 0) + 1,
            marks: change.marks,
            ...(isEmptyOfficeEntry(change.office) ? {} : { office: change.office }),
            status: after.status,
            ...(after.excused !== undefined ? { excused: after.excused } : {}),
            periodsMarked: after.periodsMarked,
            periodsAbsent: after.periodsAbsent,
            updatedAt: at,
            updatedBy: actor,
          },
          ...condition,
        },
      },
      onConditionFailed,
    });
  }
  const old = yearCounts(before?.day);
  const now = yearCounts(after);
  if (YEAR_COUNT_FIELDS.some((field) => old[field] !== now[field])) {
    const values: Record<string, unknown> = {
      ':entity': 'attendanceYear',
      ':studentId': studentId,
      ':schoolId': schoolId,
      ':schoolYear': schoolYear,
      ':at': at,
    };
    for (const field of YEAR_COUNT_FIELDS) values[`:${field}`] = now[field] - old[field];
    const index = keys.attendanceYearAtSchool(schoolId, schoolYear, studentId);
    values[':gsi2pk'] = index.gsi2pk;
    values[':gsi2sk'] = index.gsi2sk;
    items.push({
      item: {
        Update: {
          TableName: tableName,
          Key: keys.attendanceYear(studentId, schoolId, schoolYear),
          UpdateExpression:
            'SET entity = :entity, studentId = :studentId, schoolId = :schoolId, schoolYear = :schoolYear, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, updatedAt = :at ' +
            `ADD ${YEAR_COUNT_FIELDS.map((field) => `${field} :${field}`).join(', ')}`,
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: () => new Error('a counter update has no condition'),
    });
  }
  const total = schoolDeltas.get(schoolId) ?? { students: 0, attended: 0, absent: 0 };
  schoolDeltas.set(schoolId, total);
  addDayDelta(total, before?.day, after);
  return { items, ...(after ? { after } : {}) };
}

/** The schools' daily counters: one ADD per school to one shard of the day (chosen by `shardKey`), none where the day's totals did not move. */
export function dayCounterWrites(
  tableName: string,
  date: string,
  shardKey: string,
  schoolDeltas: ReadonlyMap<string, DayCounts>,
  at: string,
): TransactionItem[] {
  return [...schoolDeltas]
    .filter(([, delta]) => delta.students !== 0 || delta.attended !== 0 || delta.absent !== 0)
    .map(([schoolId, delta]) => ({
      item: {
        Update: {
          TableName: tableName,
          Key: keys.attendanceDayCounter(schoolId, date, shardOf(shardKey, ATTENDANCE_DAY_SHARDS)),
          UpdateExpression:
            'SET entity = :entity, schoolId = :schoolId, #date = :date, updatedAt = :at ADD students :students, attended :attended, absent :absent',
          ExpressionAttributeNames: { '#date': 'date' },
          ExpressionAttributeValues: {
            ':entity': 'attendanceDayCounter',
            ':schoolId': schoolId,
            ':date': date,
            ':at': at,
            ':students': delta.students,
            ':attended': delta.attended,
            ':absent': delta.absent,
          },
        },
      },
      onConditionFailed: () => new Error('a counter update has no condition'),
    }));
}
