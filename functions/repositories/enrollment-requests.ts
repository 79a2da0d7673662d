import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RequestAlreadySettled } from '../../domain/enrollment/errors';
import type { EnrollmentStatus } from '../../domain/enrollment/schemas';
import { Conflict } from '../../domain/errors';
import { keys } from '../../domain/keys';
import {
  BY_SCHOOL_STATUS,
  toRequest,
  UNSETTLED,
  UNSETTLED_STATUSES,
  type EnrollmentRequestRecord,
  type StatusTransition,
  type UnsettledRequest,
} from './enrollment-records';
import { queryByPrefix, type Page } from './query';
import { TransactionRunner, type TransactionItem } from './transaction-runner';

/**
 * Enrollment requests: reading them, the district-wide index of unsettled ones, and the
 * operations that file, move and retire a request. The first part of the enrollment
 * repository (EnrollmentStore in enrollment-store.ts holds all of it).
 */
export class EnrollmentRequestStore {
  protected readonly transactions: TransactionRunner;

  constructor(
    protected readonly client: DynamoDBDocumentClient,
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
