import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { encodeCursor, queryPage, type Page } from './record-store';

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

/** District-wide records (guardians) are filed under this pseudo-school. */
export const DISTRICT_ACTIVITY = 'district';
const MAX_TRANSACTION_ITEMS = 100;

/** The activity repository: the audit trail, one partition per school and day. */
export class ActivityStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Files an event under each of its schools, all or nothing. Delivery is at least once, so a
   * second delivery finds the entries there and changes nothing.
   * @returns false when the event had been filed before
   */
  async record(entry: ActivityEntry, schoolIds: readonly string[]): Promise<boolean> {
    const schools = schoolIds.length > 0 ? [...new Set(schoolIds)] : [DISTRICT_ACTIVITY];
    const date = entry.occurredAt.slice(0, 10);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: schools.slice(0, MAX_TRANSACTION_ITEMS).map((schoolId) => ({
            Put: {
              TableName: this.tableName,
              Item: { ...keys.activity(schoolId, date, entry.occurredAt, entry.eventId), entity: 'activity', schoolId, ...entry },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        }),
      );
      return true;
    } catch (error) {
      const duplicate =
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed');
      if (duplicate) return false;
      throw error;
    }
  }

  async listDay(schoolId: string, date: string, limit: number, cursor?: string): Promise<Page<ActivityEntry>> {
    const result = await queryPage(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.activityOfSchoolDay(schoolId, date) },
        Limit: limit,
      },
      cursor,
    );
    const items = (result.Items ?? []).map(
      ({ pk: _pk, sk: _sk, entity: _entity, schoolId: _schoolId, ...entry }) => entry as ActivityEntry,
    );
    return { items, nextCursor: encodeCursor(result.LastEvaluatedKey) };
  }
}
