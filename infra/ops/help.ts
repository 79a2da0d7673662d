/**
 * `npm run help`: every npm script, grouped, with a line each. A unit test holds this list and
 * package.json's scripts to the same names, so a new script comes with its line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root';
import { defineTool } from './tool-cli';

export interface ScriptGroup {
  readonly title: string;
  /** Script name → what it does, in a line; ` -- <args>` after the name shows how it is called. */
  readonly scripts: Readonly<Record<string, string>>;
}

export const SCRIPT_GROUPS: readonly ScriptGroup[] = [
  {
    title: 'Run the system on this machine (no AWS account)',
    scripts: {
      start: 'DynamoDB Local, the API, the queues, the stream relay and the bus; Ctrl-C stops everything',
      token: 'a signed token for the running system, any role: `npm run -s token -- --role district_admin`',
      seed: 'a synthetic district in the running system: `npm run seed -- --students 20` for a small one',
      help: 'this list',
    },
  },
  {
    title: 'Operate (the running local system by default; AWS with --table, --dlq-arn, ...)',
    scripts: {
      'oneroster:import': 'import a OneRoster 1.2 CSV set (.zip or folder) through the API use cases',
      'oneroster:export': 'export the SIS as a OneRoster 1.2 CSV set',
      redrive: "move a queue's dead letters back to it, once their cause is fixed",
      replay: 'publish domain events again after the stream relay failed to',
      reencrypt: "seal confidential records again under the field key's current version (--rotate adds one locally)",
      schedule: "run the automatic scheduler for one school's term now, and print its report",
      'restore:rehearse':
        'export the table, restore it (--target <new table>, or --in-place), re-apply its settings, check every item, time the RTO',
      'access-log:archive': "copy a student's or a school's record of access to the archive (JSON Lines per day, a manifest of checksums)",
    },
  },
  {
    title: 'Check',
    scripts: {
      test: 'everything: the typecheck, ESLint, oxlint and the format check beside the five jest projects',
      'test:unit': 'domain rules, policy, schemas, events, generated docs (no I/O)',
      'test:use-cases': 'use cases through the services on DynamoDB Local, data made through the use cases',
      'test:integration': 'the local runtime and the repositories against DynamoDB Local',
      'test:infra': 'CDK assertions and cdk-nag on both stacks',
      'test:e2e': 'the whole local system over HTTP with real tokens',
      typecheck: 'tsc, strict, no emit',
      lint: 'ESLint (with the layer rule), oxlint (lost promises) and the format check (oxfmt)',
      format: 'format every file as the check wants it (oxfmt, .oxfmtrc.json)',
      fuzz: 'every route fuzzed from its contract: `npm run fuzz -- --cases 500 --json`',
    },
  },
  {
    title: 'Generate the reference docs (commit the result; a unit test fails while they are stale)',
    scripts: {
      'docs:api': 'docs/api-reference.md from the manifest and the policy',
      'docs:http': 'docs/walkthrough.http, the walk-through as a request collection for an editor',
      openapi: 'docs/openapi.json from the manifest, the policy and the contracts',
    },
  },
  {
    title: 'Measure (figures and commands in docs/performance.md; --json for one JSON object on the last line)',
    scripts: {
      'bench:enrollment': 'the first-day enrollment burst, end to end',
      'bench:scheduling': "a school's scheduler run and a race of counselors for seats",
      'bench:scheduler-quality': 'how full the scheduler makes schedules where seats suffice, beside a plain greedy pass',
      'bench:attendance': "a school's first period: every class submitted at once, then corrections",
      'bench:gradebook': 'bulk score posts',
      'bench:notify': 'an absence wave to families',
      'bench:oneroster': 'a OneRoster CSV set imported and exported again, compared line by line',
      'bench:relay': "the local stream relay's rate on a backlog of attendance notices (events/s, CPU per event)",
      'bench:units': "DynamoDB capacity units per priced action, as measured and by AWS's rules",
      'bench:index-projections': "each index's write units per item under ALL and KEYS_ONLY, sized from the running system's table",
      'bench:faults': 'the first day under throttling, crashes, duplicates and a relay outage',
      'bench:rollover': 'a district rolled over to its next year, one run crashing and resuming: lost, duplicated, unpromoted, students/s',
      'bench:bundles': 'bundle sizes and cold starts of every function',
    },
  },
  {
    title: 'Deploy to AWS (docs/deploy.md)',
    scripts: {
      'simulate:first-day': "the first day of school against the stack's settings and an account's quotas, offline",
      preflight: "an AWS account's quotas against the go-live checklist (reads only)",
      synth: 'the CloudFormation templates, offline, with cdk-nag',
      deploy: 'both stacks',
    },
  },
];

/** The scripts of package.json, by name. */
export function packageScripts(): Record<string, string> {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
}

/** The grouped list, as `npm run help` prints it. */
export function renderHelp(groups: readonly ScriptGroup[] = SCRIPT_GROUPS): string {
  const call = (name: string) => (name === 'start' || name === 'test' ? `npm ${name}` : `npm run ${name}`);
  const width = Math.max(...groups.flatMap((group) => Object.keys(group.scripts).map((name) => call(name).length))) + 2;
  return [
    ...groups.flatMap((group) => [
      group.title,
      ...Object.entries(group.scripts).map(([name, line]) => `  ${call(name).padEnd(width)}${line}`),
      '',
    ]),
    'Every tool says what it takes: `npm run <script> -- --help` (and `npm start -- --help`).',
    '',
  ].join('\n');
}

if (require.main === module) {
  defineTool({
    script: 'help',
    summary: 'Lists every npm script of the project, grouped, with a line each.',
    options: {},
    examples: ['npm run help'],
  }).parse();
  process.stdout.write(renderHelp());
}
