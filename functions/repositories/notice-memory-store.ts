import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AttendanceDay } from '../../domain/notifications/attendance-day';
import { noticeKeys } from '../../domain/notifications/notice-keys';
import type { ScheduleSitting } from '../../domain/notifications/schedule-sitting';

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException';

/** The entity tags of the notices the sweep puts together when they are due. */
export const WAITING_NOTICE = { attendanceDay: 'attendanceDayNotice', scheduleSitting: 'scheduleSitting' } as const;

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, gsi2pk: _a, gsi2sk: _b, ...rest } = item;
  return rest as T;
}

/**
 * What families were told, so that they are told less and better (decision 0116): a guardian's
 * attendance day of a student, the last report-card mark told, and a student's schedule sitting.
 * Each is one item written under a version condition (a concurrent change is read again).
 */
export class NoticeMemoryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async attendanceDay(guardianId: string, studentId: string, date: string): Promise<AttendanceDay | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: noticeKeys.attendanceDay(guardianId, studentId, date), ConsistentRead: true }),
    );
    return result.Item ? strip<AttendanceDay>(result.Item) : undefined;
  }

  /**
   * Writes the day over the version it was read at; while its summary is pending it waits in the
   * due index. @returns false when another change came first (read it again)
   */
  async saveAttendanceDay(day: AttendanceDay): Promise<boolean> {
    const key = noticeKeys.attendanceDay(day.guardianId, day.studentId, day.date);
    const due =
      day.summary?.state === 'pending' ? noticeKeys.dueNotice(day.guardianId, day.summary.dueAt, `${day.studentId}#${day.date}`) : {};
    return this.putOver({ ...key, entity: WAITING_NOTICE.attendanceDay, ...due, ...day }, day.version - 1);
  }

  /**
   * Remembers the report-card mark a student's families are told of. @returns `told` for a new or
   * changed mark (or the same event again: a retry tells nothing twice), `unchanged` when they
   * were told this very mark by an earlier event (an un-post and re-post)
   */
  async tellMark(studentId: string, sectionId: string, gradingPeriod: string, letter: string, eventId: string, at: string) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...noticeKeys.toldMark(studentId, sectionId, gradingPeriod), entity: 'toldMark', letter, eventId, at },
          ConditionExpression: 'attribute_not_exists(pk) OR letter <> :letter OR eventId = :eventId',
          ExpressionAttributeValues: { ':letter': letter, ':eventId': eventId },
        }),
      );
      return 'told' as const;
    } catch (error) {
      if (isConditionFailure(error)) return 'unchanged' as const;
      throw error;
    }
  }

  async sitting(studentId: string): Promise<ScheduleSitting | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: noticeKeys.scheduleSitting(studentId), ConsistentRead: true }),
    );
    return result.Item ? strip<ScheduleSitting>(result.Item) : undefined;
  }

  /** Writes the sitting over the version it was read at; it waits in the due index. @returns false on a concurrent change */
  async saveSitting(sitting: ScheduleSitting): Promise<boolean> {
    const item = {
      ...noticeKeys.scheduleSitting(sitting.studentId),
      entity: WAITING_NOTICE.scheduleSitting,
      ...noticeKeys.dueNotice(sitting.studentId, sitting.dueAt, 'SITTING'),
      ...sitting,
    };
    return this.putOver(item, sitting.version - 1);
  }

  /** Ends a sitting whose notice went, unless a change joined it meanwhile. @returns false when one did */
  async closeSitting(studentId: string, version: number): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: noticeKeys.scheduleSitting(studentId),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': version },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async putOver(item: Record<string, unknown>, previousVersion: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: previousVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(previousVersion === 0 ? {} : { ExpressionAttributeValues: { ':version': previousVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
