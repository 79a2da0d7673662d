/**
 * `npm start`: the whole system on this machine, with no AWS account. One system per data folder
 * (system-lock.ts); where it runs is recorded for the tools (local-system.ts); Ctrl-C, SIGTERM,
 * SIGHUP, or the end of the process that started it stop everything it started, DynamoDB Local
 * last (decision 0102).
 */
import { existsSync } from 'node:fs';
import { defineTool } from '../ops/tool-cli';
import { LocalAuth } from './local-auth';
import { pointToSystem, removePointer } from './local-system';
import { LOCAL_DATA_DIR, localPaths } from './paths';
import { startLocalRuntime, type LocalRuntime } from './runtime';
import { FolderInUse, lockDataFolder, type DataFolderLock } from './system-lock';

const cli = defineTool({
  script: 'start',
  summary:
    'Runs the whole system on this machine: DynamoDB Local, the HTTP API (API Gateway and its JWT authorizer emulated), the SQS ' +
    'queues and their consumers, the DynamoDB stream relay and the event bus. Data is kept between runs; Ctrl-C stops everything.',
  options: {},
  notes: [
    'Environment:',
    '  PORT=<port>             the API port (default 3000; 0 picks a free one)',
    '  LOCAL_DATA_DIR=<folder> where the data goes (default .local/ in this repository); one system per folder',
    '',
    'In a second terminal, the tools (token, seed, oneroster:*, redrive, replay, schedule) find this system',
    'by themselves, whatever its port and folder. `npm run help` lists every command.',
  ],
  examples: ['npm start', 'PORT=3999 LOCAL_DATA_DIR=/tmp/sis npm start'],
});

/** A stop that takes longer than this (a consumer stuck in a batch) is cut short. */
const STOP_LIMIT_MS = 15_000;
import { behind, type BacklogReport } from '../../functions/platform/backlog';

async function main(): Promise<void> {
  cli.parse();
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) cli.fail(`PORT=${process.env.PORT} is not a port number`);
  const paths = localPaths(LOCAL_DATA_DIR);
  const firstStart = !existsSync(paths.dynamodb);

  let lock: DataFolderLock;
  try {
    lock = await lockDataFolder(LOCAL_DATA_DIR, { port });
  } catch (error) {
    if (!(error instanceof FolderInUse)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  let runtime: LocalRuntime | undefined;
  let started: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | undefined;
  // Whatever ends this process, nothing it started outlives it: a last, synchronous word to DynamoDB Local.
  process.on('exit', () => {
    const javaPid = runtime?.dynamoLocal?.pid;
    if (javaPid !== undefined) {
      try {
        process.kill(javaPid, 'SIGTERM');
      } catch {
        // gone already
      }
    }
    removePointer(process.pid);
    lock.release();
  });
  const stop = (why: string, code = 0) => {
    if (stopping) {
      process.stdout.write(`\n${why} again: stopping now.\n`);
      process.exit(code || 130);
    }
    process.stdout.write(`\n${why}: stopping${runtime ? '' : ' as soon as it has started'}…\n`);
    lock.update({ state: 'stopping' });
    removePointer(process.pid);
    stopping = (async () => {
      const limit = setTimeout(() => {
        process.stderr.write(
          `The stop took more than ${STOP_LIMIT_MS / 1000} s; ending it now (the messages of a batch cut short are delivered again at the next start).\n`,
        );
        process.exit(1);
      }, STOP_LIMIT_MS).unref();
      await started;
      await runtime?.stop();
      clearTimeout(limit);
      process.stdout.write('Stopped: the API, the queues, the stream relay, the bus and DynamoDB Local.\n');
      process.exit(code);
    })();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  // SIGTERM to `npm start` reaches the shell npm runs, not this process, and the shell dies; this
  // process is then orphaned (its parent changes). A process manager's stop must stop it too.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(orphaned);
    if (!stopping) stop('the process that started it (npm) ended');
  }, 1_000).unref();
  // Once the terminal is closed, what is written has nowhere to go: that must not stop the stop.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  process.stdout.write('Starting DynamoDB Local, the queues, the stream relay, the event bus and the API…\n');
  started = startLocalRuntime({
    auth: LocalAuth.persistent(paths.signingKey),
    port,
    dynamoDataDir: paths.dynamodb,
    dynamoOwnProcessGroup: true,
    busArchivePath: paths.busArchive,
    outboxDir: paths.outbox,
    fieldKeyFile: paths.fieldKey,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
    // DynamoDB Local is restarted when it dies; when it cannot be, the runtime has stopped itself.
    onFatal: (message) => {
      process.stderr.write(`\nThe local system stopped: ${message}\nStart it again with \`npm start\`.\n`);
      process.exit(1);
    },
  }).then(
    (value) => {
      runtime = value;
    },
    (error: Error & { code?: string }) => {
      const reason =
        error.code === 'EADDRINUSE' ? `port ${port} is taken by another program: choose another with PORT=<port> npm start` : error.message;
      process.stderr.write(`The local system could not start: ${reason}\n`);
      process.exit(1);
    },
  );
  await started;
  if (stopping || !runtime) return;

  const apiUrl = runtime.apiUrl.replace('127.0.0.1', 'localhost');
  lock.update({
    state: 'running',
    apiUrl: runtime.apiUrl,
    awsEndpoint: runtime.awsEndpoint,
    dynamoEndpoint: runtime.dynamoEndpoint,
    tableName: runtime.tableName,
    signingKey: paths.signingKey,
  });
  pointToSystem(LOCAL_DATA_DIR, process.pid);
  process.stdout.write(readyLines(apiUrl, runtime, firstStart, await runtime.backlog()));
}

/** What a newcomer pastes next. */
function readyLines(apiUrl: string, runtime: LocalRuntime, firstStart: boolean, backlog: BacklogReport): string {
  const paths = localPaths(LOCAL_DATA_DIR);
  return [
    '',
    `  Ready: the SIS API is at ${apiUrl} (process ${process.pid}, data in ${LOCAL_DATA_DIR}).`,
    '',
    '  In a second terminal, in this folder (the tools find this system; no variable needed):',
    `    API=${apiUrl}`,
    '    export TOKEN=$(npm run -s token -- --role district_admin)',
    '    curl -H "Authorization: Bearer $TOKEN" $API/v1/schools',
    '',
    `  API reference    ${apiUrl}/docs`,
    `  Load a district  npm run seed -- --students 20   (a small one; the default 300 take about 5 minutes)`,
    '  Other roles      npm run -s token -- --help',
    '  Every command    npm run help',
    '',
    `  DynamoDB Local   ${runtime.dynamoEndpoint}   table "${runtime.tableName}", data in ${paths.dynamodb}`,
    `  SQS/EventBridge  ${runtime.awsEndpoint}   (local emulation)`,
    `  Event archive    ${paths.busArchive}`,
    `  Family outbox    ${paths.outbox} (email and SMS the notifier sent, one JSON line each)`,
    `  Backlog          ${backlogLine(backlog)}   (also on ${apiUrl}/health)`,
    '',
    '  Ctrl-C stops everything, DynamoDB Local included; the data is kept for the next start.',
    ...(firstStart
      ? ['', '  The data folder is new and empty: load a district with `npm run seed` (see above), or follow docs/walkthrough.md.']
      : []),
    '',
    '',
  ].join('\n');
}

/** The start log's backlog line: what /health reports, and whether it is past a threshold. */
function backlogLine(report: BacklogReport): string {
  const queues = Object.entries(report.queueOldestAgeSeconds).map(([queue, age]) => `${queue} ${age} s`);
  const late = behind(report);
  return `relay lag ${report.relayLagSeconds} s; oldest message: ${queues.join(', ')}${late.length > 0 ? ` (behind: ${late.join(', ')})` : ''}`;
}

main().catch((error: Error) => {
  process.stderr.write(`npm start failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
