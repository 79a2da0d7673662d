/**
 * Cold start, measured against the floor: every function of the manifest is bundled exactly as
 * SisFunction bundles it (the same options, infra/constructs/bundling.ts, through esbuild's JS
 * API instead of CDK's CLI call), and so is the floor: a bundle holding only the DynamoDB
 * document client (`DynamoDBDocumentClient.from(new DynamoDBClient({}))` and one GetCommand).
 * Each bundle is then imported N times, each time in a fresh `node` process, which times
 * `await import(bundle)` itself; the median is reported, with both ratios to the floor.
 *
 *   npm run bench:bundles -- [--runs N] [--json] [--analyze] [--only id,id] [--root DIR] [--entry id=path]...
 *
 * --json     one JSON object on the last line of stdout (progress goes to stderr)
 * --analyze  per bundle, the packages that weigh most in it (from esbuild's metafile), on stderr
 * --root     bundle the manifest's entries from another copy of the tree (e.g. a codemod
 *            prototype under /tmp with node_modules linked in); the manifest itself is this one
 * --entry    also bundle and time another entry (path relative to --root, or absolute)
 * --set      override an esbuild build option for the floor and every function alike, to
 *            weigh it before adopting it in bundling.ts: --set charset=utf8, --set 'sourcemap=false'
 *            (the value is JSON when it parses as JSON, a string otherwise)
 * --keep     keep the temporary directory with the bundles and their metafiles
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { ENV, FUNCTIONS, QUEUES } from '../../functions/manifest';
import { esbuildOptionsOf, SIS_BUNDLING } from '../../infra/constructs/bundling';
import { REPO_ROOT } from '../../infra/repo-root';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
    analyze: { type: 'boolean', default: false },
    only: { type: 'string' },
    root: { type: 'string', default: REPO_ROOT },
    entry: { type: 'string', multiple: true, default: [] },
    set: { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const ROOT = resolve(values.root);
/** The issue's target: every function within this factor of the floor, in size and in init time. */
const TARGET = 1.15;
const FLOOR = 'FLOOR';
const OVERRIDES: BuildOptions = Object.fromEntries(
  values.set.map((assignment) => {
    const [key, raw] = assignment.split(/=(.*)/s, 2);
    if (!key || raw === undefined) throw new Error(`--set expects option=value, got ${assignment}`);
    try {
      return [key, JSON.parse(raw) as unknown];
    } catch {
      return [key, raw];
    }
  }),
);

const say = (line: string) => {
  process.stderr.write(`${line}\n`);
};

/** The floor: what any function that reads one item from the table cannot avoid loading. */
const FLOOR_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { id: string }) =>
  client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id, sk: event.id } }));
`;

/**
 * What Lambda gives a function at init, so that module-level configuration reads succeed
 * (functions/lib/config.ts: TABLE_NAME, EVENT_BUS_NAME, QUEUE_URL_<ID>) and libraries take
 * their Lambda code paths; NODE_OPTIONS is the one SisFunction sets (source maps are loaded at
 * import, so their size counts).
 */
const CHILD_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TZ: 'UTC',
  NODE_OPTIONS: '--enable-source-maps',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_LAMBDA_LOG_FORMAT: 'JSON',
  AWS_LAMBDA_LOG_LEVEL: 'INFO',
  AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
  // The SDK warns once per process that Node 20 support ends; Lambda runs Node 22.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'sis',
  POWERTOOLS_METRICS_NAMESPACE: 'Sis',
  TABLE_NAME: 'bench-table',
  EVENT_BUS_NAME: 'bench-bus',
  // Every queue of the manifest, as SisFunction wires them (a function reads the ones it sends to at import).
  ...Object.fromEntries(QUEUES.map((queue) => [ENV.queueUrl(queue.id), `http://localhost/000000000000/${queue.id}`])),
};

/**
 * Runs in the fresh process: times the import only, not node's own start. Wall-clock time is
 * the figure; the CPU time the process spent meanwhile is reported beside it, since it barely
 * moves when other work shares the machine's two cores and the wall clock does.
 */
const CHILD_SCRIPT = `
const cpu = process.cpuUsage();
const start = performance.now();
await import(process.env.BENCH_MODULE_URL);
const ms = performance.now() - start;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000 }));
`;

interface Bundle {
  readonly id: string;
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  readonly metafile: Metafile;
  readonly samples: number[];
  readonly cpuSamples: number[];
}

/** Sizes are in KiB (1024 bytes), the unit of the issue's before-figures; JSON keys keep the issue's `KB` spelling. */
const kB = (bytes: number) => bytes / 1024;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const median = (samples: readonly number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function bundle(id: string, options: BuildOptions, outdir: string): Promise<Bundle> {
  const result = await build({ ...options, ...OVERRIDES, metafile: true });
  const file = options.outfile!;
  if (result.errors.length > 0) throw new Error(`${id}: esbuild failed`);
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return {
    id,
    file,
    bytes: statSync(file).size,
    mapBytes: existsSync(`${file}.map`) ? statSync(`${file}.map`).size : 0,
    metafile: result.metafile,
    samples: [],
    cpuSamples: [],
  };
}

/** The package an input file belongs to (the last node_modules segment), or the repository's own code. */
function packageOf(input: string): string {
  const parts = input.split('node_modules/');
  if (parts.length === 1) return input.startsWith('<') ? input : '(own code)';
  const rest = parts[parts.length - 1]!.split('/');
  const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  // zod's locales are worth telling apart from the rest of zod.
  return name === 'zod' && /\/locales\//.test(input) ? 'zod (locales)' : name;
}

function packageWeights(metafile: Metafile): [string, number][] {
  const weights = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      weights.set(packageOf(input), (weights.get(packageOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return [...weights.entries()].sort((a, b) => b[1] - a[1]);
}

const run = promisify(execFile);
async function timeImport(file: string): Promise<{ ms: number; cpuMs: number }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD_SCRIPT], {
    env: { ...CHILD_ENV, BENCH_MODULE_URL: pathToFileURL(file).href },
    cwd: tmpdir(),
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number };
}

async function main() {
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const entries: [string, string][] = Object.entries(FUNCTIONS)
    .filter(([id]) => !only || only.has(id))
    .map(([id, spec]) => [id, join(ROOT, spec.entry)]);
  for (const extra of values.entry) {
    const [id, path] = extra.split('=', 2);
    if (!id || !path) throw new Error(`--entry expects id=path, got ${extra}`);
    entries.push([id, isAbsolute(path) ? path : join(ROOT, path)]);
  }

  const work = mkdtempSync(join(tmpdir(), 'sis-bundles-'));
  try {
    say(`bundling ${entries.length} function(s) and the floor into ${work}`);
    const floorDir = join(work, FLOOR);
    const floorOptions = esbuildOptionsOf('floor.ts', floorDir, SIS_BUNDLING);
    delete floorOptions.entryPoints;
    const bundles: Bundle[] = [
      await bundle(
        FLOOR,
        { ...floorOptions, stdin: { contents: FLOOR_SOURCE, loader: 'ts', resolveDir: REPO_ROOT, sourcefile: 'floor.ts' } },
        floorDir,
      ),
    ];
    for (const [id, entry] of entries) {
      const outdir = join(work, id);
      // esbuild runs from the tree's root, as CDK runs it from the project root.
      bundles.push(await bundle(id, { ...esbuildOptionsOf(entry, outdir, SIS_BUNDLING), absWorkingDir: ROOT }, outdir));
    }

    if (values.analyze) {
      for (const b of bundles) {
        const top = packageWeights(b.metafile).slice(0, 10);
        say(`\n${b.id}: ${kB(b.bytes).toFixed(1)} KiB`);
        for (const [name, bytes] of top) say(`  ${kB(bytes).toFixed(1).padStart(7)} KiB  ${name}`);
      }
      say('');
    }

    // Round-robin, one process at a time: a slow spell of the machine spreads over all bundles
    // instead of landing on one, and no two imports compete for the two cores.
    const warmup = await timeImport(bundles[0]!.file);
    say(`warm-up import of the floor: ${warmup.ms.toFixed(1)} ms`);
    for (let round_ = 1; round_ <= RUNS; round_ += 1) {
      for (const b of bundles) {
        const { ms, cpuMs } = await timeImport(b.file);
        b.samples.push(ms);
        b.cpuSamples.push(cpuMs);
      }
      say(`run ${round_}/${RUNS} done`);
    }

    const floor = bundles[0]!;
    const floorInitMs = median(floor.samples);
    const floorCpuMs = median(floor.cpuSamples);
    const rows = bundles.slice(1).map((b) => {
      const initMs = median(b.samples);
      const sizeRatio = b.bytes / floor.bytes;
      const initRatio = initMs / floorInitMs;
      return {
        id: b.id,
        bytes: b.bytes,
        KB: round(kB(b.bytes)),
        mapKB: round(kB(b.mapBytes)),
        initMs: round(initMs),
        minInitMs: round(Math.min(...b.samples)),
        cpuMs: round(median(b.cpuSamples)),
        cpuRatio: round(median(b.cpuSamples) / floorCpuMs, 3),
        sizeRatio: round(sizeRatio, 3),
        initRatio: round(initRatio, 3),
        within: sizeRatio <= TARGET && initRatio <= TARGET,
      };
    });

    const header = [
      'function',
      'KiB',
      'map KiB',
      'init ms (median)',
      'init ms (min)',
      'cpu ms (median)',
      'size ×floor',
      'init ×floor',
      'cpu ×floor',
      `within ${TARGET}×`,
    ];
    const lines = [
      [
        FLOOR.toLowerCase(),
        kB(floor.bytes).toFixed(1),
        kB(floor.mapBytes).toFixed(1),
        floorInitMs.toFixed(1),
        Math.min(...floor.samples).toFixed(1),
        floorCpuMs.toFixed(1),
        '1.000',
        '1.000',
        '1.000',
        '',
      ],
      ...rows.map((r) => [
        r.id,
        r.KB.toFixed(1),
        r.mapKB.toFixed(1),
        r.initMs.toFixed(1),
        r.minInitMs.toFixed(1),
        r.cpuMs.toFixed(1),
        r.sizeRatio.toFixed(3),
        r.initRatio.toFixed(3),
        r.cpuRatio.toFixed(3),
        r.within ? 'yes' : 'no',
      ]),
    ];
    const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
    const format = (cells: string[]) =>
      `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
    const table = [
      format(header),
      `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
      ...lines.map(format),
    ];

    const summary = {
      date: new Date().toISOString(),
      node: process.version,
      esbuild: (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version,
      cores: availableParallelism(),
      runs: RUNS,
      target: TARGET,
      floorBytes: floor.bytes,
      floorKB: round(kB(floor.bytes)),
      floorInitMs: round(floorInitMs),
      floorCpuMs: round(floorCpuMs),
      maxKB: Math.max(...rows.map((r) => r.KB)),
      maxInitMs: Math.max(...rows.map((r) => r.initMs)),
      maxSizeRatio: Math.max(...rows.map((r) => r.sizeRatio)),
      maxInitRatio: Math.max(...rows.map((r) => r.initRatio)),
      maxCpuRatio: Math.max(...rows.map((r) => r.cpuRatio)),
      allWithinTarget: rows.every((r) => r.within),
      functions: Object.fromEntries(rows.map(({ id, ...figures }) => [id, figures])),
    };
    if (values.json) {
      say(table.join('\n'));
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      process.stdout.write(`${table.join('\n')}\n`);
      process.stdout.write(
        `\nfloor ${summary.floorKB} KiB, ${summary.floorInitMs} ms; worst ${summary.maxSizeRatio}× in size, ${summary.maxInitRatio}× in init ` +
          `(target ${TARGET}×): ${summary.allWithinTarget ? 'every function within target' : 'NOT all within target'}\n`,
      );
    }
  } finally {
    if (values.keep) say(`bundles kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
