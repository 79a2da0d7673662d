import * as z from 'zod';
import { Invalid, NotFound } from '../../../domain/errors';
import { DELAY_BUCKETS_SECONDS, delayPercentile, REPORT_OUTCOMES, reportAttribute } from '../../../domain/notifications/notice-report';
import { CHANNELS, SEND_CHANNELS, type Channel } from '../../../domain/notifications/preferences';
import type { Principal } from '../../../domain/principal';
import { guardianLinkType, guardianType, schoolType } from '../../../domain/records/record-types';
import { IsoDate, type PageRequest } from '../../../domain/schemas/common';
import { parseOrThrow } from '../../../domain/validation';
import type { StoredReport } from '../../repositories/notice-report-store';
import type { Services } from '../../services';

/** The longest span one report covers: a day is about 1,300 items, read in 16 queries. */
export const REPORT_MAX_DAYS = 14;

export const NoticeReportQuery = z.strictObject({
  from: IsoDate.describe('First day (school time zone of the event), YYYY-MM-DD; today when absent').optional(),
  to: IsoDate.describe(`Last day, at most ${REPORT_MAX_DAYS} days after the first; the first when absent`).optional(),
  schoolId: z.string().min(1).describe('One school; every school the caller serves when absent').optional(),
});

const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day.toISOString().slice(0, 10) <= to; day.setUTCDate(day.getUTCDate() + 1))
    out.push(day.toISOString().slice(0, 10));
  return out;
};

/** One school's day: per channel, notices by outcome, and the delay from event to sending (p50, p95), from its counters. */
function rowOf(stored: StoredReport) {
  const number = (name: string) => Number(stored[name] ?? 0);
  const channels = Object.fromEntries(
    CHANNELS.map((channel: Channel) => [
      channel,
      Object.fromEntries(REPORT_OUTCOMES.map((outcome) => [outcome, number(reportAttribute.outcome(channel, outcome))])),
    ]),
  );
  const delay = Object.fromEntries(
    CHANNELS.map((channel) => {
      const buckets = Array.from({ length: DELAY_BUCKETS_SECONDS.length + 1 }, (_, index) => number(reportAttribute.delay(channel, index)));
      return [
        channel,
        {
          counted: buckets.reduce((sum, count) => sum + count, 0),
          p50: delayPercentile(buckets, 0.5),
          p95: delayPercentile(buckets, 0.95),
        },
      ];
    }),
  );
  return { schoolId: stored.schoolId, date: stored.date, channels, delay };
}

/**
 * The district's notice report (decision 0119): per school and day, notices by channel and
 * outcome (sent, delivered, bounced, complained, suppressed, skipped, failed) and the delay from
 * the event to the sending, as the bucket its p50 and p95 fall in. A school's office and
 * counselors see their schools; the district sees every school.
 */
export async function noticeReport(services: Services, principal: Principal, query: unknown) {
  const { from = services.now().toISOString().slice(0, 10), to, schoolId } = parseOrThrow(NoticeReportQuery, query ?? {});
  const last = to ?? from;
  const span = days(from, last);
  if (span.length === 0) throw new Invalid([{ field: 'to', message: 'must not be before from' }]);
  if (span.length > REPORT_MAX_DAYS)
    throw new Invalid([{ field: 'to', message: `must be at most ${REPORT_MAX_DAYS - 1} days after from` }]);
  if (schoolId) {
    if (!(await services.records.get(schoolType, { schoolId }))) throw new NotFound(`No school ${schoolId}.`);
    await services.access.authorize(principal, 'list', 'studentNotifications', { schoolId });
  }
  const allowed = async (id: string) => {
    try {
      await services.access.authorize(principal, 'list', 'studentNotifications', { schoolId: id });
      return true;
    } catch {
      return false;
    }
  };
  const stored = schoolId
    ? (await Promise.all(span.map((day) => services.notifications.reports.ofSchool(day, schoolId)))).filter(
        (row): row is StoredReport => row !== undefined,
      )
    : (await Promise.all(span.map((day) => services.notifications.reports.ofDay(day)))).flat();
  const visible = schoolId
    ? stored
    : (await Promise.all(stored.map(async (row) => ((await allowed(row.schoolId)) ? row : undefined)))).filter((row) => row !== undefined);
  const rows = visible.map(rowOf).sort((a, b) => a.date.localeCompare(b.date) || a.schoolId.localeCompare(b.schoolId));
  return { from, to: last, items: rows };
}

/**
 * The families a school cannot reach (decision 0117): every channel they chose bounced,
 * complained or has no address. A family whose address changed since (to one not suppressed)
 * leaves the list by itself: each entry is checked against the guardian's current contacts.
 */
export async function unreachableFamilies(services: Services, principal: Principal, schoolId: string, page: PageRequest) {
  if (!(await services.records.get(schoolType, { schoolId }))) throw new NotFound(`No school ${schoolId}.`);
  await services.access.authorize(principal, 'list', 'studentNotifications', { schoolId });
  const result = await services.notifications.suppressions.unreachableOf(schoolId, page.limit, page.cursor);
  const items = await Promise.all(
    result.items.map(async (entry) => {
      const [guardian, link] = await Promise.all([
        services.records.get(guardianType, { guardianId: entry.guardianId }),
        services.records.get(guardianLinkType, { studentId: entry.studentId, guardianId: entry.guardianId }),
      ]);
      if (!guardian || guardian.deletedAt || !link || link.deletedAt) return undefined;
      const data = guardian.data;
      const contact = link.data;
      const addresses = { email: contact.email ?? data.email, sms: contact.phone ?? data.phone };
      const current = await services.notifications.suppressions.suppressions(
        SEND_CHANNELS.flatMap((channel) => (addresses[channel] ? [{ channel, address: addresses[channel]! }] : [])),
      );
      const stillDown = Object.keys(entry.channels).every((channel) => {
        const address = addresses[channel as keyof typeof addresses];
        return !address || current.has(address);
      });
      if (!stillDown) return undefined;
      return {
        guardianId: entry.guardianId,
        studentId: entry.studentId,
        name: data.name,
        channels: entry.channels,
        since: entry.since,
        lastNoticeAt: entry.lastNoticeAt,
      };
    }),
  );
  return { items: items.filter((item) => item !== undefined), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}
