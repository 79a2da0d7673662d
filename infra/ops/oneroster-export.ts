/**
 * Exports the SIS as a OneRoster 1.2 CSV set (bulk): a .zip, or a folder when the path does not end in .zip.
 *
 *   npm run oneroster:export -- <out.zip | folder> [--district "Springfield Public Schools"] [--table <name>]
 */
import { parseArgs } from 'node:util';
import { exportOneRoster } from './oneroster-exporter';
import { toolTable } from './oneroster-local';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { district: { type: 'string' }, table: { type: 'string' } },
  });
  const path = positionals[0];
  if (!path) {
    process.stderr.write('usage: npm run oneroster:export -- <out.zip | folder> [--district <name>] [--table <name>]\n');
    process.exit(2);
  }
  const { services, store, tableName } = toolTable(values.table);
  const summary = await exportOneRoster(services, store, path, { districtName: values.district });
  const files = Object.entries(summary.files).map(([file, count]) => `  ${file.padEnd(18)} ${count}`);
  process.stdout.write(
    `Exported table "${tableName}" to ${path}\n${files.join('\n')}\n${summary.rows} rows in ${summary.seconds.toFixed(1)} s (${Math.round(summary.rows / Math.max(summary.seconds, 0.001))} rows/s)\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`oneroster:export failed: ${error.message}\n`);
  process.exit(1);
});
