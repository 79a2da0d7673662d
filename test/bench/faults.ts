/**
 * The first day under faults: a burst of enrollment requests, attendance submissions and score
 * posts against the local runtime while
 *
 * - 10% of the functions' DynamoDB calls are throttled (retried by the SDK; a call throttled on
 *   every attempt reaches the code, which answers 5xx or fails the message, never half-writes),
 * - the enrollment consumer crashes on 10% of messages (half before, half after its work) and 10%
 *   of its messages are delivered twice,
 * - the stream relay fails 5% of its invocations, and is down altogether for 40 s (its records
 *   go to the on-failure queue, replayed at the end with `replayStreamFailures`, as `npm run replay` does),
 * - 5% of the bus's deliveries to rule targets fail (EventBridge retries them with backoff under
 *   the stack's retry policy, and dead-letters what still fails),
 * - the whole local runtime is stopped and started again mid-burst.
 *
 * Clients retry a 5xx or a refused connection with the same Idempotency-Key, as the API advises.
 * After it drains it audits the table: `lost` (accepted work not in the table, events not in the
 * audit trail), `duplicated` (a child enrolled twice, marks or scores with no request behind them)
 * and `recountMismatches` (seat counters and attendance counters against a recount).
 *
 *   npm run bench:faults -- [--enrollments N] [--sections N] [--students N] [--days N] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dailyStatus, dayCounts, yearCounts, YEAR_COUNT_FIELDS } from '../../domain/attendance/daily';
import { DISTRICT_ATTENDANCE_RULE } from '../../domain/attendance/rule';
import { newId } from '../../domain/ids';
import { EventBridgePublisher } from '../../functions/platform/event-bridge-publisher';
import { toStudentDay } from '../../functions/use-cases/attendance/student-days';
import { freePort, LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient, startDynamoLocal } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import type { TargetFaults } from '../../infra/local/event-bus';
import { startLocalRuntime, type LocalRuntime, type RelayFaults } from '../../infra/local/runtime';
import { replayStreamFailures } from '../../infra/ops/replay';
import { ApiClient, type CallOptions } from '../support/api';
import { staffBody } from '../support/fixtures';
import { createHighSchool, seedRosters } from './district';
import { benchArgs, pool, scanAll, settle } from './support';
import { injectThrottling, type Throttling } from './throttle';

const args = benchArgs({ enrollments: 120, sections: 6, students: 25, days: 2, concurrency: 16 });
const ENROLLMENTS = args.enrollments;
const SECTIONS = args.sections;
const ROSTER = args.students;
const DAYS = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-08'].slice(0, args.days);
const CONCURRENCY = args.concurrency;
const YEAR = '2026-2027';
const TABLE = 'bench';
const CODES = ['P', 'P', 'P', 'P', 'P', 'P', 'A', 'T', 'P', 'AE'];
const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-faults-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const auth = LocalAuth.ephemeral();
  const throttling: Throttling = { rate: 0.1, on: false, injected: 0 };
  injectThrottling(TABLE, throttling);
  const consumerFaults = { failedBefore: 0, failedAfter: 0, duplicated: 0 };
  const relayFaults: RelayFaults = { failing: false, failRate: 0.05, injected: { relayFailed: 0 } };
  const targetFaults: TargetFaults = { failRate: 0.05, injected: { targetFailed: 0 } };
  // One AWS endpoint port for both runs: the functions' clients keep the queue and bus URLs they started with.
  const awsPort = await freePort();
  const start = () =>
    startLocalRuntime({
      awsPort,
      auth,
      port: 0,
      dynamoEndpoint: dynamo.endpoint,
      tableName: TABLE,
      retryDelaySeconds: 2,
      schedules: 'manual',
      faults: { queue: 'enrollment', failRate: 0.1, duplicateRate: 0.1, injected: consumerFaults },
      relayFaults,
      targetFaults,
    });
  let runtime: LocalRuntime = await start();
  let client = new ApiClient(runtime.apiUrl, auth);
  let restarts = 0;
  let retries = 0;
  /** A client that retries a 5xx or a refused connection (the runtime restarting) with the same request. */
  let restarting: Promise<void> | undefined;
  const reported = new Set<string>();
  const call = async (method: string, path: string, options: CallOptions = {}) => {
    for (let attempt = 0; ; attempt += 1) {
      // While the runtime restarts nobody gets through (a refused connection); clients wait and retry.
      if (restarting) await restarting;
      try {
        const answer = await client.call(method, path, options);
        if (answer.status < 500 || attempt >= 12) {
          if (answer.status >= 400 && !reported.has(`${method} ${answer.status}`)) {
            reported.add(`${method} ${answer.status}`);
            say(`  ${method} ${path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
          }
          return answer;
        }
      } catch (error) {
        if (attempt >= 12) throw error;
      }
      retries += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random())));
    }
  };
  const admin = client.token('district_admin');
  const documents = DynamoDBDocumentClient.from(localDynamoClient(dynamo.endpoint), { marshallOptions: { removeUndefinedValues: true } });

  say(`Setting up a school, ${SECTIONS} sections of ${ROSTER} students with a teacher and a gradebook each…`);
  const schoolId = await createHighSchool({ token: client.token.bind(client), call }, 'Faults High');
  const course = await call('POST', `/v1/schools/${schoolId}/courses`, {
    token: admin,
    body: { code: 'F1', title: 'Faults 101', subject: 'electives', gradeLevels: ['09', '10', '11', '12'], credits: 1 },
  });
  const sections: { sectionId: string; teacher: string; studentIds: string[]; assignmentId: string }[] = [];
  await pool(SECTIONS, 4, async (index) => {
    const teacher = await call('POST', '/v1/staff', {
      token: admin,
      body: staffBody([schoolId], { name: { first: 'Teacher', last: `Faults${'abcdefghijklmnop'[index % 16]}` } }),
    });
    const section = await call('POST', `/v1/schools/${schoolId}/sections`, {
      token: admin,
      body: {
        courseId: course.body.id,
        schoolYear: YEAR,
        termCode: 'S1',
        sectionNumber: String(index + 1).padStart(2, '0'),
        meetings: [{ period: 'P1', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
        teachers: [{ staffId: teacher.body.id, role: 'primary' }],
      },
    });
    if (section.status !== 201) throw new Error(`section ${index}: ${JSON.stringify(section.body)}`);
    sections[index] = {
      sectionId: section.body.id,
      teacher: teacher.body.id,
      studentIds: Array.from({ length: ROSTER }, () => newId()),
      assignmentId: '',
    };
  });
  // The rosters, seeded as the assignment's transaction leaves them (scheduling has its own benchmark).
  await seedRosters(documents, TABLE, schoolId, sections);
  const tokenOf = (section: (typeof sections)[number]) => client.token('teacher', { staffId: section.teacher, schoolIds: [schoolId] });
  for (const section of sections) {
    const token = tokenOf(section);
    const settings = await call('PUT', `/v1/sections/${section.sectionId}/gradebook/settings`, {
      token,
      body: { mode: 'weighted', categories: [{ id: 'hw', name: 'Homework', weight: 100 }], missingCountsAsZero: true },
    });
    if (settings.status !== 200) throw new Error(`settings: ${JSON.stringify(settings.body)}`);
    const assignment = await call('POST', `/v1/sections/${section.sectionId}/gradebook/assignments`, {
      token,
      body: { title: 'Week 1', categoryId: 'hw', assignedDate: '2026-09-01', dueDate: '2026-09-08', maxPoints: 10, published: true },
    });
    if (assignment.status !== 201) throw new Error(`assignment: ${JSON.stringify(assignment.body)}`);
    section.assignmentId = assignment.body.assignmentId;
  }
  await settle(runtime);

  // The burst: every request with its own Idempotency-Key, in a mixed order.
  type Work = { kind: 'enrollment' | 'attendance' | 'scores'; run: () => Promise<number> };
  const work: Work[] = [];
  const parent = client.token('parent');
  const acceptedEnrollments: string[] = [];
  for (let index = 0; index < ENROLLMENTS; index += 1) {
    work.push({
      kind: 'enrollment',
      run: async () => {
        const answer = await call('POST', '/v1/enrollment-requests', {
          token: parent,
          headers: { 'idempotency-key': `faults-enroll-${index}` },
          body: {
            kind: 'new',
            schoolId,
            schoolYear: YEAR,
            gradeLevel: ['09', '10', '11', '12'][index % 4],
            entryDate: '2026-08-24',
            student: {
              legalName: { first: `Kid${index.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!)}`, last: 'Faults' },
              birthDate: '2011-05-10',
              gender: 'unspecified',
              homeLanguage: 'en',
            },
            guardians: [
              {
                guardian: { name: { first: 'Pat', last: `Faults${index}` }, preferredLanguage: 'en' },
                link: { relationship: 'parent', custody: true, educationalRights: true, livesWith: true },
              },
            ],
          },
        });
        if (answer.status === 202) acceptedEnrollments.push(answer.body.statusUrl);
        return answer.status;
      },
    });
  }
  const expectedMarks = new Map<string, string>(); // section|date|student → code
  const expectedScores = new Map<string, number>(); // section|student → points
  sections.forEach((section, sectionIndex) => {
    DAYS.forEach((date, dayIndex) => {
      const marks = section.studentIds.map((studentId, position) => ({
        studentId,
        code: CODES[(position + sectionIndex + dayIndex * 3) % CODES.length]!,
        ...(CODES[(position + sectionIndex + dayIndex * 3) % CODES.length] === 'T' ? { minutesLate: 5 } : {}),
      }));
      work.push({
        kind: 'attendance',
        run: async () => {
          const answer = await call('PUT', `/v1/sections/${section.sectionId}/attendance/${date}`, {
            token: tokenOf(section),
            headers: { 'idempotency-key': `faults-att-${sectionIndex}-${date}` },
            body: { marks },
          });
          if (answer.status === 200)
            for (const mark of marks) expectedMarks.set(`${section.sectionId}|${date}|${mark.studentId}`, mark.code);
          return answer.status;
        },
      });
    });
    const scores = section.studentIds.map((studentId, position) => ({ studentId, points: (position * 7 + sectionIndex) % 11 }));
    work.push({
      kind: 'scores',
      run: async () => {
        const answer = await call('PUT', `/v1/sections/${section.sectionId}/assignments/${section.assignmentId}/scores`, {
          token: tokenOf(section),
          headers: { 'idempotency-key': `faults-scores-${sectionIndex}` },
          body: { scores },
        });
        if (answer.status === 200) for (const score of scores) expectedScores.set(`${section.sectionId}|${score.studentId}`, score.points);
        return answer.status;
      },
    });
  });
  for (let index = work.length - 1; index > 0; index -= 1) {
    const other = (index * 7919) % (index + 1);
    [work[index], work[other]] = [work[other]!, work[index]!];
  }

  say(
    `Firing ${work.length} requests (${ENROLLMENTS} enrollments, ${SECTIONS * DAYS.length} attendance submissions, ${SECTIONS} score posts) with faults on…`,
  );
  throttling.on = true;
  const statuses: Record<string, number> = {};
  let done = 0;
  const started = Date.now();
  await pool(work.length, CONCURRENCY, async (index) => {
    const status = await work[index]!.run();
    statuses[`${work[index]!.kind} ${status}`] = (statuses[`${work[index]!.kind} ${status}`] ?? 0) + 1;
    done += 1;
    if (done === Math.floor(work.length / 4)) {
      say('  the stream relay goes down for 40 s…');
      relayFaults.failing = true;
      setTimeout(() => (relayFaults.failing = false), 40_000).unref();
    }
    if (done === Math.floor(work.length / 2)) {
      say('  restarting the whole local runtime…');
      restarts += 1;
      restarting = (async () => {
        await runtime.stop();
        runtime = await start();
        client = new ApiClient(runtime.apiUrl, auth);
      })();
      await restarting;
      restarting = undefined;
    }
  });
  const burstSeconds = (Date.now() - started) / 1000;
  say('Draining (faults stay on)…');
  await settle(runtime);
  relayFaults.failing = false;
  throttling.on = false;
  // What the relay gave up on during its outage: replayed, as `npm run replay -- --stream-failures` does.
  const local = { endpoint: runtime.awsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const replay = await replayStreamFailures(
    documents,
    TABLE,
    new EventBridgePublisher(`${TABLE}-bus`, new EventBridgeClient(local)),
    {
      sqs: new SQSClient(local),
      queueUrl: `${runtime.awsEndpoint}/000000000000/${TABLE}-stream-failures`,
    },
    { marginMs: 5 * 60_000 },
  );
  await settle(runtime);
  // The enrollment DLQ's FAILED requests (throttled past every retry) are redriven as an operator would.
  const deadLetters = await runtime.deadLetters();

  say('Auditing the table…');
  const items = await scanAll(documents, TABLE);
  let lost = 0;
  let duplicated = 0;
  let recountMismatches = 0;
  // Enrollments: every accepted request settled ENROLLED, each child once.
  const requests = items.filter((item) => item.entity === 'enrollmentRequest');
  const enrolled = requests.filter((item) => item.status === 'ENROLLED').length;
  lost += acceptedEnrollments.length - enrolled;
  const students = items.filter((item) => item.entity === 'student');
  const byName = new Map<string, number>();
  for (const student of students) {
    const name = JSON.stringify((student.data as { legalName?: unknown }).legalName);
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }
  duplicated += [...byName.values()].reduce((sum, count) => sum + count - 1, 0);
  // Seats: each grade's counter against the active enrollments.
  const active = items.filter((item) => item.entity === 'activeEnrollment');
  for (const counter of items.filter((item) => item.entity === 'gradeCounter')) {
    const grade = String(counter.sk).split('#').pop();
    if (Number(counter.enrolled ?? 0) !== active.filter((item) => item.schoolId === schoolId && item.gradeLevel === grade).length)
      recountMismatches += 1;
  }
  // Attendance: every mark of an answered submission in its section's day and its student's day, nothing else.
  const sectionDays = items.filter((item) => item.entity === 'sectionAttendance' && String(item.sk).startsWith('ATTENDANCE#'));
  const studentDays = items.filter((item) => item.entity === 'studentAttendanceDay').map(toStudentDay);
  const storedMarks = new Map<string, string>();
  for (const record of sectionDays) {
    const date = String(record.sk).slice('ATTENDANCE#'.length);
    const sectionId = String(record.pk).slice('SECTION#'.length);
    for (const [studentId, mark] of Object.entries((record.data as { marks?: Record<string, { code: string }> }).marks ?? {}))
      storedMarks.set(`${sectionId}|${date}|${studentId}`, mark.code);
  }
  for (const [key, code] of expectedMarks) if (storedMarks.get(key) !== code) lost += 1;
  duplicated += [...storedMarks.keys()].filter((key) => !expectedMarks.has(key)).length;
  for (const day of studentDays) {
    for (const [sectionId, mark] of Object.entries(day.marks))
      if (expectedMarks.get(`${sectionId}|${day.date}|${day.studentId}`) !== mark.code) duplicated += 1;
  }
  const yearItems = new Map(items.filter((item) => item.entity === 'attendanceYear').map((item) => [String(item.studentId), item]));
  const daysOf = new Map<string, typeof studentDays>();
  for (const day of studentDays) daysOf.set(day.studentId, [...(daysOf.get(day.studentId) ?? []), day]);
  for (const [studentId, days] of daysOf) {
    const recount = days.map((day) => yearCounts(dailyStatus(Object.values(day.marks), day.office, DISTRICT_ATTENDANCE_RULE)));
    const stored = yearItems.get(studentId);
    if (YEAR_COUNT_FIELDS.some((field) => Number(stored?.[field] ?? 0) !== recount.reduce((sum, counts) => sum + counts[field], 0)))
      recountMismatches += 1;
  }
  for (const date of DAYS) {
    const shards = items.filter((item) => item.entity === 'attendanceDayCounter' && String(item.sk).startsWith(`${date}#`));
    const stored = { students: 0, attended: 0, absent: 0 };
    for (const shard of shards) for (const field of ['students', 'attended', 'absent'] as const) stored[field] += Number(shard[field] ?? 0);
    const recount = { students: 0, attended: 0, absent: 0 };
    for (const day of studentDays.filter((candidate) => candidate.date === date)) {
      const counts = dayCounts(dailyStatus(Object.values(day.marks), day.office, DISTRICT_ATTENDANCE_RULE));
      for (const field of ['students', 'attended', 'absent'] as const) recount[field] += counts[field];
    }
    for (const field of ['students', 'attended', 'absent'] as const) if (stored[field] !== recount[field]) recountMismatches += 1;
  }
  // Scores: every posted score stored once.
  const storedScores = new Map<string, number>();
  for (const item of items.filter((candidate) => candidate.entity === 'score')) {
    const data = item.data as { sectionId: string; studentId: string; points?: number };
    const key = `${data.sectionId}|${data.studentId}`;
    if (storedScores.has(key)) duplicated += 1;
    storedScores.set(key, Number(data.points));
  }
  for (const [key, points] of expectedScores) if (storedScores.get(key) !== points) lost += 1;
  duplicated += [...storedScores.keys()].filter((key) => !expectedScores.has(key)).length;
  // Events: every outbox event filed in the audit trail.
  const filed = new Set(items.filter((item) => item.entity === 'activity').map((item) => String(item.eventId)));
  const events = items.filter((item) => item.entity === 'outbox');
  const eventsLost = events.filter((item) => !filed.has(String(item.eventId))).length;
  lost += eventsLost;

  const faultsInjected =
    throttling.injected +
    consumerFaults.failedBefore +
    consumerFaults.failedAfter +
    consumerFaults.duplicated +
    relayFaults.injected!.relayFailed +
    targetFaults.injected!.targetFailed +
    restarts;
  const summary = {
    requests: work.length,
    enrollments: ENROLLMENTS,
    attendanceSubmissions: SECTIONS * DAYS.length,
    scorePosts: SECTIONS,
    burstSeconds: Math.round(burstSeconds),
    statuses,
    clientRetries: retries,
    throttled: throttling.injected,
    consumerCrashes: consumerFaults.failedBefore + consumerFaults.failedAfter,
    duplicateDeliveries: consumerFaults.duplicated,
    relayFailures: relayFaults.injected!.relayFailed,
    targetFailures: targetFaults.injected!.targetFailed,
    restarts,
    eventsReplayed: replay.published,
    events: events.length,
    deadLetters,
    faultsInjected,
    lost,
    duplicated,
    recountMismatches,
  };
  const rows: [string, string | number][] = [
    [
      'requests (enrollments / attendance / score posts)',
      `${work.length} (${ENROLLMENTS} / ${summary.attendanceSubmissions} / ${SECTIONS})`,
    ],
    ['burst', `${summary.burstSeconds} s, ${retries} client retries after a 5xx or a refused connection`],
    ['final answers', JSON.stringify(statuses)],
    ['DynamoDB calls throttled (10%)', throttling.injected],
    ['consumer crashes / duplicate deliveries', `${summary.consumerCrashes} / ${summary.duplicateDeliveries}`],
    ['relay failures (5% + a 40 s outage) / events replayed', `${summary.relayFailures} / ${replay.published}`],
    ['EventBridge target deliveries failed (5%, retried)', summary.targetFailures],
    ['runtime restarts', restarts],
    ['events (outbox) / lost from the audit trail', `${events.length} / ${eventsLost}`],
    ['dead letters left', JSON.stringify(deadLetters)],
    ['faultsInjected', faultsInjected],
    ['lost / duplicated / recountMismatches', `${lost} / ${duplicated} / ${recountMismatches}`],
  ];
  process.stdout.write(`| figure | value |\n|---|---|\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  await runtime.stop();
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (lost + duplicated + recountMismatches > 0) process.exitCode = 1;
}

main().catch((error: Error) => {
  process.stderr.write(`bench:faults failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
