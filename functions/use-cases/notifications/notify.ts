import { keys } from '../../../domain/keys';
import {
  DEFAULT_PREFERENCES,
  kindEnabled,
  SEND_CHANNELS,
  type Preferences,
  type SendChannel,
} from '../../../domain/notifications/preferences';
import { render, renderDigest, resolveLanguage, type Language } from '../../../domain/notifications/templates';
import { planSend } from '../../../domain/notifications/timing';
import { guardianLinkType, guardianType, schoolType, studentType } from '../../../domain/records/record-types';
import type { Student } from '../../../domain/schemas/people';
import type { Notice } from '../../../events/notifications';
import type { NotificationChannels } from '../../platform/notification-channels';
import type { Delivery } from '../../repositories/notification-store';
import type { Services } from '../../services';

/**
 * How long a claim on a delivery holds. Above the notifier's timeout (a live sender keeps it),
 * below the queue's visibility timeout (the retry of a dead sender's message finds it expired).
 */
export const CLAIM_LEASE_SECONDS = 60;
/** A deferred delivery that failed this many sweeps is given up as failed (and shows so to staff). */
export const MAX_DEFERRED_ATTEMPTS = 8;
const DEFAULT_TIME_ZONE = 'America/New_York';

/** What one event did, for metrics and the benchmark. */
export interface NotifyOutcome {
  guardians: number;
  inbox: number;
  sent: number;
  deferred: number;
  skipped: number;
  /** Deliveries found done by an earlier delivery of the same event. */
  repeated: number;
}

/** A send that failed; the event's message is retried, and the claim taken again. */
export class SendFailed extends Error {}

const studentNameOf = (student: Student) => student.preferredName?.first ?? student.legalName.first;

/**
 * Tells a student's guardians about one event, each in their language and by the channels they
 * chose. Only guardians who may be contacted and hold educational rights are told. Every
 * delivery is claimed by a conditional write before anything is sent, so a repeated event or a
 * retried batch sends nothing twice (decision 0055).
 */
export async function notifyEvent(services: Services, channels: NotificationChannels, notice: Notice): Promise<NotifyOutcome> {
  const { pk, skPrefix } = keys.guardiansOfStudent(notice.studentId);
  const [links, student] = await Promise.all([
    services.records.query(guardianLinkType, { partition: pk, sortKeyPrefix: skPrefix, limit: 50, skipDeleted: true }),
    services.records.get(studentType, { studentId: notice.studentId }),
  ]);
  const outcome: NotifyOutcome = { guardians: 0, inbox: 0, sent: 0, deferred: 0, skipped: 0, repeated: 0 };
  if (!student || student.deletedAt) return outcome;
  const contactable = links.items.filter((link) => {
    const data = link.data;
    return data.mayContact !== false && data.educationalRights === true;
  });
  if (contactable.length === 0) return outcome;
  const studentData = student.data;
  const schoolId = notice.schoolId ?? studentData.schoolId;
  const [school, guardians, preferences] = await Promise.all([
    services.records.get(schoolType, { schoolId }),
    services.records.getMany(
      guardianType,
      contactable.map((link) => ({ guardianId: link.data.guardianId })),
    ),
    Promise.all(contactable.map((link) => services.notifications.getPreferences(link.data.guardianId))),
  ]);
  const schoolData = school?.data;
  const guardianById = new Map(guardians.filter((guardian) => !guardian.deletedAt).map((guardian) => [guardian.id, guardian.data]));
  const now = services.now();
  const failures: string[] = [];

  await Promise.all(
    contactable.map(async (link, index) => {
      const data = link.data;
      const guardian = guardianById.get(data.guardianId);
      if (!guardian) return;
      outcome.guardians += 1;
      const prefs: Preferences = preferences[index]?.preferences ?? DEFAULT_PREFERENCES;
      const language = resolveLanguage(prefs.language ?? data.preferredLanguage ?? guardian.preferredLanguage);
      const rendered = render(notice.kind, language, {
        ...notice.values,
        studentName: studentNameOf(studentData),
        schoolName: schoolData?.name ?? '',
      });
      const base = {
        eventId: notice.eventId,
        guardianId: data.guardianId,
        studentId: notice.studentId,
        kind: notice.kind,
        language,
        occurredAt: notice.occurredAt,
        createdAt: now.toISOString(),
      };
      const addresses: Record<SendChannel, string | undefined> = {
        email: data.email ?? guardian.email,
        sms: data.phone ?? guardian.phone,
      };
      const chosen = SEND_CHANNELS.filter((channel) => prefs.channels[channel]);

      if (!kindEnabled(prefs, notice.kind)) {
        for (const channel of ['inbox', ...chosen] as const) {
          const recorded = await services.notifications.recordOnce({ ...base, channel, status: 'skipped', reason: 'kind turned off' });
          if (recorded) outcome.skipped += 1;
          else outcome.repeated += 1;
        }
        return;
      }

      const wrote = await services.notifications.writeInbox(
        {
          notificationId: notice.eventId,
          guardianId: base.guardianId,
          studentId: base.studentId,
          kind: base.kind,
          language,
          occurredAt: base.occurredAt,
          createdAt: base.createdAt,
          subject: rendered.subject,
          body: rendered.body,
        },
        { ...base, channel: 'inbox', status: 'sent', sentAt: now.toISOString() },
      );
      if (wrote) outcome.inbox += 1;
      else outcome.repeated += 1;

      const plan = planSend(now, prefs, prefs.timeZone ?? schoolData?.timeZone ?? DEFAULT_TIME_ZONE);
      for (const channel of chosen) {
        const to = addresses[channel];
        if (!to) {
          const recorded = await services.notifications.recordOnce({
            ...base,
            channel,
            status: 'skipped',
            reason: `no ${channel === 'sms' ? 'phone number' : 'email address'} on file`,
          });
          if (recorded) outcome.skipped += 1;
          continue;
        }
        const content = { subject: rendered.subject, body: rendered.body, sms: rendered.sms };
        if (plan.at === 'later') {
          const recorded = await services.notifications.recordOnce({
            ...base,
            channel,
            to,
            content,
            status: 'deferred',
            sendAfter: plan.sendAfter.toISOString(),
            deferredBy: plan.reason,
          });
          if (recorded) outcome.deferred += 1;
          else outcome.repeated += 1;
          continue;
        }
        const delivery = { ...base, channel, to, content };
        if (!(await services.notifications.claim(delivery, now, CLAIM_LEASE_SECONDS))) {
          outcome.repeated += 1;
          continue;
        }
        try {
          const messageId = await channels.send({
            channel,
            to,
            language,
            subject: content.subject,
            text: channel === 'sms' ? content.sms : content.body,
            notificationIds: [notice.eventId],
          });
          await services.notifications.markSent(delivery, services.now().toISOString(), messageId);
          outcome.sent += 1;
        } catch (error) {
          const reason = (error as Error).message;
          await services.notifications.markFailed(delivery, reason, 'failed');
          failures.push(`${channel} to guardian ${data.guardianId}: ${reason}`);
        }
      }
    }),
  );
  if (failures.length > 0) throw new SendFailed(`could not send ${failures.length} notice(s): ${failures.join('; ')}`);
  return outcome;
}

/** What a sweep did. */
export interface SweepOutcome {
  /** Messages sent (a digest of several notices is one). */
  messages: number;
  /** Deliveries those messages carried. */
  deliveries: number;
  failed: number;
}

/**
 * Sends the deferred deliveries whose time has come (quiet hours over, digest time reached):
 * for each guardian and channel, one message, which is a digest when several notices waited.
 * Each delivery is claimed first, so two sweeps never send the same one.
 */
export async function sendDueNotifications(
  services: Services,
  channels: NotificationChannels,
  shards: readonly number[],
): Promise<SweepOutcome> {
  const now = services.now();
  const outcome: SweepOutcome = { messages: 0, deliveries: 0, failed: 0 };
  for (const shard of shards) {
    const due: Delivery[] = [];
    let cursor: string | undefined;
    do {
      const page = await services.notifications.due(shard, now.toISOString(), 100, cursor);
      due.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && due.length < 1000);
    const groups = new Map<string, Delivery[]>();
    for (const delivery of due) {
      const group = `${delivery.guardianId}|${delivery.channel}|${delivery.to ?? ''}`;
      groups.set(group, [...(groups.get(group) ?? []), delivery]);
    }
    for (const waiting of groups.values()) {
      const claimed = (
        await Promise.all(waiting.map((delivery) => services.notifications.claimDue(delivery, now, CLAIM_LEASE_SECONDS)))
      ).filter((delivery): delivery is Delivery => delivery !== undefined && delivery.content !== undefined && delivery.to !== undefined);
      if (claimed.length === 0) continue;
      const first = claimed[0]!;
      const language = resolveLanguage(first.language) as Language;
      const content =
        claimed.length === 1
          ? first.content!
          : renderDigest(
              language,
              claimed.map((delivery) => delivery.content!),
            );
      try {
        const messageId = await channels.send({
          channel: first.channel as SendChannel,
          to: first.to!,
          language,
          subject: content.subject,
          text: first.channel === 'sms' ? content.sms : content.body,
          notificationIds: claimed.map((delivery) => delivery.eventId),
        });
        const sentAt = services.now().toISOString();
        await Promise.all(claimed.map((delivery) => services.notifications.markSent(delivery, sentAt, messageId)));
        outcome.messages += 1;
        outcome.deliveries += claimed.length;
      } catch (error) {
        const reason = (error as Error).message;
        await Promise.all(
          claimed.map((delivery) =>
            services.notifications.markFailed(delivery, reason, (delivery.attempts ?? 0) >= MAX_DEFERRED_ATTEMPTS ? 'failed' : 'deferred'),
          ),
        );
        outcome.failed += claimed.length;
      }
    }
  }
  return outcome;
}
