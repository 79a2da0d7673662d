import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { smsParts } from '../../domain/notifications/sms-segments';
import type { ChannelRates } from './channel-rates';
import type { NotificationChannels, OutgoingMessage } from './notification-channels';
import type { SesEvent } from './ses-events';

/**
 * SES's mailbox simulator ("Using the mailbox simulator", SES developer guide): addresses that
 * bounce, complain or are suppressed on purpose, for trying the feedback path.
 */
export const MAILBOX_SIMULATOR = {
  success: 'success@simulator.amazonses.com',
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
} as const;

/** A provider's account rate, as SES and SNS enforce it: a bucket of one second's worth, refilled continuously. */
class ProviderRate {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = Math.max(1, perSecond);
    this.at = now();
  }

  /** Takes `count` tokens, or none when there are not enough. */
  take(count: number): boolean {
    const now = this.now();
    const capacity = Math.max(1, this.perSecond);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < Math.min(count, capacity)) return false;
    this.tokens -= count;
    return true;
  }
}

export interface FileOutboxOptions {
  /** The account's rates the stand-ins enforce (SES emails/s, SNS SMS parts/s); unlimited when absent. */
  readonly rates?: Pick<ChannelRates, 'emailPerSecond' | 'smsPartsPerSecond'>;
  /** Where SES's delivery, bounce and complaint events go (the feedback queue); none when absent. */
  readonly feedback?: (event: SesEvent) => Promise<void>;
  readonly now?: () => Date;
}

/**
 * The local runtime's SES and SNS: one JSON line per message in `<dir>/<UTC date>.ndjson`, which
 * a person can read (`tail -f .local/outbox/*.ndjson`). Like the real services it refuses what
 * goes over the account's rate (a throttling error: the message is not sent), and like SES it
 * reports each email's fate: delivered, or a bounce or complaint for the mailbox simulator's
 * addresses. Like a mail server it refuses the reserved `.invalid` domain (RFC 2606), which is
 * how tests make a send fail for good.
 */
export class FileOutboxChannels implements NotificationChannels {
  private readonly email?: ProviderRate;
  private readonly sms?: ProviderRate;
  private readonly now: () => Date;
  /** Sends refused for the rate, by channel (the benchmark reports them). */
  readonly throttled = { email: 0, sms: 0 };

  constructor(
    private readonly dir: string,
    private readonly options: FileOutboxOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    const clock = () => this.now().getTime();
    if (options.rates) {
      this.email = new ProviderRate(options.rates.emailPerSecond, clock);
      this.sms = new ProviderRate(options.rates.smsPartsPerSecond, clock);
    }
  }

  async send(message: OutgoingMessage): Promise<string> {
    if (message.to.toLowerCase().endsWith('.invalid')) throw new Error(`550 no such domain: ${message.to}`);
    const parts = message.channel === 'sms' ? smsParts(message.text) : undefined;
    const rate = message.channel === 'email' ? this.email : this.sms;
    if (rate && !rate.take(parts?.parts ?? 1)) {
      this.throttled[message.channel] += 1;
      throw Object.assign(new Error(message.channel === 'email' ? 'Maximum sending rate exceeded.' : 'Rate exceeded'), {
        name: message.channel === 'email' ? 'ThrottlingException' : 'ThrottledException',
      });
    }
    const sentAt = this.now().toISOString();
    const messageId = `local-${randomUUID()}`;
    await mkdir(this.dir, { recursive: true });
    const line = JSON.stringify({ sentAt, messageId, ...message, ...(parts ? { encoding: parts.encoding, parts: parts.parts } : {}) });
    await appendFile(join(this.dir, `${sentAt.slice(0, 10)}.ndjson`), `${line}\n`, 'utf8');
    if (message.channel === 'email' && this.options.feedback) await this.options.feedback(sesEventFor(message, messageId, sentAt));
    return messageId;
  }
}

/** The event SES would publish about an email: a bounce or complaint for the simulator's addresses, else its delivery. */
function sesEventFor(message: OutgoingMessage, messageId: string, at: string): SesEvent {
  const to = message.to.toLowerCase();
  const mail = {
    messageId,
    timestamp: at,
    destination: [message.to],
    tags: Object.fromEntries(Object.entries(message.tags ?? {}).map(([name, value]) => [name, [value]])),
  };
  if (to === MAILBOX_SIMULATOR.bounce) {
    return {
      eventType: 'Bounce',
      mail,
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: message.to, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        timestamp: at,
      },
    };
  }
  if (to === MAILBOX_SIMULATOR.complaint) {
    return {
      eventType: 'Complaint',
      mail,
      complaint: { complainedRecipients: [{ emailAddress: message.to }], timestamp: at, complaintFeedbackType: 'abuse' },
    };
  }
  return { eventType: 'Delivery', mail, delivery: { timestamp: at, recipients: [message.to] } };
}
