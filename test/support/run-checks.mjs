// `npm test`: the compiler's and the linters' checks and the format check run beside jest instead of before it (decision 0099).
// jest keeps its normal priority; the static checks run at a lower one, so they take the CPU
// jest leaves while its e2e tests wait on queues and DynamoDB Local, and never slow it down much.
// Each check's output is printed whole once it ends; the exit code is non-zero when any failed.
// Arguments are passed to jest (`npm test -- test/unit` runs the checks and the unit tests).
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

const CHECK_PRIORITY = 10; // nice(1)'s default step

const bin = (name) => new URL(`../../node_modules/.bin/${name}`, import.meta.url).pathname;
const checks = [
  // One TypeScript 7 program (the compiler's native port, decision 0143) for the compiler's diagnostics and the lint
  // rules that need the types (lost promises, .oxlintrc.json, decision 0145): oxlint's --type-check reports what
  // `npm run typecheck` reports, and building the program once instead of twice saves ~13 CPU-seconds (decision 0152).
  // ESLint keeps TypeScript 5.9 for its parser only.
  { name: 'oxlint', command: bin('oxlint'), args: ['--deny-warnings', '--type-check'] },
  { name: 'eslint', command: bin('eslint'), args: ['.'] },
  // oxfmt, Prettier's formatting at a fiftieth of its CPU (.oxfmtrc.json, decision 0146).
  { name: 'oxfmt', command: bin('oxfmt'), args: ['--check'] },
];

const seconds = (since) => `${Math.round((Date.now() - since) / 100) / 10} s`;

function run({ name, command, args }, { background }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: background ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (background) {
      try {
        setPriority(child.pid, CHECK_PRIORITY);
      } catch {
        // Not allowed here (some containers): the check runs at jest's priority.
      }
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => resolve({ name, ok: false, output: `${error.message}\n`, took: seconds(started) }));
    child.on('close', (code) => {
      const result = { name, ok: code === 0, output, took: seconds(started) };
      if (background) process.stdout.write(`\n── ${name}: ${result.ok ? 'passed' : 'FAILED'} in ${result.took}\n${output}`);
      resolve(result);
    });
  });
}

const started = Date.now();
const results = await Promise.all([
  ...checks.map((check) => run(check, { background: true })),
  run({ name: 'jest', command: bin('jest'), args: process.argv.slice(2) }, { background: false }),
]);
const failed = results.filter((result) => !result.ok);
console.log(
  `\n${results.map((result) => `${result.name} ${result.ok ? 'passed' : 'FAILED'} (${result.took})`).join(', ')}; ${seconds(started)} in all`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
