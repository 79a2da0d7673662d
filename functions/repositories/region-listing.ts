import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { queryAll } from './query';

/**
 * A region's school ids: one Query on the region's partition, whose items the record engine keeps
 * in step with each school's `regionId` (a projection written in the school's own transaction).
 */
export async function schoolIdsOfRegion(client: DynamoDBDocumentClient, tableName: string, regionId: string): Promise<string[]> {
  const { pk, skPrefix } = keys.schoolsOfRegion(regionId);
  const items = await queryAll(client, tableName, { partition: pk, sortKeyPrefix: skPrefix });
  return items
    .map((item) => (item.ids as Record<string, unknown> | undefined)?.schoolId)
    .filter((id): id is string => typeof id === 'string');
}
