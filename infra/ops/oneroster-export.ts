/**
 * Exports the SIS as a OneRoster 1.2 CSV set (bulk): a .zip, or a folder when the path does not end in .zip.
 *
 *   npm run oneroster:export -- <out.zip | folder> [--district "Springfield Public Schools"] [--table <name>]
 */
import { exportOneRoster } from './oneroster-exporter';
import { toolTable } from './oneroster-local';
import { defineTool } from './tool-cli';

const cli = defineTool({
  script: 'oneroster:export',
  summary:
    'Exports the running local system (or a table in AWS) as a OneRoster 1.2 CSV set: a .zip, or a folder when the path does not end in .zip.',
  positionals: '<out.zip | folder>',
  options: {
    district: { type: 'string', value: 'name', description: "The district org's name in orgs.csv." },
    table: { type: 'string', value: 'name', description: 'A table in AWS instead of the local system (credentials from the environment).' },
  },
  examples: ['npm run oneroster:export -- district.zip', 'npm run oneroster:export -- out/ --district "Springfield Public Schools"'],
});

async function main(): Promise<void> {
  const { values, positionals } = cli.parse();
  const path = positionals[0];
  if (!path) return cli.fail('where to? give a .zip or a folder');
  const { store, tableName } = toolTable(values.table);
  const summary = await exportOneRoster(store, path, { districtName: values.district });
  const files = Object.entries(summary.files).map(([file, count]) => `  ${file.padEnd(18)} ${count}`);
  process.stdout.write(
    `Exported table "${tableName}" to ${path}\n${files.join('\n')}\n${summary.rows} rows in ${summary.seconds.toFixed(1)} s (${Math.round(summary.rows / Math.max(summary.seconds, 0.001))} rows/s)\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`oneroster:export failed: ${error.message}\n`);
  process.exit(1);
});
