import { newId } from '../../../domain/ids';
import { summarized, summaryNeeded, summaryOf, type AttendanceDay } from '../../../domain/notifications/attendance-day';
import type { SendChannel } from '../../../domain/notifications/preferences';
import { smsParts } from '../../../domain/notifications/sms-segments';
import { renderDigest, resolveLanguage } from '../../../domain/notifications/templates';
import type { ScheduleSitting } from '../../../domain/notifications/schedule-sitting';
import type { Notice } from '../../../events/notifications';
import { isThrottled } from '../../platform/notification-channels';
import type { Delivery, DeliveryKey } from '../../repositories/delivery-store';
import { fromItem } from '../../repositories/delivery-store';
import { WAITING_NOTICE } from '../../repositories/notice-memory-store';
import type { Services } from '../../services';
import { bucketsOf, CLAIM_LEASE_SECONDS, type Senders } from './deliver-channel';
import { notifyEvent } from './notify';
import { sittingChanged, sittingNotice } from './schedule-notices';

/** A deferred delivery that failed this many sweeps is given up as failed (and shows so to staff). */
export const MAX_DEFERRED_ATTEMPTS = 8;

/** What a sweep did. */
export interface SweepOutcome {
  /** Messages sent (a digest of several notices is one). */
  messages: number;
  /** Deliveries those messages carried. */
  deliveries: number;
  failed: number;
  /** Deliveries whose channel's rate put them off to a later slot. */
  paced: number;
  /** Notices put together: days' attendance summaries and schedule sittings. */
  assembled: number;
}

/** "None" in a summary: a hyphen, which the GSM alphabet has (an en dash would make the whole SMS UCS-2). */
const NONE = '-';

/**
 * Sends what is due (decision 0116): the deferred deliveries whose time has come (quiet hours
 * over, digest time reached, a paced slot come), one message per guardian and channel, which is a
 * digest when several notices waited; and the notices put together when due, the day's
 * attendance summaries and the schedule sittings that ended. Each delivery is claimed first, so
 * two sweeps never send the same one; every send is paced to its channel (0115).
 */
export async function sendDueNotifications(services: Services, senders: Senders, shards: readonly number[]): Promise<SweepOutcome> {
  const now = services.now();
  const outcome: SweepOutcome = { messages: 0, deliveries: 0, failed: 0, paced: 0, assembled: 0 };
  for (const shard of shards) {
    const due: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = await services.notifications.deliveries.due(shard, now.toISOString(), 100, cursor);
      due.push(...page.items.map((entry) => entry.item));
      cursor = page.nextCursor;
    } while (cursor && due.length < 1000);
    // One notice that cannot be put together (a failed send) stays due for the next sweep; the others go on.
    const assemble = async (work: () => Promise<boolean>) => {
      try {
        if (await work()) outcome.assembled += 1;
      } catch {
        outcome.failed += 1;
      }
    };
    for (const item of due.filter((entry) => entry.entity === WAITING_NOTICE.scheduleSitting)) {
      await assemble(() => flushSitting(services, senders, String(item.studentId)));
    }
    for (const item of due.filter((entry) => entry.entity === WAITING_NOTICE.attendanceDay)) {
      await assemble(() => sendDaySummary(services, senders, fromItem<AttendanceDay>(item)));
    }
    const groups = new Map<string, Delivery[]>();
    for (const delivery of due.filter((entry) => entry.entity === 'notificationDelivery').map((entry) => fromItem<Delivery>(entry))) {
      const group = `${delivery.guardianId}|${delivery.channel}|${delivery.to ?? ''}`;
      groups.set(group, [...(groups.get(group) ?? []), delivery]);
    }
    for (const waiting of groups.values()) await sendGroup(services, senders, waiting, outcome);
  }
  return outcome;
}

async function flushSitting(services: Services, senders: Senders, studentId: string): Promise<boolean> {
  const sitting: ScheduleSitting | undefined = await services.notifications.memory.sitting(studentId);
  if (!sitting || Date.parse(sitting.dueAt) > services.now().getTime()) return false;
  if (sittingChanged(sitting)) await notifyEvent(services, senders, sittingNotice(sitting), { gathered: true });
  // A change that joined meanwhile keeps the sitting (with a new notice id): the next sweep tells the whole.
  await services.notifications.memory.closeSitting(studentId, sitting.version);
  return true;
}

async function sendDaySummary(services: Services, senders: Senders, seen: AttendanceDay): Promise<boolean> {
  const day = await services.notifications.memory.attendanceDay(seen.guardianId, seen.studentId, seen.date);
  if (day?.summary?.state !== 'pending' || Date.parse(day.summary.dueAt) > services.now().getTime()) return false;
  if (summaryNeeded(day)) {
    const { absentPeriods, tardyPeriods, excusedCount } = summaryOf(day);
    const notice: Notice = {
      eventId: day.summary.noticeId,
      occurredAt: day.summary.dueAt,
      kind: 'attendanceSummary',
      studentId: day.studentId,
      schoolId: day.schoolId,
      values: {
        date: day.date,
        absentPeriods: absentPeriods.join(', ') || NONE,
        tardyPeriods: tardyPeriods.join(', ') || NONE,
        absentCount: absentPeriods.length,
        tardyCount: tardyPeriods.length,
        excusedCount,
      },
    };
    await notifyEvent(services, senders, notice, { guardianIds: [day.guardianId] });
  }
  // A mark folded in meanwhile changes the day's version: the summary stays due, with a new id, and goes again whole.
  await services.notifications.memory.saveAttendanceDay(summarized(day));
  return true;
}

/** One message to one guardian by one channel: the deliveries that waited for it, claimed, paced and sent. */
async function sendGroup(services: Services, senders: Senders, waiting: readonly Delivery[], outcome: SweepOutcome): Promise<void> {
  const store = services.notifications.deliveries;
  const now = services.now();
  const claimed = (await Promise.all(waiting.map((delivery) => store.claimDue(delivery, now, CLAIM_LEASE_SECONDS)))).filter(
    (delivery): delivery is Delivery & Required<Pick<Delivery, 'content' | 'to'>> =>
      delivery !== undefined && delivery.content !== undefined && delivery.to !== undefined,
  );
  if (claimed.length === 0) return;
  const first = claimed[0]!;
  const channel = first.channel as SendChannel;
  const language = resolveLanguage(first.language);
  const content =
    claimed.length === 1
      ? first.content
      : renderDigest(
          language,
          claimed.map((delivery) => delivery.content),
        );
  const keysOf = claimed.map(({ eventId, guardianId }) => ({ eventId, guardianId, channel }) satisfies DeliveryKey);
  const at = now.toISOString();
  const parts = channel === 'sms' ? smsParts(content.sms) : undefined;
  // A paced slot one of them holds covers the message; otherwise it takes its tokens now.
  const holdsSlot = claimed.some((delivery) => delivery.slotAt !== undefined && Date.parse(delivery.slotAt) <= now.getTime());
  if (!holdsSlot) {
    const reservation = await services.notifications.limiter.reserve(bucketsOf(senders.rates)[channel], parts?.parts ?? 1, now);
    if (reservation.kind === 'spent') {
      await Promise.all(keysOf.map((key) => store.markSuppressed(key, "the month's SMS spend limit is reached", at)));
      return;
    }
    if (reservation.kind !== 'now') {
      const until = reservation.kind === 'later' ? reservation.at : reservation.retryAt;
      const slotAt = reservation.kind === 'later' ? { slotAt: reservation.at } : {};
      await Promise.all(
        keysOf.map((key) =>
          store.defer(key, { by: 'pacing', at, until, ...slotAt, reason: `paced to the ${channel} rate`, firstDeferral: true }),
        ),
      );
      outcome.paced += claimed.length;
      return;
    }
  }
  const digestId = claimed.length > 1 && channel === 'email' ? newId(now.getTime()) : undefined;
  if (digestId) await store.rememberDigest(digestId, keysOf, at);
  try {
    // The step's time is when the provider was handed the message: its delivery event may be stamped before the call returns.
    const sentAt = services.now();
    const messageId = await senders.channels.send({
      channel,
      to: first.to,
      language,
      subject: content.subject,
      text: channel === 'sms' ? content.sms : content.body,
      notificationIds: claimed.map((delivery) => delivery.eventId),
      tags: digestId ? { digest: digestId } : { notice: first.eventId, guardian: first.guardianId },
    });
    await Promise.all(
      keysOf.map((key) => store.markSent(key, sentAt.toISOString(), messageId, parts && { encoding: parts.encoding, parts: parts.parts })),
    );
    await Promise.all(
      claimed
        .filter((delivery) => delivery.schoolId)
        .map((delivery) =>
          services.notifications.reports.count(
            delivery.schoolId!,
            delivery.occurredAt.slice(0, 10),
            channel,
            'sent',
            sentAt.getTime() - Date.parse(delivery.occurredAt),
          ),
        ),
    );
    outcome.messages += 1;
    outcome.deliveries += claimed.length;
  } catch (error) {
    const reason = (error as Error).message;
    if (isThrottled(error)) {
      const until = new Date(now.getTime() + 5_000);
      await Promise.all(
        keysOf.map((key) =>
          store.defer(key, { by: 'pacing', at, until, reason: `throttled by the provider: ${reason}`, firstDeferral: true }),
        ),
      );
      outcome.paced += claimed.length;
      return;
    }
    await Promise.all(
      claimed.map(async (delivery) => {
        const givenUp = (delivery.attempts ?? 0) >= MAX_DEFERRED_ATTEMPTS;
        await store.markFailed(delivery, reason, givenUp ? 'failed' : 'deferred', at);
        if (givenUp && delivery.schoolId)
          await services.notifications.reports.count(delivery.schoolId, delivery.occurredAt.slice(0, 10), channel, 'failed');
      }),
    );
    outcome.failed += claimed.length;
  }
}
