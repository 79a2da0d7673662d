/**
 * Runs the automatic scheduler for one school's term, the same use case as
 * `POST /v1/schools/{schoolId}/terms/{termCode}/scheduling-runs`, here and now, and prints its report.
 */
import { defineTool } from './tool-cli';

const cli = defineTool({
  script: 'schedule',
  summary:
    "Runs the automatic scheduler for one school's term now (the use case behind POST /v1/schools/{schoolId}/terms/{termCode}/" +
    'scheduling-runs) against the running local system, or a table in AWS, and prints its report.',
  usage: ['--school <schoolId> --term <termCode> --year <2026-2027> [--seed <n>] [--table <name>]'],
  options: {
    school: { type: 'string', value: 'schoolId', description: 'The school.' },
    term: { type: 'string', value: 'termCode', description: 'The term whose course requests are placed.' },
    year: { type: 'string', value: 'schoolYear', description: 'The school year, e.g. 2026-2027.' },
    seed: { type: 'string', value: 'n', description: 'The random seed of the placement order (the same seed, the same run).' },
    table: { type: 'string', value: 'name', description: 'A table in AWS instead of the local system (credentials from the environment).' },
  },
  examples: ['npm run schedule -- --school <schoolId> --term S1 --year 2026-2027'],
});

async function main(): Promise<void> {
  const { values } = cli.parse();
  if (!values.school || !values.term || !values.year) return cli.fail('--school, --term and --year are all needed');
  // Loaded once the arguments are checked: `--help` and a mistake answer without loading the manifest and the AWS SDK.
  const [{ ENV }, { LOCAL_CREDENTIALS, LOCAL_REGION }, { connectToLocalSystem }] = await Promise.all([
    import('../../functions/manifest'),
    import('../local/dynamo-local'),
    import('../local/local-system'),
  ]);
  if (values.table) {
    process.env[ENV.table] = values.table;
  } else {
    const runtime = connectToLocalSystem('name a table in AWS with --table');
    Object.assign(process.env, {
      [ENV.table]: runtime.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamoEndpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
  }
  // Imported after the environment is set: the services read it once.
  const { getServices } = await import('../../functions/services');
  const { runScheduling, startSchedulingRun } = await import('../../functions/use-cases/scheduling/scheduling-run');
  const services = getServices();
  const operator = { sub: 'npm-run-schedule', roles: ['district_admin' as const], schoolIds: [] };
  const started = await startSchedulingRun(
    services,
    { send: async () => undefined },
    values.school,
    values.term,
    { schoolYear: values.year, ...(values.seed ? { seed: Number(values.seed) } : {}) },
    { principal: operator },
  );
  const startedAt = Date.now();
  const run = await runScheduling(services, started.result.runId);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    `run ${run.runId}: ${run.status} in ${seconds} s\n` +
      `  students ${run.totals?.students ?? 0}, requested ${run.totals?.requested ?? 0}, placed ${run.totals?.placed ?? 0}, unplaced ${run.totals?.unplaced ?? 0}\n` +
      `  placements written ${run.progress.written}, lost to concurrent changes ${run.progress.lostRace}\n` +
      `  report: GET /v1/schools/${run.schoolId}/terms/${run.termCode}/scheduling-runs/${run.runId}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`schedule failed: ${error.message}\n`);
  process.exit(1);
});
