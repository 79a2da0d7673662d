import type { Channel, NotificationKind } from '../../domain/notifications/preferences';
import type { SmsEncoding } from '../../domain/notifications/sms-segments';

/** Where a delivery stands now; its steps keep how it got there. */
export type DeliveryStatus = 'sending' | 'sent' | 'delivered' | 'bounced' | 'complained' | 'suppressed' | 'deferred' | 'skipped' | 'failed';
/** What held a delivery back: the guardian's quiet hours or digest, or the channel's rate. */
export type DeferredBy = 'quietHours' | 'digest' | 'pacing';
/** One step of a delivery, with its time: queued first, then deferred, sent, delivered, bounced… */
export interface DeliveryStep {
  readonly status: 'queued' | Exclude<DeliveryStatus, 'sending'>;
  readonly at: string;
  readonly reason?: string;
  /** For a deferral: until when. */
  readonly until?: string;
}

/** What the family is sent by email or SMS, rendered in their language when the event arrived. */
export interface DeliveryContent {
  readonly subject: string;
  readonly body: string;
  readonly sms: string;
}

/** The delivery of one notice to one guardian by one channel. */
export interface Delivery {
  readonly eventId: string;
  readonly guardianId: string;
  readonly studentId: string;
  readonly channel: Channel;
  readonly kind: NotificationKind;
  readonly language: string;
  readonly occurredAt: string;
  readonly status: DeliveryStatus;
  readonly createdAt: string;
  /** The school whose office and report the notice counts in. */
  readonly schoolId?: string;
  /** Email address or phone number (email and SMS). */
  readonly to?: string;
  readonly content?: DeliveryContent;
  readonly sendAfter?: string;
  readonly deferredBy?: DeferredBy;
  /** A slot of the channel's rate this delivery holds (pacing): it is sent then without another token. */
  readonly slotAt?: string;
  readonly deferrals?: number;
  readonly sentAt?: string;
  readonly messageId?: string;
  /** An SMS's encoding and parts, as priced and paced. */
  readonly sms?: { readonly encoding: SmsEncoding; readonly parts: number };
  readonly reason?: string;
  readonly lastError?: string;
  readonly attempts?: number;
  /** While `sending`: until when the claim holds; after it, another attempt may take it over. */
  readonly leaseUntil?: string;
  readonly steps?: readonly DeliveryStep[];
}

export type DeliveryKey = Pick<Delivery, 'eventId' | 'guardianId' | 'channel'>;

/** What a claim found. */
export type Claim =
  | { readonly claimed: true; readonly slotReserved: boolean; readonly deferrals: number }
  | { readonly claimed: false; readonly status?: DeliveryStatus; readonly waitUntil?: Date };
