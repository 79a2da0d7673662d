/**
 * OneRoster CSV benchmark: generates a district of about --users users (students, guardians,
 * staff) as a OneRoster 1.2 CSV set with rows injected that break the binding, imports it into an
 * empty table of a DynamoDB Local of its own, exports it, and compares the export with the set
 * (minus the injected rows): the set was made with the exporter's mapping, so every differing line
 * is a round-trip difference.
 *
 *   npm run bench:oneroster -- [--users 100000] [--bad 100] [--concurrency 16] [--one-by-one] [--json]
 *
 * `--one-by-one` sends each transaction on its own (as the API does) instead of through the bulk
 * tools' group-commit runner, for a before/after under the same load.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { columnsOf } from '../../domain/oneroster/csv-files';
import { GroupCommitRunner } from '../../functions/repositories/group-commit';
import { createServices } from '../../functions/services';
import { ensureTable, localDynamoClient, startDynamoLocal } from '../../infra/local/dynamo-local';
import { openCsvSource, writeCsvSet, type CsvOutput } from '../../infra/ops/oneroster-archive';
import { exportOneRoster } from '../../infra/ops/oneroster-exporter';
import { importOneRoster } from '../../infra/ops/oneroster-importer';
import { documentsOver, toolTableOver } from '../../infra/ops/oneroster-local';
import { generateDistrict } from '../../infra/ops/oneroster-seed';
import { fakerNames } from '../../infra/ops/seed-names';
import { processCpuMs } from './support';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    bad: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '16' },
    'one-by-one': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const BAD = Number(values.bad);
/** Students, their guardians (1.6 each on average) and staff (1 per 25 students, at least 10 a school). */
const USERS_PER_STUDENT = 2.7;
const say = (line: string) => process.stderr.write(`${line}\n`);

/** Rows that break the binding in different ways; each must be reported and none may stop the import. */
function injectBadRows(users: CsvOutput, count: number): CsvOutput {
  const columns = columnsOf('users');
  const at = (name: string) => columns.indexOf(name);
  const bad: string[][] = [];
  for (let index = 0; index < count; index += 1) {
    const row = columns.map(() => '');
    row[at('sourcedId')] = `bad-${index}`;
    row[at('enabledUser')] = 'true';
    row[at('givenName')] = 'Bad';
    row[at('familyName')] = 'Row';
    if (index % 4 === 0) row[at('enabledUser')] = 'maybe';
    if (index % 4 === 1) row[at('givenName')] = '';
    if (index % 4 === 2) row[at('metadata.sis')] = '{not json';
    if (index % 4 === 3) row[at('status')] = 'archived';
    bad.push(row);
  }
  return { ...users, rows: [...users.rows, ...bad] };
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const work = mkdtempSync(join(tmpdir(), 'sis-bench-oneroster-'));
  const dynamo = await startDynamoLocal({ dataDir: join(work, 'dynamodb') });
  try {
    const client = localDynamoClient(dynamo.endpoint);
    await ensureTable(client, 'bench');
    const grouped = toolTableOver(client, 'bench');
    const target = values['one-by-one'] ? { ...grouped, services: createServices(documentsOver(client), 'bench') } : grouped;

    say(`Generating a district of about ${USERS} users…`);
    const district = generateDistrict({ students: Math.round(USERS / USERS_PER_STUDENT), names: fakerNames(2026) });
    const setPath = join(work, 'set');
    await writeCsvSet(
      setPath,
      district.outputs.map((output) => (output.name === 'users' ? injectBadRows(output, BAD) : output)),
    );
    const users = district.outputs.find((output) => output.name === 'users')!.rows.length;
    say(`  ${users} users (+${BAD} bad rows), ${district.counts.sections} sections, ${district.counts.schools} schools`);

    say('Importing into an empty table…');
    let peakRss = process.memoryUsage().rss;
    const dynamoCpuBefore = processCpuMs(dynamo.pid);
    const importerCpuBefore = process.cpuUsage();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const source = await openCsvSource(setPath);
    const imported = await importOneRoster(target.services, target.store, source, {
      reportPath: join(work, 'bad-rows.csv'),
      concurrency: Number(values.concurrency),
      progress: process.stderr.isTTY,
    });
    clearInterval(sampler);
    const dynamoCpuMs = processCpuMs(dynamo.pid) - dynamoCpuBefore;
    const importerCpu = process.cpuUsage(importerCpuBefore);
    source.close();
    say('  file               rows   seconds   rows/s');
    for (const [file, summary] of Object.entries(imported.files))
      say(
        `  ${file.padEnd(16)} ${String(summary.rows).padStart(6)} ${summary.seconds.toFixed(1).padStart(9)} ${String(Math.round(summary.rows / summary.seconds)).padStart(8)}`,
      );
    const { transactions } = target.services;
    if (transactions instanceof GroupCommitRunner)
      say(
        `  transactions sent: ${transactions.stats.groups} (${transactions.stats.merged} merged, ${transactions.stats.split} split again)`,
      );
    // What the bad rows were, most frequent first (the injected ones are users.csv rows).
    const reasons = new Map<string, number>();
    for (const line of readFileSync(join(work, 'bad-rows.csv'), 'utf8').split('\n').slice(1)) {
      const [file, , field, ...reason] = line.split(',');
      if (file) reasons.set(`${file} ${field}: ${reason.join(',')}`, (reasons.get(`${file} ${field}: ${reason.join(',')}`) ?? 0) + 1);
    }
    for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) say(`  bad: ${count} × ${reason.slice(0, 160)}`);

    say('Exporting…');
    const exportPath = join(work, 'export');
    const districtName = district.outputs.find((output) => output.name === 'orgs')!.rows.find((row) => row[4] === 'district')![3]!;
    const exported = await exportOneRoster(target.store, exportPath, { districtName });

    let roundTripDiffs = 0;
    for (const output of district.outputs.filter((candidate) => candidate.name !== 'manifest')) {
      const original = readFileSync(join(setPath, `${output.name}.csv`), 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('bad-'));
      const back = readFileSync(join(exportPath, `${output.name}.csv`), 'utf8').split('\n');
      const backSet = new Set(back);
      roundTripDiffs += original.filter((line) => !backSet.has(line)).length + Math.max(0, back.length - original.length);
    }

    const result = {
      users,
      importRows: imported.rows,
      importSeconds: Number(imported.seconds.toFixed(1)),
      importRowsPerSecond: Math.round(imported.rows / imported.seconds),
      exportRows: exported.rows,
      exportSeconds: Number(exported.seconds.toFixed(1)),
      exportRowsPerSecond: Math.round(exported.rows / exported.seconds),
      importPeakRssMb: Math.round(peakRss / 1024 / 1024),
      importDynamoCpuMsPerRow: Number((dynamoCpuMs / imported.rows).toFixed(2)),
      importerCpuMsPerRow: Number(((importerCpu.user + importerCpu.system) / 1000 / imported.rows).toFixed(2)),
      badRows: imported.badRows,
      roundTripDiffs,
    };
    const table = [
      ['users in the set', result.users],
      ['rows imported (all files)', `${result.importRows} in ${result.importSeconds} s`],
      ['import rows/s', result.importRowsPerSecond],
      ['import peak RSS (MB, this process)', result.importPeakRssMb],
      ['import CPU ms per row: DynamoDB Local', result.importDynamoCpuMsPerRow],
      ['import CPU ms per row: the importer', result.importerCpuMsPerRow],
      ['rows exported', `${result.exportRows} in ${result.exportSeconds} s`],
      ['export rows/s', result.exportRowsPerSecond],
      [`badRows (${BAD} injected)`, result.badRows],
      ['roundTripDiffs (must be 0)', result.roundTripDiffs],
    ];
    process.stdout.write(`${table.map(([name, value]) => `${String(name).padEnd(38)} ${value}`).join('\n')}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:oneroster failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
