import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { batchPut } from './batch-write';
import { toRecord, type StoredRecord } from './record-store';

/** A sourcedId the importer kept because it is not the record's id. */
export interface SourcedIdEntry {
  readonly sisId: string;
  readonly kind: string;
  readonly sourcedId: string;
}

const SOURCE_ENTITY = 'oneRosterSource';

/**
 * The OneRoster bulk tools' data access: the sourcedId mapping items, and whole-table reads of
 * one kind of record for an export. A bulk export reads everything, so it scans (in parallel
 * segments); no API path calls these.
 */
export class OneRosterStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes mapping items (idempotent puts: the same sourcedId always maps to the same id). */
  async rememberSourcedIds(entries: readonly SourcedIdEntry[]): Promise<void> {
    const items = entries.map((entry) => ({ ...keys.oneRosterSource(entry.sisId), entity: SOURCE_ENTITY, ...entry }));
    await batchPut(this.client, this.tableName, items);
  }

  /**
   * Every live record of the given entities and every mapping item (SIS id -> sourcedId), in one
   * pass over the table (parallel segments): an export reads the whole table once, not once per kind.
   */
  async snapshot(
    entities: readonly string[],
    segments = 4,
  ): Promise<{ records: Map<string, StoredRecord[]>; sourcedIds: Map<string, string> }> {
    const records = new Map<string, StoredRecord[]>(entities.map((entity) => [entity, []]));
    const sourcedIds = new Map<string, string>();
    const pages = await Promise.all(
      Array.from({ length: segments }, (_, segment) => this.scanSegment([...entities, SOURCE_ENTITY], segment, segments)),
    );
    for (const item of pages.flat()) {
      if (item.entity === SOURCE_ENTITY) {
        sourcedIds.set(String(item.sisId), String(item.sourcedId));
        continue;
      }
      const record = toRecord(item);
      if (!record.deletedAt) records.get(record.entity)?.push(record);
    }
    return { records, sourcedIds };
  }

  /**
   * The ids of every live record of the given entities, and nothing else of them: what a bulk
   * import compares its files with to find the records they omit (decision 0091).
   */
  async liveIds(
    entities: readonly string[],
    segments = 4,
  ): Promise<{ entity: string; id: string; ids: Readonly<Record<string, string>> }[]> {
    const pages = await Promise.all(
      Array.from({ length: segments }, (_, segment) => this.scanSegment(entities, segment, segments, ['entity', 'id', 'ids', 'deletedAt'])),
    );
    return pages
      .flat()
      .filter((item) => !item.deletedAt)
      .map((item) => ({ entity: String(item.entity), id: String(item.id), ids: item.ids as Record<string, string> }));
  }

  private async scanSegment(
    entities: readonly string[],
    segment: number,
    totalSegments: number,
    attributes?: readonly string[],
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          Segment: segment,
          TotalSegments: totalSegments,
          FilterExpression: `#entity IN (${entities.map((_, index) => `:e${index}`).join(', ')})`,
          ExpressionAttributeNames: { '#entity': 'entity', ...Object.fromEntries((attributes ?? []).map((name) => [`#${name}`, name])) },
          ...(attributes ? { ProjectionExpression: attributes.map((name) => `#${name}`).join(', ') } : {}),
          ExpressionAttributeValues: Object.fromEntries(entities.map((entity, index) => [`:e${index}`, entity])),
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
