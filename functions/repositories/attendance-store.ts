import type { Category, StoredMark } from '../../domain/attendance/attendance';
import {
  isEmptyOfficeEntry,
  YEAR_COUNT_FIELDS,
  type DailyStatus,
  type DayCounts,
  type StoredOfficeEntry,
  type YearCounts,
} from '../../domain/attendance/daily';
import { ATTENDANCE_DAY_SHARDS, keys, shardOf } from '../../domain/keys';
import type { TransactionItem } from './transaction-runner';

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
    // The day item holds what dayWritten below put there.
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

/** A student's day as it is to be written: its marks, the office entry and the status they make. */
export interface StudentDayWrite {
  readonly studentId: string;
  readonly date: string;
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly marks: Readonly<Record<string, DayMark>>;
  readonly office?: StoredOfficeEntry;
  readonly status: DailyStatus;
  /** Listed in the school's day report (anything but a plain present day). */
  readonly noted: boolean;
  readonly at: string;
  readonly actor: string;
}

/**
 * The attendance repository's items for transactions: a student's day, conditioned on the version
 * read (or on its absence), and the counters a change of the day's status moves (ADD, so
 * concurrent days of other students never conflict).
 */
export class AttendanceStore {
  constructor(readonly tableName: string) {}

  /** The student's day written (version + 1); `changed` when it is not at the version read. */
  dayWritten(day: StudentDayWrite, before: { readonly version: number } | undefined, changed: () => Error): TransactionItem {
    const key = keys.studentDay(day.studentId, day.date);
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...key,
            ...(day.noted ? keys.studentDayAtSchool(day.schoolId, day.date, day.status.status, day.studentId) : {}),
            entity: 'studentAttendanceDay',
            studentId: day.studentId,
            schoolId: day.schoolId,
            schoolYear: day.schoolYear,
            date: day.date,
            version: (before?.version ?? 0) + 1,
            marks: day.marks,
            ...(isEmptyOfficeEntry(day.office) ? {} : { office: day.office }),
            status: day.status.status,
            ...(day.status.excused !== undefined ? { excused: day.status.excused } : {}),
            periodsMarked: day.status.periodsMarked,
            periodsAbsent: day.status.periodsAbsent,
            updatedAt: day.at,
            updatedBy: day.actor,
          },
          ...this.atVersion(before),
        },
      },
      onConditionFailed: changed,
    };
  }

  /** The student's day removed (nothing is recorded any more); `changed` when it is not at the version read. */
  dayRemoved(studentId: string, date: string, before: { readonly version: number }, changed: () => Error): TransactionItem {
    return {
      item: { Delete: { TableName: this.tableName, Key: keys.studentDay(studentId, date), ...this.atVersion(before) } },
      onConditionFailed: changed,
    };
  }

  /** Adds `delta` to the student's school-year counters at the school (created at the first change). */
  yearCountsAdded(day: Pick<StudentDayWrite, 'studentId' | 'schoolId' | 'schoolYear' | 'at'>, delta: YearCounts): TransactionItem {
    const { studentId, schoolId, schoolYear } = day;
    const index = keys.attendanceYearAtSchool(schoolId, schoolYear, studentId);
    const values: Record<string, unknown> = {
      ':entity': 'attendanceYear',
      ':studentId': studentId,
      ':schoolId': schoolId,
      ':schoolYear': schoolYear,
      ':at': day.at,
    };
    for (const field of YEAR_COUNT_FIELDS) values[`:${field}`] = delta[field];
    values[':gsi2pk'] = index.gsi2pk;
    values[':gsi2sk'] = index.gsi2sk;
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.attendanceYear(studentId, schoolId, schoolYear),
          UpdateExpression:
            'SET entity = :entity, studentId = :studentId, schoolId = :schoolId, schoolYear = :schoolYear, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, updatedAt = :at ' +
            `ADD ${YEAR_COUNT_FIELDS.map((field) => `${field} :${field}`).join(', ')}`,
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: () => new Error('a counter update has no condition'),
    };
  }

  /** Adds `delta` to one shard (chosen by `shardKey`) of the school's daily counters of `date`. */
  dayCountersAdded(schoolId: string, date: string, shardKey: string, delta: DayCounts, at: string): TransactionItem {
    return {
      item: {
        Update: {
          TableName: this.tableName,
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
    };
  }

  private atVersion(before: { readonly version: number } | undefined) {
    return before
      ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': before.version } }
      : { ConditionExpression: 'attribute_not_exists(pk)' };
  }
}
