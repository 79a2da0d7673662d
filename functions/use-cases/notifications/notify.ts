import { keys } from '../../../domain/keys';
import {
  DEFAULT_PREFERENCES,
  kindEnabled,
  SEND_CHANNELS,
  type Preferences,
  type SendChannel,
} from '../../../domain/notifications/preferences';
import { render, resolveLanguage } from '../../../domain/notifications/templates';
import { planSend } from '../../../domain/notifications/timing';
import { guardianLinkType, guardianType, schoolType, studentType } from '../../../domain/records/record-types';
import type { GuardianLink, Student } from '../../../domain/schemas/people';
import type { Notice, NoticeMark } from '../../../events/notifications';
import type { Delivery } from '../../repositories/delivery-store';
import type { Services } from '../../services';
import { attendanceOutcome } from './attendance-notices';
import { deliverByChannel, type ChannelResult, type Senders } from './deliver-channel';
import { gatherScheduleChange } from './schedule-notices';

export { CLAIM_LEASE_SECONDS, type Senders } from './deliver-channel';

export const DEFAULT_TIME_ZONE = 'America/New_York';

/** What one notice did, for metrics and the benchmark. */
export interface NotifyOutcome {
  guardians: number;
  inbox: number;
  sent: number;
  deferred: number;
  skipped: number;
  /** Deliveries found done by an earlier delivery of the same notice. */
  repeated: number;
  /** Deliveries paced to their channel's rate (or throttled): they go when their slot comes. */
  waiting: number;
  /** Deliveries to an address that bounced or complained, or over the SMS spend limit. */
  suppressed: number;
  /** Attendance marks folded into a guardian's end-of-day summary. */
  folded: number;
  /** The earliest instant a waiting delivery of this notice may go: its message comes back then. */
  waitUntil?: Date;
  /** Nothing told now: gathered into the student's schedule sitting, or a report-card mark the families were told already. */
  held?: 'sitting' | 'unchanged';
}

/** Options of a notice put together by the sweep (a day's summary, a schedule sitting). */
export interface NotifyOptions {
  /** Only these guardians. */
  readonly guardianIds?: readonly string[];
  /** A schedule sitting's notice: told as it is, not gathered again. */
  readonly gathered?: boolean;
}

/** A send that failed; the event's message is retried, and the claim taken again. */
export class SendFailed extends Error {
  constructor(
    readonly count: number,
    message: string,
  ) {
    super(message);
  }
}

const studentNameOf = (student: Student) => student.preferredName?.first ?? student.legalName.first;
const emptyOutcome = (): NotifyOutcome => ({
  guardians: 0,
  inbox: 0,
  sent: 0,
  deferred: 0,
  skipped: 0,
  repeated: 0,
  waiting: 0,
  suppressed: 0,
  folded: 0,
});

/**
 * Tells a student's guardians about one notice, each in their language and by the channels they
 * chose. Only guardians who may be contacted and hold educational rights are told. Every
 * delivery is claimed by a conditional write before anything is sent, so a repeated event or a
 * retried batch sends nothing twice (decision 0055); sends are paced to their channels (0115);
 * attendance marks, report-card marks and schedule changes tell each family only what is new
 * to it (0116); addresses that bounced or complained get nothing more (0117).
 */
export async function notifyEvent(
  services: Services,
  senders: Senders,
  notice: Notice,
  options: NotifyOptions = {},
): Promise<NotifyOutcome> {
  const outcome = emptyOutcome();
  if (notice.schedule && !options.gathered) {
    await gatherScheduleChange(services, notice as Notice & { schedule: NonNullable<Notice['schedule']> });
    return { ...outcome, held: 'sitting' };
  }
  const { pk, skPrefix } = keys.guardiansOfStudent(notice.studentId);
  const [links, student] = await Promise.all([
    services.records.query(guardianLinkType, { partition: pk, sortKeyPrefix: skPrefix, limit: 50, skipDeleted: true }),
    services.records.get(studentType, { studentId: notice.studentId }),
  ]);
  if (!student || student.deletedAt) return outcome;
  const wanted = options.guardianIds ? new Set(options.guardianIds) : undefined;
  const contactable = links.items
    .map((link) => link.data)
    .filter((link) => link.mayContact !== false && link.educationalRights === true && (!wanted || wanted.has(link.guardianId)));
  if (contactable.length === 0) return outcome;
  if (notice.reportCard && notice.values.letter) {
    const { sectionId, gradingPeriod } = notice.reportCard;
    const told = await services.notifications.memory.tellMark(
      notice.studentId,
      sectionId,
      gradingPeriod,
      notice.values.letter,
      notice.eventId,
      services.now().toISOString(),
    );
    if (told === 'unchanged') return { ...outcome, held: 'unchanged' };
  }
  const studentData = student.data;
  const schoolId = notice.schoolId ?? studentData.schoolId;
  const [school, guardians, preferences] = await Promise.all([
    services.records.get(schoolType, { schoolId }),
    services.records.getMany(
      guardianType,
      contactable.map((link) => ({ guardianId: link.guardianId })),
    ),
    Promise.all(contactable.map((link) => services.notifications.getPreferences(link.guardianId))),
  ]);
  const schoolData = school?.data;
  const guardianById = new Map(guardians.filter((guardian) => !guardian.deletedAt).map((guardian) => [guardian.id, guardian.data]));
  const addressesOf = (link: GuardianLink): Record<SendChannel, string | undefined> => {
    const guardian = guardianById.get(link.guardianId);
    return { email: link.email ?? guardian?.email, sms: link.phone ?? guardian?.phone };
  };
  const suppressed = await services.notifications.suppressions.suppressions(
    contactable.flatMap((link) =>
      SEND_CHANNELS.flatMap((channel) => {
        const address = addressesOf(link)[channel];
        return address ? [{ channel, address }] : [];
      }),
    ),
  );
  const failures: string[] = [];

  await Promise.all(
    contactable.map(async (link, index) => {
      const guardian = guardianById.get(link.guardianId);
      if (!guardian) return;
      outcome.guardians += 1;
      const prefs: Preferences = preferences[index]?.preferences ?? DEFAULT_PREFERENCES;
      const zone = prefs.timeZone ?? schoolData?.timeZone ?? DEFAULT_TIME_ZONE;
      const language = resolveLanguage(prefs.language ?? link.preferredLanguage ?? guardian.preferredLanguage);
      const chosen = SEND_CHANNELS.filter((channel) => prefs.channels[channel]);
      const now = services.now();
      const base = {
        eventId: notice.eventId,
        guardianId: link.guardianId,
        studentId: notice.studentId,
        schoolId,
        kind: notice.kind,
        language,
        occurredAt: notice.occurredAt,
        createdAt: now.toISOString(),
      };
      const skip = async (kind: Delivery['kind'], reason: string, channels: readonly ('inbox' | SendChannel)[]) => {
        for (const channel of channels) {
          if (await services.notifications.deliveries.recordOnce({ ...base, kind, channel, status: 'skipped', reason })) {
            outcome.skipped += 1;
            // The report counts it too: a kind turned off, or a period folded into the day's summary (decision 0119).
            if (schoolId) await services.notifications.reports.count(schoolId, base.occurredAt.slice(0, 10), channel, 'skipped');
          } else outcome.repeated += 1;
        }
      };

      let told: Notice = notice;
      if (notice.mark) {
        const decided = await attendanceOutcome(
          services,
          { guardianId: link.guardianId, preferences: prefs, zone },
          notice as Notice & { mark: NoticeMark },
          schoolId,
        );
        if ('off' in decided) return skip(decided.off, 'kind turned off', ['inbox', ...chosen]);
        if ('quiet' in decided) {
          if (decided.quiet === 'folded') {
            outcome.folded += 1;
            await skip(base.kind, "in the day's attendance summary", ['inbox']);
          }
          return;
        }
        told = decided.tell;
      } else if (!kindEnabled(prefs, notice.kind)) {
        return skip(notice.kind, 'kind turned off', ['inbox', ...chosen]);
      }

      const rendered = render(told.kind, language, {
        ...told.values,
        studentName: studentNameOf(studentData),
        schoolName: schoolData?.name ?? '',
      });
      const delivery = { ...base, kind: told.kind };
      const wrote = await services.notifications.writeInbox(
        {
          notificationId: told.eventId,
          guardianId: delivery.guardianId,
          studentId: delivery.studentId,
          kind: delivery.kind,
          language,
          occurredAt: delivery.occurredAt,
          createdAt: delivery.createdAt,
          subject: rendered.subject,
          body: rendered.body,
        },
        { ...delivery, channel: 'inbox', status: 'sent', sentAt: now.toISOString() },
      );
      if (wrote) {
        outcome.inbox += 1;
        await services.notifications.reports.count(
          schoolId,
          delivery.occurredAt.slice(0, 10),
          'inbox',
          'sent',
          now.getTime() - Date.parse(delivery.occurredAt),
        );
      } else outcome.repeated += 1;

      const plan = planSend(now, prefs, zone);
      const content = { subject: rendered.subject, body: rendered.body, sms: rendered.sms };
      const unreachable: Partial<Record<SendChannel, string>> = {};
      let reached = false;
      // The channels of one guardian go at once: each has its own bucket and its own delivery item.
      await Promise.all(
        chosen.map(async (channel) => {
          const to = addressesOf(link)[channel];
          const suppression = to ? suppressed.get(to) : undefined;
          if (!to || suppression) {
            const reason = !to
              ? `no ${channel === 'sms' ? 'phone number' : 'email address'} on file`
              : `the address ${suppression!.reason === 'bounce' ? 'bounced' : 'complained'}`;
            unreachable[channel] = reason;
            const status = to ? 'suppressed' : 'skipped';
            if (await services.notifications.deliveries.recordOnce({ ...delivery, channel, ...(to ? { to } : {}), status, reason })) {
              if (status === 'suppressed') {
                outcome.suppressed += 1;
                await services.notifications.reports.count(schoolId, delivery.occurredAt.slice(0, 10), channel, 'suppressed');
              } else outcome.skipped += 1;
            }
            return;
          }
          reached = true;
          if (plan.at === 'later') {
            const recorded = await services.notifications.deliveries.recordOnce({
              ...delivery,
              channel,
              to,
              content,
              status: 'deferred',
              sendAfter: plan.sendAfter.toISOString(),
              deferredBy: plan.reason,
            });
            if (recorded) outcome.deferred += 1;
            else outcome.repeated += 1;
            return;
          }
          const result: ChannelResult = await deliverByChannel(services, senders, {
            delivery,
            channel,
            to,
            content,
            notificationIds: [told.eventId],
            tags: { notice: told.eventId, guardian: link.guardianId },
          });
          tally(outcome, result);
          if (result.status === 'failed') failures.push(`${channel} to guardian ${link.guardianId}: ${result.reason}`);
        }),
      );
      if (!reached && chosen.length > 0 && Object.keys(unreachable).length > 0) {
        await services.notifications.suppressions.markUnreachable({
          schoolId,
          guardianId: link.guardianId,
          studentId: notice.studentId,
          channels: unreachable,
          since: now.toISOString(),
          lastNoticeAt: now.toISOString(),
        });
      }
    }),
  );
  if (failures.length > 0) throw new SendFailed(failures.length, `could not send ${failures.length} notice(s): ${failures.join('; ')}`);
  return outcome;
}

function tally(outcome: NotifyOutcome, result: ChannelResult): void {
  switch (result.status) {
    case 'sent':
      outcome.sent += 1;
      return;
    case 'repeated':
      outcome.repeated += 1;
      return;
    case 'waiting':
      outcome.waiting += 1;
      if (!outcome.waitUntil || result.until < outcome.waitUntil) outcome.waitUntil = result.until;
      return;
    case 'suppressed':
      outcome.suppressed += 1;
      return;
    default:
      return;
  }
}
