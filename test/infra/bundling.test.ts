import * as fs from 'node:fs';
import * as path from 'node:path';
import { FUNCTIONS, type HandlerId } from '../../functions/manifest';
import { logicalIdOf, resourceOf, synthSis, type SynthesizedSis } from './support/synth';

/** The one infra test that runs esbuild: it checks what is deployed, not only the template. */
let sis: SynthesizedSis;
let assemblyDir: string;
beforeAll(() => {
  sis = synthSis({ bundling: true });
  assemblyDir = sis.app.synth().directory;
});

const bundleOf = (handler: HandlerId) => {
  const code = resourceOf(sis.computeTemplate, logicalIdOf(sis.compute.functions[handler])).Properties.Code as { S3Key: string };
  return path.join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
};

it.each(Object.keys(FUNCTIONS) as HandlerId[])(
  '%s is bundled locally by esbuild into one minified ES module with a source map',
  (handler) => {
    const dir = bundleOf(handler);
    expect(fs.readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = fs.readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    expect(code.slice(0, 64)).toBe("import { createRequire as sisCreateRequire } from 'node:module';");
    // The AWS SDK is inside the bundle, not loaded from the runtime (match, not toMatch: a failure
    // should print the offending import, not a megabyte of bundle).
    expect(code.match(/(?:from|import\(|__require\()\s*["']@aws-sdk\/[^"']*/g)).toBeNull();
    // Minified: long lines (only template literals and license comments keep their line breaks).
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    const map = JSON.parse(fs.readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sources.some((source) => source.endsWith(FUNCTIONS[handler].entry))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  },
);
