import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { noticeKeys } from '../../domain/notifications/notice-keys';
import type { SendChannel } from '../../domain/notifications/preferences';
import { queryByPrefix, type Page } from './query';

/** Why an address receives nothing more. */
export type SuppressionReason = 'bounce' | 'complaint';

export interface Suppression {
  readonly channel: SendChannel;
  readonly reason: SuppressionReason;
  /** The provider's words (e.g. the bounce's diagnostic). */
  readonly detail?: string;
  readonly since: string;
}

/** A family the school office should call: no channel they chose works. */
export interface UnreachableFamily {
  readonly schoolId: string;
  readonly guardianId: string;
  readonly studentId: string;
  /** Per channel, why it does not reach them. */
  readonly channels: Readonly<Partial<Record<SendChannel, string>>>;
  readonly since: string;
  readonly lastNoticeAt: string;
}

/** Addresses are kept out of keys: a suppressed address is found by its hash. */
export const addressHash = (address: string) => createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 40);

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as T;
}

/**
 * The suppression list (addresses that bounced for good or complained: decision 0117) and the
 * schools' lists of families no channel reaches.
 */
export class SuppressionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async suppression(channel: SendChannel, address: string): Promise<Suppression | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: noticeKeys.suppressed(channel, addressHash(address)) }),
    );
    return result.Item ? strip<Suppression>(result.Item) : undefined;
  }

  /** The suppressed ones among several addresses, by address. */
  async suppressions(entries: readonly { channel: SendChannel; address: string }[]): Promise<Map<string, Suppression>> {
    const found = new Map<string, Suppression>();
    const unique = [...new Map(entries.map((entry) => [`${entry.channel}|${addressHash(entry.address)}`, entry])).values()];
    if (unique.length === 0) return found;
    const byKey = new Map(unique.map((entry) => [noticeKeys.suppressed(entry.channel, addressHash(entry.address)).pk, entry]));
    for (let start = 0; start < unique.length; start += 100) {
      const result = await this.client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: unique.slice(start, start + 100).map((entry) => noticeKeys.suppressed(entry.channel, addressHash(entry.address))),
            },
          },
        }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        const entry = byKey.get(String(item.pk));
        if (entry) found.set(entry.address, strip<Suppression>(item));
      }
    }
    return found;
  }

  /** Suppresses an address (idempotent: the first reason and time are kept). @returns true when it was not suppressed before */
  async suppress(channel: SendChannel, address: string, reason: SuppressionReason, at: string, detail?: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...noticeKeys.suppressed(channel, addressHash(address)),
            entity: 'suppressedAddress',
            channel,
            reason,
            since: at,
            ...(detail ? { detail: detail.slice(0, 300) } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Lists a family for its school's office; listed again, it keeps the first `since` and takes the latest notice's time. */
  async markUnreachable(family: UnreachableFamily): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: noticeKeys.unreachable(family.schoolId, family.guardianId, family.studentId),
        UpdateExpression:
          'SET entity = :entity, schoolId = :school, guardianId = :guardian, studentId = :student, channels = :channels, ' +
          'lastNoticeAt = :last, since = if_not_exists(since, :since)',
        ExpressionAttributeValues: {
          ':entity': 'unreachableFamily',
          ':school': family.schoolId,
          ':guardian': family.guardianId,
          ':student': family.studentId,
          ':channels': family.channels,
          ':last': family.lastNoticeAt,
          ':since': family.since,
        },
      }),
    );
  }

  async unreachableOf(schoolId: string, limit: number, cursor?: string): Promise<Page<UnreachableFamily>> {
    const { pk, skPrefix } = noticeKeys.unreachableOfSchool(schoolId);
    const page = await queryByPrefix(this.client, this.tableName, { partition: pk, sortKeyPrefix: skPrefix, limit, cursor });
    return { items: page.items.map((item) => strip<UnreachableFamily>(item)), nextCursor: page.nextCursor };
  }
}
