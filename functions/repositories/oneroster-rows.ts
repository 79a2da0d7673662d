import { StaleVersion } from '../../domain/errors';
import { keys } from '../../domain/keys';
import type { StoredRow } from '../../domain/oneroster/roster-rows';
import type { RecordStore } from './record-store';
import type { TransactionItem, TransactionRunner } from './transaction-runner';

const ENTITY = 'oneRosterRow';

/** A row item's attributes, without its keys. */
function rowOf(item: Record<string, unknown>): StoredRow {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as StoredRow;
}

/**
 * The district's OneRoster rows as given (decision 0105): one item per file and sourcedId, spread
 * over a few partitions per file, each version kept as a history item beside it. A file is read
 * whole by one query per partition (the importer compares a file with what it holds, the REST API
 * serves from it); a change is one transaction of the row and its history item, conditioned on the
 * version read, so two writers never overwrite each other.
 */
export class OneRosterRows {
  constructor(
    private readonly records: RecordStore,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Every row of a file (deleted ones included: they carry status tobedeleted), by sourcedId. */
  async readFile(file: string): Promise<Map<string, StoredRow>> {
    const { pks, skPrefix } = keys.oneRosterRowsOfFile(file);
    const pages = await Promise.all(
      pks.map(async (partition) => {
        const items: StoredRow[] = [];
        let cursor: string | undefined;
        do {
          const page = await this.records.rawQuery({ partition, sortKeyPrefix: skPrefix, limit: 1000, cursor });
          items.push(...page.items.map(rowOf));
          cursor = page.nextCursor;
        } while (cursor);
        return items;
      }),
    );
    return new Map(pages.flat().map((row) => [row.sourcedId, row]));
  }

  /** Some rows of a file by sourcedId (BatchGetItem); missing ones are left out. */
  async getMany(file: string, sourcedIds: readonly string[]): Promise<StoredRow[]> {
    const items = await this.records.getItems([...new Set(sourcedIds)].map((sourcedId) => keys.oneRosterRow(file, sourcedId)));
    return items.map(rowOf);
  }

  /** The items of one row's change: the row (conditioned on the version it replaces) and its history item. */
  changeItems(before: StoredRow | undefined, after: StoredRow): TransactionItem[] {
    const key = keys.oneRosterRow(after.file, after.sourcedId);
    const tableName = this.transactions.tableName;
    return [
      {
        item: {
          Put: {
            TableName: tableName,
            Item: { ...key, entity: ENTITY, ...after },
            ...(before
              ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': before.version } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
        onConditionFailed: () => new StaleVersion(undefined),
      },
      {
        item: {
          Put: {
            TableName: tableName,
            Item: { ...keys.history(key, after.version), entity: 'history', recordEntity: ENTITY, ...after },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: () => new StaleVersion(undefined),
      },
    ];
  }

  /** Writes one row's change as one transaction (the bulk tools' runner merges concurrent ones, decision 0090). */
  async write(before: StoredRow | undefined, after: StoredRow): Promise<void> {
    await this.transactions.transact(this.changeItems(before, after));
  }
}
