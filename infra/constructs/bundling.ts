import type { ILocalBundling } from 'aws-cdk-lib';
import { buildSync, type BuildOptions } from 'esbuild';

/**
 * How every function is bundled: the one source of truth for `SisFunction` (which runs esbuild
 * through `LocalEsbuild` below when CDK stages the function's code) and for
 * `npm run bench:bundles` (which calls esbuild's async API with the same options).
 *
 * Code splitting (decision 0126): a dynamic `import()` in a function's code becomes a chunk of its
 * own, loaded when a request first needs it, so what few requests use (the KMS client of the field
 * cipher, Swagger UI's assets) is no longer parsed and run at every cold start. NodejsFunction
 * cannot build this (it passes esbuild `--outfile`, which excludes splitting), so SisFunction
 * runs esbuild itself.
 */
export const SIS_ESBUILD: Readonly<BuildOptions> = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  // ESM output lets esbuild pick the SDK's and middy's ES module builds, which tree-shake far
  // better than their CommonJS builds, and is what code splitting needs; the banner gives
  // CommonJS dependencies that call require() for Node built-ins a working require (every chunk
  // gets it: each is a module of its own).
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as sisCreateRequire } from 'node:module'; const require = sisCreateRequire(import.meta.url);" },
  minify: true,
  treeShaking: true,
  splitting: true,
  // Lambda's handler is `index.handler`; lazy chunks go beside it under chunks/.
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  sourcesContent: false,
  // The AWS SDK v3 clients are bundled, not taken from the runtime: the versions in
  // package-lock.json are the ones tested (the runtime's copy changes under us without notice),
  // and only the commands a function imports end up in its bundle, which loads faster than the
  // runtime's full, unminified copy.
  external: [],
  logLevel: 'warning',
};

/** The esbuild options that bundle one function's entry into `outdir` (`index.mjs`, its chunks and their source maps). */
export function esbuildOptionsOf(entry: string, outdir: string): BuildOptions {
  return { ...SIS_ESBUILD, entryPoints: [entry], outdir };
}

/**
 * CDK's local bundling for one function: esbuild, installed with the project, run in-process
 * (never Docker). Its fields are part of CDK's asset cache key, so two functions never share a
 * staged bundle.
 */
export class LocalEsbuild implements ILocalBundling {
  constructor(
    /** Absolute path of the function's entry. */
    readonly entry: string,
    /** The directory esbuild resolves from (the project root, as for every other build). */
    readonly workingDir: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    const result = buildSync({ ...esbuildOptionsOf(this.entry, outputDir), absWorkingDir: this.workingDir });
    if (result.errors.length > 0) throw new Error(`esbuild failed for ${this.entry}`);
    return true;
  }
}
