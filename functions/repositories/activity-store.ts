import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DISTRICT_ACTIVITY, keys } from '../../domain/keys';
import { queryPartitions, type Page } from './query';
import { MAX_TRANSACTION_ITEMS, TransactionRunner } from './transaction-runner';

/** One line of a school's audit trail: who changed what, when, and why. */
export interface ActivityEntry {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly source: string;
  readonly detailType: string;
  readonly recordType: string;
  readonly ids: Record<string, string>;
  readonly actor: { sub: string; roles: string[] };
  readonly reason?: string;
  readonly changedFields: string[];
}

/** Raised by an entry's condition: the event was filed by an earlier delivery. */
class AlreadyFiled extends Error {}

/** The activity repository: the audit trail, one partition per school and day. */
export class ActivityStore {
  private readonly transactions: TransactionRunner;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    transactions?: TransactionRunner,
  ) {
    this.transactions = transactions ?? new TransactionRunner(client, tableName);
  }

  /**
   * Files an event under each of its schools, all or nothing. Delivery is at least once, so a
   * second delivery finds the entries there and changes nothing.
   * @returns false when the event had been filed before
   */
  async record(entry: ActivityEntry, schoolIds: readonly string[]): Promise<boolean> {
    const schools = schoolIds.length > 0 ? [...new Set(schoolIds)] : [DISTRICT_ACTIVITY];
    const date = entry.occurredAt.slice(0, 10);
    try {
      await this.transactions.transact(
        schools.slice(0, MAX_TRANSACTION_ITEMS).map((schoolId) => ({
          item: {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.activity(schoolId, date, entry.occurredAt, entry.eventId), entity: 'activity', schoolId, ...entry },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          onConditionFailed: () => new AlreadyFiled(),
        })),
      );
      return true;
    } catch (error) {
      if (error instanceof AlreadyFiled) return false;
      throw error;
    }
  }

  /**
   * One page of a day's activity, oldest first. A sharded day (the district's) is read from every
   * shard and merged; its cursor is the last sort key returned.
   */
  async listDay(schoolId: string, date: string, limit: number, cursor?: string): Promise<Page<ActivityEntry>> {
    const page = await queryPartitions(this.client, this.tableName, {
      partitions: keys.activityPartitionsOfDay(schoolId, date),
      limit,
      cursor,
    });
    return { items: page.items.map(entryOf), nextCursor: page.nextCursor };
  }
}

const entryOf = ({ pk: _pk, sk: _sk, entity: _entity, schoolId: _schoolId, ...entry }: Record<string, unknown>) =>
  entry as unknown as ActivityEntry;
