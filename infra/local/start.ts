/**
 * `npm start`: the whole system on this machine, with no AWS account. Data persists under
 * .local/ (LOCAL_DATA_DIR); PORT changes the API port (default 3000). Ctrl-C stops everything.
 */
import { existsSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { LocalAuth } from './local-auth';
import { LOCAL_DATA_DIR, LOCAL_PATHS } from './paths';
import { behind, type BacklogReport } from '../../functions/platform/backlog';
import { startLocalRuntime } from './runtime';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  // A data folder without a database is a new installation: it is told how to load a district.
  const firstStart = !existsSync(LOCAL_PATHS.dynamodb);
  mkdirSync(LOCAL_DATA_DIR, { recursive: true });
  process.stdout.write('Starting DynamoDB Local, the queues, the stream relay, the event bus and the API…\n');
  const runtime = await startLocalRuntime({
    auth: LocalAuth.persistent(LOCAL_PATHS.signingKey),
    port,
    dynamoDataDir: LOCAL_PATHS.dynamodb,
    busArchivePath: LOCAL_PATHS.busArchive,
    outboxDir: LOCAL_PATHS.outbox,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
    // DynamoDB Local is restarted when it dies; when it cannot be, the runtime has stopped itself.
    onFatal: (message) => {
      process.stderr.write(`\nThe local system stopped: ${message}\nStart it again with \`npm start\`.\n`);
      rmSync(LOCAL_PATHS.runtimeInfo, { force: true });
      process.exit(1);
    },
  });
  writeFileSync(
    LOCAL_PATHS.runtimeInfo,
    JSON.stringify(
      {
        apiUrl: runtime.apiUrl,
        awsEndpoint: runtime.awsEndpoint,
        dynamoEndpoint: runtime.dynamoEndpoint,
        tableName: runtime.tableName,
        pid: process.pid,
      },
      null,
      2,
    ),
  );
  const apiUrl = runtime.apiUrl.replace('127.0.0.1', 'localhost');
  process.stdout.write(
    [
      '',
      `  SIS API          ${apiUrl}   (try: curl ${apiUrl}/health)`,
      `  DynamoDB Local   ${runtime.dynamoEndpoint}   table "${runtime.tableName}", data in ${LOCAL_PATHS.dynamodb}`,
      `  SQS/EventBridge  ${runtime.awsEndpoint}   (local emulation)`,
      `  Event archive    ${LOCAL_PATHS.busArchive}`,
      `  Backlog          ${backlogLine(await runtime.backlog())}`,
      `  Family outbox    ${LOCAL_PATHS.outbox} (email and SMS the notifier sent, one JSON line each)`,
      '',
      '  Get a token (any role: district_admin, school_admin, teacher, counselor, nurse, parent):',
      '    export TOKEN=$(npm run -s token -- --role district_admin)',
      '    npm run -s token -- --role school_admin --school <schoolId>',
      '    npm run -s token -- --role parent --guardian-id <guardianId>',
      `  Then: curl -H "Authorization: Bearer $TOKEN" ${apiUrl}/v1/schools`,
      '',
      '  Ctrl-C stops everything; data is kept for the next start.',
      '',
      ...(firstStart
        ? [
            '  The data folder is empty. Load a synthetic district (schools, staff, students, guardians, courses,',
            '  sections) from another terminal with:',
            '    npm run seed                      (300 students, about 4 minutes; --students 5000 for a larger district)',
            '',
          ]
        : []),
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    await runtime.stop();
    rmSync(LOCAL_PATHS.runtimeInfo, { force: true });
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  process.stderr.write(`failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});

/** The start log's backlog line: what /health reports, and whether it is past a threshold. */
function backlogLine(report: BacklogReport): string {
  const queues = Object.entries(report.queueOldestAgeSeconds).map(([queue, age]) => `${queue} ${age} s`);
  const late = behind(report);
  return `relay lag ${report.relayLagSeconds} s; oldest message: ${queues.join(', ')}${late.length > 0 ? ` (behind: ${late.join(', ')})` : ''}`;
}
