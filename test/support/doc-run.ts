/**
 * Runs the pages a newcomer follows as they are written: every command block of the README's taste
 * and then of docs/walkthrough.md, in order, in one shell per page, from the repository folder,
 * against one fresh local system that the tools find as they find `npm start`'s (its data folder's
 * record and the pointer in LOCAL_HOME). What each block prints is compared with the output the page shows
 * under it (doc-blocks.ts: ids masked, an ellipsis for what the page leaves out), so a page cannot
 * drift from the product.
 *
 * One substitution: the pages say `API=http://localhost:3000`, the port `npm start` uses by
 * default; here the system listens where the test started it. One section is not run: the seeded
 * district, whose 300-student seed takes minutes (its generator and the import it runs through are
 * the OneRoster tests' and `bench:oneroster`'s; the seed's time is in docs/performance.md).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalAuth } from '../../infra/local/local-auth';
import { pointToSystem } from '../../infra/local/local-system';
import { localPaths, systemPointer } from '../../infra/local/paths';
import { lockDataFolder, type DataFolderLock } from '../../infra/local/system-lock';
import { REPO_ROOT } from '../../infra/repo-root';
import { commandBlocks, matchesShown, type DocBlock } from '../../infra/ops/doc-blocks';
import { startTestSystem, type TestSystem } from './runtime';

const NOT_RUN = new Set(['Start from a seeded district']);
/** Commands a page may show but this test must never run in the working copy (they install, start or delete). */
const NEVER_RUN = /\bnpm (ci|install|start)\b|\brm -rf\b|\bgit\b/;
const MARK = '@@block-done@@';

export interface Page {
  readonly file: string;
  /** Only these sections of the page are a session against the API (the README's quick start installs and starts). */
  readonly sections?: readonly string[];
  /** The page shows only the end of a block's output (the README: "The last call is a 400…"). */
  readonly tail?: boolean;
}

/** Runs the blocks in one bash, in order; resolves with what each printed. */
function runBlocks(blocks: readonly DocBlock[], apiUrl: string, home: string): Promise<{ outputs: string[]; stderr: string }> {
  const script = blocks
    .map((block) => `${block.commands.replace(/^API=http:\/\/localhost:3000$/m, `API=${apiUrl}`)}\necho; echo ${MARK}`)
    .join('\n');
  const { LOCAL_DATA_DIR: _ignored, ...env } = process.env;
  return new Promise((resolve, reject) => {
    // A group of its own, so that a page that hangs is stopped whole (curl, node, npm under the shell).
    const shell = spawn('bash', ['-c', process.env.DOCS_RUN_TRACE ? `set -x\n${script}` : script], {
      cwd: REPO_ROOT,
      env: { ...env, LOCAL_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => process.kill(-shell.pid!, 'SIGKILL'), Number(process.env.DOCS_RUN_TIMEOUT_MS ?? 150_000));
    shell.on('error', reject);
    shell.on('close', () => {
      clearTimeout(timer);
      resolve({ outputs: stdout.split(`${MARK}\n`).slice(0, blocks.length), stderr });
    });
  });
}

/**
 * The pages' tests, in order, against one system: the README's taste, then the walk-through, as a newcomer
 * who follows one and then the other on the same data folder (each page in a shell of its own, like a new
 * terminal). One system for the pages of a file: the handlers of the local runtime keep the table they were first
 * loaded with for the rest of their file.
 */
export function describePages(pages: readonly Page[]): void {
  describe('the pages a newcomer follows, run as written', () => {
    let system: TestSystem;
    let lock: DataFolderLock;
    let dataDir: string;
    let home: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'sis-docs-data-'));
      home = mkdtempSync(join(tmpdir(), 'sis-docs-home-'));
      lock = await lockDataFolder(dataDir);
      const signingKey = localPaths(dataDir).signingKey;
      system = await startTestSystem('docs-pages', { auth: LocalAuth.persistent(signingKey) });
      const { runtime } = system;
      lock.update({
        state: 'running',
        apiUrl: runtime.apiUrl,
        awsEndpoint: runtime.awsEndpoint,
        dynamoEndpoint: runtime.dynamoEndpoint,
        tableName: runtime.tableName,
        signingKey,
      });
      pointToSystem(dataDir, process.pid, systemPointer(home));
    });

    afterAll(async () => {
      await system?.stop();
      lock?.release();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    });

    test.each(pages)(
      '$file: every command block prints what the page shows under it',
      async (page) => {
        const blocks = commandBlocks(readFileSync(join(REPO_ROOT, page.file), 'utf8')).filter(
          (block) => !NOT_RUN.has(block.section) && (!page.sections || page.sections.includes(block.section)),
        );
        expect(blocks.length).toBeGreaterThan(0);
        for (const block of blocks) expect(NEVER_RUN.test(block.commands) ? `${page.file}:${block.line}` : 'safe').toBe('safe');
        const { outputs, stderr } = await runBlocks(blocks, system.runtime.apiUrl, home);
        const drifted = blocks
          .map((block, index) => ({ block, output: outputs[index] ?? '(the shell stopped before this block)' }))
          .filter(({ block, output }) => block.shown !== undefined && !matchesShown(output, block.shown, { tail: page.tail }))
          .map(
            ({ block, output }) =>
              `${page.file}:${block.line} (${block.section})\n--- the page shows:\n${block.shown}\n--- it printed:\n${output}`,
          );
        if (drifted.length > 0)
          drifted.push(`--- stderr of the run, its start and end:\n${stderr.slice(0, 3000)}\n…\n${stderr.slice(-2000)}`);
        expect(drifted).toEqual([]);
      },
      180_000,
    );
  });
}
