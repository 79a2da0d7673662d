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
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ScanCommand,
  UpdateTableCommand,
  waitUntilTableNotExists,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../domain/table';
import { localDynamoClient, startDynamoLocal } from '../local/dynamo-local';
import { describeSystem, findLocalSystem } from '../local/local-system';
import { localPaths } from '../local/paths';
import { FolderInUse, lockDataFolder } from '../local/system-lock';
import { tableSettings, type TableSettings } from '../stacks/table-settings';
import { applyRunbook, restoreRunbook, waitUntilActive, type StepId, type StepOutcome } from './restore-runbook';
import { defineTool } from './tool-cli';

type Item = Record<string, AttributeValue>;

export interface TableDigest {
  readonly count: number;
  readonly checksum: string;
}

/**
 * What DynamoDB Local does not answer (tested in test/integration/restore-rehearsal.test.ts): continuous backups
 * and tagging are unknown operations to it, it refuses warm throughput ("nothing to update"), and it keeps the
 * on-demand caps only until the next UpdateTable. The rehearsal reports these steps as left to AWS; the rest it applies.
 */
export const DYNAMODB_LOCAL_LACKS: ReadonlySet<StepId> = new Set<StepId>(['pitr', 'max-throughput', 'warm-throughput', 'tags']);

/** Measured phases, in milliseconds. RTO counts what a restore in AWS also has to do: restore, runbook, checks. */
export interface RehearsalTimes {
  readonly exportMs: number;
  /** The restored table created (bare, as AWS restores it) and the export written into it. */
  readonly restoreMs: number;
  readonly steps: readonly StepOutcome[];
  readonly verifyMs: number;
  readonly rtoMs: number;
}

export interface RehearsalReport {
  readonly exportDir: string;
  readonly before: TableDigest;
  readonly after: TableDigest;
  readonly restoredInto: string;
  /** Settings the runbook should have put back and did not (empty when it did). */
  readonly settingsMissing: readonly string[];
  readonly times: RehearsalTimes;
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

/**
 * Creates a table as a restore in AWS returns it: the keys, the indexes and nothing else (no stream, no TTL),
 * so that the runbook, not the table definition, has to put the rest back.
 */
export async function createRestoredTable(client: DynamoDBClient, tableName: string): Promise<string> {
  const { TableDescription } = await client.send(new CreateTableCommand(createTableInput(tableName, { stream: false })));
  await waitUntilActive(client, tableName, { pollMs: 100 });
  return TableDescription?.TableArn ?? `arn:aws:dynamodb:local:000000000000:table/${tableName}`;
}

/**
 * Deletes the table and creates it again, empty and bare, as a restore would. An earlier rehearsal's runbook left
 * deletion protection on: the rehearsal, told to delete the table (--in-place), lifts it first.
 */
export async function wipeTable(client: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (Table?.DeletionProtectionEnabled) {
    await client.send(new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: false }));
  }
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  await waitUntilTableNotExists({ client, maxWaitTime: 60 }, { TableName: tableName });
  return createRestoredTable(client, tableName);
}

/** The settings of `settings` that the table does not have, in the runbook's words; `skipped` steps are not checked. */
export async function missingSettings(
  client: DynamoDBClient,
  tableName: string,
  settings: TableSettings,
  skipped: ReadonlySet<StepId> = new Set(),
): Promise<string[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const ttl = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
  const missing: string[] = [];
  const check = (id: StepId, holds: boolean, what: string) => {
    if (!skipped.has(id) && !holds) missing.push(what);
  };
  check('deletion-protection', Table?.DeletionProtectionEnabled === settings.deletionProtection, 'deletion protection');
  check(
    'stream',
    Table?.StreamSpecification?.StreamEnabled === true && Table.StreamSpecification.StreamViewType === settings.streamViewType,
    `a ${settings.streamViewType} stream`,
  );
  check(
    'ttl',
    ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === settings.timeToLiveAttribute,
    `TTL on ${settings.timeToLiveAttribute}`,
  );
  if (settings.capacity) {
    check(
      'max-throughput',
      Table?.OnDemandThroughput?.MaxWriteRequestUnits === settings.capacity.max.writeRequestUnits &&
        Table.OnDemandThroughput.MaxReadRequestUnits === settings.capacity.max.readRequestUnits,
      'the on-demand caps',
    );
  }
  return missing;
}

/** Writes the items, 25 a request and `parallel` requests at a time, retrying what DynamoDB leaves unprocessed. */
export async function importItems(client: DynamoDBClient, tableName: string, items: readonly Item[], parallel = 8): Promise<void> {
  const batches: Item[][] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  let next = 0;
  const writer = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      let requests = batch.map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > 10) throw new Error('DynamoDB kept items unprocessed after 10 attempts');
        const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, batches.length) }, writer));
}

/**
 * Export, wipe (or, with `target`, a new table beside it), import, re-apply the table's settings with the restore
 * runbook, verify. `ok` is true when the restored table has the same count and checksum as the table before and
 * every setting DynamoDB Local supports is back. `settings` default to a production stage's (warm throughput and caps).
 */
export async function rehearseRestore(
  client: DynamoDBClient,
  tableName: string,
  exportDir: string,
  options: { target?: string; settings?: TableSettings } = {},
): Promise<RehearsalReport> {
  const settings = options.settings ?? tableSettings({ stage: 'prod', districtCapacity: true });
  const exportStarted = Date.now();
  const before = await exportTable(client, tableName, exportDir);
  const { items } = readExport(exportDir);
  const exportMs = Date.now() - exportStarted;
  const restoredInto = options.target ?? tableName;
  const restoreStarted = Date.now();
  const tableArn = options.target ? await createRestoredTable(client, options.target) : await wipeTable(client, tableName);
  await importItems(client, restoredInto, items);
  const restoreMs = Date.now() - restoreStarted;
  const steps = await applyRunbook(client, restoredInto, restoreRunbook(settings, { tableName: restoredInto, tableArn }), {
    skip: DYNAMODB_LOCAL_LACKS,
    skipReason: 'DynamoDB Local has no such setting: applied in AWS',
    pollMs: 100,
  });
  const verifyStarted = Date.now();
  const after = await digestTable(client, restoredInto);
  const settingsMissing = await missingSettings(client, restoredInto, settings, DYNAMODB_LOCAL_LACKS);
  const verifyMs = Date.now() - verifyStarted;
  const rtoMs = restoreMs + steps.reduce((sum, step) => sum + step.ms, 0) + verifyMs;
  return {
    exportDir,
    before,
    after,
    restoredInto,
    settingsMissing,
    times: { exportMs, restoreMs, steps, verifyMs, rtoMs },
    ok: before.count === after.count && before.checksum === after.checksum && settingsMissing.length === 0,
  };
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
  notes: [
    'The export, DynamoDB JSON Lines with a manifest of its count and checksum, is kept under <data folder>/backups/.',
    'The restored table is created bare, as a restore in AWS returns it; the restore runbook (infra/ops/restore-runbook.ts) then ' +
      "puts back a production stage's settings, each step timed; the steps DynamoDB Local cannot take, and the deployment's, are listed.",
  ],
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The rehearsal's report: the digests, each runbook step with its time or who takes it, and the RTO. */
export function formatReport(report: RehearsalReport): string {
  const { times } = report;
  const step = (outcome: StepOutcome) =>
    `  ${outcome.id.padEnd(20)} ${outcome.outcome === 'applied' ? seconds(outcome.ms).padStart(9) : outcome.outcome.padStart(9)}` +
    (outcome.note ? `  ${outcome.note}` : '');
  return [
    `export        ${report.exportDir} (${seconds(times.exportMs)})`,
    `before        ${report.before.count} items, sha256 ${report.before.checksum}`,
    `restored into ${report.restoredInto} (${seconds(times.restoreMs)}: created bare, as AWS restores it, and imported)`,
    'runbook (infra/ops/restore-runbook.ts):',
    ...times.steps.map(step),
    `after         ${report.after.count} items, sha256 ${report.after.checksum} (checked in ${seconds(times.verifyMs)})`,
    ...(report.settingsMissing.length > 0 ? [`settings not back: ${report.settingsMissing.join(', ')}`] : []),
    `RTO           ${seconds(times.rtoMs)} (restore + runbook + checks, on DynamoDB Local)`,
    report.ok
      ? 'OK: the restored table is the table that was exported, with its settings back.'
      : 'MISMATCH: the restored table differs from the export or lacks a setting.',
  ].join('\n');
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
    process.stdout.write(formatReport(report) + '\n');
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
