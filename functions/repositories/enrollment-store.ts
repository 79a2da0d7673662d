import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, StaleVersion, UniqueClaimTaken } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import type { EnrollmentRecord, ScheduledSchoolMove } from './enrollment-records';
import { EnrollmentSeatStore } from './enrollment-seats';
import { queryAll, queryByPrefix } from './query';
import type { TransactionItem } from './transaction-runner';

export type {
  EnrollmentRecord,
  EnrollmentRequestRecord,
  ScheduledSchoolMove,
  StatusTransition,
  UnsettledRequest,
} from './enrollment-records';

/**
 * The enrollment repository: requests, school enrollments, the active-enrollment guard and
 * the per-grade seat counters. It reads, and builds the operations the enrollment transaction
 * is made of; the transaction runner writes them.
 *
 * One class per seam, each in its own file: requests (enrollment-requests.ts), enrollments and
 * seats (enrollment-seats.ts), and here school moves and identity claims.
 */
export class EnrollmentStore extends EnrollmentSeatStore {
  /** The school moves due on `date` (a student's school changes on their new enrollment's entry date). */
  async schoolMovesDue(date: string): Promise<ScheduledSchoolMove[]> {
    const partitions = await Promise.all(
      keys.scheduledSchoolMovesPartitions(date).map((partition) => queryAll(this.client, this.tableName, { partition, consistent: true })),
    );
    return partitions.flat().map((item) => ({
      studentId: String(item.studentId),
      enrollmentId: String(item.enrollmentId),
      schoolId: String(item.schoolId),
      schoolYear: String(item.schoolYear),
      gradeLevel: String(item.gradeLevel),
      entryDate: String(item.entryDate),
    }));
  }

  /** A school change that waits for the entry date of `enrollment`. */
  scheduleSchoolMove(enrollment: EnrollmentRecord): TransactionItem {
    const move: ScheduledSchoolMove = {
      studentId: enrollment.studentId,
      enrollmentId: enrollment.enrollmentId,
      schoolId: enrollment.schoolId,
      schoolYear: enrollment.schoolYear,
      gradeLevel: enrollment.gradeLevel,
      entryDate: enrollment.entryDate,
    };
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.scheduledSchoolMove(move.entryDate, move.studentId, move.enrollmentId), entity: 'scheduledSchoolMove', ...move },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new Conflict(`A school move for enrollment ${move.enrollmentId} exists already.`),
    };
  }

  /** Removes a scheduled move (applied, or no longer wanted); it must still be there. */
  schoolMoveDone(move: ScheduledSchoolMove): TransactionItem {
    return {
      item: {
        Delete: {
          TableName: this.tableName,
          Key: keys.scheduledSchoolMove(move.entryDate, move.studentId, move.enrollmentId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      onConditionFailed: () => new StaleVersion(undefined, 'The school move was applied meanwhile.'),
    };
  }

  /** Students with this legal name and birth date (gsi2). */
  async studentsWithIdentity(last: string, first: string, birthDate: string): Promise<string[]> {
    const page = await queryByPrefix(this.client, this.tableName, {
      index: 'gsi2',
      partition: keys.studentIdentityPartition(last, first, birthDate),
      limit: 20,
    });
    return page.items.map((item) => String(item.id));
  }

  /** The owner of a unique claim (e.g. a district student id), as `pk`. */
  async claimOwner(claim: Key): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: claim, ConsistentRead: true }));
    return Item ? String(Item.ownerPk) : undefined;
  }

  /** Claims a child's identity (legal name + birth date) for the student an enrollment creates. */
  identityClaim(claim: Key, owner: Key): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...claim, entity: 'uniqueClaim', ownerPk: owner.pk, ownerSk: owner.sk, field: 'identity' },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new UniqueClaimTaken('identity', claim, 'A student with this legal name and birth date was enrolled at the same moment.'),
    };
  }
}
