import { systemContext } from '../../functions/repositories/write-context';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../domain/ids';
import { NOTIFY_DUE_SHARDS } from '../../domain/keys';
import { guardianLinkType, guardianType, schoolType, studentType, type RecordType } from '../../domain/records/record-types';
import { ATTENDANCE_EVENTS } from '../../events/catalog';
import { buildEvent } from '../../events/envelope';
import { noticeOf, type Notice } from '../../events/notifications';
import { DEFAULT_CHANNEL_RATES } from '../../functions/platform/channel-rates';
import { FileOutboxChannels, MAILBOX_SIMULATOR } from '../../functions/platform/local-channels';
import type { SesEvent } from '../../functions/platform/ses-events';
import { createServices, type Services } from '../../functions/services';
import { recordEmailFeedback } from '../../functions/use-cases/notifications/notice-feedback';
import { noticeReport, unreachableFamilies } from '../../functions/use-cases/notifications/notice-report';
import { MAX_DEFERRED_ATTEMPTS, sendDueNotifications } from '../../functions/use-cases/notifications/notice-sweep';
import { notifyEvent } from '../../functions/use-cases/notifications/notify';
import { createTestTable, type TestTable } from '../support/dynamo';
import { guardianBody, linkBody, schoolBody, studentBody } from '../support/fixtures';

/**
 * Fewer and better notices (decision 0116), their feedback (0117) and their report (0119), through
 * the notifications use cases on DynamoDB Local, on a clock the test sets: a school day in Chicago,
 * 2027-03-09, from the first period to the evening summary.
 */
describe('fewer, better notices', () => {
  let table: TestTable;
  let base: Services;
  const outboxDir = mkdtempSync(join(tmpdir(), 'sis-notice-rules-'));
  const feedback: SesEvent[] = [];
  const channels = new FileOutboxChannels(outboxDir, { feedback: async (event) => void feedback.push(event) });
  // Each test runs on a clock of its own: each paces on buckets of its own.
  let senders = { channels, rates: DEFAULT_CHANNEL_RATES };
  let tests = 0;
  beforeEach(() => {
    senders = { channels, rates: { ...DEFAULT_CHANNEL_RATES, scope: `test${(tests += 1)}` } };
  });
  const schoolId = newId();
  const admin = { sub: 'admin-1', roles: ['district_admin'] as const, schoolIds: [] };
  const at = (iso: string): Services => ({ ...base, now: () => new Date(iso) });
  const shards = Array.from({ length: NOTIFY_DUE_SHARDS }, (_, shard) => shard);
  const outbox = () =>
    readdirSync(outboxDir).flatMap((name) =>
      readFileSync(join(outboxDir, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { to: string; channel: string; subject: string; text: string; notificationIds: string[] }),
    );

  async function put(type: RecordType, ids: Record<string, string>, _id: string, body: unknown) {
    // Through the write primitive, without events: the record, its history, projections and claims.
    await base.records.write(systemContext('test'), { kind: type, ids, data: type.schema.parse(body) }, { at: new Date().toISOString() });
  }

  /** A student and one guardian who gets email (and SMS when asked), in a language. */
  async function family(email: string, language = 'en', sms = false) {
    const [studentId, guardianId] = [newId(), newId()];
    await put(
      studentType,
      { studentId },
      studentId,
      studentBody(schoolId, { legalName: { first: 'Ana', last: 'Ruiz' }, preferredName: undefined }),
    );
    await put(guardianType, { guardianId }, guardianId, guardianBody({ email, phone: '+12175550199', preferredLanguage: language }));
    await put(guardianLinkType, { studentId, guardianId }, guardianId, linkBody(guardianId));
    if (sms)
      await base.notifications.putPreferences(
        guardianId,
        { channels: { email: true, sms: true }, kinds: {}, delivery: 'immediate', digestTime: '18:00', attendance: 'oncePerDay' },
        undefined,
        new Date().toISOString(),
        'test',
      );
    return { studentId, guardianId, email };
  }

  /** What the teacher's submission publishes: one event per mark. */
  function mark(
    studentId: string,
    section: string,
    category: 'absent' | 'tardy' | 'present',
    options: { excused?: boolean; previous?: 'absent' | 'tardy' | 'present'; at?: string } = {},
  ): Notice {
    const entry = options.previous
      ? ATTENDANCE_EVENTS.attendanceCorrected
      : category === 'absent'
        ? ATTENDANCE_EVENTS.studentMarkedAbsent
        : ATTENDANCE_EVENTS.studentMarkedTardy;
    const event = buildEvent(entry, {
      occurredAt: options.at ?? '2027-03-09T15:00:00.000Z',
      actor: { sub: 'teacher', roles: ['teacher'] },
      recordType: 'sectionAttendance',
      ids: { sectionId: section, date: '2027-03-09' },
      schoolIds: [schoolId],
      changedFields: [],
      studentId,
      schoolId,
      sectionId: section,
      periods: [section.replace('SEC-', '')],
      date: '2027-03-09',
      category,
      ...(options.excused !== undefined ? { excused: options.excused } : {}),
      ...(options.previous ? { previousCategory: options.previous } : {}),
    });
    return noticeOf(event.detailType, event.detail)!;
  }
  const inbox = async (guardianId: string) => (await base.notifications.inbox(guardianId, 50)).items;

  beforeAll(async () => {
    table = await createTestTable('notice-rules');
    base = createServices(DynamoDBDocumentClient.from(table.client, { marshallOptions: { removeUndefinedValues: true } }), table.tableName);
    await put(schoolType, { schoolId }, schoolId, schoolBody({ name: 'Roosevelt High', timeZone: 'America/Chicago' }));
  }, 60_000);
  afterAll(async () => {
    await table?.drop();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  test('the day’s first absence goes at once; later periods wait for the evening summary; corrections are worded as corrections', async () => {
    const ana = await family('ruiz@example.com');
    const morning = at('2027-03-09T15:00:00Z');
    await notifyEvent(morning, senders, mark(ana.studentId, 'SEC-P1', 'absent'));
    expect(await notifyEvent(at('2027-03-09T16:00:00Z'), senders, mark(ana.studentId, 'SEC-P2', 'absent'))).toMatchObject({
      folded: 1,
      inbox: 0,
    });
    expect(await notifyEvent(at('2027-03-09T17:00:00Z'), senders, mark(ana.studentId, 'SEC-P4', 'tardy'))).toMatchObject({ folded: 1 });
    expect((await inbox(ana.guardianId)).map((item) => item.subject)).toEqual(['Ana was marked absent on Tuesday, March 9, 2027']);

    // The office excuses the first period: the family was told of it, so it is a correction.
    await notifyEvent(at('2027-03-09T18:00:00Z'), senders, mark(ana.studentId, 'SEC-P1', 'absent', { excused: true, previous: 'absent' }));
    // A folded period corrected to present before the summary: the summary simply leaves it out.
    expect(
      await notifyEvent(at('2027-03-09T19:00:00Z'), senders, mark(ana.studentId, 'SEC-P2', 'present', { previous: 'absent' })),
    ).toMatchObject({ inbox: 0 });
    const subjects = (await inbox(ana.guardianId)).map((item) => item.subject);
    expect(subjects).toContain("Correction: Ana's absence on Tuesday, March 9, 2027 is excused");

    // 18:00 in Chicago: one summary of the day, by inbox and email.
    expect(await sendDueNotifications(at('2027-03-09T23:59:00Z'), senders, shards)).toMatchObject({ assembled: 0 });
    expect(await sendDueNotifications(at('2027-03-10T00:01:00Z'), senders, shards)).toMatchObject({ assembled: 1 });
    expect(await sendDueNotifications(at('2027-03-10T00:06:00Z'), senders, shards)).toMatchObject({ assembled: 0 });
    const summary = (await inbox(ana.guardianId)).find((item) => item.kind === 'attendanceSummary');
    expect(summary).toMatchObject({ kind: 'attendanceSummary', subject: "Ana's attendance on Tuesday, March 9, 2027" });
    expect(summary!.body).toContain('Absent: P1\nLate: P4\n1 of them is excused.');
    expect(
      outbox()
        .filter((line) => line.to === ana.email)
        .map((line) => line.subject),
    ).toEqual([
      'Ana was marked absent on Tuesday, March 9, 2027',
      "Correction: Ana's absence on Tuesday, March 9, 2027 is excused",
      "Ana's attendance on Tuesday, March 9, 2027",
    ]);

    // The next morning the first period turns out to have been present all along: "please disregard".
    await notifyEvent(at('2027-03-10T14:00:00Z'), senders, mark(ana.studentId, 'SEC-P1', 'present', { previous: 'absent' }));
    expect((await inbox(ana.guardianId)).map((item) => item.subject)).toContain(
      'Please disregard: Ana was present on Tuesday, March 9, 2027',
    );
    expect(await inbox(ana.guardianId)).toHaveLength(4);
  });

  test('a family who chose every period gets each mark at once, and a repeated event changes nothing', async () => {
    const leo = await family('leo@example.com');
    await base.notifications.putPreferences(
      leo.guardianId,
      { channels: { email: true, sms: false }, kinds: {}, delivery: 'immediate', digestTime: '18:00', attendance: 'everyPeriod' },
      undefined,
      new Date().toISOString(),
      'test',
    );
    const p1 = mark(leo.studentId, 'SEC-P1', 'absent');
    await notifyEvent(at('2027-03-09T15:00:00Z'), senders, p1);
    await notifyEvent(at('2027-03-09T16:00:00Z'), senders, mark(leo.studentId, 'SEC-P2', 'absent'));
    expect(await notifyEvent(at('2027-03-09T16:30:00Z'), senders, p1)).toMatchObject({ inbox: 0, sent: 0, repeated: 2 });
    expect(await inbox(leo.guardianId)).toHaveLength(2);
  });

  test('four schedule changes in one sitting reach the family as one notice, once the sitting is over', async () => {
    const mia = await family('mia@example.com');
    for (const [index, section] of ['A', 'B', 'C', 'D'].entries()) {
      const notice: Notice = {
        eventId: newId(),
        occurredAt: new Date().toISOString(),
        kind: 'scheduleChanged',
        studentId: mia.studentId,
        schoolId,
        values: { addedCount: 1, droppedCount: 0 },
        schedule: { added: [`SEC-${section}`], dropped: [] },
      };
      expect(await notifyEvent(at(`2027-03-09T16:0${index}:00Z`), senders, notice)).toMatchObject({ held: 'sitting' });
    }
    expect(await inbox(mia.guardianId)).toHaveLength(0);
    await sendDueNotifications(at('2027-03-09T16:12:00Z'), senders, shards);
    expect(await inbox(mia.guardianId)).toHaveLength(0);
    await sendDueNotifications(at('2027-03-09T16:14:00Z'), senders, shards);
    const notices = await inbox(mia.guardianId);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain("Ana's schedule changed: 4 classes added, no class dropped.");
  });

  test('a report-card mark re-posted unchanged tells nobody again; a changed one does', async () => {
    const eli = await family('eli@example.com');
    const posted = (letter: string): Notice => ({
      eventId: newId(),
      occurredAt: new Date().toISOString(),
      kind: 'reportCardPosted',
      studentId: eli.studentId,
      schoolId,
      values: { letter, courseTitle: 'Biology', gradingPeriodName: 'Quarter 1', corrected: false },
      reportCard: { sectionId: 'SEC-BIO', gradingPeriod: 'Q1' },
    });
    const now = at('2027-03-09T20:00:00Z');
    expect(await notifyEvent(now, senders, posted('B+'))).toMatchObject({ inbox: 1 });
    expect(await notifyEvent(now, senders, posted('B+'))).toMatchObject({ held: 'unchanged', inbox: 0 });
    expect(await notifyEvent(now, senders, posted('A-'))).toMatchObject({ inbox: 1 });
    expect(await inbox(eli.guardianId)).toHaveLength(2);
  });

  test('a bounce is a step of the delivery, suppresses the address, and lists a family no channel reaches for the office', async () => {
    const kim = await family(MAILBOX_SIMULATOR.bounce);
    await notifyEvent(at('2027-03-09T15:00:00Z'), senders, mark(kim.studentId, 'SEC-P1', 'absent'));
    const bounce = feedback.find((event) => event.eventType === 'Bounce')!;
    expect(await recordEmailFeedback(base, bounce)).toEqual({ outcome: 'bounced', deliveries: 1, suppressed: 1 });
    expect(await recordEmailFeedback(base, bounce)).toMatchObject({ outcome: 'bounced', deliveries: 0, suppressed: 0 });
    const [email] = (await base.notifications.deliveries.deliveriesOfStudent(kim.studentId, 10)).items.filter(
      (row) => row.channel === 'email',
    );
    expect(email!.status).toBe('bounced');
    expect(email!.steps!.map((step) => step.status)).toEqual(['queued', 'sent', 'bounced']);

    // The next notice is not sent to the address; the inbox still gets it.
    const sentBefore = outbox().filter((line) => line.to === MAILBOX_SIMULATOR.bounce).length;
    expect(
      await notifyEvent(at('2027-03-11T15:00:00Z'), senders, {
        ...mark(kim.studentId, 'SEC-P1', 'absent'),
        values: { date: '2027-03-11', periodCount: 1, periods: 'P1' },
        mark: { sectionId: 'SEC-P1', date: '2027-03-11', category: 'absent', excused: false, periods: ['P1'] },
      }),
    ).toMatchObject({ inbox: 1, suppressed: 1, sent: 0 });
    expect(outbox().filter((line) => line.to === MAILBOX_SIMULATOR.bounce)).toHaveLength(sentBefore);
    const office = await unreachableFamilies(base, admin, schoolId, { limit: 50 });
    expect(office.items).toEqual([
      expect.objectContaining({ guardianId: kim.guardianId, studentId: kim.studentId, channels: { email: 'the address bounced' } }),
    ]);

    // The report counts the day's outcomes by channel, with the delays.
    const report = await noticeReport(base, admin, { from: '2027-03-09', schoolId });
    expect(report.items[0]!.channels.email).toMatchObject({ bounced: 1 });
    expect(report.items[0]!.delay.inbox.p50).toEqual(expect.objectContaining({ atMostSeconds: expect.any(Number) }));
  });
  test('a digest the provider refuses is retried by each sweep, given up after the last attempt and counted; one it throttles waits and goes once', async () => {
    const digest = {
      channels: { email: true, sms: false },
      kinds: {},
      delivery: 'dailyDigest',
      digestTime: '18:00',
      attendance: 'everyPeriod',
    } as const;
    const [rio, una] = [await family('rio@example.com'), await family('una@example.com')];
    for (const { guardianId } of [rio, una])
      await base.notifications.putPreferences(guardianId, digest, undefined, new Date().toISOString(), 'test');
    const refused = Object.assign(new Error('mailbox unavailable'), { name: 'MessageRejected' });
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
    let failure: Error | undefined;
    const failing = {
      ...senders,
      channels: {
        send: async (message: Parameters<typeof channels.send>[0]) => (failure ? Promise.reject(failure) : channels.send(message)),
      },
    };
    const emailOf = async (studentId: string) =>
      (await base.notifications.deliveries.deliveriesOfStudent(studentId, 10)).items.find((row) => row.channel === 'email')!;

    // Rio's notice waits for the 18:00 digest; every sweep from then on meets a refusal.
    await notifyEvent(at('2027-03-09T15:00:00Z'), failing, mark(rio.studentId, 'SEC-P1', 'absent'));
    failure = refused;
    for (let sweep = 0; sweep < MAX_DEFERRED_ATTEMPTS; sweep += 1)
      await sendDueNotifications(at(`2027-03-10T00:${String(10 + sweep * 5).padStart(2, '0')}:00Z`), failing, shards);
    const givenUp = await emailOf(rio.studentId);
    expect(givenUp).toMatchObject({ status: 'failed', lastError: 'mailbox unavailable' });
    expect(givenUp.steps!.filter((step) => step.status === 'deferred' && step.reason === 'mailbox unavailable')).toHaveLength(
      MAX_DEFERRED_ATTEMPTS - 1,
    );
    // Given up, it leaves the sweep's list: a later sweep, the provider well again, sends nothing to Rio.
    failure = undefined;
    await sendDueNotifications(at('2027-03-10T02:00:00Z'), failing, shards);
    expect(outbox().filter((line) => line.to === rio.email)).toHaveLength(0);
    expect((await noticeReport(base, admin, { from: '2027-03-09', schoolId })).items[0]!.channels.email).toMatchObject({ failed: 1 });

    // Una's digest is throttled once: it waits a few seconds, then goes once.
    await notifyEvent(at('2027-03-09T15:00:00Z'), failing, mark(una.studentId, 'SEC-P3', 'absent'));
    failure = throttled;
    expect(await sendDueNotifications(at('2027-03-10T03:00:00Z'), failing, shards)).toMatchObject({ paced: 1, messages: 0 });
    expect(await emailOf(una.studentId)).toMatchObject({ status: 'deferred' });
    failure = undefined;
    expect(await sendDueNotifications(at('2027-03-10T03:00:02Z'), failing, shards)).toMatchObject({ messages: 0 });
    expect(await sendDueNotifications(at('2027-03-10T03:00:06Z'), failing, shards)).toMatchObject({ messages: 1 });
    expect(outbox().filter((line) => line.to === una.email)).toHaveLength(1);
  });

  test('at the digest hour the SMS rate paces the second family to a later slot, and a spent month suppresses the message rather than sending it', async () => {
    const smsDigest = {
      channels: { email: false, sms: true },
      kinds: {},
      delivery: 'dailyDigest',
      digestTime: '18:00',
      attendance: 'everyPeriod',
    } as const;
    const smsOf = async (studentId: string) =>
      (await base.notifications.deliveries.deliveriesOfStudent(studentId, 10)).items.find((row) => row.channel === 'sms')!;
    const digestFamilies = async (...emails: string[]) => {
      const made = [];
      for (const email of emails) {
        const one = await family(email, 'en', true);
        await base.notifications.putPreferences(one.guardianId, smsDigest, undefined, new Date().toISOString(), 'test');
        await notifyEvent(at('2027-03-09T15:00:00Z'), senders, mark(one.studentId, 'SEC-P2', 'absent'));
        made.push(one);
      }
      return made;
    };

    // One part every 20 s: the first family's digest goes at 18:10, the second's takes the next slot.
    senders = { channels, rates: { ...DEFAULT_CHANNEL_RATES, smsPartsPerSecond: 0.05, scope: `${senders.rates.scope}-rate` } };
    const [ivy, jo] = await digestFamilies('ivy@example.com', 'jo@example.com');
    expect(await sendDueNotifications(at('2027-03-10T00:10:00Z'), senders, shards)).toMatchObject({ messages: 1, paced: 1 });
    const waiting = [await smsOf(ivy!.studentId), await smsOf(jo!.studentId)].find((row) => row.status === 'deferred')!;
    expect(waiting.steps!.at(-1)).toMatchObject({ status: 'deferred', reason: 'pacing' });
    expect(await sendDueNotifications(at('2027-03-10T00:10:30Z'), senders, shards)).toMatchObject({ messages: 1 });
    expect([(await smsOf(ivy!.studentId)).status, (await smsOf(jo!.studentId)).status]).toEqual(['sent', 'sent']);

    // A month's SMS budget of one part: the first digest goes, the second is suppressed with the reason, never sent.
    senders = { channels, rates: { ...DEFAULT_CHANNEL_RATES, smsMonthlySpendUsd: 0.01, scope: `${senders.rates.scope}-spend` } };
    const [kay, lu] = await digestFamilies('kay@example.com', 'lu@example.com');
    expect(await sendDueNotifications(at('2027-03-10T00:20:00Z'), senders, shards)).toMatchObject({ messages: 1 });
    const statuses = [await smsOf(kay!.studentId), await smsOf(lu!.studentId)];
    expect(statuses.map((row) => row.status).sort()).toEqual(['sent', 'suppressed']);
    expect(statuses.find((row) => row.status === 'suppressed')!.steps!.at(-1)).toMatchObject({
      reason: "the month's SMS spend limit is reached",
    });
  });
});
