/**
 * Gradebook benchmark on the local runtime: one teacher with 5 sections × 35 students posts 40
 * assignments' scores in each (one bulk post per assignment), then 125 teachers post one assignment's
 * scores at once (the end of a grading period), a class's current grades are read, and the table is
 * audited against what was posted and against a recomputation of every grade.
 *
 *   npm run bench:gradebook -- [--teachers N] [--students N] [--assignments N] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentGrade, type GradedAssignment, type StudentScore } from '../../domain/gradebook/grade';
import { DISTRICT_DEFAULT_SCALE, type GradebookSettings } from '../../domain/gradebook/schemas';
import { startDynamoLocal, localDynamoClient } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { dynamoCalls } from '../../functions/platform/aws-clients';
import { ApiClient } from '../support/api';
import { schoolBody, schoolYearBody, staffBody } from '../support/fixtures';
import { enrollmentRequestBody } from './district';
import { percentile, pool, retryingApi, scanAll, settle, totalCalls } from './support';

const { values } = parseArgs({
  options: {
    teachers: { type: 'string', default: '125' },
    students: { type: 'string', default: '35' },
    assignments: { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
  },
});
const TEACHERS = Number(values.teachers);
const CLASS_SIZE = Number(values.students);
const ASSIGNMENTS = Number(values.assignments);
const FIRST_TEACHER_SECTIONS = 5;
const PERIODS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'];
const YEAR = '2026-2027';
const say = (line: string) => process.stderr.write(`${line}\n`);

const expect = (condition: boolean, message: string) => {
  if (!condition) throw new Error(message);
};

/**
 * A deterministic pseudo-random score: 4 % missing, 2 % exempt, otherwise points around the
 * student's own level (55 % to 99 %) give or take 12 points of percent.
 */
function scoreFor(seed: number, position: number, maxPoints: number): { points?: number; status?: string } {
  const roll = (seed * 2654435761) % 100;
  if (roll < 4) return { status: 'missing' };
  if (roll < 6) return { status: 'exempt' };
  const level = 0.55 + ((position * 37) % 45) / 100;
  const noise = (((seed * 40503) % 25) - 12) / 100;
  return { points: Math.round(maxPoints * Math.min(1, Math.max(0, level + noise))) };
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.SIS_COUNT_DYNAMODB_CALLS = '1';
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-gradebook-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const auth = LocalAuth.ephemeral();
  const runtime = await startLocalRuntime({ auth, port: 0, dynamoEndpoint: dynamo.endpoint, tableName: 'bench', retryDelaySeconds: 2 });
  const client = new ApiClient(runtime.apiUrl, auth);
  // Set-up calls are retried on a 5xx (the local runtime on a busy shared machine can time out); measured posts are not.
  const api = retryingApi(client, say);
  const admin = api.token('district_admin');

  // Sections: the first teacher's 5, then one for each other teacher; 7 periods, so a group of
  // CLASS_SIZE students fills 7 sections (one per period).
  const sectionCount = FIRST_TEACHER_SECTIONS + TEACHERS - 1;
  const groups = Math.ceil(sectionCount / PERIODS.length);
  const studentCount = groups * CLASS_SIZE;
  say(`A school: ${studentCount} students, ${TEACHERS} teachers, ${sectionCount} sections of ${CLASS_SIZE}…`);
  const schoolId = (
    await api.call('POST', '/v1/schools', {
      token: admin,
      body: schoolBody({ name: 'Gradebook High', type: 'high', gradeLevels: ['09', '10', '11', '12'] }),
    })
  ).body.id as string;
  await api.call('POST', `/v1/schools/${schoolId}/school-years`, { token: admin, body: schoolYearBody() });

  const setupStarted = Date.now();
  const statusUrls: string[] = [];
  await pool(studentCount, 16, async (index) => {
    const answer = await api.call('POST', '/v1/enrollment-requests', {
      token: admin,
      headers: { 'idempotency-key': `bench-enroll-${index}` },
      body: enrollmentRequestBody(schoolId, index),
    });
    statusUrls[index] = answer.body.statusUrl;
  });
  await settle(runtime);
  const studentIds: string[] = [];
  for (const url of statusUrls) {
    const status = await api.call('GET', url, { token: admin });
    if (status.body.status === 'ENROLLED') studentIds.push(status.body.studentId);
  }
  expect(studentIds.length === studentCount, `only ${studentIds.length} of ${studentCount} students enrolled`);

  // One course per period, so a student's seven sections are seven different courses.
  const courseIds: string[] = [];
  for (const period of PERIODS) {
    const course = await api.call('POST', `/v1/schools/${schoolId}/courses`, {
      token: admin,
      body: { code: `BENCH-${period}`, title: `Bench Studies ${period}`, subject: 'electives', gradeLevels: ['09'], credits: 1 },
    });
    courseIds.push(course.body.id);
  }
  const teacherIds: string[] = [];
  await pool(TEACHERS, 8, async (index) => {
    const staff = await api.call('POST', '/v1/staff', {
      token: admin,
      body: staffBody([schoolId], { name: { first: 'Teacher', last: `Bench${index}` } }),
    });
    expect(staff.status === 201, `staff ${index}: ${JSON.stringify(staff.body)}`);
    teacherIds[index] = staff.body.id;
  });
  const ownerOf = (section: number) => (section < FIRST_TEACHER_SECTIONS ? 0 : section - FIRST_TEACHER_SECTIONS + 1);
  const tokens = teacherIds.map((staffId) => api.token('teacher', { staffId, schoolIds: [schoolId] }));
  const sectionIds: string[] = [];
  const rosters: string[][] = [];
  await pool(sectionCount, 8, async (index) => {
    const section = await api.call('POST', `/v1/schools/${schoolId}/sections`, {
      token: admin,
      body: {
        courseId: courseIds[index % PERIODS.length],
        schoolYear: YEAR,
        termCode: 'S1',
        sectionNumber: String(index + 1).padStart(3, '0'),
        meetings: [{ period: PERIODS[index % PERIODS.length], days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
        teachers: [{ staffId: teacherIds[ownerOf(index)], role: 'primary' }],
        capacity: CLASS_SIZE,
      },
    });
    expect(section.status === 201, `section ${index}: ${JSON.stringify(section.body)}`);
    sectionIds[index] = section.body.id;
    const group = Math.floor(index / PERIODS.length);
    rosters[index] = studentIds.slice(group * CLASS_SIZE, (group + 1) * CLASS_SIZE);
    // In batches of 10 (a busy machine must stay under the function's timeout); a retried batch finds its students placed.
    for (let start = 0; start < CLASS_SIZE; start += 10) {
      const batch = rosters[index].slice(start, start + 10);
      const placed = await api.call('POST', `/v1/sections/${section.body.id}/roster`, { token: admin, body: { studentIds: batch } });
      const settled = (placed.body.results ?? []).filter(
        (result: { status: string; refusals?: { code: string }[] }) =>
          result.status === 'placed' || result.refusals?.[0]?.code === 'already-in-section',
      ).length;
      expect(settled === batch.length, `roster ${index}: ${JSON.stringify(placed.body).slice(0, 300)}`);
    }
  });

  // Gradebooks: weighted, three categories, missing counts as zero; assignments published.
  const settings: GradebookSettings = {
    mode: 'weighted',
    categories: [
      { id: 'hw', name: 'Homework', weight: 30 },
      { id: 'quizzes', name: 'Quizzes', weight: 20 },
      { id: 'tests', name: 'Tests', weight: 50 },
    ],
    missingCountsAsZero: true,
  };
  const assignmentsOf: string[][] = [];
  const maxPointsOf = new Map<string, number>();
  await pool(sectionCount, 8, async (index) => {
    const token = tokens[ownerOf(index)]!;
    const put = await api.call('PUT', `/v1/sections/${sectionIds[index]}/gradebook/settings`, { token, body: settings });
    expect(put.status === 200, `settings ${index}: ${JSON.stringify(put.body)}`);
    // The first teacher's sections get one more, posted alone on a quiet system to measure one post's calls and units.
    const count = index < FIRST_TEACHER_SECTIONS ? ASSIGNMENTS + 1 : 1;
    assignmentsOf[index] = [];
    for (let number = 0; number < count; number += 1) {
      const category = settings.categories[number % 3]!.id;
      const maxPoints = category === 'tests' ? 100 : category === 'quizzes' ? 20 : 10;
      const day = String(1 + (number % 28)).padStart(2, '0');
      const created = await api.call('POST', `/v1/sections/${sectionIds[index]}/gradebook/assignments`, {
        token,
        body: {
          title: `Assignment ${number + 1}`,
          categoryId: category,
          assignedDate: `2026-09-${day}`,
          dueDate: `2026-10-${day}`,
          maxPoints,
          published: true,
        },
      });
      expect(created.status === 201, `assignment: ${JSON.stringify(created.body)}`);
      assignmentsOf[index]!.push(created.body.assignmentId);
      maxPointsOf.set(created.body.assignmentId, maxPoints);
    }
  });
  say(`  set up in ${Math.round((Date.now() - setupStarted) / 1000)} s`);

  const expected = new Map<string, { points?: number; status?: string }>();
  const bodyFor = (section: number, assignment: string, salt: number) => ({
    scores: rosters[section]!.map((studentId, position) => {
      const score = scoreFor(section * 7919 + salt * 104729 + position * 31 + 1, position, maxPointsOf.get(assignment)!);
      expected.set(`${sectionIds[section]}|${assignment}|${studentId}`, score);
      return { studentId, ...score };
    }),
  });

  say(`One teacher: ${FIRST_TEACHER_SECTIONS} sections × ${ASSIGNMENTS} assignments, one bulk post each…`);
  const teacherLatencies: number[] = [];
  const callsBefore = totalCalls();
  const transactBefore = dynamoCalls.TransactWriteItemsCommand ?? 0;
  let lowGrades = 0;
  let missingNotices = 0;
  let refusedPosts = 0;
  for (let number = 0; number < ASSIGNMENTS; number += 1) {
    for (let section = 0; section < FIRST_TEACHER_SECTIONS; section += 1) {
      const assignment = assignmentsOf[section]![number]!;
      const sent = performance.now();
      const answer = await client.call('PUT', `/v1/sections/${sectionIds[section]}/assignments/${assignment}/scores`, {
        token: tokens[0]!,
        body: bodyFor(section, assignment, number),
      });
      teacherLatencies.push(performance.now() - sent);
      if (answer.status !== 200) refusedPosts += 1;
      else {
        lowGrades += answer.body.lowGrades;
        missingNotices += answer.body.missing;
      }
    }
  }
  const teacherPosts = ASSIGNMENTS * FIRST_TEACHER_SECTIONS;
  const callsPerPost = (totalCalls() - callsBefore) / teacherPosts;
  const transactionsPerPost = ((dynamoCalls.TransactWriteItemsCommand ?? 0) - transactBefore) / teacherPosts;

  // The same posts again: nothing is written (settled first, so the audit consumer's filing of earlier events is not counted).
  await settle(runtime);
  const resubmitTransactBefore = dynamoCalls.TransactWriteItemsCommand ?? 0;
  for (let section = 0; section < FIRST_TEACHER_SECTIONS; section += 1) {
    const assignment = assignmentsOf[section]![ASSIGNMENTS - 1]!;
    const again = await api.call('PUT', `/v1/sections/${sectionIds[section]}/assignments/${assignment}/scores`, {
      token: tokens[0]!,
      body: bodyFor(section, assignment, ASSIGNMENTS - 1),
    });
    expect(again.body.unchanged === CLASS_SIZE, `resubmission changed something: ${JSON.stringify(again.body)}`);
  }
  const resubmitTransactions = (dynamoCalls.TransactWriteItemsCommand ?? 0) - resubmitTransactBefore;

  say('One post at a time on a quiet system (calls and consumed units)…');
  await settle(runtime);
  const idleBefore = totalCalls();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleCallsPerSecond = totalCalls() - idleBefore;
  const measured = { calls: 0, transactions: 0, queries: 0 };
  for (let section = 0; section < FIRST_TEACHER_SECTIONS; section += 1) {
    await settle(runtime);
    const before = {
      calls: totalCalls(),
      transactions: dynamoCalls.TransactWriteItemsCommand ?? 0,
      queries: dynamoCalls.QueryCommand ?? 0,
    };
    const assignment = assignmentsOf[section]![ASSIGNMENTS]!;
    const answer = await api.call('PUT', `/v1/sections/${sectionIds[section]}/assignments/${assignment}/scores`, {
      token: tokens[0]!,
      body: bodyFor(section, assignment, ASSIGNMENTS),
    });
    expect(answer.status === 200, `measured post: ${JSON.stringify(answer.body)}`);
    measured.calls += totalCalls() - before.calls;
    measured.transactions += (dynamoCalls.TransactWriteItemsCommand ?? 0) - before.transactions;
    measured.queries += (dynamoCalls.QueryCommand ?? 0) - before.queries;
  }
  const perMeasured = (value: number) => Number((value / FIRST_TEACHER_SECTIONS).toFixed(1));

  say(`${TEACHERS} teachers post at once…`);
  const burstLatencies: number[] = [];
  const burstStarted = performance.now();
  await Promise.all(
    tokens.map(async (token, teacher) => {
      const section = teacher === 0 ? 0 : FIRST_TEACHER_SECTIONS + teacher - 1;
      const assignment = assignmentsOf[section]![0]!;
      const sent = performance.now();
      const answer = await client.call('PUT', `/v1/sections/${sectionIds[section]}/assignments/${assignment}/scores`, {
        token,
        body: bodyFor(section, assignment, 1000 + teacher),
        headers: { 'x-change-reason': 'End-of-period regrade' },
      });
      burstLatencies.push(performance.now() - sent);
      if (answer.status !== 200) refusedPosts += 1;
    }),
  );
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  await settle(runtime);

  say("A class's current grades…");
  const readCallsBefore = totalCalls();
  const readTimes: number[] = [];
  let gradesAnswer: { students: { studentId: string; percent: number | null }[] } | undefined;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const sent = performance.now();
    gradesAnswer = (await api.call('GET', `/v1/sections/${sectionIds[0]}/grades`, { token: tokens[0]! })).body;
    readTimes.push(performance.now() - sent);
  }
  const readCalls = (totalCalls() - readCallsBefore) / 5;

  say('Auditing the table…');
  const items = await scanAll(DynamoDBDocumentClient.from(localDynamoClient(dynamo.endpoint)), runtime.tableName);
  const scores = items.filter((item) => item.entity === 'score');
  const seen = new Map<string, number>();
  const storedScores = new Map<string, Record<string, unknown>>();
  for (const item of scores) {
    const data = item.data as Record<string, unknown>;
    const key = `${String(data.sectionId)}|${String(data.assignmentId)}|${String(data.studentId)}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    storedScores.set(key, data);
  }
  const duplicateScores =
    [...seen.values()].filter((count) => count > 1).length + [...seen.keys()].filter((key) => !expected.has(key)).length;
  const missingScores = [...expected.entries()].filter(([key, score]) => {
    const stored = storedScores.get(key);
    return !stored || stored.points !== score.points || stored.status !== score.status;
  }).length;
  const itemsReadForGrades =
    2 + // section, settings
    items.filter((item) => item.entity === 'assignment' && String(item.pk) === `SECTION#${sectionIds[0]}`).length +
    CLASS_SIZE + // roster
    scores.filter((item) => String(item.pk) === `SECTION#${sectionIds[0]}`).length;

  // Capacity by the AWS rules, from the sizes of the items (attribute names and values, as JSON): a
  // strongly consistent read is 1 unit per 4 KB (a Query sums its items first); a transactional write
  // is 2 units per KB of each item, a ConditionCheck counted like a write.
  const sizeOf = (item: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(item));
  const inSection0 = (prefix: string) =>
    items.filter((item) => String(item.pk) === `SECTION#${sectionIds[0]}` && String(item.sk).startsWith(prefix));
  const queryUnits = (found: Record<string, unknown>[]) =>
    Math.max(1, Math.ceil(found.reduce((sum, item) => sum + sizeOf(item), 0) / 4096));
  const readUnitsByRule =
    queryUnits(inSection0('SECTION')) +
    queryUnits(inSection0('GRADEBOOK')) +
    queryUnits(inSection0('ASSIGNMENT#')) +
    queryUnits(inSection0('STUDENT#')) +
    queryUnits(inSection0('SCORE#'));
  const measuredScores = inSection0(`SCORE#${assignmentsOf[0]![ASSIGNMENTS]!}#`);
  const measuredHistory = inSection0(`HISTORY#SCORE#${assignmentsOf[0]![ASSIGNMENTS]!}#`);
  const writeUnitsByRule = 2 + [...measuredScores, ...measuredHistory].reduce((sum, item) => sum + 2 * Math.ceil(sizeOf(item) / 1024), 0);

  // Every section's grades, as returned, against a recomputation from the stored items.
  const today = new Date().toISOString().slice(0, 10);
  let gradeMismatches = 0;
  await pool(sectionCount, 8, async (index) => {
    const sectionId = sectionIds[index]!;
    const answer =
      index === 0 && gradesAnswer
        ? gradesAnswer
        : (await api.call('GET', `/v1/sections/${sectionId}/grades`, { token: tokens[ownerOf(index)]! })).body;
    const assignments: GradedAssignment[] = items
      .filter((item) => item.entity === 'assignment' && String(item.pk) === `SECTION#${sectionId}` && !item.deletedAt)
      .map((item) => {
        const data = item.data as Record<string, unknown>;
        return {
          id: String(item.id),
          title: String(data.title),
          categoryId: String(data.categoryId),
          dueDate: String(data.dueDate),
          maxPoints: Number(data.maxPoints),
          extraCreditAllowed: data.extraCreditAllowed === true,
          extraCreditOnly: data.extraCreditOnly === true,
          published: data.published === true,
        };
      });
    for (const studentId of rosters[index]!) {
      const own: StudentScore[] = assignments.flatMap((assignment) => {
        const stored = storedScores.get(`${sectionId}|${assignment.id}|${studentId}`);
        if (!stored) return [];
        return [
          {
            assignmentId: assignment.id,
            ...(typeof stored.points === 'number' ? { points: stored.points } : {}),
            ...(typeof stored.status === 'string' ? { status: stored.status as StudentScore['status'] & string } : {}),
          },
        ];
      });
      const recomputed = currentGrade(settings, DISTRICT_DEFAULT_SCALE, assignments, own, { today }).percent;
      const returned = answer.students.find((row: { studentId: string }) => row.studentId === studentId)?.percent;
      if (returned !== recomputed) gradeMismatches += 1;
    }
  });

  const scoreItemsPerPost = CLASS_SIZE * 2 + 1; // scores and their history, and the assignment check (first post)
  const teacherSorted = [...teacherLatencies].sort((a, b) => a - b);
  const burstSorted = [...burstLatencies].sort((a, b) => a - b);
  const summary = {
    teachers: TEACHERS,
    sections: sectionCount,
    students: studentIds.length,
    teacherPosts,
    teacherPostP50Ms: Math.round(percentile(teacherSorted, 50)),
    teacherPostP95Ms: Math.round(percentile(teacherSorted, 95)),
    teacherPostP99Ms: Math.round(percentile(teacherSorted, 99)),
    burstPosts: burstLatencies.length,
    burstSeconds: Number(burstSeconds.toFixed(1)),
    burstPostP50Ms: Math.round(percentile(burstSorted, 50)),
    burstPostP95Ms: Math.round(percentile(burstSorted, 95)),
    burstPostP99Ms: Math.round(percentile(burstSorted, 99)),
    idleCallsPerSecond,
    dynamoCallsPerPostQuiet: perMeasured(measured.calls),
    queriesPerPostQuiet: perMeasured(measured.queries),
    transactionsPerPostQuiet: perMeasured(measured.transactions),
    readUnitsPerPost: readUnitsByRule,
    writeUnitsPerPost: writeUnitsByRule,
    dynamoCallsPerPostWithConsumers: Number(callsPerPost.toFixed(2)),
    transactionsPerPostWithConsumers: Number(transactionsPerPost.toFixed(2)),
    // AWS rule: 2 WCU per item (< 1 KB) a transaction writes; a first post of 35 writes 35 scores and 35 history items.
    writeUnitsPerFirstPostByRule: 2 * scoreItemsPerPost,
    resubmitTransactions,
    gradesReadMs: Math.round(
      percentile(
        [...readTimes].sort((a, b) => a - b),
        50,
      ),
    ),
    gradesReadDynamoCalls: Number(readCalls.toFixed(1)),
    gradesItemsRead: itemsReadForGrades,
    lowGradeNotices: lowGrades,
    missingNotices,
    refusedPosts,
    missingScores,
    duplicateScores,
    gradeMismatches,
  };
  const rows: [string, string | number][] = [
    ['teachers / sections / students', `${summary.teachers} / ${summary.sections} / ${summary.students}`],
    ['one teacher: bulk posts (35 scores each)', summary.teacherPosts],
    [
      'bulk post p50 / p95 / p99 (one teacher)',
      `${summary.teacherPostP50Ms} / ${summary.teacherPostP95Ms} / ${summary.teacherPostP99Ms} ms`,
    ],
    [`${TEACHERS} teachers at once: wall time`, `${summary.burstSeconds} s`],
    ['bulk post p50 / p95 / p99 (all at once)', `${summary.burstPostP50Ms} / ${summary.burstPostP95Ms} / ${summary.burstPostP99Ms} ms`],
    [
      'one post on a quiet system: DynamoDB calls / Queries / transactions',
      `${summary.dynamoCallsPerPostQuiet} / ${summary.queriesPerPostQuiet} / ${summary.transactionsPerPostQuiet}`,
    ],
    [
      'one post of 35 into a full gradebook: read / write units by the AWS rules (item sizes as stored)',
      `${summary.readUnitsPerPost} / ${summary.writeUnitsPerPost}`,
    ],
    ['write units of a first post of 35 by the AWS rule (2 per transactional item)', summary.writeUnitsPerFirstPostByRule],
    [
      'calls / transactions per post counting the event relay and audit consumer it triggers',
      `${summary.dynamoCallsPerPostWithConsumers} / ${summary.transactionsPerPostWithConsumers}`,
    ],
    ['transactions of 5 identical resubmissions', summary.resubmitTransactions],
    [
      "a 35-student class's grades: time (p50 of 5) / calls / items read",
      `${summary.gradesReadMs} ms / ${summary.gradesReadDynamoCalls} / ${summary.gradesItemsRead}`,
    ],
    ['notices: Low Grade / Assignment Missing', `${summary.lowGradeNotices} / ${summary.missingNotices}`],
    ['refused posts', summary.refusedPosts],
    ['missingScores / duplicateScores / gradeMismatches', `${missingScores} / ${duplicateScores} / ${gradeMismatches}`],
  ];
  process.stdout.write(`| figure | value |\n|---|---|\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  await runtime.stop();
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  process.stderr.write(`bench:gradebook failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
