import type { Counts } from '../../domain/behavior/counts';
import { keys } from '../../domain/keys';
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

const counterUpdate = (counts: Counts) => {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = Object.entries(counts).map(([name, value], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = value;
    return `#c${index} :c${index}`;
  });
  return { adds: adds.join(', '), names, values };
};

/** The behavior records' items beyond the records themselves (which the record store writes): counters and notices. */
export class BehaviorStore {
  constructor(readonly tableName: string) {}

  /**
   * Adds `delta` to a student's counters of a school year (created at the first change, listed under
   * the school's year for the early-warning list). Undefined when nothing moves.
   */
  studentCountsAdded(studentId: string, schoolId: string, schoolYear: string, delta: Counts, at: string): TransactionItem | undefined {
    if (Object.keys(delta).length === 0) return undefined;
    const { adds, names, values } = counterUpdate(delta);
    const index = keys.behaviorYearAtSchool(schoolId, schoolYear, studentId);
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.behaviorYear(studentId, schoolYear),
          UpdateExpression:
            'SET entity = :entity, studentId = :studentId, schoolId = :schoolId, schoolYear = :schoolYear, ' +
            `gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, updatedAt = :at ADD ${adds}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...values,
            ':entity': 'behaviorYear',
            ':studentId': studentId,
            ':schoolId': schoolId,
            ':schoolYear': schoolYear,
            ':gsi2pk': index.gsi2pk,
            ':gsi2sk': index.gsi2sk,
            ':at': at,
          },
        },
      },
      onConditionFailed: () => new Error('a counter update has no condition'),
    };
  }

  /** Adds `delta` to a school's counters of a school year. Undefined when nothing moves. */
  schoolCountsAdded(schoolId: string, schoolYear: string, delta: Counts, at: string): TransactionItem | undefined {
    if (Object.keys(delta).length === 0) return undefined;
    const { adds, names, values } = counterUpdate(delta);
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.behaviorCounts(schoolId, schoolYear),
          UpdateExpression: `SET entity = :entity, schoolId = :schoolId, schoolYear = :schoolYear, updatedAt = :at ADD ${adds}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...values,
            ':entity': 'behaviorCounts',
            ':schoolId': schoolId,
            ':schoolYear': schoolYear,
            ':at': at,
          },
        },
      },
      onConditionFailed: () => new Error('a counter update has no condition'),
    };
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
