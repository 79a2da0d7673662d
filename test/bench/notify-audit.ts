/** The audit of bench:notify's wave: every family's inbox and deliveries, and the stand-ins' outbox. */
import type { Preferences } from '../../domain/notifications/preferences';
import type { Services } from '../../functions/services';

export type Profile = 'email' | 'email+sms' | 'sms' | 'off' | 'quiet' | 'digest';

export interface Family {
  studentId: string;
  guardianId: string;
  email: string;
  phone: string;
  preferences: Preferences;
  profile: Profile;
  language: string;
}

interface OutboxLine {
  channel: 'email' | 'sms';
  to: string;
  sentAt: string;
  notificationIds: string[];
  encoding?: 'GSM-7' | 'UCS-2';
  parts?: number;
  language: string;
}

const percentile = (sorted: readonly number[], share: number) =>
  sorted.length === 0 ? null : Number((sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]! / 1000).toFixed(2));

/** The most units sent in any one second (a sliding window over the send times). */
function peakPerSecond(sends: readonly { at: number; units: number }[]): number {
  const sorted = [...sends].sort((a, b) => a.at - b.at);
  let peak = 0;
  let sum = 0;
  let first = 0;
  for (const send of sorted) {
    sum += send.units;
    while (sorted[first]!.at <= send.at - 1000) sum -= sorted[first++]!.units;
    peak = Math.max(peak, sum);
  }
  return peak;
}

function rateOf(sends: readonly { at: number; units: number }[]) {
  if (sends.length === 0) return { achievedPerSecond: 0, peakPerSecond: 0, spanSeconds: 0 };
  const times = sends.map((send) => send.at);
  const span = (Math.max(...times) - Math.min(...times)) / 1000;
  const units = sends.reduce((sum, send) => sum + send.units, 0);
  return {
    achievedPerSecond: Number((span > 0 ? units / span : units).toFixed(2)),
    peakPerSecond: peakPerSecond(sends),
    spanSeconds: Number(span.toFixed(1)),
  };
}

export async function auditWave(
  services: Services,
  families: readonly Family[],
  eventOf: ReadonlyMap<string, string>,
  outboxText: readonly string[],
  options: { rates: { email: number; sms: number }; throttledByStandIns: { email: number; sms: number } },
) {
  const outbox = outboxText.map((line) => JSON.parse(line) as OutboxLine);
  const sentCount = new Map<string, number>();
  for (const line of outbox)
    for (const id of line.notificationIds)
      sentCount.set(`${id}|${line.channel}|${line.to}`, (sentCount.get(`${id}|${line.channel}|${line.to}`) ?? 0) + 1);
  const totals = {
    expected: 0,
    delivered: 0,
    duplicates: 0,
    lost: 0,
    skippedByPreference: 0,
    deferredByQuietHoursOrDigest: 0,
    pacedDeliveries: 0,
  };
  const delays: Record<'inbox' | 'email' | 'sms', number[]> = { inbox: [], email: [], sms: [] };
  let lastInboxWrite = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < families.length) {
        const family = families[next++]!;
        const eventId = eventOf.get(family.studentId)!;
        const inbox = (await services.notifications.inbox(family.guardianId, 10)).items.filter((item) => item.notificationId === eventId);
        const deliveries = (await services.notifications.deliveries.deliveriesOfStudent(family.studentId, 20)).items.filter(
          (item) => item.eventId === eventId,
        );
        if (family.profile === 'off') {
          totals.skippedByPreference += deliveries.filter((item) => item.status === 'skipped').length;
          if (inbox.length > 0) totals.duplicates += inbox.length;
          continue;
        }
        totals.expected += 1;
        totals.delivered += Math.min(inbox.length, 1);
        if (inbox.length === 0) totals.lost += 1;
        for (const item of inbox) {
          lastInboxWrite = Math.max(lastInboxWrite, Date.parse(item.createdAt));
          delays.inbox.push(Date.parse(item.createdAt) - Date.parse(item.occurredAt));
        }
        for (const channel of (['email', 'sms'] as const).filter((candidate) => family.preferences.channels[candidate])) {
          totals.expected += 1;
          const to = channel === 'email' ? family.email : family.phone;
          const times = sentCount.get(`${eventId}|${channel}|${to}`) ?? 0;
          const delivery = deliveries.find((item) => item.channel === channel);
          if ((delivery?.deferrals ?? 0) > 0) totals.pacedDeliveries += 1;
          if (family.profile === 'quiet' || family.profile === 'digest') {
            if (delivery?.status === 'deferred') {
              totals.deferredByQuietHoursOrDigest += 1;
              totals.delivered += 1;
            } else totals.lost += 1;
            totals.duplicates += times;
            continue;
          }
          if (times >= 1) totals.delivered += 1;
          else totals.lost += 1;
          if (times > 1) totals.duplicates += times - 1;
          if (delivery?.sentAt) delays[channel].push(Date.parse(delivery.sentAt) - Date.parse(delivery.occurredAt));
        }
      }
    }),
  );
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const emailSends = outbox.filter((line) => line.channel === 'email').map((line) => ({ at: Date.parse(line.sentAt), units: 1 }));
  const smsLines = outbox.filter((line) => line.channel === 'sms');
  const smsSends = smsLines.map((line) => ({ at: Date.parse(line.sentAt), units: line.parts ?? 1 }));
  const encodings: Record<string, { messages: number; parts: number }> = {};
  for (const line of smsLines) {
    const key = `${line.language} ${line.encoding}`;
    encodings[key] = { messages: (encodings[key]?.messages ?? 0) + 1, parts: (encodings[key]?.parts ?? 0) + (line.parts ?? 1) };
  }
  const channels = {
    email: {
      sent: emailSends.length,
      configuredPerSecond: options.rates.email,
      ...rateOf(emailSends),
      delayP50Seconds: percentile(sorted(delays.email), 0.5),
      delayP95Seconds: percentile(sorted(delays.email), 0.95),
      throttledByStandIn: options.throttledByStandIns.email,
    },
    sms: {
      sent: smsLines.length,
      parts: smsSends.reduce((sum, send) => sum + send.units, 0),
      configuredPartsPerSecond: options.rates.sms,
      ...rateOf(smsSends),
      delayP50Seconds: percentile(sorted(delays.sms), 0.5),
      delayP95Seconds: percentile(sorted(delays.sms), 0.95),
      throttledByStandIn: options.throttledByStandIns.sms,
      byLanguageAndEncoding: encodings,
    },
    inbox: { delayP50Seconds: percentile(sorted(delays.inbox), 0.5), delayP95Seconds: percentile(sorted(delays.inbox), 0.95) },
  };
  const table = (result: Record<string, unknown> & { injected: Record<string, number>; deadLetters: Record<string, number> }) => {
    const rows: [string, string | number][] = [
      ['absences (events put on the bus)', String(result.absences)],
      ['notifications expected (inbox + email/SMS)', totals.expected],
      ['delivered (inbox written, sent, or deferred)', totals.delivered],
      ['duplicates / lost / dead-lettered', `${totals.duplicates} / ${totals.lost} / ${String(result.deadLettered)}`],
      ['skipped by preference (deliveries)', totals.skippedByPreference],
      ['deferred by quiet hours or digest', totals.deferredByQuietHoursOrDigest],
      ['deliveries paced (waited for a slot at least once)', totals.pacedDeliveries],
      [
        'email: sent / configured rate / achieved / peak in 1 s',
        `${channels.email.sent} / ${channels.email.configuredPerSecond} / ${channels.email.achievedPerSecond} / ${channels.email.peakPerSecond} per s`,
      ],
      ['email: delay p50 / p95 (s, event to send)', `${channels.email.delayP50Seconds} / ${channels.email.delayP95Seconds}`],
      [
        'SMS: sent / parts / configured / achieved / peak in 1 s',
        `${channels.sms.sent} / ${channels.sms.parts} / ${channels.sms.configuredPartsPerSecond} / ${channels.sms.achievedPerSecond} / ${channels.sms.peakPerSecond} parts per s`,
      ],
      ['SMS: delay p50 / p95 (s, event to send)', `${channels.sms.delayP50Seconds} / ${channels.sms.delayP95Seconds}`],
      ['inbox: delay p50 / p95 (s)', `${channels.inbox.delayP50Seconds} / ${channels.inbox.delayP95Seconds}`],
      ['refused by the stand-ins for the rate (email / SMS)', `${channels.email.throttledByStandIn} / ${channels.sms.throttledByStandIn}`],
      ['s from last event put to last inbox write', String(result.secondsToLastInboxWrite)],
      ['s from first event to queues drained', String(result.secondsToDrain)],
      [
        'injected: failed before / after / duplicated',
        `${result.injected.failedBefore} / ${result.injected.failedAfter} / ${result.injected.duplicated}`,
      ],
      ['dead letters', JSON.stringify(result.deadLetters)],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
  };
  return { totals, channels, lastInboxWrite, table };
}
