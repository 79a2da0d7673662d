import { DEFAULT_PREFERENCES } from '../../../domain/notifications/preferences';
import type { SesEvent } from '../../platform/ses-events';
import type { DeliveryKey } from '../../repositories/delivery-store';
import type { Services } from '../../services';

/** What one SES event did. */
export interface FeedbackOutcome {
  readonly outcome: 'delivered' | 'bounced' | 'complained' | 'ignored';
  /** Deliveries whose status it changed. */
  readonly deliveries: number;
  /** Addresses it put on the suppression list. */
  readonly suppressed: number;
}

/** The deliveries an email carried, by the tags the notifier gave it: one notice and guardian, or a digest. */
async function deliveriesOf(services: Services, event: SesEvent): Promise<DeliveryKey[]> {
  const tag = (name: string) => event.mail.tags[name]?.[0];
  const digest = tag('digest');
  if (digest) return services.notifications.deliveries.digestDeliveries(digest);
  const notice = tag('notice');
  const guardian = tag('guardian');
  return notice && guardian ? [{ eventId: notice, guardianId: guardian, channel: 'email' }] : [];
}

/**
 * Records what SES says became of an email (decision 0117): delivered, bounced or complained,
 * as a step of each delivery it carried and in the school's report. A permanent bounce or a
 * complaint suppresses the address, so nothing more is sent to it; a guardian left with no
 * working channel is listed for the school office. A transient bounce (a full mailbox) is recorded
 * and suppresses nothing: SES retried it already. Events of mail the notifier did not send are ignored.
 */
export async function recordEmailFeedback(services: Services, event: SesEvent): Promise<FeedbackOutcome> {
  const type = event.eventType;
  const outcome = type === 'Delivery' ? 'delivered' : type === 'Bounce' ? 'bounced' : type === 'Complaint' ? 'complained' : undefined;
  const keys = outcome ? await deliveriesOf(services, event) : [];
  if (!outcome || keys.length === 0) return { outcome: 'ignored', deliveries: 0, suppressed: 0 };
  const at = event.delivery?.timestamp ?? event.bounce?.timestamp ?? event.complaint?.timestamp ?? event.mail.timestamp;
  const permanent = outcome === 'complained' || (outcome === 'bounced' && event.bounce?.bounceType === 'Permanent');
  const detail =
    outcome === 'bounced'
      ? [event.bounce?.bounceType, event.bounce?.bounceSubType, event.bounce?.bouncedRecipients[0]?.diagnosticCode]
          .filter(Boolean)
          .join(' / ')
      : outcome === 'complained'
        ? `complaint${event.complaint?.complaintFeedbackType ? ` (${event.complaint.complaintFeedbackType})` : ''}`
        : undefined;

  let suppressed = 0;
  if (permanent) {
    const addresses =
      outcome === 'bounced'
        ? (event.bounce?.bouncedRecipients ?? []).map((recipient) => recipient.emailAddress)
        : (event.complaint?.complainedRecipients ?? []).map((recipient) => recipient.emailAddress);
    for (const address of addresses.length > 0 ? addresses : event.mail.destination) {
      if (await services.notifications.suppressions.suppress('email', address, outcome === 'bounced' ? 'bounce' : 'complaint', at, detail))
        suppressed += 1;
    }
  }

  let changed = 0;
  for (const key of keys) {
    const delivery = await services.notifications.deliveries.recordOutcome(key, outcome, at, detail);
    if (!delivery) continue;
    changed += 1;
    if (delivery.schoolId)
      await services.notifications.reports.count(delivery.schoolId, delivery.occurredAt.slice(0, 10), 'email', outcome);
    if (permanent && delivery.schoolId) {
      // Listed for the office unless the family also chose SMS (whose deliveries are not reported back).
      const preferences = (await services.notifications.getPreferences(delivery.guardianId))?.preferences ?? DEFAULT_PREFERENCES;
      if (!preferences.channels.sms) {
        await services.notifications.suppressions.markUnreachable({
          schoolId: delivery.schoolId,
          guardianId: delivery.guardianId,
          studentId: delivery.studentId,
          channels: { email: outcome === 'bounced' ? 'the address bounced' : 'the address complained' },
          since: at,
          lastNoticeAt: delivery.occurredAt,
        });
      }
    }
  }
  return { outcome, deliveries: changed, suppressed };
}
