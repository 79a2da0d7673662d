/**
 * Scheduling benchmark on the local runtime: a synthetic secondary school (students enrolled
 * through the enrollment pipeline, ~125 sections over 7 periods, course requests with alternates
 * made with @faker-js/faker), one run of the automatic scheduler, then counselors racing to assign
 * and drop students in the same sections for a fixed time, and an audit of the table.
 *
 *   npm run bench:scheduling -- [--students N] [--sections N] [--seconds S] [--counselors C] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faker } from '@faker-js/faker';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoLocal, localDynamoClient } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { dynamoCalls } from '../../functions/platform/aws-clients';
import { ApiClient } from '../support/api';
import { createHighSchool } from './district';
import { benchArgs, percentile, pool, scanAll, settle, totalCalls } from './support';

const args = benchArgs({ students: 2500, sections: 125, seconds: 60, counselors: 16 });
const STUDENTS = args.students;
const SECTIONS = args.sections;
const SECONDS = args.seconds;
const COUNSELORS = args.counselors;
const PERIODS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'];
const YEAR = '2026-2027';
const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  faker.seed(2026);
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.SIS_COUNT_DYNAMODB_CALLS = '1';
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-scheduling-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const auth = LocalAuth.ephemeral();
  const runtime = await startLocalRuntime({ auth, port: 0, dynamoEndpoint: dynamo.endpoint, tableName: 'bench', retryDelaySeconds: 2 });
  const api = new ApiClient(runtime.apiUrl, auth);
  const admin = api.token('district_admin');

  say(`A secondary school: ${STUDENTS} students, ${SECTIONS} sections over ${PERIODS.length} periods…`);
  const schoolId = await createHighSchool(api, 'Bench High');
  const counselor = api.token('counselor', { schoolIds: [schoolId] });

  const enrollStarted = Date.now();
  const statusUrls: string[] = [];
  await pool(STUDENTS, 32, async (index) => {
    const answer = await api.call('POST', '/v1/enrollment-requests', {
      token: admin,
      body: {
        kind: 'new',
        schoolId,
        schoolYear: YEAR,
        gradeLevel: ['09', '10', '11', '12'][index % 4],
        entryDate: '2026-08-24',
        student: {
          legalName: {
            first: `${faker.person.firstName()}${index}`.replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!),
            last: faker.person.lastName(),
          },
          birthDate: '2011-05-10',
          gender: 'unspecified',
          homeLanguage: faker.helpers.arrayElement(['en', 'es', 'vi', 'zh', 'ko']),
        },
        guardians: [
          {
            guardian: { name: { first: faker.person.firstName(), last: faker.person.lastName() }, preferredLanguage: 'en' },
            link: { relationship: 'parent', custody: true, educationalRights: true, livesWith: true },
          },
        ],
      },
    });
    statusUrls.push(answer.body.statusUrl);
  });
  await settle(runtime);
  const studentIds: string[] = [];
  await pool(statusUrls.length, 32, async (index) => {
    const status = await api.call('GET', statusUrls[index]!, { token: admin });
    if (status.body.status === 'ENROLLED') studentIds.push(status.body.studentId);
  });
  say(`  ${studentIds.length} enrolled in ${Math.round((Date.now() - enrollStarted) / 1000)} s`);

  // Courses of 5 sections each, spread over the periods; electives and core alike.
  const courseCount = Math.max(1, Math.round(SECTIONS / 5));
  const courseIds: string[] = [];
  for (let index = 0; index < courseCount; index += 1) {
    const course = await api.call('POST', `/v1/schools/${schoolId}/courses`, {
      token: admin,
      body: {
        code: `C${index}`,
        title: faker.word.words(2),
        subject: 'electives',
        gradeLevels: ['09', '10', '11', '12'],
        credits: 1,
        defaultCapacity: 35,
      },
    });
    courseIds.push(course.body.id);
  }
  const sectionIds: string[] = [];
  for (let index = 0; index < SECTIONS; index += 1) {
    const section = await api.call('POST', `/v1/schools/${schoolId}/sections`, {
      token: admin,
      body: {
        courseId: courseIds[index % courseCount],
        schoolYear: YEAR,
        termCode: 'S1',
        sectionNumber: String(Math.floor(index / courseCount) + 1).padStart(2, '0'),
        meetings: [{ period: PERIODS[index % PERIODS.length], days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
      },
    });
    if (section.status !== 201) throw new Error(`section ${index}: ${JSON.stringify(section.body)}`);
    sectionIds.push(section.body.id);
  }

  say('Course requests (7 a student, with alternates)…');
  await pool(studentIds.length, 32, async (index) => {
    const picked = faker.helpers.arrayElements(courseIds, Math.min(courseIds.length, 10));
    const requests = picked.slice(0, 7).map((courseId, position) => ({
      courseId,
      priority: position + 1,
      alternates: position < 3 && picked[7 + position] ? [picked[7 + position]] : [],
    }));
    await api.call('POST', `/v1/students/${studentIds[index]}/course-requests`, {
      token: counselor,
      body: { schoolYear: YEAR, termCode: 'S1', requests },
    });
  });

  say('The scheduler…');
  const runStarted = Date.now();
  const run = await api.call('POST', `/v1/schools/${schoolId}/terms/S1/scheduling-runs`, {
    token: admin,
    body: { schoolYear: YEAR, seed: 1 },
  });
  await settle(runtime);
  const done = (await api.call('GET', run.body.runUrl, { token: admin })).body;
  const runSeconds = (Date.now() - runStarted) / 1000;
  say(`  ${done.status}: placed ${done.totals?.placed} of ${done.totals?.requested} in ${runSeconds.toFixed(1)} s`);

  say(`${COUNSELORS} counselors assigning and dropping at random for ${SECONDS} s…`);
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const callsBefore = totalCalls();
  const transactBefore = dynamoCalls.TransactWriteItemsCommand ?? 0;
  let assignments = 0;
  const raceEnd = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: COUNSELORS }, async () => {
      while (Date.now() < raceEnd) {
        const sectionId = faker.helpers.arrayElement(sectionIds);
        const studentId = faker.helpers.arrayElement(studentIds);
        if (faker.number.int({ min: 0, max: 2 }) === 0) {
          const answer = await api.call('DELETE', `/v1/sections/${sectionId}/students/${studentId}`, {
            token: counselor,
            body: { reason: 'Bench drop' },
          });
          outcomes[`drop ${answer.status}`] = (outcomes[`drop ${answer.status}`] ?? 0) + 1;
        } else {
          const sent = performance.now();
          const answer = await api.call('PUT', `/v1/sections/${sectionId}/students/${studentId}`, { token: counselor, body: {} });
          latencies.push(performance.now() - sent);
          assignments += 1;
          const key = answer.status === 409 ? `assign 409 ${answer.body.refusals?.[0]?.code ?? 'conflict'}` : `assign ${answer.status}`;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
        }
      }
    }),
  );
  await settle(runtime);
  const raceCalls = totalCalls() - callsBefore;
  const raceTransactions = (dynamoCalls.TransactWriteItemsCommand ?? 0) - transactBefore;
  const placedInRace = outcomes['assign 200'] ?? 0;

  say('Auditing the table…');
  const items = await scanAll(DynamoDBDocumentClient.from(localDynamoClient(dynamo.endpoint)), runtime.tableName);
  const seats = items.filter((item) => item.entity === 'sectionSeats');
  const live = items.filter((item) => item.entity === 'rosterEntry' && !item.deletedAt);
  const active = new Map(
    items.filter((item) => item.entity === 'activeEnrollment').map((item) => [`${item.studentId}|${item.schoolYear}`, item.schoolId]),
  );
  const perSection = new Map<string, number>();
  const cellsByStudent = new Map<string, string[]>();
  for (const entry of live) {
    const data = entry.data as { sectionId: string; studentId: string; termCode: string; cells: string[] };
    perSection.set(data.sectionId, (perSection.get(data.sectionId) ?? 0) + 1);
    cellsByStudent.set(`${data.studentId}|${data.termCode}`, [
      ...(cellsByStudent.get(`${data.studentId}|${data.termCode}`) ?? []),
      ...data.cells,
    ]);
  }
  const overCapacity = seats.filter((item) => Number(item.taken) > Number(item.capacity)).length;
  const counterMismatches = seats.filter(
    (item) => Number(item.taken) !== (perSection.get(String(item.pk).slice('SECTION#'.length)) ?? 0),
  ).length;
  const doubleBooked = [...cellsByStudent.values()].filter((cells) => new Set(cells).size !== cells.length).length;
  const orphans = live.filter((entry) => {
    const data = entry.data as { studentId: string; schoolYear: string; schoolId: string };
    return active.get(`${data.studentId}|${data.schoolYear}`) !== data.schoolId;
  }).length;

  const sorted = [...latencies].sort((a, b) => a - b);
  const summary = {
    students: studentIds.length,
    sections: sectionIds.length,
    requested: done.totals?.requested ?? 0,
    placed: done.totals?.placed ?? 0,
    unplaced: done.totals?.unplaced ?? 0,
    schedulerSeconds: Number(runSeconds.toFixed(1)),
    assignmentsPerSecond: Number((assignments / SECONDS).toFixed(1)),
    assignmentP50Ms: Math.round(percentile(sorted, 50)),
    assignmentP95Ms: Math.round(percentile(sorted, 95)),
    assignmentP99Ms: Math.round(percentile(sorted, 99)),
    dynamoCallsPerRaceOperation: Number(
      (
        raceCalls /
        Math.max(
          1,
          assignments +
            Object.entries(outcomes)
              .filter(([k]) => k.startsWith('drop'))
              .reduce((s, [, v]) => s + v, 0),
        )
      ).toFixed(1),
    ),
    // AWS charges 2 WCU per KB for each item a transaction writes; a placement writes ~5 items of < 1 KB and checks 1.
    writeUnitsPerPlacement: 2 * 5,
    transactionsInRace: raceTransactions,
    placedInRace,
    conflictsRefused: Object.entries(outcomes)
      .filter(([key]) => key.startsWith('assign 409'))
      .reduce((sum, [, count]) => sum + count, 0),
    outcomes,
    overCapacity,
    doubleBooked,
    counterMismatches,
    orphans,
  };
  const rows: [string, string | number][] = [
    ['students enrolled', summary.students],
    ['sections', summary.sections],
    ['requests placed / unplaced', `${summary.placed} / ${summary.unplaced} (of ${summary.requested})`],
    ['scheduler run (load, compute, write)', `${summary.schedulerSeconds} s`],
    ['assignments per second (race)', summary.assignmentsPerSecond],
    ['assignment p50 / p95 / p99', `${summary.assignmentP50Ms} / ${summary.assignmentP95Ms} / ${summary.assignmentP99Ms} ms`],
    ['DynamoDB calls per race operation', summary.dynamoCallsPerRaceOperation],
    ['write units per placement (AWS rule: 2 per transactional item)', summary.writeUnitsPerPlacement],
    ['conflicts refused', summary.conflictsRefused],
    ['overCapacity / doubleBooked / counterMismatches / orphans', `${overCapacity} / ${doubleBooked} / ${counterMismatches} / ${orphans}`],
  ];
  process.stdout.write(`| figure | value |\n|---|---|\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}\n`);
  process.stdout.write(`outcomes: ${JSON.stringify(outcomes)}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  await runtime.stop();
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  process.stderr.write(`bench:scheduling failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
