/**
 * Imports a OneRoster CSV set (1.2, or 1.1 converted; a .zip or a folder) into the SIS, through the
 * same use cases as the API. Every row is accounted for in the summary: refused rows are listed in
 * the binding's words, kept rows the SIS could not fully use in the data-quality report.
 *
 *   npm run oneroster:import -- <set.zip | folder> [--report refused.csv] [--quality data-quality.csv]
 *     [--concurrency 16] [--allow-mass-delete] [--table <name>] [--json]
 */
import { parseArgs } from 'node:util';
import { openCsvSource } from './oneroster-archive';
import { importOneRoster, qualityPathOf } from './oneroster-importer';
import { toolTable } from './oneroster-local';
import { describeImport } from './oneroster-report';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      report: { type: 'string' },
      quality: { type: 'string' },
      concurrency: { type: 'string' },
      table: { type: 'string' },
      'allow-mass-delete': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const path = positionals[0];
  if (!path) {
    process.stderr.write(
      'usage: npm run oneroster:import -- <set.zip | folder> [--report refused.csv] [--quality data-quality.csv] [--concurrency 16] [--allow-mass-delete] [--table <name>] [--json]\n',
    );
    process.exit(2);
  }
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const { services, tableName } = toolTable(values.table);
  const source = await openCsvSource(path);
  process.stdout.write(`Importing ${path} into table "${tableName}"…\n`);
  try {
    const reportPath = values.report ?? 'oneroster-refused.csv';
    const summary = await importOneRoster(services, source, {
      reportPath,
      qualityPath: values.quality ?? qualityPathOf(reportPath),
      progress: process.stdout.isTTY && !values.json,
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
