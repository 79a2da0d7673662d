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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { ENV, FUNCTIONS, QUEUES } from '../../functions/manifest';
import { esbuildOptionsOf } from '../../infra/constructs/bundling';
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
/**
 * The target (issue 22): every function within this factor of the platform floor, in bundle size
 * and in import time. The document-client floor is reported beside it for the history (issue 6).
 */
const TARGET = 1.3;
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

/** The first floor: what any function that reads one item from the table cannot avoid loading. */
const FLOOR_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { id: string }) =>
  client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id, sk: event.id } }));
`;

/**
 * The platform floor: what every function is meant to carry (ARCHITECTURE.md, "Quality bars"),
 * used the way functions/platform/observability.ts uses it: the document client over a traced
 * DynamoDB client, the Powertools Logger, Metrics and Tracer, and middy composing their
 * middlewares around a handler that reads one item and counts it. A function's own work is what
 * it carries beyond this.
 */
const PLATFORM_FLOOR_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';

const logger = new Logger();
const metrics = new Metrics();
const tracer = new Tracer();
const client = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));

export const handler = middy(async (event: { id: string }) => {
  const found = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id, sk: event.id } }));
  metrics.addMetric('Read', MetricUnit.Count, 1);
  logger.info('read', { found: found.Item !== undefined });
  return found.Item;
})
  .use(injectLambdaContext(logger))
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics));
`;

/** The two floors, bundled like the functions and timed beside them. */
const FLOORS = [
  { id: 'floor: document client', source: FLOOR_SOURCE },
  { id: 'floor: platform', source: PLATFORM_FLOOR_SOURCE },
] as const;

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
  /** What importing the function loads: its entry and the chunks the entry imports statically. */
  readonly bytes: number;
  readonly mapBytes: number;
  /** The chunks only a dynamic import() loads, when a request first needs them. */
  readonly lazyBytes: number;
  /** The metafile's outputs that importing the function loads. */
  readonly loaded: ReadonlySet<string>;
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

/**
 * The outputs an import of the entry loads: the entry and, transitively, every chunk it imports
 * statically. Chunks reached only by a dynamic import() load later, at the request that needs them.
 */
function loadedAtImport(metafile: Metafile): Set<string> {
  // Every dynamic import() target is an entry point of esbuild's too; the function's own is index.mjs.
  const entry = Object.keys(metafile.outputs).find((path) => path === 'index.mjs' || path.endsWith('/index.mjs'));
  if (!entry) throw new Error('the metafile names no index.mjs');
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of metafile.outputs[path]!.imports) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return loaded;
}

async function bundle(id: string, options: BuildOptions, outdir: string): Promise<Bundle> {
  const result = await build({ ...options, ...OVERRIDES, metafile: true });
  if (result.errors.length > 0) throw new Error(`${id}: esbuild failed`);
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  const loaded = loadedAtImport(result.metafile);
  const code = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const sum = (paths: readonly string[]) => paths.reduce((total, path) => total + (result.metafile.outputs[path]?.bytes ?? 0), 0);
  const bytes = sum([...loaded]);
  return {
    id,
    file: join(outdir, 'index.mjs'),
    bytes,
    mapBytes: sum([...loaded].map((path) => `${path}.map`)),
    lazyBytes: sum(code.map(([path]) => path)) - bytes,
    loaded,
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

/** Bytes by package in what importing the bundle loads. */
function packageWeights(b: Bundle): [string, number][] {
  const weights = new Map<string, number>();
  for (const path of b.loaded) {
    for (const [input, { bytesInOutput }] of Object.entries(b.metafile.outputs[path]!.inputs)) {
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
    say(`bundling ${entries.length} function(s) and the two floors into ${work}`);
    const floorBundles: Bundle[] = [];
    for (const floor of FLOORS) {
      const dir = join(work, floor.id);
      const options = esbuildOptionsOf(`${floor.id}.ts`, dir);
      delete options.entryPoints;
      const stdin = { contents: floor.source, loader: 'ts' as const, resolveDir: REPO_ROOT, sourcefile: `${floor.id}.ts` };
      floorBundles.push(await bundle(floor.id, { ...options, stdin }, dir));
    }
    const functionBundles: Bundle[] = [];
    for (const [id, entry] of entries) {
      const outdir = join(work, id);
      // esbuild runs from the tree's root, as CDK runs it from the project root.
      functionBundles.push(await bundle(id, { ...esbuildOptionsOf(entry, outdir), absWorkingDir: ROOT }, outdir));
    }
    const bundles = [...floorBundles, ...functionBundles];

    if (values.analyze) {
      const platform = new Map(packageWeights(floorBundles[1]!));
      for (const b of bundles) {
        const top = packageWeights(b).slice(0, 12);
        say(`\n${b.id}: ${kB(b.bytes).toFixed(1)} KiB (KiB beyond the platform floor in brackets)`);
        for (const [name, bytes] of top) {
          const beyond = bytes - (platform.get(name) ?? 0);
          say(`  ${kB(bytes).toFixed(1).padStart(7)} KiB  [${kB(beyond).toFixed(1).padStart(6)}]  ${name}`);
        }
      }
      say('');
    }

    // Round-robin, one process at a time: a slow spell of the machine spreads over all bundles
    // instead of landing on one, and no two imports compete for the two cores.
    const warmup = await timeImport(bundles[0]!.file);
    say(`warm-up import of the first floor: ${warmup.ms.toFixed(1)} ms`);
    for (let round_ = 1; round_ <= RUNS; round_ += 1) {
      for (const b of bundles) {
        const { ms, cpuMs } = await timeImport(b.file);
        b.samples.push(ms);
        b.cpuSamples.push(cpuMs);
      }
      say(`run ${round_}/${RUNS} done`);
    }

    const figures = (b: Bundle) => ({
      bytes: b.bytes,
      KB: round(kB(b.bytes)),
      mapKB: round(kB(b.mapBytes)),
      lazyKB: round(kB(b.lazyBytes)),
      initMs: round(median(b.samples)),
      minInitMs: round(Math.min(...b.samples)),
      cpuMs: round(median(b.cpuSamples)),
    });
    const ratios = (b: Bundle, floor: Bundle) => ({
      size: round(b.bytes / floor.bytes, 3),
      init: round(median(b.samples) / median(floor.samples), 3),
      cpu: round(median(b.cpuSamples) / median(floor.cpuSamples), 3),
    });
    const [documentClient, platform] = floorBundles as [Bundle, Bundle];
    const rows = functionBundles.map((b) => {
      const vsPlatform = ratios(b, platform);
      return {
        id: b.id,
        ...figures(b),
        vsDocumentClient: ratios(b, documentClient),
        vsPlatform,
        within: vsPlatform.size <= TARGET && vsPlatform.init <= TARGET,
      };
    });

    const header = [
      'function',
      'KiB',
      'map KiB',
      'lazy KiB',
      'init ms (median)',
      'init ms (min)',
      'cpu ms (median)',
      'size ×client',
      'init ×client',
      'size ×platform',
      'init ×platform',
      'cpu ×platform',
      `within ${TARGET}×`,
    ];
    const cells = (b: Bundle, within: string) => {
      const own = figures(b);
      const [client, plat] = [ratios(b, documentClient), ratios(b, platform)];
      return [
        b.id,
        own.KB.toFixed(1),
        own.mapKB.toFixed(1),
        own.lazyKB.toFixed(1),
        own.initMs.toFixed(1),
        own.minInitMs.toFixed(1),
        own.cpuMs.toFixed(1),
        client.size.toFixed(3),
        client.init.toFixed(3),
        plat.size.toFixed(3),
        plat.init.toFixed(3),
        plat.cpu.toFixed(3),
        within,
      ];
    };
    const lines = [
      ...floorBundles.map((b) => cells(b, '')),
      ...rows.map((r, index) => cells(functionBundles[index]!, r.within ? 'yes' : 'no')),
    ];
    const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
    const format = (row: string[]) =>
      `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
    const table = [
      format(header),
      `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
      ...lines.map(format),
    ];

    const maxOf = (pick: (row: (typeof rows)[number]) => number) => Math.max(...rows.map(pick));
    const summary = {
      date: new Date().toISOString(),
      node: process.version,
      esbuild: (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version,
      cores: availableParallelism(),
      runs: RUNS,
      target: TARGET,
      floors: { documentClient: figures(documentClient), platform: figures(platform) },
      maxKB: maxOf((r) => r.KB),
      maxInitMs: maxOf((r) => r.initMs),
      vsDocumentClient: {
        maxSizeRatio: maxOf((r) => r.vsDocumentClient.size),
        maxInitRatio: maxOf((r) => r.vsDocumentClient.init),
        maxCpuRatio: maxOf((r) => r.vsDocumentClient.cpu),
      },
      vsPlatform: {
        maxSizeRatio: maxOf((r) => r.vsPlatform.size),
        maxInitRatio: maxOf((r) => r.vsPlatform.init),
        maxCpuRatio: maxOf((r) => r.vsPlatform.cpu),
      },
      /** The larger of size and init, against the platform floor: the figure the target bounds. */
      maxRatio: Math.max(
        maxOf((r) => r.vsPlatform.size),
        maxOf((r) => r.vsPlatform.init),
      ),
      allWithinTarget: rows.every((r) => r.within),
      functions: Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest])),
    };
    const verdict =
      `\nplatform floor ${summary.floors.platform.KB} KiB, ${summary.floors.platform.initMs} ms ` +
      `(document client alone ${summary.floors.documentClient.KB} KiB, ${summary.floors.documentClient.initMs} ms); ` +
      `worst ${summary.vsPlatform.maxSizeRatio}× the platform floor in size, ${summary.vsPlatform.maxInitRatio}× in init ` +
      `(target ${TARGET}×): ${summary.allWithinTarget ? 'every function within target' : 'NOT all within target'}\n`;
    if (values.json) {
      say(table.join('\n') + verdict);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      process.stdout.write(`${table.join('\n')}\n${verdict}`);
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
