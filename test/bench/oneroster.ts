/**
 * OneRoster benchmark, in one run against a DynamoDB Local of its own: a district of about --users
 * users generated as a OneRoster 1.2 CSV set (with --bad rows that break the binding), imported into
 * an empty table (rows/s), the same items written again as bare BatchWriteItems into another table
 * (what the import costs beyond writing its items: `ratioToBare`), the same set imported again
 * (nothing changed: rows/s), exported (rows/s, and the lines of the set it does not give back), peak
 * RSS, with --rest a vendor's sync mix over the OneRoster REST API (oneroster-rest.ts), and with
 * --passback a learning platform posting a line item's results, one call at a time (oneroster-passback.ts).
 *
 *   npm run bench:oneroster -- [--users 2000] [--bad 100] [--concurrency 16] [--rest] [--rest-seconds 30] [--passback] [--json]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { columnsOf } from '../../domain/oneroster/csv-files';
import { createServices } from '../../functions/services';
import { ensureTable, localDynamoClient, startDynamoLocal } from '../../infra/local/dynamo-local';
import { openCsvSource, writeCsvSet, type CsvOutput } from '../../infra/ops/oneroster-archive';
import { exportOneRoster } from '../../infra/ops/oneroster-exporter';
import { importOneRoster } from '../../infra/ops/oneroster-importer';
import { documentsOver, toolTableOver } from '../../infra/ops/oneroster-local';
import { generateDistrict } from '../../infra/ops/oneroster-seed';
import { fakerNames } from '../../infra/ops/seed-names';
import { gradePassback } from './oneroster-passback';
import { restSyncMix } from './oneroster-rest';
import { pool } from './support';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '2000' },
    bad: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '16' },
    rest: { type: 'boolean', default: false },
    'rest-seconds': { type: 'string', default: '30' },
    passback: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const BAD = Number(values.bad);
/** Students, their guardians (1.6 each on average) and staff (1 per 25 students, at least 10 a school). */
const USERS_PER_STUDENT = 2.7;
const say = (line: string) => process.stderr.write(`${line}\n`);

/** Rows that break the binding in different ways; each must be refused and none may stop the import. */
function injectBadRows(users: CsvOutput, count: number): CsvOutput {
  const columns = columnsOf('users');
  const at = (name: string) => columns.indexOf(name);
  const bad: string[][] = [];
  for (let index = 0; index < count; index += 1) {
    const row = columns.map(() => '');
    row[at('sourcedId')] = `bad-${index}`;
    row[at('enabledUser')] = 'true';
    row[at('username')] = `bad-${index}`;
    row[at('givenName')] = 'Bad';
    row[at('familyName')] = 'Row';
    if (index % 4 === 0) row[at('enabledUser')] = 'TRUE';
    if (index % 4 === 1) row[at('givenName')] = '';
    if (index % 4 === 2) row[at('dateLastModified')] = '1/05/2023';
    if (index % 4 === 3) row[at('status')] = 'archived';
    bad.push(row);
  }
  return { ...users, rows: [...users.rows, ...bad] };
}

/**
 * Every item a client writes (Puts in transactions and batches), as the document client was given
 * it (plain values: the capture runs before the document client marshals), to write them again bare.
 */
function captureWrites(client: DynamoDBClient): { items: Record<string, unknown>[]; calls: number } {
  const captured = { items: [] as Record<string, unknown>[], calls: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        TransactItems?: { Put?: { Item: Record<string, unknown> } }[];
        RequestItems?: Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]>;
      };
      if (context.commandName !== 'TransactWriteItemsCommand' && context.commandName !== 'BatchWriteItemCommand') return next(args);
      captured.calls += 1;
      for (const entry of input.TransactItems ?? []) if (entry.Put) captured.items.push(entry.Put.Item);
      for (const requests of Object.values(input.RequestItems ?? {}))
        for (const request of requests) if (request.PutRequest) captured.items.push(request.PutRequest.Item);
      return next(args);
    },
    { step: 'initialize', name: 'benchCaptureWrites' },
  );
  return captured;
}

/** The items written again as bare BatchWriteItems of 25 (unprocessed ones retried), as many calls in flight as the import had rows. */
async function writeBare(
  client: DynamoDBClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency: number,
): Promise<number> {
  // A batch may not name one key twice (an import writes a listing or a counter item many times):
  // such an item starts the next batch, so every write is still made.
  const batches: Record<string, unknown>[][] = [];
  let keys = new Set<string>();
  for (const item of items) {
    const key = JSON.stringify([item.pk, item.sk]);
    if (batches.length === 0 || batches.at(-1)!.length === 25 || keys.has(key)) {
      batches.push([]);
      keys = new Set();
    }
    batches.at(-1)!.push(item);
    keys.add(key);
  }
  // The items are in the document client's form, so they go back through one (marshalled as the import's were).
  const documents = DynamoDBDocumentClient.from(client);
  const started = Date.now();
  await pool(batches.length, concurrency, async (index) => {
    let requests = batches[index]!.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const answer: BatchWriteCommandOutput = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
  return (Date.now() - started) / 1000;
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const work = mkdtempSync(join(tmpdir(), 'sis-bench-oneroster-'));
  const dynamo = await startDynamoLocal({ dataDir: join(work, 'dynamodb') });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const client = localDynamoClient(dynamo.endpoint);
    const captured = captureWrites(client);
    await ensureTable(client, 'bench');
    const target = toolTableOver(client, 'bench');

    say(`Generating a district of about ${USERS} users…`);
    const district = generateDistrict({ students: Math.round(USERS / USERS_PER_STUDENT), names: fakerNames(2026) });
    const setPath = join(work, 'set');
    await writeCsvSet(
      setPath,
      district.outputs.map((output) => (output.name === 'users' ? injectBadRows(output, BAD) : output)),
    );
    const users = district.outputs.find((output) => output.name === 'users')!.rows.length;
    say(`  ${users} users (+${BAD} bad rows), ${district.counts.sections} sections, ${district.counts.schools} schools`);

    const load = async (label: string) => {
      say(label);
      const source = await openCsvSource(setPath);
      try {
        return await importOneRoster(target.services, source, {
          reportPath: join(work, 'refused.csv'),
          concurrency: Number(values.concurrency),
          progress: process.stderr.isTTY,
        });
      } finally {
        source.close();
      }
    };
    const imported = await load('Importing into an empty table…');
    const items = captured.items.splice(0);
    // Grade passback into the district just imported (its writes are not among the items written bare).
    const passback = values.passback ? await gradePassback(createServices(documentsOver(client), 'bench'), say) : {};
    for (const [name, value] of Object.entries(passback)) say(`  ${name} ${value}`);
    say(`  ${items.length} items written in ${captured.calls} calls`);
    for (const [file, summary] of Object.entries(imported.files))
      say(`  ${file.padEnd(16)} ${String(summary.rows).padStart(6)} rows ${summary.seconds.toFixed(1).padStart(7)} s`);

    say('Writing the same items as bare BatchWriteItems into another table…');
    await ensureTable(client, 'bare');
    const bareSeconds = await writeBare(client, 'bare', items, Number(values.concurrency));
    const unchanged = await load('Importing the same set again (nothing changed)…');
    say('Exporting…');
    const exportPath = join(work, 'export');
    const districtName = district.outputs.find((output) => output.name === 'orgs')!.rows.find((row) => row[4] === 'district')![3]!;
    const exported = await exportOneRoster(target.services, target.store, exportPath, { districtName });
    let roundTripDiffs = 0;
    for (const output of district.outputs.filter((candidate) => candidate.name !== 'manifest')) {
      const original = readFileSync(join(setPath, `${output.name}.csv`), 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('bad-'));
      const back = new Set(readFileSync(join(exportPath, `${output.name}.csv`), 'utf8').split('\n'));
      roundTripDiffs += original.filter((line) => !back.has(line)).length;
    }
    const rate = (rows: number, seconds: number) => Math.round(rows / Math.max(seconds, 0.001));
    const result: Record<string, number> = {
      users,
      importRows: imported.rows,
      importSeconds: Number(imported.seconds.toFixed(1)),
      importRowsPerSecond: rate(imported.rows, imported.seconds),
      importItemsWritten: items.length,
      bareSeconds: Number(bareSeconds.toFixed(1)),
      bareRowsPerSecond: rate(imported.rows, bareSeconds),
      ratioToBare: Number((bareSeconds / imported.seconds).toFixed(2)),
      unchangedSeconds: Number(unchanged.seconds.toFixed(1)),
      unchangedRowsPerSecond: rate(unchanged.rows, unchanged.seconds),
      unchangedToFirst: Number((imported.seconds / unchanged.seconds).toFixed(1)),
      exportRows: exported.rows,
      exportRowsPerSecond: rate(exported.rows, exported.seconds),
      refused: imported.refused,
      roundTripDiffs,
      ...passback,
    };
    if (values.rest) {
      const services = createServices(documentsOver(client), 'bench');
      Object.assign(
        result,
        await restSyncMix(services, { seconds: Number(values['rest-seconds']), since: new Date(Date.now() - 60_000).toISOString() }, say),
      );
    }
    result.peakRssMb = Math.round(peakRss / 1024 / 1024);
    const width = Math.max(...Object.keys(result).map((name) => name.length));
    process.stdout.write(
      `${Object.entries(result)
        .map(([name, value]) => `${name.padEnd(width)}  ${value}`)
        .join('\n')}\n`,
    );
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:oneroster failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
