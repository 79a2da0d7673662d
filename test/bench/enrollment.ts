/**
 * The first-day burst, measured: N enrollment requests from C concurrent clients against the
 * local HTTP API, processed through the queue; then an audit of the table, and the same number
 * of bare TransactWriteItems of the same shape against the same DynamoDB Local for comparison.
 *
 *   npm run bench:enrollment -- [--requests N] [--concurrency C] [--faults] [--json]
 *
 * --faults: the consumer fails on a random 10% of messages (half before doing the work, half
 * after doing it but before acknowledging it) and 10% of messages are delivered twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { newId } from '../../domain/ids';
import { ensureTable, localDynamoClient, startDynamoLocal } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { ApiClient } from '../support/api';
import { schoolBody, schoolYearBody } from '../support/fixtures';
import { percentile, pool, scanAll } from './support';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    schools: { type: 'string', default: '20' },
    resubmissions: { type: 'string', default: '0.02' },
    faults: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const SCHOOLS = Number(values.schools);
/** Share of families who submit the same child a second time (with another Idempotency-Key). */
const RESUBMISSIONS = Number(values.resubmissions);
const GRADES = ['KG', '01', '02', '03', '04', '05'] as const;

/** Progress goes to stderr, so that with --json the last line of stdout is the JSON. */
const say = (line: string) => {
  process.stderr.write(`${line}\n`);
};

/** A name no other child in the run has: the index in letters. */
function nameOf(index: number): string {
  let name = '';
  let rest = index;
  do {
    name = String.fromCharCode(97 + (rest % 26)) + name;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return `Kid${name}`;
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // On disk (a temporary folder) so that DynamoDB Local's stream records can be indexed; see
  // infra/local/dynamo-local.ts. Both phases run against this one DynamoDB Local.
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const injected = { failedBefore: 0, failedAfter: 0, duplicated: 0 };
  // The baseline's table is created now, while DynamoDB Local is empty: creating a table with
  // GSIs later makes DynamoDB Local run a back-fill job whose cost grows with the whole database.
  const rawTable = 'bench-raw';
  await ensureTable(localDynamoClient(dynamo.endpoint), rawTable);
  const auth = LocalAuth.ephemeral();
  const runtime = await startLocalRuntime({
    auth,
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tableName: 'bench',
    // Failed messages come back after 2 s instead of the production 190 s (in-flight ones keep 190 s).
    retryDelaySeconds: 2,
    ...(values.faults ? { faults: { queue: 'enrollment' as const, failRate: 0.1, duplicateRate: 0.1, injected } } : {}),
  });
  const api = new ApiClient(runtime.apiUrl, auth);
  const admin = api.token('district_admin');
  const parent = api.token('parent');

  say(`Setting up ${SCHOOLS} schools with their 2026-2027 school year…`);
  const schoolIds: string[] = [];
  for (let index = 0; index < SCHOOLS; index += 1) {
    const school = await api.call('POST', '/v1/schools', { token: admin, body: schoolBody({ name: `Bench Elementary ${index}` }) });
    await api.call('POST', `/v1/schools/${school.body.id}/school-years`, { token: admin, body: schoolYearBody() });
    schoolIds.push(school.body.id);
  }
  await runtime.idle();

  say(`Firing ${REQUESTS} enrollment requests with ${CONCURRENCY} concurrent clients${values.faults ? ' (faults on)' : ''}…`);
  const latencies: number[] = [];
  const accepted: string[] = [];
  const errors: Record<string, number> = {};
  const started = Date.now();
  await pool(REQUESTS, CONCURRENCY, async (index) => {
    // A resubmission repeats an earlier child (the family applied twice).
    const child = index > 0 && (index * 7919) % 1000 < RESUBMISSIONS * 1000 ? (index * 31) % index : index;
    const body = {
      kind: 'new',
      schoolId: schoolIds[child % SCHOOLS],
      schoolYear: '2026-2027',
      gradeLevel: GRADES[child % GRADES.length],
      entryDate: '2026-08-24',
      student: { legalName: { first: nameOf(child), last: 'Bench' }, birthDate: '2019-05-10', gender: 'unspecified', homeLanguage: 'en' },
      guardians: [
        {
          guardian: { name: { first: 'Pat', last: `Bench${nameOf(child)}` }, email: 'family@example.com', preferredLanguage: 'en' },
          link: { relationship: 'parent', custody: true, educationalRights: true, livesWith: true },
        },
      ],
    };
    const sent = performance.now();
    const response = await api.call('POST', '/v1/enrollment-requests', {
      token: parent,
      body,
      headers: { 'idempotency-key': `bench-${index}` },
    });
    latencies.push(performance.now() - sent);
    if (response.status === 202) accepted.push(response.body.id);
    else errors[response.status] = (errors[response.status] ?? 0) + 1;
  });
  const intakeSeconds = (Date.now() - started) / 1000;
  const progress = setInterval(() => {
    void runtime.queues
      .stats(runtime.queueNames('enrollment').queue)
      .catch(() => undefined)
      .then((stats) => {
        if (stats)
          say(
            `  … ${Math.round((Date.now() - started) / 1000)} s: ${stats.visible + stats.inFlight + stats.delayed} messages still queued`,
          );
      });
  }, 15_000);
  say(`Intake done in ${intakeSeconds.toFixed(1)} s; waiting for the consumers…`);
  // Every request is settled when the intake queue holds nothing, not even in flight (a message is
  // deleted only once its request is ENROLLED or REJECTED). Then let the event pipeline drain.
  const intakeQueue = runtime.queueNames('enrollment').queue;
  for (;;) {
    const stats = await runtime.queues.stats(intakeQueue);
    if (stats.visible + stats.inFlight + stats.delayed === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const endToEndSeconds = (Date.now() - started) / 1000;
  clearInterval(progress);
  await runtime.idle(30 * 60_000);

  say('Auditing the table…');
  const documents = DynamoDBDocumentClient.from(runtime.dynamoClient);
  const items = await scanAll(documents, runtime.tableName);
  const requests = new Map(items.filter((item) => item.entity === 'enrollmentRequest').map((item) => [String(item.id), item]));
  let enrolled = 0;
  let rejected = 0;
  let lost = 0;
  for (const id of accepted) {
    const status = requests.get(id)?.status;
    if (status === 'ENROLLED') enrolled += 1;
    else if (status === 'REJECTED') rejected += 1;
    else lost += 1;
  }
  const students = items.filter((item) => item.entity === 'student');
  const identities = new Map<string, number>();
  for (const student of students) {
    const data = student.data as { legalName: { first: string; last: string }; birthDate: string };
    const identity = `${data.legalName.last}|${data.legalName.first}|${data.birthDate}`;
    identities.set(identity, (identities.get(identity) ?? 0) + 1);
  }
  const openEnrollments = new Map<string, number>();
  for (const enrollment of items.filter((item) => item.entity === 'enrollment' && item.exitDate === undefined)) {
    const key = `${enrollment.studentId}|${enrollment.schoolYear}`;
    openEnrollments.set(key, (openEnrollments.get(key) ?? 0) + 1);
  }
  const duplicateStudents = [...identities.values()].reduce((sum, count) => sum + count - 1, 0);
  const duplicateEnrollments = [...openEnrollments.values()].reduce((sum, count) => sum + count - 1, 0);
  const duplicated = duplicateStudents + duplicateEnrollments;
  const unenrolledStudents = students.length - openEnrollments.size;
  const seats = items.filter((item) => item.entity === 'gradeCounter').reduce((sum, item) => sum + Number(item.enrolled), 0);
  const deadLetters = await runtime.deadLetters();
  await runtime.stop();

  say(`Measuring ${REQUESTS} bare TransactWriteItems of the same shape, ${CONCURRENCY} at a time…`);
  const raw = DynamoDBDocumentClient.from(localDynamoClient(dynamo.endpoint), { marshallOptions: { removeUndefinedValues: true } });
  const rawStarted = Date.now();
  await pool(REQUESTS, CONCURRENCY, async (index) => {
    const studentId = newId();
    const guardianId = newId();
    const requestId = newId();
    const eventId = newId();
    const schoolId = schoolIds[index % SCHOOLS]!;
    const grade = GRADES[index % GRADES.length]!;
    const student = keys.student(studentId);
    const guardian = keys.guardian(guardianId);
    const link = keys.guardianLink(studentId, guardianId);
    const data = { legalName: { first: nameOf(index), last: 'Raw' }, birthDate: '2019-05-10', schoolId, gradeLevel: grade };
    const put = (key: { pk: string; sk: string }, extra: Record<string, unknown> = {}) => ({
      Put: { TableName: rawTable, Item: { ...key, data, version: 1, ...extra }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    await raw
      .send(
        new TransactWriteCommand({
          TransactItems: [
            put(keys.enrollmentRequest(requestId), { status: 'ENROLLED' }),
            put(student),
            put(keys.history(student, 1)),
            put(keys.districtStudentId(`R${index}`)),
            put(keys.identityClaim('Raw', nameOf(index), '2019-05-10')),
            put(guardian),
            put(keys.history(guardian, 1)),
            put(link),
            put(keys.history(link, 1)),
            put(keys.enrollment(studentId, '2026-2027', requestId)),
            put(keys.activeEnrollment(studentId, '2026-2027')),
            {
              Update: {
                TableName: rawTable,
                Key: keys.gradeCounter(schoolId, '2026-2027', grade),
                UpdateExpression: 'ADD enrolled :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            put(keys.outbox(student, eventId)),
          ],
        }),
      )
      .catch(async (error: Error) => {
        // Counter contention between concurrent transactions: retried, as the consumer's store does.
        if (error.name !== 'TransactionCanceledException') throw error;
      });
  });
  const rawSeconds = (Date.now() - rawStarted) / 1000;

  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  const endToEndPerSec = accepted.length / endToEndSeconds;
  const rawPerSec = REQUESTS / rawSeconds;
  const result = {
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    faults: values.faults,
    accepted: accepted.length,
    enrolled,
    rejected,
    lost,
    duplicated,
    duplicateStudents,
    duplicateEnrollments,
    unenrolledStudents,
    seatsCounted: seats,
    intakeErrors: errors,
    ...(values.faults ? { faultsInjected: injected } : {}),
    deadLetters,
    intakeP50Ms: Number(percentile(latencies, 50).toFixed(1)),
    intakeP95Ms: Number(percentile(latencies, 95).toFixed(1)),
    intakeP99Ms: Number(percentile(latencies, 99).toFixed(1)),
    intakePerSec: Number((REQUESTS / intakeSeconds).toFixed(1)),
    endToEndSeconds: Number(endToEndSeconds.toFixed(1)),
    endToEndPerSec: Number(endToEndPerSec.toFixed(1)),
    rawPerSec: Number(rawPerSec.toFixed(1)),
    ratio: Number((endToEndPerSec / rawPerSec).toFixed(3)),
  };

  const print = (line: string) => process.stdout.write(`${line}\n`);
  print('');
  print(
    `Enrollment burst — ${REQUESTS} requests, ${CONCURRENCY} clients${values.faults ? ', faults: 10% consumer failures + 10% duplicate deliveries' : ''}`,
  );
  const rows: [string, string][] = [
    ['accepted (202)', String(result.accepted)],
    ['enrolled', String(enrolled)],
    ['rejected (possible duplicates)', String(rejected)],
    ['lost (accepted, never settled)', String(lost)],
    ['duplicated (students or enrollments twice)', String(duplicated)],
    ['students without an enrollment', String(unenrolledStudents)],
    ['seats counted / open enrollments', `${seats} / ${openEnrollments.size}`],
    ['intake errors', JSON.stringify(errors)],
    ...(values.faults
      ? ([
          [
            'faults injected',
            `${injected.failedBefore} failed before the work, ${injected.failedAfter} after it, ${injected.duplicated} messages sent twice`,
          ],
        ] as [string, string][])
      : []),
    ['dead letters', JSON.stringify(deadLetters)],
    ['intake latency p50 / p95 / p99', `${result.intakeP50Ms} / ${result.intakeP95Ms} / ${result.intakeP99Ms} ms`],
    ['intake throughput', `${result.intakePerSec} req/s`],
    ['end-to-end throughput (submitted → settled)', `${result.endToEndPerSec} req/s (${result.endToEndSeconds} s)`],
    ['bare TransactWriteItems, same shape', `${result.rawPerSec} tx/s`],
    ['ratio end-to-end / bare', String(result.ratio)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) print(`  ${label.padEnd(width)}  ${value}`);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = lost === 0 && duplicated === 0 && seats === openEnrollments.size ? 0 : 1;
}

main().catch((error: Error) => {
  process.stderr.write(`benchmark failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
