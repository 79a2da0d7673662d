/**
 * The repository's formatter (oxfmt, settings in .oxfmtrc.json; decision 0146) applied to a file the
 * tools generate, so that what they write passes the format check of `npm test` unchanged. oxfmt is
 * run as its command on the text (`--stdin-filepath` picks the language from the name): its
 * JavaScript API is an ES module with native bindings and a worker pool, which jest's CommonJS
 * modules cannot load.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../repo-root';

const OXFMT = path.join(REPO_ROOT, 'node_modules', 'oxfmt', 'bin', 'oxfmt');

/** `text` formatted as the file at `filePath` (relative to the repository or absolute) would be. */
export function formatted(filePath: string, text: string): string {
  const result = spawnSync(process.execPath, [OXFMT, `--stdin-filepath=${path.relative(REPO_ROOT, path.resolve(REPO_ROOT, filePath))}`], {
    cwd: REPO_ROOT,
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`oxfmt could not format ${filePath}: ${result.stderr.trim()}`);
  return result.stdout;
}
