import type { Counts } from '../../domain/behavior/counts';
import { keys } from '../../domain/keys';
import { countersAdded } from './counters';
import type { TransactionItem } from './transaction-runner';

/** What a family is told of a discipline action: its kind and dates, nothing of the incident (decision 0153). */
export interface ActionNotice {
  readonly studentId: string;
  readonly recordId: string;
  readonly schoolId: string;
  readonly action: string;
  readonly startDate: string;
  readonly endDate?: string;
  readonly days?: number;
}

/** The behavior records' items beyond the records themselves (which the record store writes): counters and notices. */
export class BehaviorStore {
  constructor(readonly tableName: string) {}

  /**
   * Adds `delta` to a student's counters of a school year (created at the first change, listed under
   * the school's year for the early-warning list). Undefined when nothing moves.
   */
  studentCountsAdded(studentId: string, schoolId: string, schoolYear: string, delta: Counts, at: string): TransactionItem | undefined {
    return countersAdded(
      this.tableName,
      keys.behaviorYear(studentId, schoolYear),
      {
        entity: 'behaviorYear',
        studentId,
        schoolId,
        schoolYear,
        ...keys.behaviorYearAtSchool(schoolId, schoolYear, studentId),
        updatedAt: at,
      },
      delta,
    );
  }

  /** Adds `delta` to a school's counters of a school year. Undefined when nothing moves. */
  schoolCountsAdded(schoolId: string, schoolYear: string, delta: Counts, at: string): TransactionItem | undefined {
    return countersAdded(
      this.tableName,
      keys.behaviorCounts(schoolId, schoolYear),
      { entity: 'behaviorCounts', schoolId, schoolYear, updatedAt: at },
      delta,
    );
  }

  /** What the notifier tells the family of an action, written with the action (read when the notice is delivered). */
  actionNotice(notice: ActionNotice, at: string): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.behaviorNotice(notice.studentId, notice.recordId), entity: 'behaviorNotice', ...notice, createdAt: at },
        },
      },
      onConditionFailed: () => new Error('a notice write has no condition'),
    };
  }
}
