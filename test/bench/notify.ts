import { systemContext } from '../../functions/repositories/write-context';
/**
 * A first-period absence wave, measured against channel rates below its demand: A absences
 * across one school, each to a family with its own preferences (ten languages, channels, quiet
 * hours, absence notices off, daily digest), through the whole local path: bus → notifications
 * queue → notifier (paced by the shared token buckets, re-queued with a delay while it waits) →
 * inbox and the SES/SNS stand-ins, which refuse what goes over the account's rate as AWS would.
 * The notifier fails on 5% of messages (half before doing the work, half after) and 10% of
 * messages are delivered twice. Then every family's inbox, deliveries and the outbox are audited.
 *
 *   npm run bench:notify -- [--absences A] [--email-rate E] [--sms-rate S] [--json]
 *
 * The families are written through the record store (their records, histories and links, without
 * creation events nobody here listens to), which takes a minute or two where the API took ~25
 * for 3,000. The absence events are put on the bus as the stream relay would put them (built by
 * the catalog's envelope builder); the clock starts at the first event put on the bus.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newId } from '../../domain/ids';
import { localTime } from '../../domain/notifications/timing';
import type { Preferences } from '../../domain/notifications/preferences';
import { LANGUAGES } from '../../domain/notifications/templates';
import { guardianLinkType, guardianType, schoolType, studentType, type RecordType } from '../../domain/records/record-types';
import { ATTENDANCE_EVENTS } from '../../events/catalog';
import { buildEvent } from '../../events/envelope';
import { CHANNEL_RATE_ENV } from '../../functions/platform/channel-rates';
import { FileOutboxChannels, getNotificationChannels } from '../../functions/platform/notification-channels';
import { getDocumentClient } from '../../functions/platform/aws-clients';
import { GroupCommitRunner } from '../../functions/repositories/group-commit';
import { createServices, getServices, type Services } from '../../functions/services';
import { startDynamoLocal } from '../../infra/local/dynamo-local';
import { LocalAuth } from '../../infra/local/local-auth';
import { startLocalRuntime } from '../../infra/local/runtime';
import { guardianBody, linkBody, schoolBody, studentBody } from '../support/fixtures';
import { auditWave, type Family, type Profile } from './notify-audit';

const { values } = parseArgs({
  options: {
    absences: { type: 'string', default: '3000' },
    // Far below the wave's demand (3,000 absences put on the bus within seconds: 1,800 emails and 900 SMS):
    // 5 emails/s, and one toll-free number's 3 SMS parts/s.
    'email-rate': { type: 'string', default: '5' },
    'sms-rate': { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    json: { type: 'boolean', default: false },
  },
});
const ABSENCES = Number(values.absences);
const CONCURRENCY = Number(values.concurrency);
const ZONE = 'America/Chicago';
const say = (line: string) => process.stderr.write(`${line}\n`);

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

function preferencesOf(profile: Profile): Preferences {
  const base: Preferences = {
    channels: { email: true, sms: false },
    kinds: {},
    delivery: 'immediate',
    digestTime: '18:00',
    attendance: 'oncePerDay',
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

const PROFILES: readonly Profile[] = ['email', 'email', 'email', 'email', 'email+sms', 'email+sms', 'sms', 'off', 'quiet', 'digest'];

/**
 * Records as the record store writes them (record, history, projections, claims, reference
 * checks), in one transaction, without their creation events (nobody in this bench listens to them).
 */
async function putRecords(services: Services, records: readonly [RecordType, Record<string, string>, string, unknown][]) {
  const transaction = services.records.transaction(systemContext('bench'), new Date().toISOString());
  for (const [type, ids, , body] of records) await transaction.write({ kind: type, ids, data: type.schema.parse(body) });
  await transaction.commit(undefined);
}

async function main() {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  // The account's rates: the stand-ins enforce them, the notifier paces to 90% of them.
  process.env[CHANNEL_RATE_ENV.emailPerSecond] = values['email-rate'];
  process.env[CHANNEL_RATE_ENV.smsPartsPerSecond] = values['sms-rate'];
  process.env[CHANNEL_RATE_ENV.smsOrigination] = Number(values['sms-rate']) <= 3 ? 'tollFree' : 'tenDlc';
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bench-notify-'));
  const outboxDir = mkdtempSync(join(tmpdir(), 'sis-bench-outbox-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const injected = { failedBefore: 0, failedAfter: 0, duplicated: 0 };
  const runtime = await startLocalRuntime({
    auth: LocalAuth.ephemeral(),
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
    const services = getServices();
    // The seed's way of writing many records at once: concurrent transactions merged into one (decision 0090).
    const seeding = createServices(getDocumentClient(), runtime.tableName, new GroupCommitRunner(getDocumentClient(), runtime.tableName));
    const schoolId = newId();
    await putRecords(seeding, [[schoolType, { schoolId }, schoolId, schoolBody({ name: 'Lincoln High', timeZone: ZONE })]]);
    say(`Setting up ${ABSENCES} families (student, guardian, link, preferences) through the record store…`);
    const families: Family[] = [];
    const setupStart = Date.now();
    await pool(
      Array.from({ length: ABSENCES }, (_, index) => index),
      CONCURRENCY,
      async (index) => {
        const profile = PROFILES[index % PROFILES.length]!;
        const language = LANGUAGES[Math.floor(index / PROFILES.length) % LANGUAGES.length]!;
        const email = `family${index}@example.com`;
        const phone = `+1217555${String(index).padStart(4, '0')}`;
        const [studentId, guardianId] = [newId(), newId()];
        await putRecords(seeding, [
          [studentType, { studentId }, studentId, studentBody(schoolId, { districtStudentId: `B-${index}` })],
          [guardianType, { guardianId }, guardianId, guardianBody({ email, phone, preferredLanguage: language })],
          [guardianLinkType, { studentId, guardianId }, guardianId, linkBody(guardianId)],
        ]);
        const preferences = preferencesOf(profile);
        await seeding.notifications.putPreferences(guardianId, preferences, undefined, new Date().toISOString(), 'bench');
        families.push({ studentId, guardianId, email, phone, preferences, profile, language });
      },
    );
    say(`  set up in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`);

    say(
      `Putting ${ABSENCES} "Student Marked Absent" events on the bus (email ${values['email-rate']}/s, SMS ${values['sms-rate']} parts/s)…`,
    );
    const today = localTime(new Date(), ZONE).date;
    const eventOf = new Map<string, string>();
    const entries = families.map((family) => {
      const event = buildEvent(ATTENDANCE_EVENTS.studentMarkedAbsent, {
        occurredAt: new Date().toISOString(),
        actor: { sub: 'teacher', roles: ['teacher'] },
        recordType: 'sectionAttendance',
        ids: { sectionId: 'SECTION-P1', date: today },
        schoolIds: [schoolId],
        changedFields: ['marks'],
        studentId: family.studentId,
        schoolId,
        sectionId: 'SECTION-P1',
        periods: ['P1'],
        date: today,
        category: 'absent',
      });
      eventOf.set(family.studentId, String(event.detail.eventId));
      return { Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) };
    });
    const start = Date.now();
    for (let index = 0; index < entries.length; index += 10) await runtime.bus.putEvents(entries.slice(index, index + 10));
    const lastSubmission = Date.now();
    await runtime.idle(3_600_000);
    const drained = Date.now();

    say('Auditing inboxes, deliveries and the outbox…');
    const outbox = readdirSync(outboxDir).flatMap((name) => readFileSync(join(outboxDir, name), 'utf8').split('\n').filter(Boolean));
    const channels = getNotificationChannels();
    const audit = await auditWave(services, families, eventOf, outbox, {
      rates: { email: Number(values['email-rate']), sms: Number(values['sms-rate']) },
      throttledByStandIns: channels instanceof FileOutboxChannels ? channels.throttled : { email: 0, sms: 0 },
    });
    const dead = await runtime.deadLetters();
    const result = {
      absences: ABSENCES,
      families: families.length,
      ...audit.totals,
      deadLettered: Object.values(dead).reduce((sum, count) => sum + count, 0),
      secondsToLastInboxWrite: Number(((audit.lastInboxWrite - lastSubmission) / 1000).toFixed(2)),
      secondsToDrain: Number(((drained - start) / 1000).toFixed(2)),
      channels: audit.channels,
      injected,
      deadLetters: dead,
    };
    process.stdout.write(`\n${audit.table(result)}\n`);
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
