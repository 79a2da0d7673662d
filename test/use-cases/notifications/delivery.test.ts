import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTIFY_DUE_SHARDS } from '../../../domain/keys';
import { FileOutboxChannels } from '../../../functions/platform/notification-channels';
import { setMyPreferences } from '../../../functions/use-cases/notifications/family-notices';
import { CLAIM_LEASE_SECONDS, notifyEvent, sendDueNotifications } from '../../../functions/use-cases/notifications/notify';
import { newEnrollmentBody } from '../../support/fixtures';
import { as } from '../../support/principals';
import { firstGuardianOf, seedEnrollment, seedHighSchool } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

interface OutboxLine {
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  notificationIds: string[];
}

/**
 * How a notice reaches a family, on the notifier's clock: quiet hours hold it, a digest gathers
 * the day in one message, and a send claimed by a notifier that died is retried after its lease,
 * once. The notices set off by the system's own events, and sends that end in the DLQ, are the
 * e2e tier's (test/e2e/notifications.test.ts).
 */
describe('notification delivery', () => {
  let world: UseCaseServices;
  let schoolId: string;
  const outboxDir = mkdtempSync(join(tmpdir(), 'sis-outbox-'));
  const channels = new FileOutboxChannels(outboxDir);
  const shards = Array.from({ length: NOTIFY_DUE_SHARDS }, (_, shard) => shard);
  const outbox = (): OutboxLine[] =>
    readdirSync(outboxDir)
      .filter((name) => name.endsWith('.ndjson'))
      .flatMap((name) => readFileSync(join(outboxDir, name), 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as OutboxLine);

  /** A ninth grader enrolled with one mother of these contact details. */
  async function enrolledChild(guardian: Record<string, unknown>) {
    const body = newEnrollmentBody(schoolId, {
      gradeLevel: '09',
      guardians: [
        {
          guardian: { name: { first: 'María', last: 'López' }, ...guardian },
          link: { relationship: 'mother', custody: true, educationalRights: true, livesWith: true },
        },
      ],
    });
    const studentId = (await seedEnrollment({ services: world.services }, body)).studentId!;
    const guardianId = await firstGuardianOf(world.services, studentId);
    return { studentId, guardianId, parent: as.parent(guardianId) };
  }
  const absence = (eventId: string, studentId: string, date: string, occurredAt: string) => ({
    eventId,
    occurredAt,
    kind: 'absence' as const,
    studentId,
    schoolId,
    values: { date, periodCount: 2, periods: 'P1, P2' },
  });

  beforeAll(async () => {
    world = await useCaseServices('notify');
    schoolId = await seedHighSchool(world.services, 'Roosevelt High', { gradeLevels: ['09'] });
  });
  afterAll(async () => {
    await world?.drop();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  test('quiet hours hold a notice until they end and a digest gathers the day, in one message, never dropped', async () => {
    const child = await enrolledChild({ email: 'ana.ruiz@example.com', preferredLanguage: 'es' });
    const quiet = { timeZone: 'America/Los_Angeles', quietHours: { start: '21:00', end: '07:00' } };
    await setMyPreferences(world.services, child.parent, quiet, undefined);
    const at = (now: string) => world.at(new Date(now));
    const notice = (eventId: string, date: string) => absence(eventId, child.studentId, date, '2026-12-01T06:30:00.000Z');
    const sentTo = () => outbox().filter((line) => line.to === 'ana.ruiz@example.com');

    // 22:30 in Los Angeles: both notices reach the inbox now, the email waits.
    const late = at('2026-12-01T06:30:00Z');
    const first = await notifyEvent(late, channels, notice('01KQUIET000000000000000001', '2026-11-30'));
    await notifyEvent(late, channels, notice('01KQUIET000000000000000002', '2026-12-01'));
    expect(first).toMatchObject({ inbox: 1, deferred: 1, sent: 0 });
    expect(await sendDueNotifications(at('2026-12-01T14:59:00Z'), channels, shards)).toMatchObject({ messages: 0 });
    expect(sentTo()).toHaveLength(0);

    // 07:00: one message carries both, in Spanish; a second sweep sends nothing more.
    expect(await sendDueNotifications(at('2026-12-01T15:00:00Z'), channels, shards)).toEqual({ messages: 1, deliveries: 2, failed: 0 });
    expect(await sendDueNotifications(at('2026-12-01T15:05:00Z'), channels, shards)).toMatchObject({ messages: 0 });
    const [digest, ...more] = sentTo();
    expect(more).toEqual([]);
    expect(digest!.subject).toBe('2 avisos nuevos de la escuela');
    expect(digest!.text).toContain('lunes, 30 de noviembre de 2026');
    expect(digest!.notificationIds.sort()).toEqual(['01KQUIET000000000000000001', '01KQUIET000000000000000002']);

    // A daily digest at 18:00: held until then.
    await setMyPreferences(
      world.services,
      child.parent,
      { timeZone: 'America/Los_Angeles', delivery: 'dailyDigest', digestTime: '18:00' },
      undefined,
    );
    const morning = await notifyEvent(at('2026-12-02T17:00:00Z'), channels, notice('01KDIGEST00000000000000001', '2026-12-02'));
    expect(morning).toMatchObject({ inbox: 1, deferred: 1 });
    expect(await sendDueNotifications(at('2026-12-03T01:59:00Z'), channels, shards)).toMatchObject({ messages: 0 });
    expect(await sendDueNotifications(at('2026-12-03T02:00:00Z'), channels, shards)).toEqual({ messages: 1, deliveries: 1, failed: 0 });
  });

  test('a notifier that died after claiming a send holds it for the lease only; the retry then sends it, once', async () => {
    const child = await enrolledChild({ email: 'leo.diaz@example.com' });
    const start = Date.parse('2026-12-01T18:00:00Z');
    const at = (instant: number) => world.at(new Date(instant));
    const notice = {
      ...absence('01KCRASH000000000000000001', child.studentId, '2026-12-01', '2026-12-01T18:00:00.000Z'),
      values: { date: '2026-12-01', periodCount: 1, periods: 'P1' },
    };
    const sent = () => outbox().filter((line) => line.notificationIds.includes(notice.eventId));
    // The first delivery claims the email and dies before sending (nothing marks it sent).
    const claimed = await world.services.notifications.claim(
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
    expect(claimed).toBe(true);
    // A duplicate delivery while the claim is live sends nothing (the inbox, not yet written, is written).
    expect(await notifyEvent(at(start + 1000), channels, notice)).toMatchObject({ inbox: 1, sent: 0, repeated: 1 });
    expect(sent()).toHaveLength(0);
    // The dead attempt's retry, after the lease: sent once; another delivery after that changes nothing.
    expect(await notifyEvent(at(start + (CLAIM_LEASE_SECONDS + 1) * 1000), channels, notice)).toMatchObject({ sent: 1, repeated: 1 });
    expect(await notifyEvent(at(start + (CLAIM_LEASE_SECONDS + 600) * 1000), channels, notice)).toMatchObject({ sent: 0, repeated: 2 });
    expect(sent()).toHaveLength(1);
  });
});
