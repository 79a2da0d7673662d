/**
 * `npm run simulate:first-day`: the first day of school (7:00-10:00) and a report-card evening, second by second,
 * against the stack's settings and an account's quotas (infra/ops/simulation/). Prints a table, writes the chart
 * (docs/first-day.svg by default) and, with --json, one JSON object on its last line; `--help` lists the options.
 */ import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../repo-root';
import { DISTRICT } from '../stacks/capacity';
import { CHECKLIST_BEGIN, CHECKLIST_END, DEPLOY_DOC, renderChecklist } from './simulation/checklist';
import { loadQuotas, sesSendsPerSecond, smsPartsPerSecond } from './simulation/quotas';
import { chartSvg, formatRun } from './simulation/report';
import { runFirstDay } from './simulation/run';
import { defineTool } from './tool-cli';

const cli = defineTool({
  script: 'simulate:first-day',
  summary:
    "Simulates the first day of school (7:00-10:00) and a report-card evening, second by second, against the stack's settings " +
    "and an account's quotas, with no AWS call. Prints a table, writes the chart and exits 1 when the run fails the bar.",
  options: {
    students: { type: 'string', default: String(DISTRICT.students), value: 'n', description: "The district's students." },
    quotas: {
      type: 'string',
      value: 'file|aws-defaults',
      description: "An account's quotas as JSON, or aws-defaults for a new account's. Default: the district's requested quotas.",
    },
    'staff-sign-in': { type: 'string', default: 'password', value: 'password|federated', description: 'How staff sign in.' },
    paced: { type: 'boolean', default: false, description: "The notifier sends at the account's email and SMS rates." },
    chart: { type: 'string', value: 'file.svg', description: 'Where the chart goes. Default: docs/first-day.svg.' },
    json: { type: 'boolean', default: false, description: 'One JSON object on the last line as well.' },
    checklist: {
      type: 'boolean',
      default: false,
      description: 'Rewrite the go-live checklist in docs/deploy.md instead, and run nothing else.',
    },
  },
  examples: ['npm run simulate:first-day', 'npm run simulate:first-day -- --quotas aws-defaults --json'],
});
const { values } = cli.parse();

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

const students = Number(values.students);
if (!Number.isInteger(students) || students <= 0) cli.fail(`--students ${values.students} is not a positive whole number`);
const staffSignIn = values['staff-sign-in'];
if (staffSignIn !== 'password' && staffSignIn !== 'federated') {
  throw cli.fail(`--staff-sign-in ${staffSignIn} is neither password nor federated`);
}
const { quotas } = loadQuotas(values.quotas);

const run = runFirstDay({
  students,
  ...(values.quotas ? { quotasFile: values.quotas } : {}),
  staffSignIn,
  // --paced: the notifier sends at the account's channel rates and puts back what they refuse, without counting a receive (issue 20).
  ...(values.paced ? { notifierPacing: { emailPerSecond: sesSendsPerSecond(quotas), smsPartsPerSecond: smsPartsPerSecond(quotas) } } : {}),
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
