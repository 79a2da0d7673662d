/**
 * Year-end rollover benchmark (issue 23 point 3, decision 0156): a district of high schools (grades 9-12,
 * 2,500 students each unless told) is seeded directly into DynamoDB Local as the enrollment engine stores it,
 * then every school is rolled over from 2026-2027 to 2027-2028 by the rollover use case, three schools at a time
 * (the scheduling consumer's reserved concurrency), one school crashing after a quarter of its students and
 * resuming. The table is then audited student by student against the plan: `lost` (no next-year enrollment where
 * one was due), `duplicated` (more than one, or a seat counted twice), `unpromoted` (a grade not moved as planned).
 *
 *   npm run bench:rollover -- [--students N] [--per-school N] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../domain/ids';
import { keys } from '../../domain/keys';
import { schoolType, schoolYearType, studentType, type RecordData, type RecordKind } from '../../domain/records/record-types';
import { planStudent } from '../../domain/enrollment/rollover';
import { ensureTable, localDynamoClient, startDynamoLocal } from '../../infra/local/dynamo-local';
import { batchPut } from '../../functions/repositories/batch-write';
import { recordChangeItems } from '../../functions/repositories/record-items';
import { createServices } from '../../functions/services';
import { runRollover, startRollover } from '../../functions/use-cases/enrollment/rollover';
import { schoolBody, schoolYearBody, studentBody } from '../support/fixtures';
import { benchArgs, pool, scanAll } from './support';

const args = benchArgs({ students: 10_000, 'per-school': 2_500 });
const FROM = '2026-2027';
const TO = '2027-2028';
const GRADES = ['09', '10', '11', '12'] as const;
const SCHOOLS_AT_ONCE = 3;
const say = (line: string) => process.stderr.write(`${line}\n`);
const admin = { principal: { sub: 'bench-admin', roles: ['district_admin' as const], schoolIds: [] } };

/** The items of a record as the engine writes it at version 1 (the record, its history, projections and claims). */
function recordItems<T extends RecordData>(tableName: string, kind: RecordKind<T>, ids: Record<string, string>, id: string, data: T) {
  const at = '2026-08-01T00:00:00.000Z';
  const after = { entity: kind.entity, id, ids, version: 1, data, createdAt: at, createdBy: 'bench', updatedAt: at, updatedBy: 'bench' };
  return recordChangeItems(tableName, { kind, action: 'Created', after, actor: 'bench' }, new Set())
    .map((operation) => operation.item.Put?.Item)
    .filter((item): item is Record<string, unknown> => item !== undefined);
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-rollover-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const client = localDynamoClient(dynamo.endpoint);
  const tableName = 'bench-rollover';
  await ensureTable(client, tableName);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const services = createServices(documents, tableName);
  try {
    const schoolCount = Math.max(1, Math.ceil(args.students / args['per-school']));
    say(`Seeding ${args.students} students in ${schoolCount} high school(s), grades 9-12, straight into the table…`);
    const seedStarted = Date.now();
    const schools: { schoolId: string; students: { studentId: string; gradeLevel: string }[]; retain: string[] }[] = [];
    for (let index = 0; index < schoolCount; index += 1) {
      const schoolId = newId();
      const school = schoolBody({ name: `Rollover High ${index + 1}`, code: `RH-${index + 1}`, type: 'high', gradeLevels: [...GRADES] });
      const items: Record<string, unknown>[] = [
        ...recordItems(tableName, schoolType, { schoolId }, schoolId, school as RecordData),
        ...recordItems(tableName, schoolYearType, { schoolId, schoolYear: FROM }, FROM, schoolYearBody() as RecordData),
      ];
      const count = Math.min(args['per-school'], args.students - index * args['per-school']);
      const students: { studentId: string; gradeLevel: string }[] = [];
      const perGrade = new Map<string, number>();
      for (let n = 0; n < count; n += 1) {
        const studentId = newId();
        const gradeLevel = GRADES[n % GRADES.length]!;
        students.push({ studentId, gradeLevel });
        perGrade.set(gradeLevel, (perGrade.get(gradeLevel) ?? 0) + 1);
        const data = studentBody(schoolId, {
          gradeLevel,
          districtStudentId: `R${index}-${n}`,
          legalName: { first: `Student${n}`, last: `School${index}` },
        });
        const enrollment = { enrollmentId: newId(), studentId, schoolId, schoolYear: FROM, gradeLevel, entryDate: '2026-08-24' };
        items.push(
          ...recordItems(tableName, studentType, { studentId }, studentId, data as RecordData),
          {
            ...keys.enrollment(studentId, FROM, enrollment.enrollmentId),
            ...keys.enrolledAtSchool(schoolId, FROM, gradeLevel, studentId),
            entity: 'enrollment',
            ...enrollment,
          },
          { ...keys.activeEnrollment(studentId, FROM), entity: 'activeEnrollment', ...enrollment },
          { ...keys.enrolledMarker(studentId), entity: 'enrolledMarker', activeEnrollments: 1 },
        );
      }
      for (const [gradeLevel, enrolled] of perGrade)
        items.push({ ...keys.gradeCounter(schoolId, FROM, gradeLevel), entity: 'gradeCounter', enrolled });
      await batchPut(documents, tableName, items, { parallel: true });
      // One ninth grader in fifty repeats the grade.
      const retain = students.filter((student, n) => student.gradeLevel === '09' && n % 50 === 0).map((student) => student.studentId);
      schools.push({ schoolId, students, retain });
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    say(
      `Seeded in ${seedSeconds.toFixed(1)} s. Rolling over ${SCHOOLS_AT_ONCE} schools at a time (the first crashes after a quarter, then resumes)…`,
    );

    const queue = { send: async () => undefined };
    const started = Date.now();
    let crashes = 0;
    await pool(schools.length, SCHOOLS_AT_ONCE, async (index) => {
      const school = schools[index]!;
      const run = (await startRollover(services, queue, school.schoolId, { fromYear: FROM, retain: school.retain }, admin)).result;
      if (index === 0) {
        // A crash a quarter of the way: every transaction after that point fails, as if the function stopped.
        const crashAfter = Math.ceil(school.students.length / 4);
        const crashing = createServices(documents, tableName);
        const transact = crashing.transactions.transact.bind(crashing.transactions);
        let calls = 0;
        crashing.transactions.transact = async (...callArgs) => {
          calls += 1;
          if (calls > crashAfter) throw new Error('simulated crash');
          return transact(...callArgs);
        };
        await runRollover(crashing, school.schoolId, run.runId).catch(() => (crashes += 1));
      }
      await runRollover(services, school.schoolId, run.runId);
    });
    const seconds = (Date.now() - started) / 1000;

    say('Auditing every student against the plan…');
    const items = await scanAll(documents, tableName);
    const nextEnrollments = new Map<string, Record<string, unknown>[]>();
    const grades = new Map<string, string>();
    const seats = new Map<string, number>();
    for (const item of items) {
      if (item.entity === 'enrollment' && item.schoolYear === TO) {
        const list = nextEnrollments.get(String(item.studentId)) ?? [];
        list.push(item);
        nextEnrollments.set(String(item.studentId), list);
      }
      if (item.entity === 'student')
        grades.set(String((item.ids as { studentId: string }).studentId), String((item.data as { gradeLevel: string }).gradeLevel));
      if (item.entity === 'gradeCounter' && String(item.sk).startsWith(`ENROLLCOUNT#${TO}#`))
        seats.set(`${String(item.pk)}|${String(item.sk)}`, Number(item.enrolled));
    }
    let lost = 0;
    let duplicated = 0;
    let unpromoted = 0;
    let graduated = 0;
    const expectedSeats = new Map<string, number>();
    for (const school of schools) {
      for (const student of school.students) {
        const plan = planStudent(
          { ...student, enrolledNextYear: false },
          { type: 'high', gradeLevels: [...GRADES] },
          { retain: school.retain, exitCodes: {} },
        );
        const next = nextEnrollments.get(student.studentId) ?? [];
        if (!plan.nextGrade) {
          graduated += 1;
          if (next.length > 0) duplicated += 1;
          continue;
        }
        if (next.length === 0) lost += 1;
        if (next.length > 1) duplicated += 1;
        if (grades.get(student.studentId) !== plan.nextGrade || (next[0] && next[0].gradeLevel !== plan.nextGrade)) unpromoted += 1;
        const key = `${keys.gradeCounter(school.schoolId, TO, plan.nextGrade).pk}|${keys.gradeCounter(school.schoolId, TO, plan.nextGrade).sk}`;
        expectedSeats.set(key, (expectedSeats.get(key) ?? 0) + 1);
      }
    }
    for (const [key, count] of expectedSeats) if ((seats.get(key) ?? 0) > count) duplicated += (seats.get(key) ?? 0) - count;

    const figures = {
      students: args.students,
      schools: schools.length,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      rolloverSeconds: Math.round(seconds * 10) / 10,
      studentsPerSecond: Math.round((args.students / seconds) * 10) / 10,
      crashesResumed: crashes,
      graduated,
      lost,
      duplicated,
      unpromoted,
    };
    const rows: [string, string][] = [
      ['students / schools', `${figures.students} / ${figures.schools}`],
      ['seeded in', `${figures.seedSeconds} s`],
      ['rolled over in', `${figures.rolloverSeconds} s (${figures.studentsPerSecond} students/s, ${SCHOOLS_AT_ONCE} schools at a time)`],
      ['runs crashed and resumed', String(crashes)],
      ['graduated (no next-year enrollment due)', String(graduated)],
      ['lost', String(lost)],
      ['duplicated', String(duplicated)],
      ['unpromoted', String(unpromoted)],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    process.stdout.write(`${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`);
    if (args.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    if (lost + duplicated + unpromoted > 0) process.exitCode = 1;
  } finally {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
