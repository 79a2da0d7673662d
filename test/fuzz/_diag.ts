/**
 * Fuzzes every route of the manifest on the local runtime and prints what came back.
 *
 *   npm run fuzz -- [--cases N] [--seed S] [--json]
 *
 * Starts DynamoDB Local (in memory) and the whole local system, seeds a small district through
 * the API, then sends N generated requests (test/fuzz/requests.ts) one after another. Each
 * answer is judged: never a 5xx; every 4xx problem+json with its own status (API Gateway's own
 * 401 and no-route 404 aside); a refused write leaves the table exactly as it was (a hash of
 * every item before and after); every answer keeps the contract (functions/contract/).
 * With --json the last line is one JSON object: cases, fiveHundreds, nonProblemErrors,
 * partialWrites, contractViolations, routesCovered, routes, seed, seconds, byStatus.
 * Exits 1 when any of the four counts is not 0.
 */
import { parseArgs } from 'node:util';
import { ROUTES } from '../../functions/manifest';
import { startDynamoLocal } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { ApiClient } from '../support/api';
import { fuzz, seedDistrict } from './engine';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    seed: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const cases = Number(values.cases);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  const dynamo = await startDynamoLocal({ inMemory: true });
  const auth = LocalAuth.ephemeral();
  const runtime = await startLocalRuntime({ auth, port: 0, dynamoEndpoint: dynamo.endpoint, tableName: 'fuzz', log: (line: string) => { if (/ 5\d\d |error/i.test(line)) process.stderr.write('RUNTIME ' + line.slice(0, 2000) + '\n'); } });
  const started = Date.now();
  try {
    say(`Seeding a small district, then ${cases} requests over ${ROUTES.length} routes (seed ${seed})…`);
    const seeded = await seedDistrict(new ApiClient(runtime.apiUrl, auth), runtime);
    const totals = await fuzz(runtime, seeded, {
      cases,
      seed,
      onProgress: (done) => {
        if (done % 500 === 0) say(`  ${done} / ${cases} (${Math.round(done / ((Date.now() - started) / 1000))} requests/s)`);
      },
    });
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const rows: [string, string | number][] = [
      ['cases', totals.cases],
      ['routes covered', `${totals.routesCovered} of ${ROUTES.length}`],
      [
        'answers by status',
        Object.entries(totals.byStatus)
          .map(([status, count]) => `${status}: ${count}`)
          .join(', '),
      ],
      ['fiveHundreds (must be 0)', totals.fiveHundreds],
      ['nonProblemErrors (must be 0)', totals.nonProblemErrors],
      ['partialWrites (must be 0)', totals.partialWrites],
      ['contractViolations (must be 0)', totals.contractViolations],
      ['seed', seed],
      ['seconds', seconds],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    console.log(rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n'));
    if (totals.examples.length > 0) console.log(`\nExamples:\n${totals.examples.map((line) => `  ${line}`).join('\n')}`);
    if (values.json) {
      const { examples: _examples, ...figures } = totals;
      console.log(JSON.stringify({ ...figures, routes: ROUTES.length, seed, seconds }));
    }
    process.exitCode = totals.fiveHundreds + totals.nonProblemErrors + totals.partialWrites + totals.contractViolations === 0 ? 0 : 1;
  } finally {
    await runtime.stop();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
