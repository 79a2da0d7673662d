import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { EventEnvelope } from '../../infra/local/event-bus';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { localQueueArn } from '../../infra/local/local-queues';
import { redrive } from '../../infra/ops/redrive';
import { startTestSystem, type TestSystem } from '../support/runtime';
import { bearerCall } from '../support/api';
import { newEnrollmentBody } from '../support/fixtures';
import {
  firstGuardianOf,
  seedCourse,
  seedEnrollment,
  seedHighSchool,
  seedRoster,
  seedSection,
  seedStaff,
  storeServices,
} from '../support/seed';

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
 * replayed event adds nothing; preferences, the staff view, and sends that fail into the DLQ.
 * Quiet hours, digests and the notifier's lease are the use-case tier's
 * (test/use-cases/notifications/). The school, its class and its children are made through the store.
 */
describe('family notifications', () => {
  let system: TestSystem;
  let admin: string;
  let schoolId: string;
  let sectionId: string;
  let teacherToken: string;
  const outboxDir = mkdtempSync(join(tmpdir(), 'sis-outbox-'));
  const events: EventEnvelope[] = [];

  const call = bearerCall(() => system.api);
  const outbox = (): OutboxLine[] =>
    readdirSync(outboxDir)
      .filter((name) => name.endsWith('.ndjson'))
      .flatMap((name) => readFileSync(join(outboxDir, name), 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as OutboxLine);

  /**
   * A ninth grader enrolled with one mother of these contact details and put in the biology
   * section, through the store; the notices of the enrollment and of the class reach the family
   * through the relay, the bus and the notifier, as they would after the enrollment queue.
   */
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
    const services = storeServices(system.runtime);
    const settled = await seedEnrollment({ services }, body);
    expect(settled.status).toBe('ENROLLED');
    const studentId = settled.studentId!;
    await seedRoster(services, sectionId, [studentId]);
    await system.runtime.idle();
    const guardianId = await firstGuardianOf(services, studentId);
    return { studentId, guardianId, parent: system.api.token('parent', { guardianId }) };
  }

  beforeAll(async () => {
    system = await startTestSystem('notify', { outboxDir, schedules: 'manual', retryDelaySeconds: 0.2 });
    system.runtime.bus.onEvent((event) => events.push(event));
    admin = system.api.token('district_admin');
    const services = storeServices(system.runtime);
    schoolId = await seedHighSchool(services, 'Roosevelt High', { gradeLevels: ['09'] });
    const staffId = await seedStaff(services, [schoolId]);
    teacherToken = system.api.token('teacher', { staffId, schoolIds: [schoolId] });
    sectionId = await seedSection(
      services,
      schoolId,
      await seedCourse(services, schoolId, 'BIO', { title: 'Biology', subject: 'science' }),
      {
        teachers: [{ staffId, role: 'primary' }],
      },
    );
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  test('a teacher marks a child absent; the Spanish-speaking parent gets it once in the inbox and the outbox, even when the event is replayed', async () => {
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
      (event) => event['detail-type'] === 'Student Marked Absent' && (event.detail as { studentId: string }).studentId === child.studentId,
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
        'absence email sent es',
        'absence sms sent es',
        'tardy inbox skipped es',
        'tardy email skipped es',
        'tardy sms skipped es',
        'enrollmentCompleted inbox sent es',
        'enrollmentCompleted email sent es',
        'scheduleChanged inbox sent es',
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
    const missing = await call('GET', '/v1/me/children/01JZZZZZZZZZZZZZZZZZZZZZZZ/attendance?from=2026-09-01&to=2026-09-30', child.parent);
    expect([notMine.status, missing.status]).toEqual([404, 404]);
    expect(notMine.body.detail.replace(other.studentId, 'X')).toBe(missing.body.detail.replace('01JZZZZZZZZZZZZZZZZZZZZZZZ', 'X'));
    expect((await call('GET', `/v1/me/children/${child.studentId}/attendance?from=2026-09-30&to=2026-09-01`, child.parent)).status).toBe(
      400,
    );
  });

  test('a send that keeps failing retries, ends in the DLQ with its reason recorded, and goes out once redriven after the fix', async () => {
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
    expect(sent).toMatchObject({ status: 'sent' });
    expect((await system.runtime.deadLetters())[dlq]).toBeUndefined();
  });
});
