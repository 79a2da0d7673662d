import type { ComplianceStatus } from '../../domain/health/immunization-rules';
import { keys } from '../../domain/keys';
import type { TransactionItem } from './transaction-runner';

/** A student's immunization compliance as stored: the status alone (no vaccine, no dose). */
export interface ImmunizationStatusItem {
  readonly studentId: string;
  readonly schoolId: string;
  readonly status: ComplianceStatus;
  readonly ruleSet: string;
  readonly asOf: string;
  readonly updatedAt: string;
}

/** The health records' items beyond the records themselves (which the record store writes). */
export class HealthStore {
  constructor(readonly tableName: string) {}

  /** The student's immunization status, listed under the school's students in that status (gsi1). */
  immunizationStatus(status: ImmunizationStatusItem): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.immunizationStatus(status.studentId),
            ...keys.immunizationStatusOfSchool(status.schoolId, status.status, status.studentId),
            entity: 'immunizationStatus',
            studentId: status.studentId,
            schoolId: status.schoolId,
            status: status.status,
            ruleSet: status.ruleSet,
            asOf: status.asOf,
            updatedAt: status.updatedAt,
          },
        },
      },
      onConditionFailed: () => new Error('immunization status write failed'),
    };
  }
}
