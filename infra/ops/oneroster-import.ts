/**
 * Imports a OneRoster CSV set (1.2, or 1.1 converted; a .zip or a folder) into the SIS, through the
 * same use cases as the API. Every row is accounted for in the summary: refused rows are listed in
 * the binding's words, kept rows the SIS could not fully use in the data-quality report.
 *
 *   npm run oneroster:import -- <set.zip | folder> [--report refused.csv] [--quality data-quality.csv]
 *     [--concurrency 16] [--allow-mass-delete] [--table <name>] [--json]
 */
import { openCsvSource } from './oneroster-archive';
import { importOneRoster, qualityPathOf } from './oneroster-importer';
import { toolTable } from './oneroster-local';
import { describeImport } from './oneroster-report';
import { defineTool } from './tool-cli';

const cli = defineTool({
  script: 'oneroster:import',
  summary:
    'Imports a OneRoster CSV set (1.2, or 1.1 converted; a .zip or a folder) into the running local system, or a table in AWS, ' +
    "through the same use cases as the API. Every row is accounted for: refused rows are listed in the binding's words, kept rows " +
    'the SIS could not fully use in the data-quality report; importing the same set again changes nothing.',
  positionals: '<set.zip | folder>',
  options: {
    report: { type: 'string', value: 'file', description: 'Where the refused rows are listed. Default: oneroster-refused.csv.' },
    quality: { type: 'string', value: 'file', description: 'Where the data-quality notes are listed. Default: beside the report.' },
    concurrency: { type: 'string', value: 'n', description: 'Rows written at once. Default: 32.' },
    'allow-mass-delete': {
      type: 'boolean',
      default: false,
      description: 'Let a bulk file delete what it omits even when that is more than a fifth of its kept rows.',
    },
    table: { type: 'string', value: 'name', description: 'A table in AWS instead of the local system (credentials from the environment).' },
    json: { type: 'boolean', default: false, description: 'Print the summary as one JSON object on the last line.' },
  },
  examples: ['npm run oneroster:import -- district.zip', 'npm run oneroster:import -- ./export-folder --report refused.csv --json'],
});

async function main(): Promise<void> {
  const { values, positionals } = cli.parse();
  const path = positionals[0];
  if (!path) return cli.fail('which CSV set? give a .zip or a folder');
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const { services, tableName } = toolTable(values.table);
  const source = await openCsvSource(path);
  process.stdout.write(`Importing ${path} into table "${tableName}"…\n`);
  try {
    const reportPath = values.report ?? 'oneroster-refused.csv';
    const summary = await importOneRoster(services, source, {
      reportPath,
      qualityPath: values.quality ?? qualityPathOf(reportPath),
      progress: !values.json,
      concurrency: values.concurrency ? Number(values.concurrency) : undefined,
      allowMassDelete: values['allow-mass-delete'],
    });
    process.stdout.write(describeImport(summary));
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (summary.refusedSet) process.exitCode = 1;
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
