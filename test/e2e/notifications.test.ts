import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { EventEnvelope } from '../../infra/local/event-bus';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { localQueueArn } from '../../infra/local/local-queues';
import { redrive } from '../../infra/ops/redrive';
import { FileOutboxChannels } from '../../functions/platform/notification-channels';
import { getServices } from '../../functions/services';
import { DEFAULT_CHANNEL_RATES } from '../../functions/platform/channel-rates';
import { CLAIM_LEASE_SECONDS, notifyEvent } from '../../functions/use-cases/notifications/notify';
import { sendDueNotifications } from '../../functions/use-cases/notifications/notice-sweep';
import { NOTIFY_DUE_SHARDS } from '../../domain/keys';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { bearerCall } from '../support/api';
import { newEnrollmentBody, schoolBody, schoolYearBody, staffBody } from '../support/fixtures';
import { biologySection } from '../support/steps';

interface OutboxLine {
  channel: 'email' | 'sms';
  to: string;
  language: string;
  subject: string;
  text: string;
  notificationIds: string[];
}

/**
 * Family notifications end to end on the local runtime: a teacher marks a child absent, the
 * Spanish-speaking parent finds the notice in their inbox and the local outbox once, and a
 * replayed event adds nothing; preferences, quiet hours, digests, the staff view and failed sends.
 */
/** Each test drives several queue round trips on a machine others share; this is a budget, not a performance check. */
const BUDGET_MS = 300_000;

describe('family notifications', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  let sectionId: string;
  let teacherToken: string;
  const outboxDir = mkdtempSync(join(tmpdir(), 'sis-outbox-'));
  const events: EventEnvelope[] = [];

  const call = bearerCall(() => system.api);
  const shards = Array.from({ length: NOTIFY_DUE_SHARDS }, (_, shard) => shard);
  /** The tests that work on a clock of their own pace on buckets of their own. */
  const senders = (scope?: string) => ({
    channels: new FileOutboxChannels(outboxDir),
    rates: { ...DEFAULT_CHANNEL_RATES, ...(scope ? { scope } : {}) },
  });
  /** The scheduled sweep as it would run `minutes` from now: schedule changes gathered in a sitting go out once it is over. */
  const sweepLater = (minutes: number) =>
    sendDueNotifications({ ...getServices(), now: () => new Date(Date.now() + minutes * 60_000) }, senders('sweep-clock'), shards);
  const outbox = (): OutboxLine[] =>
    readdirSync(outboxDir)
      .filter((name) => name.endsWith('.ndjson'))
      .flatMap((name) => readFileSync(join(outboxDir, name), 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as OutboxLine);

  async function enrolledChild(guardian: Record<string, unknown>): Promise<{ studentId: string; guardianId: string; parent: string }> {
    const body = newEnrollmentBody(schoolId, {
      gradeLevel: '09',
      guardians: [
        {
          guardian: { name: { first: 'María', last: 'López' }, ...guardian },
          link: { relationship: 'mother', custody: true, educationalRights: true, livesWith: true },
        },
      ],
    });
    const accepted = await call('POST', '/v1/enrollment-requests', admin, body);
    await system.runtime.idle();
    const studentId = (await call('GET', accepted.body.statusUrl, admin)).body.studentId as string;
    expect((await call('PUT', `/v1/sections/${sectionId}/students/${studentId}`, admin, {})).status).toBe(200);
    await system.runtime.idle();
    // The class added is gathered with any other change of the sitting; the family hears of it when the sitting is over.
    await sweepLater(11);
    const guardianId = (await call('GET', `/v1/students/${studentId}/guardians`, admin)).body.items[0].guardianId as string;
    return { studentId, guardianId, parent: system.api.token('parent', { guardianId }) };
  }

  beforeAll(async () => {
    system = await startTestSystem('notify', { outboxDir, schedules: 'manual', retryDelaySeconds: 0.2 });
    system.runtime.bus.onEvent((event) => events.push(event));
    admin = system.api.token('district_admin');
    schoolId = (await call('POST', '/v1/schools', admin, schoolBody({ name: 'Roosevelt High', type: 'high', gradeLevels: ['09'] }))).body
      .id;
    await call('POST', `/v1/schools/${schoolId}/school-years`, admin, schoolYearBody());
    const teacher = await call('POST', '/v1/staff', admin, staffBody([schoolId]));
    teacherToken = system.api.token('teacher', { staffId: teacher.body.id, schoolIds: [schoolId] });
    sectionId = (await biologySection(system, admin, schoolId, teacher.body.id, { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] })).body.id;
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  }, BUDGET_MS);

  test(
    'a teacher marks a child absent; the Spanish-speaking parent gets it once in the inbox and the outbox, even when the event is replayed',
    async () => {
      const child = await enrolledChild({ email: 'maria.lopez@example.com', phone: '+12175550142', preferredLanguage: 'es-MX' });
      // The parent turns SMS on and tardies off; the defaults were email only, every kind, immediately.
      const defaults = await call('GET', '/v1/me/notification-preferences', child.parent);
      expect(defaults.body).toMatchObject({ version: 0, preferences: { channels: { email: true, sms: false }, delivery: 'immediate' } });
      const set = await call('PUT', '/v1/me/notification-preferences', child.parent, {
        channels: { email: true, sms: true },
        kinds: { tardy: false },
      });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ version: 1, preferences: { channels: { sms: true }, kinds: { tardy: false } } });
      const refused = await call('PUT', '/v1/me/notification-preferences', child.parent, { quietHours: { start: '9pm', end: '07:00' } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'quietHours.start' })]);
      expect((await call('PUT', '/v1/me/notification-preferences', child.parent, {}, { 'if-match': '"7"' })).status).toBe(412);

      const absent = await call('PUT', `/v1/sections/${sectionId}/attendance/2026-09-02`, teacherToken, {
        marks: [{ studentId: child.studentId, code: 'A' }],
      });
      expect(absent.status).toBe(200);
      await system.runtime.idle();

      const absence = events.find(
        (event) =>
          event['detail-type'] === 'Student Marked Absent' && (event.detail as { studentId: string }).studentId === child.studentId,
      )!;
      const eventId = (absence.detail as { eventId: string }).eventId;
      const inbox = await call('GET', '/v1/me/notifications', child.parent);
      expect(inbox.status).toBe(200);
      const notice = inbox.body.items.find((item: { kind: string }) => item.kind === 'absence');
      expect(notice).toMatchObject({ notificationId: eventId, studentId: child.studentId, language: 'es' });
      expect(notice.subject).toMatch(/tuvo una falta el miércoles, 2 de septiembre de 2026/);
      expect(notice.body).toContain('faltó a 1 período (P1)');
      expect(notice.body).toContain('Roosevelt High');
      // Newest first: the absence, the class added to the schedule, the welcome notice of the enrollment.
      expect(inbox.body.items.map((item: { kind: string }) => item.kind)).toEqual(['absence', 'scheduleChanged', 'enrollmentCompleted']);

      const sentFor = () => outbox().filter((line) => line.notificationIds.includes(eventId));
      expect(
        sentFor()
          .map((line) => [line.channel, line.to, line.language])
          .sort(),
      ).toEqual([
        ['email', 'maria.lopez@example.com', 'es'],
        ['sms', '+12175550142', 'es'],
      ]);
      expect(sentFor().find((line) => line.channel === 'sms')!.text).toContain('ausente el 2/9');

      // The same event delivered again (a replay from the archive): nothing new anywhere.
      await system.runtime.bus.putEvents([
        { Source: absence.source, DetailType: absence['detail-type'], Detail: JSON.stringify(absence.detail) },
      ]);
      await system.runtime.idle();
      expect(sentFor()).toHaveLength(2);
      const after = await call('GET', '/v1/me/notifications', child.parent);
      expect(after.body.items.filter((item: { kind: string }) => item.kind === 'absence')).toHaveLength(1);

      // Read it; another id is not found.
      const read = await call('POST', `/v1/me/notifications/${eventId}/read`, child.parent);
      expect(read.status).toBe(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      expect((await call('POST', '/v1/me/notifications/01JZZZZZZZZZZZZZZZZZZZZZZZ/read', child.parent)).status).toBe(404);

      // A tardy, which the parent turned off: recorded as skipped, not sent, not in the inbox.
      await call('PUT', `/v1/sections/${sectionId}/attendance/2026-09-03`, teacherToken, {
        marks: [{ studentId: child.studentId, code: 'T', minutesLate: 5 }],
      });
      await system.runtime.idle();
      expect((await call('GET', '/v1/me/notifications', child.parent)).body.items).toHaveLength(3);
      const paged = await call('GET', '/v1/me/notifications?limit=2', child.parent);
      expect(paged.body.items).toHaveLength(2);
      const rest = await call('GET', `/v1/me/notifications?limit=2&cursor=${paged.body.nextCursor}`, child.parent);
      expect(rest.body.items.map((item: { kind: string }) => item.kind)).toEqual(['enrollmentCompleted']);

      // The office sees what was sent, when, how and in which language; a teacher may not.
      const office = system.api.token('school_admin', { schoolIds: [schoolId] });
      const log = await call('GET', `/v1/students/${child.studentId}/notifications`, office);
      expect(log.status).toBe(200);
      const rows = log.body.items.map((row: Record<string, string>) => `${row.kind} ${row.channel} ${row.status} ${row.language}`);
      expect(rows).toEqual(
        expect.arrayContaining([
          'absence inbox sent es',
          'absence email delivered es',
          'absence sms sent es',
          'tardy inbox skipped es',
          'tardy email skipped es',
          'tardy sms skipped es',
          'enrollmentCompleted inbox sent es',
          'enrollmentCompleted email delivered es',
          'scheduleChanged inbox sent es',
          // Sent by the sweep this test ran itself, whose outbox reports no delivery back.
          'scheduleChanged email sent es',
        ]),
      );
      expect(log.body.items).toHaveLength(10);
      expect(JSON.stringify(log.body)).not.toContain('maria.lopez@example.com');
      expect((await call('GET', `/v1/students/${child.studentId}/notifications`, teacherToken)).status).toBe(403);

      // The parent reads the child's attendance; another child is the same 404 as a child that does not exist.
      const attendance = await call('GET', `/v1/me/children/${child.studentId}/attendance?from=2026-09-01&to=2026-09-30`, child.parent);
      expect(attendance.status).toBe(200);
      expect(attendance.body.summary).toMatchObject({ daysMarked: 2, unexcusedAbsences: 1, tardies: 1 });
      const other = await enrolledChild({ email: 'otro@example.com' });
      const notMine = await call('GET', `/v1/me/children/${other.studentId}/attendance?from=2026-09-01&to=2026-09-30`, child.parent);
      const missing = await call(
        'GET',
        '/v1/me/children/01JZZZZZZZZZZZZZZZZZZZZZZZ/attendance?from=2026-09-01&to=2026-09-30',
        child.parent,
      );
      expect([notMine.status, missing.status]).toEqual([404, 404]);
      expect(notMine.body.detail.replace(other.studentId, 'X')).toBe(missing.body.detail.replace('01JZZZZZZZZZZZZZZZZZZZZZZZ', 'X'));
      expect((await call('GET', `/v1/me/children/${child.studentId}/attendance?from=2026-09-30&to=2026-09-01`, child.parent)).status).toBe(
        400,
      );
    },
    BUDGET_MS,
  );

  test(
    'quiet hours hold a notice until they end and a digest gathers the day, in one message, never dropped',
    async () => {
      const child = await enrolledChild({ email: 'ana.ruiz@example.com', preferredLanguage: 'es' });
      await call('PUT', '/v1/me/notification-preferences', child.parent, {
        timeZone: 'America/Los_Angeles',
        quietHours: { start: '21:00', end: '07:00' },
      });
      const services = (now: string) => ({ ...getServices(), now: () => new Date(now) });
      const channels = senders('quiet-hours-clock');
      const notice = (eventId: string, date: string) => ({
        eventId,
        occurredAt: '2026-12-01T06:30:00.000Z',
        kind: 'absence' as const,
        studentId: child.studentId,
        schoolId,
        values: { date, periodCount: 2, periods: 'P1, P2' },
      });
      const sentTo = () => outbox().filter((line) => line.to === 'ana.ruiz@example.com');
      const before = sentTo().length;

      // 22:30 in Los Angeles: both notices reach the inbox now, the email waits.
      const late = services('2026-12-01T06:30:00Z');
      const first = await notifyEvent(late, channels, notice('01KQUIET000000000000000001', '2026-11-30'));
      await notifyEvent(late, channels, notice('01KQUIET000000000000000002', '2026-12-01'));
      expect(first).toMatchObject({ inbox: 1, deferred: 1, sent: 0 });
      expect(await sendDueNotifications(services('2026-12-01T14:59:00Z'), channels, shards)).toMatchObject({ messages: 0 });
      expect(sentTo()).toHaveLength(before);

      // 07:00: one message carries both, in Spanish; a second sweep sends nothing more.
      expect(await sendDueNotifications(services('2026-12-01T15:00:00Z'), channels, shards)).toMatchObject({
        messages: 1,
        deliveries: 2,
        failed: 0,
      });
      expect(await sendDueNotifications(services('2026-12-01T15:05:00Z'), channels, shards)).toMatchObject({ messages: 0 });
      const [digest, ...more] = sentTo().slice(before);
      expect(more).toEqual([]);
      expect(digest!.subject).toBe('2 avisos nuevos de la escuela');
      expect(digest!.text).toContain('lunes, 30 de noviembre de 2026');
      expect(digest!.notificationIds.sort()).toEqual(['01KQUIET000000000000000001', '01KQUIET000000000000000002']);

      // A daily digest at 18:00: held until then.
      await call('PUT', '/v1/me/notification-preferences', child.parent, {
        timeZone: 'America/Los_Angeles',
        delivery: 'dailyDigest',
        digestTime: '18:00',
      });
      const morning = await notifyEvent(services('2026-12-02T17:00:00Z'), channels, notice('01KDIGEST00000000000000001', '2026-12-02'));
      expect(morning).toMatchObject({ inbox: 1, deferred: 1 });
      expect(await sendDueNotifications(services('2026-12-03T01:59:00Z'), channels, shards)).toMatchObject({ messages: 0 });
      expect(await sendDueNotifications(services('2026-12-03T02:00:00Z'), channels, shards)).toMatchObject({
        messages: 1,
        deliveries: 1,
        failed: 0,
      });
    },
    BUDGET_MS,
  );

  test(
    'an address that bounces: the delivery shows each step, the family sees it, the office finds them on its list and the report counts it',
    async () => {
      const child = await enrolledChild({ email: 'bounce@simulator.amazonses.com' });
      await system.runtime.idle();
      const office = system.api.token('school_admin', { schoolIds: [schoolId] });
      const email = (await call('GET', `/v1/students/${child.studentId}/notifications`, office)).body.items.find(
        (row: Record<string, string>) => row.kind === 'enrollmentCompleted' && row.channel === 'email',
      );
      expect(email.status).toBe('bounced');
      expect(email.steps.map((step: { status: string }) => step.status)).toEqual(['queued', 'sent', 'bounced']);
      expect(email.steps.every((step: { at: string }) => !Number.isNaN(Date.parse(step.at)))).toBe(true);

      // The family's inbox says the same of its notice, channel by channel.
      const welcome = (await call('GET', '/v1/me/notifications', child.parent)).body.items.find(
        (item: { kind: string }) => item.kind === 'enrollmentCompleted',
      );
      expect(welcome.deliveries.map((delivery: { channel: string; status: string }) => `${delivery.channel} ${delivery.status}`)).toEqual([
        'inbox sent',
        'email bounced',
      ]);

      // No chosen channel reaches the family: the office's list names them; a teacher may not see it.
      const list = await call('GET', `/v1/schools/${schoolId}/unreachable-families`, office);
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ guardianId: child.guardianId, studentId: child.studentId, channels: { email: 'the address bounced' } }),
        ]),
      );
      expect((await call('GET', `/v1/schools/${schoolId}/unreachable-families`, teacherToken)).status).toBe(403);

      // The district's report counts the bounce on the event's day, with the delay to sending.
      const day = (email.occurredAt as string).slice(0, 10);
      const report = await call('GET', `/v1/notifications/report?from=${day}&schoolId=${schoolId}`, admin);
      expect(report.status).toBe(200);
      const row = report.body.items.find((item: { schoolId: string; date: string }) => item.schoolId === schoolId && item.date === day);
      expect(row.channels.email.bounced).toBeGreaterThanOrEqual(1);
      expect(row.delay.email.p95).toEqual({ atMostSeconds: expect.any(Number) });
      const backwards = await call('GET', `/v1/notifications/report?from=${day}&to=2020-01-01`, admin);
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    },
    BUDGET_MS,
  );

  test(
    'a notifier that died after claiming a send holds it for the lease only; the retry then sends it, once',
    async () => {
      const child = await enrolledChild({ email: 'leo.diaz@example.com' });
      const channels = senders('lease-clock');
      const at = (instant: number) => ({ ...getServices(), now: () => new Date(instant) });
      const start = Date.parse('2026-12-01T18:00:00Z');
      const notice = {
        eventId: '01KCRASH000000000000000001',
        occurredAt: '2026-12-01T18:00:00.000Z',
        kind: 'absence' as const,
        studentId: child.studentId,
        schoolId,
        values: { date: '2026-12-01', periodCount: 1, periods: 'P1' },
      };
      const sent = () => outbox().filter((line) => line.notificationIds.includes(notice.eventId));
      // The first delivery claims the email and dies before sending (nothing marks it sent).
      const claimed = await getServices().notifications.deliveries.claim(
        {
          eventId: notice.eventId,
          guardianId: child.guardianId,
          studentId: child.studentId,
          channel: 'email',
          kind: 'absence',
          language: 'en',
          occurredAt: notice.occurredAt,
          createdAt: notice.occurredAt,
          to: 'leo.diaz@example.com',
        },
        new Date(start),
        CLAIM_LEASE_SECONDS,
      );
      expect(claimed.claimed).toBe(true);
      // A duplicate delivery while the claim is live sends nothing (the inbox, not yet written, is written).
      expect(await notifyEvent(at(start + 1000), channels, notice)).toMatchObject({ inbox: 1, sent: 0, repeated: 1 });
      expect(sent()).toHaveLength(0);
      // The dead attempt's retry, after the lease: sent once; another delivery after that changes nothing.
      expect(await notifyEvent(at(start + (CLAIM_LEASE_SECONDS + 1) * 1000), channels, notice)).toMatchObject({ sent: 1, repeated: 1 });
      expect(await notifyEvent(at(start + (CLAIM_LEASE_SECONDS + 600) * 1000), channels, notice)).toMatchObject({ sent: 0, repeated: 2 });
      expect(sent()).toHaveLength(1);
    },
    BUDGET_MS,
  );

  test(
    'a send that keeps failing retries, ends in the DLQ with its reason recorded, and goes out once redriven after the fix',
    async () => {
      const child = await enrolledChild({ email: 'wrong@example.invalid' });
      await call('PUT', `/v1/sections/${sectionId}/attendance/2026-09-04`, teacherToken, {
        marks: [{ studentId: child.studentId, code: 'A' }],
      });
      await system.runtime.idle(60_000);
      const dlq = system.runtime.queueNames('notifications').dlq;
      expect((await system.runtime.deadLetters())[dlq]).toBeGreaterThanOrEqual(1);
      const office = system.api.token('school_admin', { schoolIds: [schoolId] });
      const failed = (await call('GET', `/v1/students/${child.studentId}/notifications`, office)).body.items.find(
        (row: Record<string, string>) => row.kind === 'absence' && row.channel === 'email',
      );
      expect(failed).toMatchObject({ status: 'failed', lastError: expect.stringContaining('no such domain') });
      expect(failed.attempts).toBeGreaterThanOrEqual(5);
      // The inbox got it all along, once.
      expect(
        (await call('GET', '/v1/me/notifications', child.parent)).body.items.filter((item: { kind: string }) => item.kind === 'absence'),
      ).toHaveLength(1);

      // The school fixes the address and redrives the dead letters: the notice goes out, once.
      const guardian = await call('GET', `/v1/guardians/${child.guardianId}`, admin);
      await call(
        'PATCH',
        `/v1/guardians/${child.guardianId}`,
        admin,
        { email: 'right@example.com' },
        { 'if-match': guardian.headers.get('etag')! },
      );
      const sqs = new SQSClient({ endpoint: system.runtime.awsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
      const moved = await redrive(sqs, localQueueArn(dlq));
      expect(moved.waiting).toBeGreaterThanOrEqual(1);
      await system.runtime.idle(60_000);
      sqs.destroy();
      expect(outbox().filter((line) => line.to === 'right@example.com' && line.subject.includes('absent'))).toHaveLength(1);
      const sent = (await call('GET', `/v1/students/${child.studentId}/notifications`, office)).body.items.find(
        (row: Record<string, string>) => row.kind === 'absence' && row.channel === 'email',
      );
      expect(sent).toMatchObject({ status: 'delivered' });
      expect((await system.runtime.deadLetters())[dlq]).toBeUndefined();
    },
    BUDGET_MS,
  );
});
