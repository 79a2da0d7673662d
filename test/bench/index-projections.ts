/**
 * What each global secondary index's projection costs in write units (decision 0159): scans the running local
 * system's table (seed it first: `npm run seed`) and, for every item that carries an index's keys, sizes the index
 * item DynamoDB would write under ALL (the whole item) and under KEYS_ONLY (the table's and the index's keys), in
 * write units by AWS's rule (1 per KB, rounded up; capacity-units.ts). `npm run bench:units` prices the table's own
 * writes and not the indexes', so it cannot show this.
 *
 *   npm run bench:index-projections -- [--json]
 */
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../../domain/table';
import { itemBytes, writeUnits } from '../../functions/platform/capacity-units';
import { localDynamoClient } from '../../infra/local/dynamo-local';
import { connectToLocalSystem } from '../../infra/local/local-system';

interface Sizes {
  items: number;
  allBytes: number;
  keysBytes: number;
  allWru: number;
  keysWru: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const system = connectToLocalSystem();
  const documents = DynamoDBDocumentClient.from(localDynamoClient(system.dynamoEndpoint));
  const byIndex = new Map<string, Map<string, Sizes>>();
  let scanned = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: system.tableName, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      scanned += 1;
      for (const index of TABLE.globalIndexes) {
        if (item[index.partitionKey] === undefined || item[index.sortKey] === undefined) continue;
        const keysOnly = Object.fromEntries(
          [TABLE.partitionKey, TABLE.sortKey, index.partitionKey, index.sortKey].map((name) => [name, item[name]]),
        );
        const entity = String(item.entity ?? 'unknown');
        const entities = byIndex.get(index.indexName) ?? new Map<string, Sizes>();
        byIndex.set(index.indexName, entities);
        const sizes = entities.get(entity) ?? { items: 0, allBytes: 0, keysBytes: 0, allWru: 0, keysWru: 0 };
        entities.set(entity, sizes);
        const all = itemBytes(item);
        const keys = itemBytes(keysOnly);
        sizes.items += 1;
        sizes.allBytes += all;
        sizes.keysBytes += keys;
        sizes.allWru += writeUnits(all);
        sizes.keysWru += writeUnits(keys);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  documents.destroy();
  const report = Object.fromEntries(
    [...byIndex].map(([indexName, entities]) => [
      indexName,
      Object.fromEntries([...entities].sort(([, a], [, b]) => b.allWru - a.allWru).map(([entity, sizes]) => [entity, sizes])),
    ]),
  );
  if (values.json) {
    process.stdout.write(JSON.stringify({ scanned, indexes: report }, null, 2) + '\n');
    return;
  }
  process.stdout.write(`${scanned} items scanned in ${system.tableName}\n`);
  for (const [indexName, entities] of Object.entries(report)) {
    const total = Object.values(entities).reduce(
      (sum, sizes) => ({ items: sum.items + sizes.items, allWru: sum.allWru + sizes.allWru, keysWru: sum.keysWru + sizes.keysWru }),
      { items: 0, allWru: 0, keysWru: 0 },
    );
    process.stdout.write(
      `\n${indexName}: ${total.items} index items; WRU per write of all of them: ALL ${total.allWru}, KEYS_ONLY ${total.keysWru}\n`,
    );
    process.stdout.write(
      `  ${'entity'.padEnd(24)} ${'items'.padStart(6)} ${'avg B ALL'.padStart(10)} ${'avg B KEYS'.padStart(10)} ${'WRU ALL'.padStart(8)} ${'WRU KEYS'.padStart(8)}\n`,
    );
    for (const [entity, sizes] of Object.entries(entities)) {
      process.stdout.write(
        `  ${entity.padEnd(24)} ${String(sizes.items).padStart(6)} ${String(Math.round(sizes.allBytes / sizes.items)).padStart(10)} ` +
          `${String(Math.round(sizes.keysBytes / sizes.items)).padStart(10)} ${String(sizes.allWru).padStart(8)} ${String(sizes.keysWru).padStart(8)}\n`,
      );
    }
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:index-projections failed: ${error.message}\n`);
  process.exit(1);
});
