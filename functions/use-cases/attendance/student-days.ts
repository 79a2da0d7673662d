import {
  addDayDelta,
  dailyStatus,
  isEmptyOfficeEntry,
  yearCounts,
  YEAR_COUNT_FIELDS,
  type DailyStatus,
  type DayCounts,
  type StoredOfficeEntry,
  type YearCounts,
} from '../../../domain/attendance/daily';
import type { AttendanceRule } from '../../../domain/attendance/rule';
import { Conflict } from '../../../domain/errors';
import { retrying } from '../../platform/retry';
import type { AttendanceStore, DayMark, StudentDay } from '../../repositories/attendance-store';
import type { TransactionItem } from '../../repositories/transaction-runner';

export { toStudentDay, type DayMark, type StudentDay } from '../../repositories/attendance-store';

/** A day changed by a concurrent write between our read and our transaction: the use case reads again and retries. */
export class DayChanged extends Conflict {}

/** How many times a use case reads the days again after a concurrent change before answering 409. */
export const DAY_RETRIES = 3;

export async function retryOnDayChange<T>(run: () => Promise<T>): Promise<T> {
  return retrying(run, {
    attempts: DAY_RETRIES,
    delayMs: (failures) => failures * 20 + Math.random() * 30,
    retryable: (error) => error instanceof DayChanged,
  });
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
  store: AttendanceStore,
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
  const changed = () => new DayChanged(`The attendance of student ${studentId} on ${date} changed meanwhile; try again.`);
  const items: TransactionItem[] = [];
  if (!after) {
    if (before) items.push(store.dayRemoved(studentId, date, before, changed));
  } else {
    const noted = after.status !== 'present' || marks.some((mark) => mark.category !== 'present') || !isEmptyOfficeEntry(change.office);
    items.push(
      store.dayWritten(
        { studentId, date, schoolId, schoolYear, marks: change.marks, office: change.office, status: after, noted, at, actor },
        before,
        changed,
      ),
    );
  }
  const old = yearCounts(before?.day);
  const now = yearCounts(after);
  if (YEAR_COUNT_FIELDS.some((field) => old[field] !== now[field])) {
    const delta: YearCounts = {
      daysEnrolled: now.daysEnrolled - old.daysEnrolled,
      daysAbsent: now.daysAbsent - old.daysAbsent,
      excusedAbsences: now.excusedAbsences - old.excusedAbsences,
      unexcusedAbsences: now.unexcusedAbsences - old.unexcusedAbsences,
      tardies: now.tardies - old.tardies,
    };
    items.push(store.yearCountsAdded({ studentId, schoolId, schoolYear, at }, delta));
  }
  const total = schoolDeltas.get(schoolId) ?? { students: 0, attended: 0, absent: 0 };
  schoolDeltas.set(schoolId, total);
  addDayDelta(total, before?.day, after);
  return { items, ...(after ? { after } : {}) };
}

/** The schools' daily counters: one ADD per school to one shard of the day (chosen by `shardKey`), none where the day's totals did not move. */
export function dayCounterWrites(
  store: AttendanceStore,
  date: string,
  shardKey: string,
  schoolDeltas: ReadonlyMap<string, DayCounts>,
  at: string,
): TransactionItem[] {
  return [...schoolDeltas]
    .filter(([, delta]) => delta.students !== 0 || delta.attended !== 0 || delta.absent !== 0)
    .map(([schoolId, delta]) => store.dayCountersAdded(schoolId, date, shardKey, delta, at));
}
