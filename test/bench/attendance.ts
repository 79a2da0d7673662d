/**
 * Attendance benchmark on the local runtime: a school's first period. 125 sections of 30 students
 * (one teacher each) submit their whole roster at once, then the same again as corrections of 10%
 * of the marks (with X-Change-Reason), then the final rosters once more (idempotent: nothing
 * written). Prints submissions per second, latency percentiles, DynamoDB calls and write units per
 * submission, and an audit of the table against a recount from the marks.
 *
 *   npm run bench:attendance -- [--sections N] [--students N] [--json]
 *
 * Sections, teachers and the calendar are made through the API; the rosters are seeded straight
 * into the table (enrollment and assignment have their own benchmarks).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dailyStatus, dayCounts, sameStatus, summarizeDays, yearCounts, YEAR_COUNT_FIELDS } from '../../domain/attendance/daily';
import { DISTRICT_ATTENDANCE_RULE } from '../../domain/attendance/rule';
import { newId } from '../../domain/ids';
import { keys } from '../../domain/keys';
import { dynamoCalls, dynamoConsumed } from '../../functions/platform/aws-clients';
import { toStudentDay } from '../../functions/use-cases/attendance/student-days';
import { startDynamoLocal, localDynamoClient } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { ApiClient } from '../support/api';
import { staffBody } from '../support/fixtures';
import { createHighSchool, seedRosters } from './district';
import { captureSubmissionTransactions, replayBare } from './bare';
import { benchArgs, percentile, pool, scanAll, settle, totalCalls } from './support';

const args = benchArgs({ sections: 125, students: 30 });
const SECTIONS = args.sections;
const ROSTER = args.students;
const YEAR = '2026-2027';
const DAY = '2026-09-02'; // a Wednesday of the fixture calendar
const say = (line: string) => process.stderr.write(`${line}\n`);

const callsOf = (names: readonly string[]) => names.reduce((sum, name) => sum + (dynamoCalls[`${name}Command`] ?? 0), 0);
/** The commands a submission makes (the audit consumer's writes go through TransactWriteItems too, so the burst figure includes some of them). */
const SUBMISSION_COMMANDS = ['BatchGetItem', 'Query', 'GetItem', 'TransactWriteItems'];

/** A first-period roster: mostly present, some absent (excused or not), a few late. */
function firstMarks(studentIds: readonly string[], section: number): { studentId: string; code: string; minutesLate?: number }[] {
  return studentIds.map((studentId, index) => {
    const roll = (section * 31 + index * 17) % 100;
    if (roll < 6) return { studentId, code: 'A' };
    if (roll < 9) return { studentId, code: 'AE' };
    if (roll < 13) return { studentId, code: 'T', minutesLate: 5 + (roll % 10) };
    return { studentId, code: 'P' };
  });
}

/** Corrections of 10% of the marks: absent → excused, late → present, present → absent. */
function corrected(marks: ReturnType<typeof firstMarks>): ReturnType<typeof firstMarks> {
  const count = Math.max(1, Math.round(marks.length / 10));
  return marks.map((mark, index) => {
    if (index % Math.floor(marks.length / count) !== 0 || index / Math.floor(marks.length / count) >= count) return mark;
    if (mark.code === 'A') return { studentId: mark.studentId, code: 'AE' };
    if (mark.code === 'T') return { studentId: mark.studentId, code: 'P' };
    if (mark.code === 'AE') return { studentId: mark.studentId, code: 'A' };
    return { studentId: mark.studentId, code: 'A' };
  });
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.SIS_COUNT_DYNAMODB_CALLS = '1';
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-attendance-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const auth = LocalAuth.ephemeral();
  const runtime = await startLocalRuntime({ auth, port: 0, dynamoEndpoint: dynamo.endpoint, tableName: 'bench', retryDelaySeconds: 2 });
  const api = new ApiClient(runtime.apiUrl, auth);
  const admin = api.token('district_admin');
  const documents = DynamoDBDocumentClient.from(localDynamoClient(dynamo.endpoint), {
    marshallOptions: { removeUndefinedValues: true },
  });

  say(`A school's first period: ${SECTIONS} sections of ${ROSTER} students, one teacher each…`);
  const schoolId = await createHighSchool(api, 'Bench High');
  const courseCount = Math.max(1, Math.ceil(SECTIONS / 5));
  const courseIds: string[] = [];
  for (let index = 0; index < courseCount; index += 1) {
    const course = await api.call('POST', `/v1/schools/${schoolId}/courses`, {
      token: admin,
      body: { code: `C${index}`, title: `Course ${index}`, subject: 'electives', gradeLevels: ['09', '10', '11', '12'], credits: 1 },
    });
    courseIds.push(course.body.id);
  }
  // Two more sections than measured: one warms the function instance's caches (school year, code
  // table) as the first class of the day would, one is the probe that counts a warm submission's calls alone.
  const sections: { sectionId: string; token: string; studentIds: string[] }[] = [];
  await pool(SECTIONS + 2, 8, async (index) => {
    const teacher = await api.call('POST', '/v1/staff', {
      token: admin,
      body: staffBody([schoolId], { name: { first: `Teacher`, last: `Number${'abcdefghij'[index % 10]}${index}` } }),
    });
    if (teacher.status !== 201) throw new Error(`teacher ${index}: ${JSON.stringify(teacher.body)}`);
    const section = await api.call('POST', `/v1/schools/${schoolId}/sections`, {
      token: admin,
      body: {
        courseId: courseIds[index % courseCount],
        schoolYear: YEAR,
        termCode: 'S1',
        sectionNumber: String(Math.floor(index / courseCount) + 1).padStart(2, '0'),
        meetings: [{ period: 'P1', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
        teachers: [{ staffId: teacher.body.id, role: 'primary' }],
      },
    });
    if (section.status !== 201) throw new Error(`section ${index}: ${JSON.stringify(section.body)}`);
    sections[index] = {
      sectionId: section.body.id,
      token: api.token('teacher', { staffId: teacher.body.id, schoolIds: [schoolId] }),
      studentIds: Array.from({ length: ROSTER }, () => newId()),
    };
  });
  // The rosters, as the assignment's transaction leaves them (a live roster entry per student).
  const at = new Date().toISOString(); // also the seeded students' profiles' (below)
  await seedRosters(documents, runtime.tableName, schoolId, sections);
  const probe = sections.pop()!;
  const warm = sections.pop()!;

  const expected = new Map<string, Map<string, string>>(); // sectionId → studentId → code
  const submit = async (
    phase: string,
    rosters: { sectionId: string; token: string; marks: ReturnType<typeof firstMarks> }[],
    headers: Record<string, string> = {},
  ) => {
    await settle(runtime);
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const callsBefore = totalCalls();
    const submissionCallsBefore = callsOf(SUBMISSION_COMMANDS);
    const writeUnitsBefore = dynamoConsumed.writeUnits;
    const awsUnitsBefore = dynamoConsumed.awsTransactionWriteUnits;
    const transactBefore = dynamoCalls.TransactWriteItemsCommand ?? 0;
    const started = performance.now();
    let written = 0;
    let retries = 0;
    await Promise.all(
      rosters.map(async ({ sectionId, token, marks }) => {
        // A teacher's app retries a failed or timed-out submission with the same Idempotency-Key, as the answer advises.
        const sent = performance.now();
        const idempotencyKey = randomUUID();
        let answer = await api.call('PUT', `/v1/sections/${sectionId}/attendance/${DAY}`, {
          token,
          body: { marks },
          headers: { ...headers, 'idempotency-key': idempotencyKey },
        });
        for (let attempt = 1; answer.status >= 500 && attempt <= 8; attempt += 1) {
          retries += 1;
          await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random())));
          answer = await api.call('PUT', `/v1/sections/${sectionId}/attendance/${DAY}`, {
            token,
            body: { marks },
            headers: { ...headers, 'idempotency-key': idempotencyKey },
          });
        }
        latencies.push(performance.now() - sent);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status === 200) {
          expected.set(sectionId, new Map(marks.map((mark) => [mark.studentId, mark.code])));
          written += answer.body.added + answer.body.corrected;
        } else say(`  ${phase} ${sectionId}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const calls = totalCalls() - callsBefore;
    const submissionCalls = callsOf(SUBMISSION_COMMANDS) - submissionCallsBefore;
    const writeUnits = dynamoConsumed.writeUnits - writeUnitsBefore;
    const awsUnits = dynamoConsumed.awsTransactionWriteUnits - awsUnitsBefore;
    const transactions = (dynamoCalls.TransactWriteItemsCommand ?? 0) - transactBefore;
    await settle(runtime);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      phase,
      submissions: rosters.length,
      statuses,
      marksWritten: written,
      retries,
      submissionsPerSecond: Number((rosters.length / seconds).toFixed(1)),
      p50Ms: Math.round(percentile(sorted, 50)),
      p95Ms: Math.round(percentile(sorted, 95)),
      p99Ms: Math.round(percentile(sorted, 99)),
      callsPerSubmission: Number((submissionCalls / rosters.length).toFixed(2)),
      allCallsPerSubmission: Number((calls / rosters.length).toFixed(2)),
      transactionsPerSubmission: Number((transactions / rosters.length).toFixed(2)),
      writeUnitsPerSubmissionLocal: Number((writeUnits / rosters.length).toFixed(1)),
      writeUnitsPerSubmissionAws: Number((awsUnits / rosters.length).toFixed(1)),
    };
  };

  say('The probe: one warm submission of a class, alone, to count its calls exactly…');
  const probeMarks = probe.studentIds.map((studentId) => ({ studentId, code: 'P' }));
  await submit('warm-up', [{ sectionId: warm.sectionId, token: warm.token, marks: firstMarks(warm.studentIds, 0) }]);
  const probeBefore = {
    calls: callsOf(SUBMISSION_COMMANDS),
    units: dynamoConsumed.writeUnits,
    aws: dynamoConsumed.awsTransactionWriteUnits,
    all: totalCalls(),
  };
  const probeAnswer = await api.call('PUT', `/v1/sections/${probe.sectionId}/attendance/${DAY}`, {
    token: probe.token,
    body: { marks: probeMarks },
  });
  const probeCalls = callsOf(SUBMISSION_COMMANDS) - probeBefore.calls;
  const probeAllCalls = totalCalls() - probeBefore.all;
  const probeUnits = dynamoConsumed.writeUnits - probeBefore.units;
  const probeAwsUnits = dynamoConsumed.awsTransactionWriteUnits - probeBefore.aws;
  if (probeAnswer.status !== 200) throw new Error(`probe: ${JSON.stringify(probeAnswer.body)}`);
  expected.set(probe.sectionId, new Map(probeMarks.map((mark) => [mark.studentId, mark.code])));

  say(`${SECTIONS} teachers submit their class at once…`);
  const firstRosters = sections.map(({ sectionId, token, studentIds }, index) => ({
    sectionId,
    token,
    marks: firstMarks(studentIds, index),
  }));
  const captured = captureSubmissionTransactions();
  const first = await submit('first', firstRosters);
  captured.stop();
  say(`…then correct 10% of the marks (with a reason)…`);
  const secondRosters = firstRosters.map((roster) => ({ ...roster, marks: corrected(roster.marks) }));
  const corrections = await submit('corrections', secondRosters, { 'x-change-reason': 'Bench: corrections after the bell' });
  say('…and submit the corrected rosters again (nothing to write)…');
  const resubmission = await submit('resubmission', secondRosters, { 'x-change-reason': 'Bench: the same again' });

  say('Auditing the table against a recount from the marks…');
  const items = await scanAll(documents, runtime.tableName);
  const sectionDays = items.filter((item) => item.entity === 'sectionAttendance' && String(item.sk).startsWith('ATTENDANCE#'));
  const studentDays = items.filter((item) => item.entity === 'studentAttendanceDay').map(toStudentDay);
  let missingMarks = 0;
  let duplicateMarks = 0;
  const dayByStudent = new Map<string, ReturnType<typeof toStudentDay>[]>();
  for (const day of studentDays) dayByStudent.set(day.studentId, [...(dayByStudent.get(day.studentId) ?? []), day]);
  for (const [sectionId, marks] of expected) {
    const record = sectionDays.find((item) => String(item.pk) === `SECTION#${sectionId}`);
    const stored = ((record?.data as { marks?: Record<string, { code: string }> } | undefined)?.marks ?? {}) as Record<
      string,
      { code: string }
    >;
    for (const [studentId, code] of marks) {
      if (stored[studentId]?.code !== code) missingMarks += 1;
      const days = dayByStudent.get(studentId) ?? [];
      if (days.length === 0 || days[0]!.marks[sectionId]?.code !== code) missingMarks += 1;
      if (days.length > 1) duplicateMarks += days.length - 1;
    }
    duplicateMarks += Object.keys(stored).filter((studentId) => !marks.has(studentId)).length;
  }
  const expectedStudents = new Set([...expected.values()].flatMap((marks) => [...marks.keys()]));
  duplicateMarks += studentDays.filter((day) => !expectedStudents.has(day.studentId)).length;
  duplicateMarks += studentDays.reduce((sum, day) => sum + Math.max(0, Object.keys(day.marks).length - 1), 0);
  duplicateMarks += sectionDays.length - expected.size;

  // Summaries: each stored daily status against a recount from its marks, and a sample of the API's summaries against the recount.
  let summaryMismatches = 0;
  for (const day of studentDays) {
    const recount = dailyStatus(Object.values(day.marks), day.office, DISTRICT_ATTENDANCE_RULE);
    if (!sameStatus(recount, day.day)) {
      summaryMismatches += 1;
      if (process.env.BENCH_DEBUG) say(`status ${JSON.stringify(recount)} ≠ ${JSON.stringify(day.day)}`);
    }
  }
  const office = api.token('school_admin', { schoolIds: [schoolId] });
  const sample = [...expectedStudents].filter((_, index) => index % 25 === 0);
  // The sampled students' profiles (the read checks the student exists and which school they attend).
  for (let start = 0; start < sample.length; start += 25) {
    await documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [runtime.tableName]: sample.slice(start, start + 25).map((studentId) => ({
            PutRequest: {
              Item: {
                ...keys.student(studentId),
                entity: 'student',
                id: studentId,
                ids: { studentId },
                version: 1,
                data: { schoolId, gradeLevel: '09' },
                createdAt: at,
                createdBy: 'bench',
                updatedAt: at,
                updatedBy: 'bench',
              },
            },
          })),
        },
      }),
    );
  }
  await pool(sample.length, 8, async (index) => {
    const studentId = sample[index]!;
    const answer = await api.call('GET', `/v1/students/${studentId}/attendance?from=${DAY}&to=${DAY}`, { token: office });
    const recount = (dayByStudent.get(studentId) ?? []).map((day) => ({
      date: day.date,
      ...dailyStatus(Object.values(day.marks), day.office, DISTRICT_ATTENDANCE_RULE)!,
    }));
    if (JSON.stringify(answer.body.summary) !== JSON.stringify(summarizeDays(recount))) {
      summaryMismatches += 1;
      if (process.env.BENCH_DEBUG) say(`summary ${JSON.stringify(answer.body.summary)} ≠ ${JSON.stringify(summarizeDays(recount))}`);
    }
  });

  // Counters: each student's school-year counters and the school's daily counters against a recount from the days.
  let counterMismatches = 0;
  const yearItems = new Map(items.filter((item) => item.entity === 'attendanceYear').map((item) => [String(item.studentId), item]));
  for (const [studentId, days] of dayByStudent) {
    const recount = days.map((day) => yearCounts(dailyStatus(Object.values(day.marks), day.office, DISTRICT_ATTENDANCE_RULE)));
    const stored = yearItems.get(studentId);
    for (const field of YEAR_COUNT_FIELDS) {
      const total = recount.reduce((sum, counts) => sum + counts[field], 0);
      if (Number(stored?.[field] ?? 0) !== total) {
        counterMismatches += 1;
        break;
      }
    }
    yearItems.delete(studentId);
  }
  counterMismatches += yearItems.size; // counters of students without a day
  const shards = items.filter((item) => item.entity === 'attendanceDayCounter');
  const storedDay = { students: 0, attended: 0, absent: 0 };
  for (const shard of shards)
    for (const field of ['students', 'attended', 'absent'] as const) storedDay[field] += Number(shard[field] ?? 0);
  const recountDay = { students: 0, attended: 0, absent: 0 };
  for (const day of studentDays) {
    const counts = dayCounts(dailyStatus(Object.values(day.marks), day.office, DISTRICT_ATTENDANCE_RULE));
    for (const field of ['students', 'attended', 'absent'] as const) recountDay[field] += counts[field];
  }
  for (const field of ['students', 'attended', 'absent'] as const) if (storedDay[field] !== recountDay[field]) counterMismatches += 1;
  const ada = (await api.call('GET', `/v1/schools/${schoolId}/attendance/ada?from=${DAY}&to=${DAY}`, { token: office })).body;
  const chronic = (await api.call('GET', `/v1/schools/${schoolId}/chronic-absence?schoolYear=${YEAR}`, { token: office })).body;

  const summary = {
    sections: SECTIONS,
    rosterSize: ROSTER,
    marks: SECTIONS * ROSTER,
    submissionsPerSecond: first.submissionsPerSecond,
    p50Ms: first.p50Ms,
    p95Ms: first.p95Ms,
    p99Ms: first.p99Ms,
    correctionsPerSecond: corrections.submissionsPerSecond,
    correctionP50Ms: corrections.p50Ms,
    correctionP95Ms: corrections.p95Ms,
    correctionP99Ms: corrections.p99Ms,
    callsPerSubmission: probeCalls,
    probeAllCalls,
    burstCallsPerSubmission: first.callsPerSubmission,
    correctionCallsPerSubmission: corrections.callsPerSubmission,
    resubmissionCallsPerSubmission: resubmission.callsPerSubmission,
    resubmissionTransactions: resubmission.transactionsPerSubmission,
    writeUnitsPerSubmissionLocal: Number(probeUnits.toFixed(1)),
    writeUnitsPerSubmissionAws: probeAwsUnits,
    burstWriteUnitsPerSubmissionLocal: first.writeUnitsPerSubmissionLocal,
    burstWriteUnitsPerSubmissionAws: first.writeUnitsPerSubmissionAws,
    correctionWriteUnitsPerSubmissionLocal: corrections.writeUnitsPerSubmissionLocal,
    correctionWriteUnitsPerSubmissionAws: corrections.writeUnitsPerSubmissionAws,
    statuses: { first: first.statuses, corrections: corrections.statuses, resubmission: resubmission.statuses },
    retries: { first: first.retries, corrections: corrections.retries, resubmission: resubmission.retries },
    marksCorrected: corrections.marksWritten,
    averageDailyAttendance: ada.averageDailyAttendance,
    attendanceRate: ada.rate,
    chronicallyAbsent: chronic.students?.length ?? null,
    missingMarks,
    duplicateMarks,
    summaryMismatches,
    counterMismatches,
  };
  const rows: [string, string | number][] = [
    ['sections × students', `${SECTIONS} × ${ROSTER} (${summary.marks} marks)`],
    ['submissions per second (all at once)', summary.submissionsPerSecond],
    ['submission p50 / p95 / p99', `${summary.p50Ms} / ${summary.p95Ms} / ${summary.p99Ms} ms`],
    ['corrections (10% of marks): per second', summary.correctionsPerSecond],
    ['correction p50 / p95 / p99', `${summary.correctionP50Ms} / ${summary.correctionP95Ms} / ${summary.correctionP99Ms} ms`],
    ['DynamoDB calls, one warm submission of a class (probe)', `${summary.callsPerSubmission} (all commands: ${probeAllCalls})`],
    [
      'DynamoDB calls per submission in the burst / corrections / resubmission',
      `${summary.burstCallsPerSubmission} / ${summary.correctionCallsPerSubmission} / ${summary.resubmissionCallsPerSubmission}`,
    ],
    [
      'write units per submission as DynamoDB Local reports them (ReturnConsumedCapacity; not the AWS rule)',
      `${summary.writeUnitsPerSubmissionLocal} (probe), ${summary.burstWriteUnitsPerSubmissionLocal} (burst), ${summary.correctionWriteUnitsPerSubmissionLocal} (corrections)`,
    ],
    [
      'write units per submission, AWS rule (2 per KB of each transactional item)',
      `${summary.writeUnitsPerSubmissionAws} (probe), ${summary.burstWriteUnitsPerSubmissionAws} (burst), ${summary.correctionWriteUnitsPerSubmissionAws} (corrections)`,
    ],
    ['transactions per resubmission', summary.resubmissionTransactions],
    ['final answers (first / corrections / resubmission)', JSON.stringify(summary.statuses)],
    ['retries after a 5xx (timeout), same Idempotency-Key', JSON.stringify(summary.retries)],
    ['average daily attendance / rate', `${summary.averageDailyAttendance} / ${summary.attendanceRate}%`],
    ['chronically absent (≥ 10% of days)', String(summary.chronicallyAbsent)],
    [
      'missingMarks / duplicateMarks / summaryMismatches / counterMismatches',
      `${missingMarks} / ${duplicateMarks} / ${summaryMismatches} / ${counterMismatches}`,
    ],
  ];
  say(`The same ${captured.transactions.length} transactions bare, ${SECTIONS} submissions at once, on a fresh table…`);
  const bare = await replayBare(localDynamoClient(dynamo.endpoint), captured.transactions);
  const ratioToBare = Number((first.submissionsPerSecond / bare.submissionsPerSecond).toFixed(3));
  Object.assign(summary, { bare, ratioToBare });
  rows.splice(
    3,
    0,
    [
      'bare TransactWriteItems of the same items, same concurrency: submissions per second (p50 / p95)',
      `${bare.submissionsPerSecond} (${bare.p50Ms} / ${bare.p95Ms} ms; ${bare.conflictRetries} conflict retries, ${bare.failed} failed)`,
    ],
    ['ratio to bare (goal ≥ 0.7)', ratioToBare],
  );
  process.stdout.write(`| figure | value |\n|---|---|\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  await runtime.stop();
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  process.stderr.write(`bench:attendance failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
