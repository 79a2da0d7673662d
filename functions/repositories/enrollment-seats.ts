import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { AlreadyEnrolled, SchoolYearNotOpen, SeatsTaken } from '../../domain/enrollment/errors';
import { Conflict, StaleVersion } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import { ENROLLED_AT_SCHOOL, toEnrollment, type EnrollmentRecord } from './enrollment-records';
import { EnrollmentRequestStore } from './enrollment-requests';
import { queryAll, queryByPrefix, type Page } from './query';
import type { TransactionItem } from './transaction-runner';

/**
 * School enrollments and seats: a student's enrollments, the one active enrollment per school
 * year, the per-grade seat counters and the enrolled marker, and the conditions an enrollment's
 * transaction holds. The second part of the enrollment repository.
 */
export class EnrollmentSeatStore extends EnrollmentRequestStore {
  async activeEnrollment(studentId: string, schoolYear: string): Promise<EnrollmentRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.activeEnrollment(studentId, schoolYear), ConsistentRead: true }),
    );
    return Item ? toEnrollment(Item) : undefined;
  }

  /** The school years in which the student is enrolled now. */
  async activeYears(studentId: string): Promise<string[]> {
    const { pk, skPrefix } = keys.activeEnrollmentsOfStudent(studentId);
    const items = await queryAll(this.client, this.tableName, { partition: pk, sortKeyPrefix: skPrefix, consistent: true });
    return items.map((item) => String(item.schoolYear));
  }

  async enrollmentsOf(studentId: string, limit: number, cursor?: string): Promise<Page<EnrollmentRecord>> {
    const { pk, skPrefix } = keys.enrollmentsOfStudent(studentId);
    const page = await queryByPrefix(this.client, this.tableName, { partition: pk, sortKeyPrefix: skPrefix, limit, cursor });
    return { items: page.items.map(toEnrollment), nextCursor: page.nextCursor };
  }

  async seatsTaken(schoolId: string, schoolYear: string, gradeLevel: string): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.gradeCounter(schoolId, schoolYear, gradeLevel), ConsistentRead: true }),
    );
    return Number(Item?.enrolled ?? 0);
  }

  newEnrollment(enrollment: EnrollmentRecord): TransactionItem[] {
    return [
      {
        item: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.enrollment(enrollment.studentId, enrollment.schoolYear, enrollment.enrollmentId),
              ...keys.enrolledAtSchool(enrollment.schoolId, enrollment.schoolYear, enrollment.gradeLevel, enrollment.studentId),
              entity: 'enrollment',
              ...enrollment,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: () => new AlreadyEnrolled(`Enrollment ${enrollment.enrollmentId} exists already.`),
      },
    ];
  }

  /**
   * Makes `enrollment` the student's one active enrollment of its year: a new pointer when
   * there was none, or a moved one when it replaces `previousEnrollmentId` (a transfer).
   */
  activate(enrollment: EnrollmentRecord, previousEnrollmentId?: string): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.activeEnrollment(enrollment.studentId, enrollment.schoolYear), entity: 'activeEnrollment', ...enrollment },
          ...(previousEnrollmentId
            ? { ConditionExpression: 'enrollmentId = :previous', ExpressionAttributeValues: { ':previous': previousEnrollmentId } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      // A moved pointer that moved meanwhile (a withdrawal, another transfer) is stale: re-read and retry.
      onConditionFailed: () =>
        previousEnrollmentId
          ? new StaleVersion(undefined, "The student's active enrollment changed meanwhile.")
          : new AlreadyEnrolled(`The student already has an active enrollment for ${enrollment.schoolYear}.`),
    };
  }

  /** Ends an enrollment (withdrawal or transfer); it must not have ended already. */
  exit(enrollment: EnrollmentRecord, exitDate: string, exitReason: string, deactivate: boolean): TransactionItem[] {
    const operations: TransactionItem[] = [
      {
        item: {
          Update: {
            TableName: this.tableName,
            Key: keys.enrollment(enrollment.studentId, enrollment.schoolYear, enrollment.enrollmentId),
            // An ended enrollment leaves the school's list of enrolled students.
            UpdateExpression: 'SET exitDate = :exitDate, exitReason = :exitReason REMOVE #enrolledPk, #enrolledSk',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(exitDate)',
            ExpressionAttributeNames: { '#enrolledPk': ENROLLED_AT_SCHOOL.partitionKey, '#enrolledSk': ENROLLED_AT_SCHOOL.sortKey },
            ExpressionAttributeValues: { ':exitDate': exitDate, ':exitReason': exitReason },
          },
        },
        onConditionFailed: () => new StaleVersion(undefined, 'The enrollment ended meanwhile; reload it.'),
      },
    ];
    if (deactivate) {
      operations.push({
        item: {
          Delete: {
            TableName: this.tableName,
            Key: keys.activeEnrollment(enrollment.studentId, enrollment.schoolYear),
            ConditionExpression: 'enrollmentId = :current',
            ExpressionAttributeValues: { ':current': enrollment.enrollmentId },
          },
        },
        onConditionFailed: () => new StaleVersion(undefined, 'The active enrollment changed meanwhile; reload it.'),
      });
    }
    return operations;
  }

  /** Takes (delta 1) or frees (delta -1) a seat; a capacity, when given, is held by the condition. */
  seat(schoolId: string, schoolYear: string, gradeLevel: string, delta: 1 | -1, capacity?: number): TransactionItem {
    const guarded = delta > 0 && capacity !== undefined;
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.gradeCounter(schoolId, schoolYear, gradeLevel),
          UpdateExpression: 'SET entity = :entity ADD enrolled :delta',
          ...(guarded ? { ConditionExpression: '(attribute_not_exists(enrolled) AND :zero < :capacity) OR enrolled < :capacity' } : {}),
          ExpressionAttributeValues: {
            ':entity': 'gradeCounter',
            ':delta': delta,
            ...(guarded ? { ':capacity': capacity, ':zero': 0 } : {}),
          },
        },
      },
      onConditionFailed: () => new SeatsTaken(`Grade ${gradeLevel} is full (${capacity} seats).`),
    };
  }

  /**
   * The student's active enrollment moves to another grade (a grade change): the enrollment and the
   * active pointer both, on the condition that it is still active, still in the grade read and not
   * ended. The seat counters move with `seat` in the same transaction.
   */
  gradeChanged(enrollment: EnrollmentRecord, gradeLevel: string): TransactionItem[] {
    const stale = () => new StaleVersion(undefined, "The student's enrollment changed meanwhile; reload the student and try again.");
    const values = { ':grade': gradeLevel, ':read': enrollment.gradeLevel };
    return [
      {
        item: {
          Update: {
            TableName: this.tableName,
            Key: keys.enrollment(enrollment.studentId, enrollment.schoolYear, enrollment.enrollmentId),
            UpdateExpression: 'SET gradeLevel = :grade, #enrolledSk = :enrolledSk',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(exitDate) AND gradeLevel = :read',
            ExpressionAttributeNames: { '#enrolledSk': ENROLLED_AT_SCHOOL.sortKey },
            ExpressionAttributeValues: {
              ...values,
              ':enrolledSk': keys.enrolledAtSchool(enrollment.schoolId, enrollment.schoolYear, gradeLevel, enrollment.studentId).gsi2sk,
            },
          },
        },
        onConditionFailed: stale,
      },
      {
        item: {
          Update: {
            TableName: this.tableName,
            Key: keys.activeEnrollment(enrollment.studentId, enrollment.schoolYear),
            UpdateExpression: 'SET gradeLevel = :grade',
            ConditionExpression: 'enrollmentId = :current AND gradeLevel = :read',
            ExpressionAttributeValues: { ...values, ':current': enrollment.enrollmentId },
          },
        },
        onConditionFailed: stale,
      },
    ];
  }

  /** Counts a student's active enrollments up (a new school year) or down (a withdrawal). */
  enrolledCount(studentId: string, delta: 1 | -1): TransactionItem {
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.enrolledMarker(studentId),
          UpdateExpression: 'SET entity = :entity ADD activeEnrollments :delta',
          ExpressionAttributeValues: { ':entity': 'enrolledMarker', ':delta': delta },
        },
      },
      onConditionFailed: () => new Conflict('enrolled marker update failed'),
    };
  }

  /** The student has no active enrollment: the condition a student's delete carries. */
  notEnrolled(studentId: string): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.enrolledMarker(studentId),
          ConditionExpression: 'attribute_not_exists(pk) OR activeEnrollments <= :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        },
      },
      onConditionFailed: () => new Conflict('The student is enrolled; withdraw them (POST …/withdrawals) before deleting the record.'),
    };
  }

  /** The student is as read (same version, not deleted): an enrollment that leaves the record as it is. */
  studentUnchanged(student: { readonly id: string; readonly version: number }): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.student(student.id),
          ConditionExpression: 'version = :version AND attribute_not_exists(deletedAt)',
          ExpressionAttributeValues: { ':version': student.version },
        },
      },
      onConditionFailed: () => new StaleVersion(undefined, 'The student changed meanwhile.'),
    };
  }

  /** `enrollmentId` is still the student's active enrollment of its year. */
  stillActive(enrollment: Pick<EnrollmentRecord, 'studentId' | 'schoolYear' | 'enrollmentId'>): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.activeEnrollment(enrollment.studentId, enrollment.schoolYear),
          ConditionExpression: 'enrollmentId = :current',
          ExpressionAttributeValues: { ':current': enrollment.enrollmentId },
        },
      },
      onConditionFailed: () => new StaleVersion(undefined, 'The active enrollment changed meanwhile.'),
    };
  }

  /** The school year must exist, not be deleted and not be closed. */
  schoolYearOpen(schoolYearKey: Key): TransactionItem {
    return {
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: schoolYearKey,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt) AND #data.#status <> :closed',
          ExpressionAttributeNames: { '#data': 'data', '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed' },
        },
      },
      onConditionFailed: () => new SchoolYearNotOpen('The school year was closed or removed meanwhile.'),
    };
  }
}
