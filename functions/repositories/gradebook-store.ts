import { Conflict } from '../../domain/errors';
import { keys } from '../../domain/keys';
import { countersAdded } from './counters';
import type { TransactionItem } from './transaction-runner';

/** What a "Low Grade" notice states, kept in the table by the event's id (decision 0089). */
export interface LowGradeFacts {
  /** Rounded as displayed (2 decimals). */
  readonly percent: number;
  readonly letter: string;
  readonly threshold: number;
}

/**
 * The gradebook repository's items for transactions beyond its records (which the record store
 * writes): the grade a Low Grade notice states, and the lock of a grading period's posted marks.
 */
export class GradebookStore {
  constructor(readonly tableName: string) {}

  /** Adds `delta` to a student's posted-mark counters of a school year (markContribution). Undefined when nothing moves. */
  markCountsAdded(
    mark: { readonly studentId: string; readonly schoolId: string; readonly schoolYear: string },
    delta: Readonly<Record<string, number>>,
    at: string,
  ): TransactionItem | undefined {
    const { studentId, schoolId, schoolYear } = mark;
    return countersAdded(
      this.tableName,
      keys.markYear(studentId, schoolYear),
      { entity: 'markYear', studentId, schoolId, schoolYear, ...keys.markYearAtSchool(schoolId, schoolYear, studentId), updatedAt: at },
      delta,
    );
  }

  /** The snapshot of the grade a Low Grade event was raised for, written with the score that caused it. */
  lowGradeNotice(
    notice: {
      readonly eventId: string;
      readonly sectionId: string;
      readonly studentId: string;
      readonly assignmentId: string;
      readonly scoreVersion?: number;
    },
    facts: LowGradeFacts,
    at: string,
  ): TransactionItem {
    const { eventId, sectionId, studentId, assignmentId, scoreVersion } = notice;
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.lowGradeNotice(sectionId, studentId, eventId),
            entity: 'lowGradeNotice',
            eventId,
            sectionId,
            studentId,
            assignmentId,
            ...(scoreVersion !== undefined ? { scoreVersion } : {}),
            ...facts,
            createdAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new Conflict('duplicate event id'),
    };
  }

  /** The grading period is not posted (its lock is absent); `error` when it was posted meanwhile. */
  periodOpen(sectionId: string, gradingPeriod: string, error: () => Error): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.markPeriodLock(sectionId, gradingPeriod),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: error,
    };
  }

  /** Locks a grading period's marks as posted; `error` when it is posted already. */
  periodLocked(lock: { sectionId: string; gradingPeriod: string; at: string; by: string }, error: () => Error): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.markPeriodLock(lock.sectionId, lock.gradingPeriod),
            entity: 'markPeriodLock',
            sectionId: lock.sectionId,
            gradingPeriod: lock.gradingPeriod,
            postedAt: lock.at,
            postedBy: lock.by,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: error,
    };
  }

  /** Takes a grading period's lock away (its marks are un-posted); `error` when it was un-posted meanwhile. */
  periodUnlocked(sectionId: string, gradingPeriod: string, error: () => Error): TransactionItem {
    return {
      item: {
        Delete: {
          TableName: this.tableName,
          Key: keys.markPeriodLock(sectionId, gradingPeriod),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      onConditionFailed: error,
    };
  }
}
