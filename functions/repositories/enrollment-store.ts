import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AlreadyEnrolled, RequestAlreadySettled, SchoolYearNotOpen, SeatsTaken } from '../../domain/enrollment/errors';
import type { EnrollmentRequest, EnrollmentStatus, Rejection, Resolution } from '../../domain/enrollment/schemas';
import { Conflict, StaleVersion, UniqueClaimTaken } from '../../domain/errors';
import { keys, type Key } from '../../domain/keys';
import { keyAttributes } from '../../domain/table';
import { queryAll, queryByPrefix, type Page } from './query';
import { TransactionRunner, type TransactionItem } from './transaction-runner';

const BY_SCHOOL_STATUS = keyAttributes('gsi1');
const ENROLLED_AT_SCHOOL = keyAttributes('gsi2');
/** The district-wide index of unsettled requests (a request item's gsi2). */
const UNSETTLED = keyAttributes('gsi2');
/** Statuses a request is listed in the district-wide unsettled index under. */
const UNSETTLED_STATUSES: readonly EnrollmentStatus[] = ['PENDING', 'FAILED'];

/** An unsettled request as the district-wide index lists it. */
export interface UnsettledRequest {
  readonly id: string;
  readonly generation: number;
  readonly status: EnrollmentStatus;
  /** When it was last queued (`gsi2sk` without the id). */
  readonly queuedAt: string;
}

/** A student's school change waiting for its enrollment's entry date. */
export interface ScheduledSchoolMove {
  readonly studentId: string;
  readonly enrollmentId: string;
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly gradeLevel: string;
  readonly entryDate: string;
}

export interface StatusTransition {
  readonly status: EnrollmentStatus;
  readonly at: string;
  readonly by: string;
  readonly note?: string;
}

/** An enrollment request as stored: what was asked, where it stands, and how it got there. */
export interface EnrollmentRequestRecord {
  readonly id: string;
  readonly status: EnrollmentStatus;
  readonly request: EnrollmentRequest;
  readonly schoolId: string;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly studentId?: string;
  readonly enrollmentId?: string;
  readonly rejection?: { readonly reasons: readonly Rejection[] };
  /** `identityOrdinal`: for confirm-new, which identity claim the new student takes (see family-matching.ts). */
  readonly resolution?: Resolution & { readonly by: string; readonly at: string; readonly identityOrdinal?: number };
  readonly attempts?: number;
  readonly lastError?: string;
  /** Counts the request's resolutions; each one is processed afresh. */
  readonly generation: number;
  readonly transitions: readonly StatusTransition[];
}

/** A school enrollment: one student at one school for (part of) one school year. */
export interface EnrollmentRecord {
  readonly enrollmentId: string;
  readonly studentId: string;
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly gradeLevel: string;
  readonly entryDate: string;
  readonly exitDate?: string;
  readonly exitReason?: string;
  readonly requestId?: string;
  readonly priorSchool?: Record<string, string>;
}

const REQUEST_FIELDS = [
  'id',
  'status',
  'request',
  'schoolId',
  'requestedBy',
  'createdAt',
  'updatedAt',
  'studentId',
  'enrollmentId',
  'rejection',
  'resolution',
  'attempts',
  'lastError',
  'generation',
  'transitions',
] as const;

function toRequest(item: Record<string, unknown>): EnrollmentRequestRecord {
  return Object.fromEntries(
    REQUEST_FIELDS.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]),
  ) as unknown as EnrollmentRequestRecord;
}

function toEnrollment(item: Record<string, unknown>): EnrollmentRecord {
  const rest = { ...item };
  for (const name of ['pk', 'sk', 'entity', ENROLLED_AT_SCHOOL.partitionKey, ENROLLED_AT_SCHOOL.sortKey]) delete rest[name];
  return rest as unknown as EnrollmentRecord;
}

/**
 * The enrollment repository: requests, school enrollments, the active-enrollment guard and
 * the per-grade seat counters. It reads, and builds the operations the enrollment transaction
 * is made of; the transaction runner writes them.
 */
export class EnrollmentStore {
  private readonly transactions: TransactionRunner;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    transactions?: TransactionRunner,
  ) {
    this.transactions = transactions ?? new TransactionRunner(client, tableName);
  }

  async getRequest(requestId: string): Promise<EnrollmentRequestRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.enrollmentRequest(requestId), ConsistentRead: true }),
    );
    return Item ? toRequest(Item) : undefined;
  }

  async listRequests(schoolId: string, status: EnrollmentStatus, limit: number, cursor?: string): Promise<Page<EnrollmentRequestRecord>> {
    const page = await queryByPrefix(this.client, this.tableName, {
      index: 'gsi1',
      partition: keys.enrollmentRequestsPartition(schoolId, status),
      limit,
      cursor,
    });
    return { items: page.items.map(toRequest), nextCursor: page.nextCursor };
  }

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

  /**
   * Requests in `status` (PENDING or FAILED) last queued before `before`, oldest first in each
   * shard of the district-wide index (an index read: a request settled a moment ago may still be
   * listed; the write that acts on it is conditional).
   */
  async unsettledSince(status: 'PENDING' | 'FAILED', before: string, limitPerShard = 100): Promise<UnsettledRequest[]> {
    const shards = await Promise.all(
      keys.unsettledRequestsPartitions(status).map(async (partition) => {
        const { Items } = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: '#pk = :pk AND #sk < :before',
            ExpressionAttributeNames: { '#pk': UNSETTLED.partitionKey, '#sk': UNSETTLED.sortKey },
            ExpressionAttributeValues: { ':pk': partition, ':before': before },
            Limit: limitPerShard,
          }),
        );
        return (Items ?? []).map((item): UnsettledRequest => ({
          id: String(item.id),
          generation: Number(item.generation ?? 0),
          status: item.status as EnrollmentStatus,
          queuedAt: String(item[UNSETTLED.sortKey]).split('#')[0]!,
        }));
      }),
    );
    return shards.flat();
  }

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

  // ── operations for transactions ──────────────────────────────────────

  /**
   * Notes that an unsettled request was queued again at `at` (the sweeper, the redrive): it moves
   * to the end of its index partition. Conditional on it still being where the reader saw it, so
   * two sweeps never queue it twice.
   */
  requeued(request: UnsettledRequest, at: string): TransactionItem {
    const index = keys.unsettledRequest(request.status, at, request.id);
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.enrollmentRequest(request.id),
          UpdateExpression: 'SET #sk = :now',
          ConditionExpression: '#status = :status AND #sk = :seen',
          ExpressionAttributeNames: { '#status': 'status', '#sk': UNSETTLED.sortKey },
          ExpressionAttributeValues: { ':status': request.status, ':now': index.gsi2sk, ':seen': `${request.queuedAt}#${request.id}` },
        },
      },
      onConditionFailed: () => new RequestAlreadySettled(`Enrollment request ${request.id} moved on meanwhile.`),
    };
  }

  /**
   * Marks a request whose message was dead-lettered while it was still PENDING as FAILED, with
   * the reason. A FAILED or settled request is left as it is (RequestAlreadySettled).
   */
  deadLettered(
    request: Pick<EnrollmentRequestRecord, 'id' | 'schoolId' | 'createdAt'>,
    reason: string,
    at: StatusTransition,
  ): TransactionItem {
    const index = keys.unsettledRequest('FAILED', at.at, request.id);
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.enrollmentRequest(request.id),
          UpdateExpression:
            'SET #status = :failed, lastError = :error, updatedAt = :at, #list = :list, #unsettledPk = :unsettledPk, #unsettledSk = :unsettledSk,' +
            ' transitions = list_append(transitions, :transition)',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#list': BY_SCHOOL_STATUS.partitionKey,
            '#unsettledPk': UNSETTLED.partitionKey,
            '#unsettledSk': UNSETTLED.sortKey,
          },
          ExpressionAttributeValues: {
            ':failed': 'FAILED',
            ':pending': 'PENDING',
            ':error': reason.slice(0, 1000),
            ':at': at.at,
            ':list': keys.enrollmentRequestsOfSchool(request.schoolId, 'FAILED', request.createdAt, request.id).gsi1pk,
            ':unsettledPk': index.gsi2pk,
            ':unsettledSk': index.gsi2sk,
            ':transition': [at],
          },
        },
      },
      onConditionFailed: () => new RequestAlreadySettled(`Enrollment request ${request.id} is no longer PENDING.`),
    };
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

  newRequest(record: EnrollmentRequestRecord): TransactionItem {
    return {
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.enrollmentRequest(record.id),
            ...keys.enrollmentRequestsOfSchool(record.schoolId, record.status, record.createdAt, record.id),
            ...keys.unsettledRequest(record.status, record.createdAt, record.id),
            entity: 'enrollmentRequest',
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new Conflict(`Enrollment request ${record.id} exists already.`),
    };
  }

  /** Takes back a request that could not be queued (it was never accepted), if nothing touched it. */
  withdrawUnqueued(record: Pick<EnrollmentRequestRecord, 'id'>): TransactionItem {
    return {
      item: {
        Delete: {
          TableName: this.tableName,
          Key: keys.enrollmentRequest(record.id),
          ConditionExpression: '#status = :pending AND attempts = :zero',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING', ':zero': 0 },
        },
      },
      onConditionFailed: () => new RequestAlreadySettled(`Enrollment request ${record.id} was processed meanwhile.`),
    };
  }

  /**
   * Moves a request from one of `from` to `to`, re-filing it in the school's list for its new
   * status; fails with RequestAlreadySettled when another attempt moved it first.
   */
  transition(
    request: Pick<EnrollmentRequestRecord, 'id' | 'schoolId' | 'createdAt'>,
    from: readonly EnrollmentStatus[],
    to: StatusTransition,
    fields: Record<string, unknown> = {},
    remove: readonly string[] = [],
  ): TransactionItem {
    const names: Record<string, string> = { '#status': 'status', '#list': BY_SCHOOL_STATUS.partitionKey };
    const values: Record<string, unknown> = {
      ':to': to.status,
      ':at': to.at,
      ':list': keys.enrollmentRequestsOfSchool(request.schoolId, to.status, request.createdAt, request.id).gsi1pk,
      ':transition': [to],
    };
    const sets = ['#status = :to', 'updatedAt = :at', '#list = :list', 'transitions = list_append(transitions, :transition)'];
    // In the district-wide index while unsettled, by the time it (re-)entered its status; out of it once settled.
    names['#unsettledPk'] = UNSETTLED.partitionKey;
    names['#unsettledSk'] = UNSETTLED.sortKey;
    const unsettled = UNSETTLED_STATUSES.includes(to.status);
    if (unsettled) {
      const index = keys.unsettledRequest(to.status, to.at, request.id);
      values[':unsettledPk'] = index.gsi2pk;
      values[':unsettledSk'] = index.gsi2sk;
      sets.push('#unsettledPk = :unsettledPk', '#unsettledSk = :unsettledSk');
    }
    Object.entries(fields).forEach(([name, value], index) => {
      names[`#f${index}`] = name;
      values[`:f${index}`] = value;
      sets.push(`#f${index} = :f${index}`);
    });
    const removals = remove.map((name, index) => {
      names[`#r${index}`] = name;
      return `#r${index}`;
    });
    if (!unsettled) removals.push('#unsettledPk', '#unsettledSk');
    from.forEach((status, index) => (values[`:from${index}`] = status));
    return {
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.enrollmentRequest(request.id),
          UpdateExpression: `SET ${sets.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
          ConditionExpression: `#status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: () => new RequestAlreadySettled(`Enrollment request ${request.id} is no longer ${from.join(' or ')}.`),
    };
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
   * Notes a failed attempt on the request, so its status shows why it is not done yet; `final`
   * marks it FAILED (its message is going to the DLQ). Nothing happens when it was settled meanwhile.
   */
  async recordFailure(
    request: Pick<EnrollmentRequestRecord, 'id' | 'schoolId' | 'createdAt'>,
    error: string,
    attempts: number,
    final: StatusTransition | undefined,
  ): Promise<void> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':error': error.slice(0, 1000),
      ':attempts': attempts,
      ':pending': 'PENDING',
      ':failed': 'FAILED',
    };
    let update = 'SET lastError = :error, attempts = :attempts';
    if (final) {
      names['#list'] = BY_SCHOOL_STATUS.partitionKey;
      values[':list'] = keys.enrollmentRequestsOfSchool(request.schoolId, 'FAILED', request.createdAt, request.id).gsi1pk;
      values[':at'] = final.at;
      values[':transition'] = [final];
      names['#unsettledPk'] = UNSETTLED.partitionKey;
      names['#unsettledSk'] = UNSETTLED.sortKey;
      const index = keys.unsettledRequest('FAILED', final.at, request.id);
      values[':unsettledPk'] = index.gsi2pk;
      values[':unsettledSk'] = index.gsi2sk;
      update +=
        ', #status = :failed, #list = :list, updatedAt = :at, transitions = list_append(transitions, :transition)' +
        ', #unsettledPk = :unsettledPk, #unsettledSk = :unsettledSk';
    }
    await this.transactions
      .transact([
        {
          item: {
            Update: {
              TableName: this.tableName,
              Key: keys.enrollmentRequest(request.id),
              UpdateExpression: update,
              ConditionExpression: '#status IN (:pending, :failed)',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          onConditionFailed: () => new RequestAlreadySettled(`Enrollment request ${request.id} was settled meanwhile.`),
        },
      ])
      .catch((failure: Error) => {
        if (!(failure instanceof RequestAlreadySettled)) throw failure;
      });
  }
}
