/**
 * A first-period absence wave, measured: A absences across one school, each to a family with
 * its own preferences (language, channels, quiet hours, absence notices off, daily digest),
 * through the whole local path: bus → notifications queue → notifier → inbox and file outbox.
 * The notifier fails on 5% of messages (half before doing the work, half after) and 10% of
 * messages are delivered twice. Then every family's inbox, deliveries and outbox are audited.
 *
 *   npm run bench:notify -- [--absences A] [--concurrency C] [--json]
 *
 * The absence events are put on the bus as the stream relay would put them (built by the
 * catalog's envelope builder), after the families are set up through the API; the attendance
 * API itself is measured by its own tests. The clock starts at the first event put on the bus.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ATTENDANCE_EVENTS } from '../../events/catalog';
import { buildEvent } from '../../events/envelope';
import { getServices } from '../../functions/services';
import { startDynamoLocal } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { localTime } from '../../domain/notifications/timing';
import type { Preferences } from '../../domain/notifications/preferences';
import { ApiClient } from '../support/api';
import { guardianBody, linkBody, schoolBody, studentBody } from '../support/fixtures';

const { values } = parseArgs({
  options: {
    absences: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  },
});
const ABSENCES = Number(values.absences);
const CONCURRENCY = Number(values.concurrency);
const ZONE = 'America/Chicago';
const say = (line: string) => process.stderr.write(`${line}\n`);

interface Family {
  studentId: string;
  guardianId: string;
  email: string;
  phone: string;
  preferences: Preferences;
  profile: 'email' | 'email+sms' | 'sms' | 'off' | 'quiet' | 'digest';
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

const clock = (minutes: number) =>
  `${String(Math.floor(((minutes + 1440) % 1440) / 60)).padStart(2, '0')}:${String(((minutes % 60) + 60) % 60).padStart(2, '0')}`;

function preferencesOf(profile: Family['profile']): Preferences {
  const base: Preferences = {
    channels: { email: true, sms: false },
    kinds: {},
    delivery: 'immediate',
    digestTime: '18:00',
    timeZone: ZONE,
  };
  const now = localTime(new Date(), ZONE).minutes;
  switch (profile) {
    case 'email':
      return base;
    case 'email+sms':
      return { ...base, channels: { email: true, sms: true } };
    case 'sms':
      return { ...base, channels: { email: false, sms: true } };
    case 'off':
      return { ...base, kinds: { absence: false } };
    case 'quiet':
      // Quiet hours around now, ending in two hours: deferred, not sent during the run.
      return { ...base, quietHours: { start: clock(now - 60), end: clock(now + 120) } };
    case 'digest':
      return { ...base, delivery: 'dailyDigest', digestTime: clock(now + 180), quietHours: undefined };
  }
}

const PROFILES: readonly Family['profile'][] = [
  'email',
  'email',
  'email',
  'email',
  'email+sms',
  'email+sms',
  'sms',
  'off',
  'quiet',
  'digest',
];

async function main() {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-notify-'));
  const outboxDir = mkdtempSync(join(tmpdir(), 'sis-bench-outbox-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const injected = { failedBefore: 0, failedAfter: 0, duplicated: 0 };
  const auth = LocalAuth.ephemeral();
  const runtime = await startLocalRuntime({
    auth,
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tableName: 'bench',
    outboxDir,
    schedules: 'manual',
    retryDelaySeconds: 1,
    faults: { queue: 'notifications', failRate: 0.05, duplicateRate: 0.1, injected },
    ...(process.env.BENCH_LOG ? { log: say } : {}),
  });
  try {
    const api = new ApiClient(runtime.apiUrl, auth);
    const admin = api.token('district_admin');
    const call = async (method: string, path: string, body: unknown) => {
      const result = await api.call(method, path, { token: admin, body });
      if (result.status >= 300) throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.body)}`);
      return result.body;
    };
    const schoolId = (await call('POST', '/v1/schools', schoolBody({ name: 'Lincoln High', timeZone: ZONE }))).id as string;
    say(`Setting up ${ABSENCES} families (student, guardian, link, preferences) with ${CONCURRENCY} clients…`);
    const families: Family[] = [];
    const setupStart = Date.now();
    await pool(
      Array.from({ length: ABSENCES }, (_, index) => index),
      CONCURRENCY,
      async (index) => {
        const profile = PROFILES[index % PROFILES.length]!;
        const email = `family${index}@example.com`;
        const phone = `+1217555${String(index).padStart(4, '0')}`;
        const student = await call('POST', '/v1/students', studentBody(schoolId, { districtStudentId: `B-${index}` }));
        const guardian = await call(
          'POST',
          '/v1/guardians',
          guardianBody({ email, phone, preferredLanguage: index % 2 === 0 ? 'es' : 'en' }),
        );
        await call('POST', `/v1/students/${student.id}/guardians`, linkBody(guardian.id));
        const preferences = preferencesOf(profile);
        await getServices().notifications.putPreferences(guardian.id, preferences, undefined, new Date().toISOString(), 'bench');
        families.push({ studentId: student.id, guardianId: guardian.id, email, phone, preferences, profile });
      },
    );
    await runtime.idle(600_000);
    say(`  set up in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`);

    say(`Putting ${ABSENCES} "Student Marked Absent" events on the bus…`);
    const eventOf = new Map<string, string>();
    const entries = families.map((family) => {
      const event = buildEvent(ATTENDANCE_EVENTS.studentMarkedAbsent, {
        occurredAt: new Date().toISOString(),
        actor: { sub: 'teacher', roles: ['teacher'] },
        recordType: 'sectionAttendance',
        ids: { sectionId: 'SECTION-P1', date: '2026-12-01' },
        schoolIds: [schoolId],
        changedFields: ['marks'],
        studentId: family.studentId,
        schoolId,
        sectionId: 'SECTION-P1',
        periods: ['P1'],
        date: '2026-12-01',
        category: 'absent',
      });
      eventOf.set(family.studentId, String(event.detail.eventId));
      return { Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) };
    });
    const start = Date.now();
    for (let index = 0; index < entries.length; index += 10) await runtime.bus.putEvents(entries.slice(index, index + 10));
    const lastSubmission = Date.now();
    await runtime.idle(1_800_000);
    const drained = Date.now();

    say('Auditing inboxes, deliveries and the outbox…');
    const services = getServices();
    const outbox = readdirSync(outboxDir)
      .flatMap((name) => readFileSync(join(outboxDir, name), 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as { channel: string; to: string; notificationIds: string[] });
    const sentCount = new Map<string, number>();
    for (const line of outbox)
      for (const id of line.notificationIds)
        sentCount.set(`${id}|${line.channel}|${line.to}`, (sentCount.get(`${id}|${line.channel}|${line.to}`) ?? 0) + 1);
    let expected = 0;
    let delivered = 0;
    let duplicates = 0;
    let lost = 0;
    let skipped = 0;
    let deferred = 0;
    let lastInboxWrite = 0;
    await pool(families, 16, async (family) => {
      const eventId = eventOf.get(family.studentId)!;
      const inbox = (await services.notifications.inbox(family.guardianId, 10)).items.filter((item) => item.notificationId === eventId);
      const deliveries = (await services.notifications.deliveriesOfStudent(family.studentId, 20)).items.filter(
        (item) => item.eventId === eventId,
      );
      if (family.profile === 'off') {
        skipped += deliveries.filter((item) => item.status === 'skipped').length;
        if (inbox.length > 0) duplicates += inbox.length;
        return;
      }
      expected += 1;
      delivered += Math.min(inbox.length, 1);
      if (inbox.length === 0) lost += 1;
      for (const item of inbox) lastInboxWrite = Math.max(lastInboxWrite, Date.parse(item.createdAt));
      const channels = (['email', 'sms'] as const).filter((channel) => family.preferences.channels[channel]);
      for (const channel of channels) {
        expected += 1;
        const to = channel === 'email' ? family.email : family.phone;
        const times = sentCount.get(`${eventId}|${channel}|${to}`) ?? 0;
        const delivery = deliveries.find((item) => item.channel === channel);
        if (family.profile === 'quiet' || family.profile === 'digest') {
          if (delivery?.status === 'deferred') {
            deferred += 1;
            delivered += 1;
          } else lost += 1;
          duplicates += times;
          continue;
        }
        if (times >= 1) delivered += 1;
        else lost += 1;
        if (times > 1) duplicates += times - 1;
      }
    });
    const dead = await runtime.deadLetters();
    const result = {
      absences: ABSENCES,
      families: families.length,
      expected,
      delivered,
      duplicates,
      lost,
      skippedByPreference: skipped,
      deferredByQuietHoursOrDigest: deferred,
      secondsToLastInboxWrite: Number(((lastInboxWrite - lastSubmission) / 1000).toFixed(2)),
      secondsToDrain: Number(((drained - start) / 1000).toFixed(2)),
      injected,
      deadLetters: dead,
    };
    const rows: [string, string | number][] = [
      ['absences (events put on the bus)', result.absences],
      ['notifications expected (inbox + email/SMS)', expected],
      ['delivered (inbox written, sent, or deferred)', delivered],
      ['duplicates', duplicates],
      ['lost', lost],
      ['skipped by preference (deliveries)', skipped],
      ['deferred by quiet hours or digest', deferred],
      ['s from last event put to last inbox write', result.secondsToLastInboxWrite],
      ['s from first event to queues drained', result.secondsToDrain],
      ['injected: failed before / after / duplicated', `${injected.failedBefore} / ${injected.failedAfter} / ${injected.duplicated}`],
      ['dead letters', JSON.stringify(dead)],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    process.stdout.write(`\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await runtime.stop();
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outboxDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:notify failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
