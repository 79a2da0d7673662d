import * as fs from 'node:fs';
import * as path from 'node:path';
import { FUNCTIONS, type HandlerId } from '../../functions/manifest';
import { logicalIdOf, resourceOf, synthSis, type SynthesizedSis } from './support/synth';

/** The infra checks that read esbuild's output: what is deployed, not only the template. */
let sis: SynthesizedSis;
let assemblyDir: string;
beforeAll(() => {
  sis = synthSis();
  assemblyDir = sis.app.synth().directory;
});

const bundleOf = (handler: HandlerId) => {
  const code = resourceOf(sis.computeTemplate, logicalIdOf(sis.compute.functions[handler])).Properties.Code as { S3Key: string };
  return path.join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
};

it.each(Object.keys(FUNCTIONS) as HandlerId[])(
  '%s is bundled locally by esbuild into minified ES modules with source maps, lazy chunks beside the entry',
  (handler) => {
    const dir = bundleOf(handler);
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.mjs'));
    expect(files).toContain('index.mjs');
    // Lambda loads index.handler; the chunks a dynamic import() makes (decision 0126) sit under chunks/.
    expect(files.filter((file) => file !== 'index.mjs' && !file.startsWith('chunks/'))).toEqual([]);
    for (const file of files) {
      const code = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(code.slice(0, 64)).toBe("import { createRequire as sisCreateRequire } from 'node:module';");
      // The AWS SDK is inside the bundle, not loaded from the runtime (match, not toMatch: a failure
      // should print the offending import, not a megabyte of bundle).
      expect(code.match(/(?:from|import\(|__require\()\s*["']@aws-sdk\/[^"']*/g)).toBeNull();
      const map = JSON.parse(fs.readFileSync(path.join(dir, `${file}.map`), 'utf8')) as { sourcesContent?: unknown };
      expect(map.sourcesContent).toBeUndefined();
    }
    const entry = fs.readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    // Minified: long lines (only template literals and license comments keep their line breaks).
    expect(entry.length / entry.split('\n').length).toBeGreaterThan(1000);
    const sources = files.flatMap(
      (file) => (JSON.parse(fs.readFileSync(path.join(dir, `${file}.map`), 'utf8')) as { sources: string[] }).sources,
    );
    expect(sources.some((source) => source.endsWith(FUNCTIONS[handler].entry))).toBe(true);
  },
);

it('loads the KMS client only when a confidential record is sealed or opened', () => {
  const dir = bundleOf('healthRecords');
  const entry = fs.readFileSync(path.join(dir, 'index.mjs'), 'utf8');
  const chunks = fs.readdirSync(path.join(dir, 'chunks')).filter((file) => file.endsWith('.mjs'));
  const kms = chunks.filter((file) => fs.readFileSync(path.join(dir, 'chunks', file), 'utf8').includes('GenerateDataKey'));
  expect(kms).toHaveLength(1);
  expect(entry).not.toContain('GenerateDataKey');
});
