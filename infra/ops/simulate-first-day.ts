/**
 * `npm run simulate:first-day -- [--students 565000] [--quotas <file>|aws-defaults] [--staff-sign-in password|federated]
 * [--unpaced] [--chart <file.svg>] [--json]`
 * (`--checklist` rewrites the go-live checklist in docs/deploy.md): the first day of school (7:00-10:00) and a report-card evening, second by
 * second, against the stack's settings and an account's quotas (infra/ops/simulation/). Prints a table, writes the chart
 * (docs/first-day.svg by default) and, with --json, one JSON object on its last line. Exits 1 when the run fails the bar.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../repo-root';
import { CHECKLIST_BEGIN, CHECKLIST_END, DEPLOY_DOC, renderChecklist } from './simulation/checklist';
import { chartSvg, formatRun } from './simulation/report';
import { runFirstDay } from './simulation/run';

const { values } = parseArgs({
  options: {
    students: { type: 'string' },
    quotas: { type: 'string' },
    'staff-sign-in': { type: 'string' },
    unpaced: { type: 'boolean', default: false },
    chart: { type: 'string' },
    json: { type: 'boolean', default: false },
    checklist: { type: 'boolean', default: false },
  },
});

if (values.checklist) {
  // Rewrites the go-live checklist in docs/deploy.md from the default district's runs.
  const text = readFileSync(DEPLOY_DOC, 'utf8');
  const begin = text.indexOf(CHECKLIST_BEGIN);
  const end = text.indexOf(CHECKLIST_END);
  if (begin < 0 || end < 0) throw new Error('docs/deploy.md has no go-live checklist markers');
  writeFileSync(DEPLOY_DOC, `${text.slice(0, begin + CHECKLIST_BEGIN.length)}\n\n${renderChecklist()}\n\n${text.slice(end)}`);
  console.log('docs/deploy.md: go-live checklist rewritten');
  process.exit(0);
}

const students = values.students === undefined ? undefined : Number(values.students);
if (students !== undefined && (!Number.isInteger(students) || students <= 0)) throw new Error('--students must be a positive integer');
const staffSignIn = values['staff-sign-in'] ?? 'password';
if (staffSignIn !== 'password' && staffSignIn !== 'federated') throw new Error('--staff-sign-in must be password or federated');

const run = runFirstDay({
  ...(students ? { students } : {}),
  ...(values.quotas ? { quotasFile: values.quotas } : {}),
  staffSignIn,
  // The notifier paces to the account's rates (functions/platform/channel-rates.ts); --unpaced models one that does not,
  // whose refused sends fail their messages into the DLQ.
  ...(values.unpaced ? { notifierPacing: 'none' as const } : {}),
});

const chart = path.resolve(values.chart ?? path.join(REPO_ROOT, 'docs', 'first-day.svg'));
writeFileSync(chart, chartSvg(run.scenarios));
console.log(formatRun(run));
console.log(`chart: ${path.relative(process.cwd(), chart)}`);
if (values.json) {
  const { scenarios, ...summary } = run;
  console.log(
    JSON.stringify({
      ...summary,
      scenarios: scenarios.map(({ samples: _samples, ranked, ...rest }) => ({ ...rest, limits: ranked.slice(0, 5) })),
    }),
  );
}
process.exitCode = run.passes ? 0 : 1;
