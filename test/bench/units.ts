/**
 * Capacity units per action, measured (decision 0088): each priced action of docs/cost.md is done a
 * number of times through the API of the local runtime, and the read and write units its functions
 * consumed are taken from DynamoDB's `ReturnConsumedCapacity`, by function (each function's handler
 * runs in its own meter scope). Two figures per action: as DynamoDB Local reports them, and priced by
 * AWS's rules (Local under-reports transactions: each TransactWriteItems is priced from the sizes of
 * the items it wrote, read around it). The work an action sets off in the outbox relay, the audit
 * consumer and the notifier is counted per event or message, apart from the action.
 *
 *   npm run bench:units -- [--students N] [--repeat N] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dynamoUnitsByScope, meterScope, type ScopeUnits } from '../../functions/platform/dynamo-meter';
import { startDynamoLocal } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { ApiClient } from '../support/api';
import { guardianBody, schoolBody, studentBody } from '../support/fixtures';
import { BENCH_YEAR, createHighSchool, createSections, familiesOf, placeOnRoster, requestEnrollments } from './district';
import { retryingApi, settle } from './support';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '30' },
    repeat: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const STUDENTS = Number(values.students);
const REPEAT = Number(values.repeat);
const DAYS = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11'];
const say = (line: string) => process.stderr.write(`${line}\n`);
/** Consumers whose work is counted per event or message they receive, not as part of the action that set it off. */
const PER_EVENT = { outboxRelay: 'relay, per event', auditConsumer: 'audit, per event', notifier: 'notification delivery, per message' };

interface Figures {
  count: number;
  calls: number;
  transactions: number;
  reportedRru: number;
  reportedWru: number;
  rru: number;
  wru: number;
}
const ZERO: ScopeUnits = { calls: 0, transactions: 0, reportedRead: 0, reportedWrite: 0, awsRead: 0, awsWrite: 0 };
const round = (value: number) => Math.round(value * 100) / 100;

function perCount(units: ScopeUnits, count: number): Figures {
  return {
    count,
    calls: round(units.calls / count),
    transactions: round(units.transactions / count),
    reportedRru: round(units.reportedRead / count),
    reportedWru: round(units.reportedWrite / count),
    rru: round(units.awsRead / count),
    wru: round(units.awsWrite / count),
  };
}
const add = (sum: ScopeUnits, units: ScopeUnits): ScopeUnits => ({
  calls: sum.calls + units.calls,
  transactions: sum.transactions + units.transactions,
  reportedRead: sum.reportedRead + units.reportedRead,
  reportedWrite: sum.reportedWrite + units.reportedWrite,
  awsRead: sum.awsRead + units.awsRead,
  awsWrite: sum.awsWrite + units.awsWrite,
});
const minus = (after: ScopeUnits, before: ScopeUnits = ZERO): ScopeUnits =>
  add(after, { ...ZERO, ...Object.fromEntries(Object.entries(before).map(([k, v]) => [k, -v])) });

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.SIS_COUNT_DYNAMODB_CALLS = '1';
  process.env.SIS_SIZE_TRANSACTION_ITEMS = '1';
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-units-'));
  const outboxDir = mkdtempSync(join(tmpdir(), 'sis-bench-units-outbox-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const auth = LocalAuth.ephemeral();
  // Records (events, messages) each function received: the denominators of the per-event figures.
  const received: Record<string, number> = {};
  const runtime = await startLocalRuntime({
    auth,
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tableName: 'bench',
    outboxDir,
    schedules: 'manual',
    retryDelaySeconds: 2,
    wrapHandler: (fn) => (event, context) => {
      const records = (event as { Records?: unknown[] } | undefined)?.Records;
      received[fn.id] = (received[fn.id] ?? 0) + (Array.isArray(records) ? records.length : 1);
      return meterScope.run(fn.id, () => fn.handler(event, context));
    },
  });
  try {
    const client = new ApiClient(runtime.apiUrl, auth);
    const api = retryingApi(client, say);
    const admin = api.token('district_admin');

    const actions: Record<string, Figures & { eventsPerAction: number; noticesPerAction: number; scopes: string[] }> = {};
    const perEventTotals: Record<string, { units: ScopeUnits; records: number }> = {};
    /** Does `run` (which makes `count` actions), waits for everything it set off, and records the units by function. */
    const measure = async (name: string, count: number, run: () => Promise<void>) => {
      await settle(runtime);
      const before = structuredClone(dynamoUnitsByScope);
      const receivedBefore = { ...received };
      await run();
      await settle(runtime);
      let units = ZERO;
      const scopes: string[] = [];
      // The per-event consumers count even when they made no DynamoDB call (the relay reads the stream, which is not billed in units).
      for (const scope of new Set([...Object.keys(dynamoUnitsByScope), ...Object.keys(PER_EVENT)])) {
        const delta = minus(dynamoUnitsByScope[scope] ?? ZERO, before[scope]);
        const records = (received[scope] ?? 0) - (receivedBefore[scope] ?? 0);
        if (delta.calls === 0 && !(scope in PER_EVENT)) continue;
        if (scope in PER_EVENT) {
          const total = (perEventTotals[scope] ??= { units: ZERO, records: 0 });
          total.units = add(total.units, delta);
          total.records += records;
        } else {
          units = add(units, delta);
          scopes.push(scope);
        }
      }
      const events = (received.outboxRelay ?? 0) - (receivedBefore.outboxRelay ?? 0);
      const notices = (received.notifier ?? 0) - (receivedBefore.notifier ?? 0);
      actions[name] = {
        ...perCount(units, count),
        eventsPerAction: round(events / count),
        noticesPerAction: round(notices / count),
        scopes,
      };
      say(`  ${name}: ${count} × → ${JSON.stringify(actions[name])}`);
    };

    say(`Set-up: a high school, ${STUDENTS} families enrolled through intake and processor, 2 sections with their teachers…`);
    const schoolId = await createHighSchool(api, 'Units High');
    const sections = await createSections(api, schoolId, 2);
    let statusUrls: string[] = [];
    await measure('enrollment', STUDENTS, async () => {
      statusUrls = await requestEnrollments(api, runtime, schoolId, STUDENTS, { concurrency: 1, withEmail: true });
    });
    const families = await familiesOf(api, statusUrls);
    const studentIds = families.map((family) => family.studentId);

    say('Records: schools, students, guardians created and updated…');
    const records: Record<string, { create: () => Promise<string>; patch: (id: string) => Promise<unknown> }> = {};
    const elementary = (await api.call('POST', '/v1/schools', { token: admin, body: schoolBody() })).body.id as string;
    const ok = (answer: { status: number; body: unknown }, what: string) => {
      if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer.body as { id: string };
    };
    records.school = {
      create: async () => ok(await client.call('POST', '/v1/schools', { token: admin, body: schoolBody() }), 'school').id,
      patch: async (id) =>
        ok(
          await client.call('PATCH', `/v1/schools/${id}`, {
            token: admin,
            headers: { 'if-match': '"1"' },
            body: { name: 'Renamed Elementary' },
          }),
          'school update',
        ),
    };
    records.student = {
      create: async () => ok(await client.call('POST', '/v1/students', { token: admin, body: studentBody(elementary) }), 'student').id,
      patch: async (id) =>
        ok(
          await client.call('PATCH', `/v1/students/${id}`, {
            token: admin,
            headers: { 'if-match': '"1"', 'x-change-reason': 'Bench: moved up a grade' },
            body: { gradeLevel: '04' },
          }),
          'student update',
        ),
    };
    records.guardian = {
      create: async () => ok(await client.call('POST', '/v1/guardians', { token: admin, body: guardianBody() }), 'guardian').id,
      patch: async (id) =>
        ok(
          await client.call('PATCH', `/v1/guardians/${id}`, {
            token: admin,
            headers: { 'if-match': '"1"' },
            body: { preferredLanguage: 'es' },
          }),
          'guardian update',
        ),
    };
    for (const [type, record] of Object.entries(records)) {
      const ids: string[] = [];
      await measure(`${type}Create`, REPEAT, async () => {
        for (let index = 0; index < REPEAT; index += 1) ids.push(await record.create());
      });
      await measure(`${type}Update`, REPEAT, async () => {
        for (const id of ids) await record.patch(id);
      });
    }

    say('Scheduling: each student placed on a roster, one call a student…');
    await measure('rosterAssignment', STUDENTS * sections.length, async () => {
      for (const section of sections) await placeOnRoster(api, section.sectionId, studentIds, 1);
    });

    say("Attendance: each section's roster for a period, on several days; office entries…");
    const office = api.token('school_admin', { schoolIds: [schoolId] });
    const days = DAYS.slice(0, Math.min(REPEAT, DAYS.length));
    await measure('attendanceSubmission', days.length * sections.length, async () => {
      for (const [day, date] of days.entries())
        for (const section of sections) {
          // As bench:attendance's first period: 6% absent, 3% excused, 4% late (each a notice to the family), the rest present.
          const marks = studentIds.map((studentId, index) => {
            const roll = (day * 31 + section.sectionId.charCodeAt(25) + index * 17) % 100;
            if (roll < 6) return { studentId, code: 'A' };
            if (roll < 9) return { studentId, code: 'AE' };
            if (roll < 13) return { studentId, code: 'T', minutesLate: 5 };
            return { studentId, code: 'P' };
          });
          ok(
            await client.call('PUT', `/v1/sections/${section.sectionId}/attendance/${date}`, { token: section.token, body: { marks } }),
            'attendance',
          );
        }
    });
    await measure('attendanceOfficeEntry', days.length, async () => {
      for (const [day, date] of days.entries())
        ok(
          await client.call('PUT', `/v1/students/${studentIds[(day * 3 + 1) % studentIds.length]}/attendance/${date}`, {
            token: office,
            body: { absence: { code: 'MED' }, comment: 'Dentist, called by the family' },
          }),
          'office entry',
        );
    });

    say('Gradebook: settings and assignments (not measured), then score posts and grade reads…');
    const assignments = new Map<string, string[]>();
    for (const section of sections) {
      const put = await api.call('PUT', `/v1/sections/${section.sectionId}/gradebook/settings`, {
        token: section.token,
        body: { mode: 'points', categories: [{ id: 'hw', name: 'Homework' }], missingCountsAsZero: true },
      });
      ok(put, 'gradebook settings');
      const ids: string[] = [];
      for (let number = 0; number < REPEAT; number += 1) {
        const created = await api.call('POST', `/v1/sections/${section.sectionId}/gradebook/assignments`, {
          token: section.token,
          body: {
            title: `Homework ${number + 1}`,
            categoryId: 'hw',
            assignedDate: '2026-09-01',
            dueDate: `2026-09-1${number % 10}`,
            maxPoints: 10,
            published: true,
          },
        });
        ids.push((ok(created, 'assignment') as unknown as { assignmentId: string }).assignmentId);
      }
      assignments.set(section.sectionId, ids);
    }
    await measure('scorePost', REPEAT * sections.length, async () => {
      for (let number = 0; number < REPEAT; number += 1)
        for (const section of sections) {
          // As bench:gradebook: 4% missing, about one score in ten low (a Low Grade notice), the rest 7 to 10 of 10.
          const scores = studentIds.map((studentId, index) => {
            const roll = (number * 37 + index * 53) % 100;
            return roll < 4 ? { studentId, status: 'missing' } : { studentId, points: roll < 14 ? 4 : 7 + (roll % 4) };
          });
          ok(
            await client.call(
              'PUT',
              `/v1/sections/${section.sectionId}/assignments/${assignments.get(section.sectionId)![number]}/scores`,
              {
                token: section.token,
                body: { scores },
              },
            ),
            'score post',
          );
        }
    });
    const teacherReads: Record<string, (index: number) => string> = {
      studentRecordRead: (index) => `/v1/students/${studentIds[index % studentIds.length]}`,
      rosterRead: (index) => `/v1/sections/${sections[index % sections.length]!.sectionId}/students`,
    };
    for (const [name, path] of Object.entries(teacherReads))
      await measure(name, REPEAT, async () => {
        for (let index = 0; index < REPEAT; index += 1) ok(await client.call('GET', path(index), { token: office }), name);
      });
    await measure('currentGradesRead', REPEAT, async () => {
      for (let index = 0; index < REPEAT; index += 1) {
        const section = sections[index % sections.length]!;
        ok(await client.call('GET', `/v1/sections/${section.sectionId}/grades`, { token: section.token }), 'grades');
      }
    });

    say('The parent portal: children, a child’s attendance and grades…');
    const parentOf = (index: number) => ({
      family: families[index % families.length]!,
      token: api.token('parent', { guardianId: families[index % families.length]!.guardianId }),
    });
    const portal: Record<string, (family: { studentId: string }) => string> = {
      parentChildren: () => '/v1/me/children',
      parentAttendance: ({ studentId }) => `/v1/me/children/${studentId}/attendance?from=2026-09-01&to=2026-09-30`,
      parentGrades: ({ studentId }) => `/v1/me/children/${studentId}/grades`,
    };
    for (const [name, path] of Object.entries(portal))
      await measure(name, REPEAT, async () => {
        for (let index = 0; index < REPEAT; index += 1) {
          const { family, token } = parentOf(index);
          ok(await client.call('GET', path(family), { token }), name);
        }
      });

    for (const [scope, label] of Object.entries(PER_EVENT)) {
      const total = perEventTotals[scope];
      if (!total || total.records === 0) continue;
      const name = scope === 'outboxRelay' ? 'relayPerEvent' : scope === 'auditConsumer' ? 'auditPerEvent' : 'notificationDelivery';
      actions[name] = { ...perCount(total.units, total.records), eventsPerAction: 0, noticesPerAction: 0, scopes: [`${scope} (${label})`] };
    }
    const deadLetters = await runtime.deadLetters();

    const rows = Object.entries(actions).map(([name, figures]) => [
      name,
      String(figures.count),
      `${figures.reportedRru} / ${figures.reportedWru}`,
      `**${figures.rru} / ${figures.wru}**`,
      `${figures.calls} / ${figures.transactions}`,
      String(figures.eventsPerAction),
      String(figures.noticesPerAction),
    ]);
    process.stdout.write(
      `| action | times | RRU / WRU as DynamoDB Local reports | RRU / WRU, AWS-priced | calls / transactions | events set off | notices set off |\n|---|--:|--:|--:|--:|--:|--:|\n` +
        rows.map((row) => `| ${row.join(' | ')} |`).join('\n') +
        '\n',
    );
    if (Object.keys(deadLetters).length > 0) say(`dead letters: ${JSON.stringify(deadLetters)}`);
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ students: STUDENTS, repeat: REPEAT, year: BENCH_YEAR, actions: Object.fromEntries(Object.entries(actions).map(([name, { scopes, ...figures }]) => [name, { ...figures, functions: scopes }])), deadLetters })}\n`,
      );
  } finally {
    await runtime.stop();
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outboxDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:units failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
