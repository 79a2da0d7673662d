/**
 * The restore rehearsal (docs/deploy.md "Backups and restore", decision 0083): exports the local
 * table, wipes it (deletes and re-creates it from the table definition), imports the export and
 * verifies that the count and the checksum of every item are what they were. Wiping the table takes
 * `--in-place`; `--target <name>` restores beside it instead, as AWS does.
 *
 * The export is DynamoDB JSON Lines (`{"Item": {...}}` per line, the format of DynamoDB's export
 * to S3 and of `ImportTable`), with a manifest of the count and checksum, under
 * .local/backups/<table>-<time>/. The checksum is order-free: the SHA-256 of the sorted SHA-256s
 * of each item in a canonical form (attributes sorted), so a lost, added or changed item shows.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  DeleteTableCommand,
  ScanCommand,
  waitUntilTableNotExists,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ensureTable, localDynamoClient, startDynamoLocal } from '../local/dynamo-local';
import { describeSystem, findLocalSystem } from '../local/local-system';
import { localPaths } from '../local/paths';
import { FolderInUse, lockDataFolder } from '../local/system-lock';
import { defineTool } from './tool-cli';

type Item = Record<string, AttributeValue>;

export interface TableDigest {
  readonly count: number;
  readonly checksum: string;
}

export interface RehearsalReport {
  readonly exportDir: string;
  readonly before: TableDigest;
  readonly after: TableDigest;
  readonly restoredInto: string;
  readonly ok: boolean;
}

/** Attributes in a fixed order, sets sorted, so that equal items serialise the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => {
          const inner = (value as Record<string, unknown>)[key];
          const isSet = key === 'SS' || key === 'NS' || key === 'BS';
          return [key, isSet ? (canonical(inner) as string[]).sort() : canonical(inner)];
        }),
    );
  }
  return value;
}

const itemHash = (item: Item) =>
  createHash('sha256')
    .update(JSON.stringify(canonical(item)))
    .digest('hex');

/** Every item of a table, page by page (4 parallel segments). */
async function scanAll(client: DynamoDBClient, tableName: string): Promise<Item[]> {
  const segments = 4;
  const pages = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const items: Item[] = [];
      let startKey: Item | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    }),
  );
  return pages.flat();
}

export function digestOf(items: readonly Item[]): TableDigest {
  const hashes = items.map(itemHash).sort();
  return { count: items.length, checksum: createHash('sha256').update(hashes.join('\n')).digest('hex') };
}

export async function digestTable(client: DynamoDBClient, tableName: string): Promise<TableDigest> {
  return digestOf(await scanAll(client, tableName));
}

/** Writes the table to `<dir>/items.jsonl` and `<dir>/manifest.json`; returns the digest. */
export async function exportTable(client: DynamoDBClient, tableName: string, dir: string): Promise<TableDigest> {
  const items = await scanAll(client, tableName);
  const digest = digestOf(items);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'items.jsonl'),
    items.map((item) => JSON.stringify({ Item: canonical(item) })).join('\n') + (items.length ? '\n' : ''),
  );
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ tableName, exportedAt: new Date().toISOString(), ...digest }, null, 2));
  return digest;
}

/** Reads an export back, refusing one whose items do not match its manifest. */
export function readExport(dir: string): { items: Item[]; manifest: TableDigest & { tableName: string } } {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as TableDigest & { tableName: string };
  const lines = readFileSync(join(dir, 'items.jsonl'), 'utf8').split('\n').filter(Boolean);
  const items = lines.map((line) => {
    const item = (JSON.parse(line) as { Item: Item }).Item;
    for (const value of Object.values(item))
      if ('B' in value) (value as { B: unknown }).B = Buffer.from(value.B as unknown as string, 'base64');
    return item;
  });
  const digest = digestOf(items);
  if (digest.count !== manifest.count || digest.checksum !== manifest.checksum)
    throw new Error(`the export in ${dir} does not match its manifest (${digest.count} items, ${manifest.count} expected)`);
  return { items, manifest };
}

/** Deletes the table and creates it again, empty, from the table definition. */
export async function wipeTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  await waitUntilTableNotExists({ client, maxWaitTime: 60 }, { TableName: tableName });
  await ensureTable(client, tableName);
}

/** Writes the items, 25 a request, retrying what DynamoDB leaves unprocessed. */
export async function importItems(client: DynamoDBClient, tableName: string, items: readonly Item[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests = items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 10) throw new Error('DynamoDB kept items unprocessed after 10 attempts');
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

/**
 * Export, wipe (or, with `target`, a new table beside it), import, verify. `ok` is true when the
 * restored table has the same count and checksum as the table before.
 */
export async function rehearseRestore(
  client: DynamoDBClient,
  tableName: string,
  exportDir: string,
  options: { target?: string } = {},
): Promise<RehearsalReport> {
  const before = await exportTable(client, tableName, exportDir);
  const { items } = readExport(exportDir);
  const restoredInto = options.target ?? tableName;
  if (options.target) await ensureTable(client, options.target);
  else await wipeTable(client, tableName);
  await importItems(client, restoredInto, items);
  const after = await digestTable(client, restoredInto);
  return { exportDir, before, after, restoredInto, ok: before.count === after.count && before.checksum === after.checksum };
}

const cli = defineTool({
  script: 'restore:rehearse',
  summary:
    'Rehearses a restore (docs/deploy.md, Backups and restore): exports the local table, restores the export, and checks that the ' +
    'count and checksum of every item are what they were. --target restores beside the table into a new one, as AWS does; ' +
    '--in-place deletes the table first and restores into it, which needs `npm start` stopped.',
  usage: ['--target <new table>', '--in-place', '(--target <new table> | --in-place) --endpoint <url> [--table <name>]'],
  options: {
    target: {
      type: 'string',
      value: 'new table',
      description: 'Restore into this new table, beside the one exported (nothing is deleted).',
    },
    'in-place': { type: 'boolean', default: false, description: 'Delete the table and restore into it (its export is kept first).' },
    table: { type: 'string', value: 'name', description: "The table to export. Default: the local system's (sis)." },
    endpoint: { type: 'string', value: 'url', description: 'Any DynamoDB Local, instead of the data folder of the local system.' },
  },
  notes: ['The export, DynamoDB JSON Lines with a manifest of its count and checksum, is kept under <data folder>/backups/.'],
  examples: ['npm run restore:rehearse -- --target sis-restored', 'npm run restore:rehearse -- --in-place'],
});

/** Where the rehearsal runs: the given endpoint, the running system's, or a DynamoDB Local of its own on the data folder. */
async function rehearsalTable(values: { endpoint?: string; table?: string; 'in-place': boolean }) {
  const lookup = findLocalSystem();
  const exports = join(lookup.dataDir, 'backups');
  if (values.endpoint) return { endpoint: values.endpoint, tableName: values.table ?? 'sis', exports, stop: async () => undefined };
  if (lookup.system) {
    // The running system's stream relay and consumers read the table: it is not wiped under them.
    if (values['in-place']) {
      return cli.fail(`--in-place wipes the table of ${describeSystem(lookup.system)}: stop it first, or use --target`);
    }
    process.stderr.write(`Using ${describeSystem(lookup.system)}\n`);
    return {
      endpoint: lookup.system.dynamoEndpoint,
      tableName: values.table ?? lookup.system.tableName,
      exports,
      stop: async () => undefined,
    };
  }
  // No system on the folder: the rehearsal holds it (npm start is refused meanwhile) and runs DynamoDB Local itself.
  const lock = await lockDataFolder(lookup.dataDir, { holder: 'npm run restore:rehearse' });
  const dynamo = await startDynamoLocal({ dataDir: localPaths(lookup.dataDir).dynamodb });
  lock.update({ state: 'running' });
  process.stderr.write(`Using the data folder ${lookup.dataDir} (no local system is running on it)\n`);
  return {
    endpoint: dynamo.endpoint,
    tableName: values.table ?? 'sis',
    exports,
    stop: async () => {
      await dynamo.stop();
      lock.release();
    },
  };
}

async function main(): Promise<void> {
  const { values } = cli.parse();
  if (!values.target && !values['in-place']) {
    return cli.fail('say where to restore: --target <new table> (beside it), or --in-place (deletes the table first)');
  }
  if (values.target && values['in-place']) return cli.fail('--target or --in-place, not both');
  let where;
  try {
    where = await rehearsalTable(values);
  } catch (error) {
    if (!(error instanceof FolderInUse)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const client = localDynamoClient(where.endpoint);
  try {
    const exportDir = join(where.exports, `${where.tableName}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const report = await rehearseRestore(client, where.tableName, exportDir, values.target ? { target: values.target } : {});
    process.stdout.write(
      [
        `export        ${report.exportDir}`,
        `before        ${report.before.count} items, sha256 ${report.before.checksum}`,
        `restored into ${report.restoredInto}`,
        `after         ${report.after.count} items, sha256 ${report.after.checksum}`,
        report.ok ? 'OK: the restored table is the table that was exported.' : 'MISMATCH: the restored table differs from the export.',
      ].join('\n') + '\n',
    );
    if (!report.ok) process.exitCode = 1;
  } finally {
    client.destroy();
    await where.stop();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`restore rehearsal failed: ${error.message}\n`);
    process.exit(1);
  });
}
