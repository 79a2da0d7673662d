import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NOTICE_REPORT_SHARDS, noticeKeys } from '../../domain/notifications/notice-keys';
import { delayBucket, reportAttribute, type ReportOutcome } from '../../domain/notifications/notice-report';
import type { Channel } from '../../domain/notifications/preferences';
import { queryAll } from './query';

/** A school's counters of a day, as stored: `n_<channel>_<outcome>` and `d_<channel>_<bucket>` numbers. */
export type StoredReport = Readonly<Record<string, unknown>> & { readonly schoolId: string; readonly date: string };

/**
 * The notice report's counters (decision 0119): one item per school and day, spread over
 * NOTICE_REPORT_SHARDS partitions a day. Each outcome is one ADD, after the delivery's own
 * conditional write: the report is exact but for a sender that dies between the two.
 */
export class NoticeReportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Counts one outcome of a channel, and its delay from the event when given. */
  async count(schoolId: string, date: string, channel: Channel, outcome: ReportOutcome, delayMs?: number): Promise<void> {
    const names: Record<string, string> = { '#n': reportAttribute.outcome(channel, outcome) };
    const values: Record<string, unknown> = { ':one': 1, ':entity': 'noticeReport', ':school': schoolId, ':date': date };
    let add = '#n :one';
    if (delayMs !== undefined) {
      names['#d'] = reportAttribute.delay(channel, delayBucket(delayMs));
      add += ', #d :one';
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: noticeKeys.noticeReport(date, schoolId),
        UpdateExpression: `SET entity = :entity, schoolId = :school, #date = :date ADD ${add}`,
        ExpressionAttributeNames: { ...names, '#date': 'date' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async ofSchool(date: string, schoolId: string): Promise<StoredReport | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: noticeKeys.noticeReport(date, schoolId) }));
    return result.Item as StoredReport | undefined;
  }

  /** Every school's counters of a day (a district has about 1,300 schools: 16 queries of a few pages each). */
  async ofDay(date: string): Promise<StoredReport[]> {
    const shards = await Promise.all(
      Array.from({ length: NOTICE_REPORT_SHARDS }, (_, shard) => {
        const { pk, skPrefix } = noticeKeys.noticeReportShard(date, shard);
        return queryAll(this.client, this.tableName, { partition: pk, sortKeyPrefix: skPrefix });
      }),
    );
    return shards.flat() as StoredReport[];
  }
}
