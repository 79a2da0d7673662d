/**
 * Imports a OneRoster 1.2 CSV set (a .zip or a folder) into the SIS, through the same use cases as
 * the API. Bad rows are listed in a report and skipped; importing the same set again changes nothing.
 *
 *   npm run oneroster:import -- <set.zip | folder> [--report bad-rows.csv] [--concurrency 16] [--table <name>]
 */
import { openCsvSource } from './oneroster-archive';
import { importOneRoster, type ImportSummary } from './oneroster-importer';
import { toolTable } from './oneroster-local';
import { defineTool } from './tool-cli';

const cli = defineTool({
  script: 'oneroster:import',
  summary:
    'Imports a OneRoster 1.2 CSV set (a .zip or a folder) into the running local system, or a table in AWS, through the same use ' +
    'cases as the API. Bad rows are listed in a report and skipped; importing the same set again changes nothing.',
  positionals: '<set.zip | folder>',
  options: {
    report: { type: 'string', value: 'file', description: 'Where the bad rows are listed. Default: oneroster-bad-rows.csv.' },
    concurrency: { type: 'string', value: 'n', description: 'Rows written at once. Default: 16.' },
    'allow-mass-delete': {
      type: 'boolean',
      default: false,
      description: "Let a bulk file delete what it omits even when that is more than a fifth of a kind's live records.",
    },
    table: { type: 'string', value: 'name', description: 'A table in AWS instead of the local system (credentials from the environment).' },
  },
  examples: ['npm run oneroster:import -- district.zip', 'npm run oneroster:import -- ./export-folder --report bad.csv'],
});

/** The summary as a table, one line per file. */
export function describeImport(summary: ImportSummary): string {
  const lines = [
    'file               rows  created  updated  unchanged  deleted  skipped  bad  seconds',
    ...Object.entries(summary.files).map(
      ([file, s]) =>
        `${file.padEnd(16)} ${String(s.rows).padStart(6)} ${String(s.created).padStart(8)} ${String(s.updated).padStart(8)} ` +
        `${String(s.unchanged).padStart(10)} ${String(s.deleted).padStart(8)} ${String(s.skipped).padStart(8)} ${String(s.bad).padStart(4)} ${s.seconds.toFixed(1).padStart(8)}`,
    ),
    `${summary.rows} rows in ${summary.seconds.toFixed(1)} s (${Math.round(summary.rows / Math.max(summary.seconds, 0.001))} rows/s); ` +
      `${summary.badRows} bad rows${summary.badRows > 0 ? `, listed in ${summary.reportPath}` : ''}`,
    ...summary.notes.map((note) => `note: ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values, positionals } = cli.parse();
  const path = positionals[0];
  if (!path) return cli.fail('which CSV set? give a .zip or a folder');
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const { services, store, tableName } = toolTable(values.table);
  const source = await openCsvSource(path);
  process.stdout.write(`Importing ${path} into table "${tableName}"…\n`);
  try {
    const summary = await importOneRoster(services, store, source, {
      reportPath: values.report ?? 'oneroster-bad-rows.csv',
      progress: process.stdout.isTTY,
      concurrency: values.concurrency ? Number(values.concurrency) : undefined,
      allowMassDelete: values['allow-mass-delete'],
    });
    process.stdout.write(describeImport(summary));
  } finally {
    source.close();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`oneroster:import failed: ${error.message}\n`);
    process.exit(1);
  });
}
