import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
// Type-only: the CDK app never loads esbuild itself (NodejsFunction runs its CLI); the
// bundle benchmark calls its JS API with the options derived below.
import type { BuildOptions } from 'esbuild';

/**
 * How every function is bundled: the one source of truth for `SisFunction` (through
 * NodejsFunction, which runs the esbuild CLI) and for `npm run bench:bundles` (which calls
 * esbuild's JS API with the equivalent options from `esbuildOptionsOf`).
 */
export const SIS_BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  target: 'node22',
  // ESM output lets esbuild pick the SDK's and middy's ES module builds, which tree-shake
  // far better than their CommonJS builds; the banner gives CommonJS dependencies that
  // call require() for Node built-ins a working require.
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: "import { createRequire as sisCreateRequire } from 'node:module'; const require = sisCreateRequire(import.meta.url);",
  minify: true,
  esbuildArgs: { '--tree-shaking': 'true' },
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  // The AWS SDK v3 clients are bundled, not taken from the runtime: the versions in
  // package-lock.json are the ones tested (the runtime's copy changes under us without
  // notice), and only the commands a function imports end up in its bundle, which loads
  // faster than the runtime's full, unminified copy.
  bundleAwsSDK: true,
  externalModules: [],
};

/** BundlingOptions fields that only concern how or where CDK runs esbuild, not what it builds. */
const RUNNER_ONLY = new Set(['forceDockerBundling', 'bundleAwsSDK', 'environment', 'logLevel']);

/**
 * The esbuild `build()` options equivalent to the CLI call NodejsFunction makes for these
 * bundling options (aws-cdk-lib 2.276, `Bundling.buildEsbuildArgs`): `--bundle <entry>
 * --platform=node --target --format --outfile=<outdir>/index.mjs --minify --sourcemap
 * --sources-content --external --define --loader --keep-names --metafile --banner:js
 * --footer:js --main-fields --inject`, then `esbuildArgs`. Fields this function does not know
 * throw, so the benchmark can never silently measure something other than what is deployed.
 */
export function esbuildOptionsOf(entry: string, outdir: string, bundling: BundlingOptions = SIS_BUNDLING): BuildOptions {
  const known = new Set([
    ...RUNNER_ONLY,
    'target',
    'format',
    'mainFields',
    'banner',
    'footer',
    'minify',
    'esbuildArgs',
    'sourceMap',
    'sourceMapMode',
    'sourcesContent',
    'externalModules',
    'define',
    'loader',
    'keepNames',
    'inject',
  ]);
  const unknown = Object.keys(bundling).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`esbuildOptionsOf does not translate bundling option(s) ${unknown.join(', ')}`);
  if (bundling.externalModules === undefined && !bundling.bundleAwsSDK) {
    throw new Error('esbuildOptionsOf needs explicit externalModules or bundleAwsSDK (the CDK default externals depend on feature flags)');
  }

  const esm = bundling.format === OutputFormat.ESM;
  const sourceMapMode = bundling.sourceMapMode ?? (bundling.sourceMap ? SourceMapMode.DEFAULT : undefined);
  const options: BuildOptions = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: bundling.target ?? 'node22',
    ...(bundling.format ? { format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs' } : {}),
    outfile: `${outdir}/${esm ? 'index.mjs' : 'index.js'}`,
    minify: bundling.minify ?? false,
    ...(sourceMapMode ? { sourcemap: sourceMapMode === SourceMapMode.DEFAULT ? true : sourceMapMode } : {}),
    ...(bundling.sourcesContent === false ? { sourcesContent: false } : {}),
    external: [...(bundling.externalModules ?? [])],
    ...(bundling.loader ? { loader: { ...bundling.loader } as BuildOptions['loader'] } : {}),
    ...(bundling.define ? { define: { ...bundling.define } } : {}),
    ...(bundling.keepNames ? { keepNames: true } : {}),
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.footer ? { footer: { js: bundling.footer } } : {}),
    ...(bundling.mainFields ? { mainFields: [...bundling.mainFields] } : {}),
    ...(bundling.inject ? { inject: [...bundling.inject] } : {}),
    logLevel: 'warning',
  };
  for (const [flag, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    switch (flag) {
      case '--tree-shaking':
        options.treeShaking = value === true || value === 'true';
        break;
      case '--legal-comments':
        options.legalComments = value as BuildOptions['legalComments'];
        break;
      case '--alias': {
        // CDK renders `'--alias': 'pkg=path'` (or a list of them) as `--alias:pkg=path`.
        const aliases: Record<string, string> = { ...options.alias };
        for (const item of Array.isArray(value) ? value : [value]) {
          const [from, to] = String(item).split('=', 2);
          if (!from || !to) throw new Error(`--alias expects pkg=path, got ${String(item)}`);
          aliases[from] = to;
        }
        options.alias = aliases;
        break;
      }
      default:
        throw new Error(`esbuildOptionsOf does not translate esbuild argument ${flag}`);
    }
  }
  return options;
}
