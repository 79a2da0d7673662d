import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTIFY_DUE_SHARDS } from '../../domain/keys';
import { LANGUAGES } from '../../domain/notifications/templates';
import { zonedInstant } from '../../domain/notifications/timing';
import { DEFAULT_CHANNEL_RATES } from '../../functions/platform/channel-rates';
import { FileOutboxChannels } from '../../functions/platform/notification-channels';
import { getServices } from '../../functions/services';
import { sendDueNotifications } from '../../functions/use-cases/notifications/notice-sweep';
import { bearerCall } from '../support/api';
import { guardianBody, linkBody, newEnrollmentBody, schoolBody, staffBody } from '../support/fixtures';
import { startTestSystem, type TestSystem } from '../support/runtime';

const ZONE = 'America/Chicago';
/** Each test drives many queue round trips on a machine others share; this is a budget, not a performance check. */
const BUDGET_MS = 400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: string, days: number) => isoDay(new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000));
/** The next school day after today in Chicago: its evening summary is still to come. */
function nextWeekday(): string {
  let day = addDays(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date()), 1);
  while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addDays(day, 1);
  return day;
}

/** A word each language's absence notice uses, in its own script. */
const ABSENT_IN: Record<(typeof LANGUAGES)[number], RegExp> = {
  en: /was marked absent/,
  es: /tuvo una falta/,
  zh: /缺勤/,
  vi: /vắng mặt/,
  ko: /결석/,
  tl: /liban/,
  hy: /բացակա/,
  ru: /Пропуск занятий/,
  ar: /غياب/,
  fa: /غیبت/,
};

/**
 * The new defaults as a district's staff and a new family meet them, through the API: four classes
 * placed in one sitting are one notice; a day's first absence goes at once and the rest in the
 * evening summary; corrections are worded as corrections, to present as "please disregard"; a mark
 * re-posted unchanged tells nobody again; and ten guardians each read it in their language.
 */
describe('fewer, better notices, as a family meets them', () => {
  let system: TestSystem;
  let admin: string;
  let teacher: string;
  let office: string;
  let schoolId: string;
  let studentId: string;
  const guardians: { guardianId: string; language: string; token: string }[] = [];
  const sections: string[] = [];
  const day = nextWeekday();
  const outboxDir = mkdtempSync(join(tmpdir(), 'sis-defaults-outbox-'));
  const call = bearerCall(() => system.api);
  const shards = Array.from({ length: NOTIFY_DUE_SHARDS }, (_, shard) => shard);
  /** The scheduled sweep as it runs at `at` (the test's own clock paces on a bucket of its own). */
  const sweepAt = (at: Date) =>
    sendDueNotifications(
      { ...getServices(), now: () => at },
      { channels: new FileOutboxChannels(outboxDir), rates: { ...DEFAULT_CHANNEL_RATES, scope: 'sweep-clock' } },
      shards,
    );
  const inboxOf = async (token: string) =>
    (await call('GET', '/v1/me/notifications?limit=50', token)).body.items as {
      kind: string;
      subject: string;
      body: string;
      language: string;
      deliveries: { channel: string; status: string; steps: { status: string }[] }[];
    }[];
  const mark = (section: string, code: string, reason?: string) =>
    call(
      'PUT',
      `/v1/sections/${section}/attendance/${day}`,
      teacher,
      { marks: [{ studentId, code }] },
      reason ? { 'x-change-reason': reason } : {},
    );

  beforeAll(async () => {
    system = await startTestSystem('defaults', { outboxDir, schedules: 'manual', retryDelaySeconds: 0.2 });
    admin = system.api.token('district_admin');
    schoolId = (
      await call('POST', '/v1/schools', admin, schoolBody({ name: 'Roosevelt High', type: 'high', gradeLevels: ['09'], timeZone: ZONE }))
    ).body.id;
    const start = addDays(day, -30);
    const end = addDays(day, 60);
    await call('POST', `/v1/schools/${schoolId}/school-years`, admin, {
      schoolYear: '2026-2027',
      startDate: start,
      endDate: end,
      status: 'active',
      terms: [{ code: 'S1', name: 'Semester', startDate: start, endDate: end }],
      gradingPeriods: [{ code: 'Q1', name: 'Quarter 1', termCode: 'S1', startDate: start, endDate: end }],
      nonInstructionalDays: [],
    });
    const staff = await call('POST', '/v1/staff', admin, staffBody([schoolId]));
    teacher = system.api.token('teacher', { staffId: staff.body.id, schoolIds: [schoolId] });
    office = system.api.token('school_admin', { schoolIds: [schoolId] });
    for (const [index, code] of ['BIO', 'CHEM', 'ENG', 'ART'].entries()) {
      const course = await call('POST', `/v1/schools/${schoolId}/courses`, admin, {
        code,
        title: code,
        subject: 'science',
        gradeLevels: ['09'],
        credits: 1,
      });
      const section = await call('POST', `/v1/schools/${schoolId}/sections`, admin, {
        courseId: course.body.id,
        schoolYear: '2026-2027',
        termCode: 'S1',
        sectionNumber: '01',
        meetings: [{ period: `P${index + 1}`, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }],
        teachers: [{ staffId: staff.body.id, role: 'primary' }],
      });
      sections.push(section.body.id);
    }
    // The child enters on the school year's first day (the fixture's August date falls before this year's start).
    const accepted = await call(
      'POST',
      '/v1/enrollment-requests',
      admin,
      newEnrollmentBody(schoolId, { gradeLevel: '09', entryDate: start }),
    );
    expect(accepted.status).toBe(202);
    await system.runtime.idle();
    studentId = (await call('GET', accepted.body.statusUrl, admin)).body.studentId;
  }, BUDGET_MS);
  afterAll(async () => {
    await system?.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  }, BUDGET_MS);

  test(
    'ten guardians, one in each of the district’s languages; four classes placed in one sitting are one notice',
    async () => {
      for (const language of LANGUAGES) {
        const guardian = await call(
          'POST',
          '/v1/guardians',
          admin,
          guardianBody({ email: `family-${language}@example.com`, phone: undefined, preferredLanguage: language }),
        );
        expect((await call('POST', `/v1/students/${studentId}/guardians`, admin, linkBody(guardian.body.id))).status).toBe(201);
        guardians.push({ guardianId: guardian.body.id, language, token: system.api.token('parent', { guardianId: guardian.body.id }) });
      }
      for (const section of sections)
        expect((await call('PUT', `/v1/sections/${section}/students/${studentId}`, admin, {})).status).toBe(200);
      await system.runtime.idle();
      const [english] = guardians;
      expect((await inboxOf(english!.token)).filter((item) => item.kind === 'scheduleChanged')).toHaveLength(0);
      // Ten minutes without another change: the sitting is over, and the sweep tells it whole.
      await sweepAt(new Date(Date.now() + 11 * 60_000));
      for (const guardian of guardians) {
        const changes = (await inboxOf(guardian.token)).filter((item) => item.kind === 'scheduleChanged');
        expect(changes).toHaveLength(1);
        expect(changes[0]!.language).toBe(guardian.language);
      }
      expect((await inboxOf(english!.token)).find((item) => item.kind === 'scheduleChanged')!.body).toContain(
        '4 classes added, no class dropped',
      );
    },
    BUDGET_MS,
  );

  test(
    'the day’s first absence goes at once, in every guardian’s language; later periods wait for the summary; corrections are corrections',
    async () => {
      expect((await mark(sections[0]!, 'A')).status).toBe(200);
      await system.runtime.idle();
      for (const guardian of guardians) {
        const [notice] = (await inboxOf(guardian.token)).filter((item) => item.kind === 'absence');
        expect(notice?.language).toBe(guardian.language);
        expect(notice?.subject).toMatch(ABSENT_IN[guardian.language as keyof typeof ABSENT_IN]);
        expect(notice?.deliveries.map((delivery) => delivery.channel)).toEqual(['inbox', 'email']);
      }
      const english = guardians[0]!;

      // Second period absent, fourth late: no new notice now.
      await mark(sections[1]!, 'A');
      await mark(sections[3]!, 'T');
      await system.runtime.idle();
      expect((await inboxOf(english.token)).filter((item) => ['absence', 'tardy'].includes(item.kind))).toHaveLength(1);

      // The office excuses the first period: a correction, worded as one.
      expect((await mark(sections[0]!, 'AE', 'Note from home')).status).toBe(200);
      await system.runtime.idle();
      const corrected = (await inboxOf(english.token)).filter((item) => item.kind === 'attendanceCorrected');
      expect(corrected.map((item) => item.subject)).toEqual([expect.stringMatching(/^Correction: .*'s absence on .* is excused$/)]);

      // 18:00 in Chicago: the day's summary lists what stands.
      await sweepAt(new Date(zonedInstant(day, 18 * 60 + 1, ZONE)));
      const summary = (await inboxOf(english.token)).find((item) => item.kind === 'attendanceSummary');
      expect(summary?.body).toContain('Absent: P1, P2\nLate: P4\n1 of them is excused.');

      // The first period was present after all: "please disregard", in each language.
      expect((await mark(sections[0]!, 'P', 'Marked the wrong student')).status).toBe(200);
      await system.runtime.idle();
      const disregard = (await inboxOf(english.token)).filter((item) => item.kind === 'attendanceCorrected').map((item) => item.subject);
      expect(disregard).toContain(
        `Please disregard: ${summary!.subject.split("'s attendance")[0]} was present on ${summary!.subject.split(' on ')[1]}`,
      );
      const spanish = guardians.find((guardian) => guardian.language === 'es')!;
      expect((await inboxOf(spanish.token)).map((item) => item.subject)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Ignore el aviso anterior/)]),
      );

      // The office sees each delivery's steps; a folded period shows where it went.
      // Ten guardians' deliveries take more than one page: read them all.
      const log: { kind: string; channel: string; status: string; reason?: string; guardianId: string; steps: { status: string }[] }[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(
          'GET',
          `/v1/students/${studentId}/notifications?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          office,
        );
        log.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      const mine = log.filter((row) => row.guardianId === english.guardianId);
      expect(mine.filter((row) => row.reason === "in the day's attendance summary")).toHaveLength(2);
      expect(mine.find((row) => row.kind === 'absence' && row.channel === 'email')!.steps.map((step) => step.status)).toEqual([
        'queued',
        'sent',
        'delivered',
      ]);
    },
    BUDGET_MS,
  );

  test(
    'a report-card mark un-posted and re-posted unchanged tells nobody again',
    async () => {
      const marks = `/v1/sections/${sections[0]}/marks/Q1`;
      expect((await call('PUT', marks, teacher, { marks: [{ studentId, letter: 'B' }] })).status).toBe(200);
      expect((await call('POST', `${marks}/post`, teacher)).status).toBe(200);
      await system.runtime.idle();
      const english = guardians[0]!;
      expect((await inboxOf(english.token)).filter((item) => item.kind === 'reportCardPosted')).toHaveLength(1);
      expect((await call('POST', `${marks}/unpost`, office, undefined, { 'x-change-reason': 'Posted too early' })).status).toBe(200);
      expect((await call('POST', `${marks}/post`, teacher)).status).toBe(200);
      await system.runtime.idle();
      expect((await inboxOf(english.token)).filter((item) => item.kind === 'reportCardPosted')).toHaveLength(1);
    },
    BUDGET_MS,
  );
});
