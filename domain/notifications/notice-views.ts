/**
 * The shapes of what the notices' routes answer (decision 0119): a delivery's steps, the staff's
 * and the family's views of a delivery, the district report and the unreachable families. The
 * API contract (functions/contract) names them; the use cases build them.
 */
import * as z from 'zod';
import { DELAY_BUCKETS_SECONDS, REPORT_OUTCOMES } from './notice-report';
import { CHANNELS, NOTIFICATION_KINDS, SEND_CHANNELS } from './preferences';

export const DELIVERY_STATUSES = [
  'sending',
  'sent',
  'delivered',
  'bounced',
  'complained',
  'suppressed',
  'deferred',
  'skipped',
  'failed',
] as const;
export const DEFERRED_BY = ['quietHours', 'digest', 'pacing'] as const;

export const DeliveryStepSchema = z.strictObject({
  status: z.enum(['queued', ...DELIVERY_STATUSES.filter((status) => status !== 'sending')]),
  at: z.string().describe('When the step happened (ISO 8601)'),
  reason: z.string().optional().describe('Why: the deferral (quietHours, digest, pacing), the skip, the bounce'),
  until: z.string().optional().describe('A deferral: until when'),
});

const Kind = z.enum(NOTIFICATION_KINDS);

/** The staff's view of a delivery (no address, no text). */
export const StaffDeliverySchema = z.strictObject({
  eventId: z.string(),
  guardianId: z.string(),
  studentId: z.string(),
  schoolId: z.string().optional(),
  channel: z.enum(CHANNELS),
  kind: Kind,
  language: z.string(),
  occurredAt: z.string(),
  createdAt: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  sendAfter: z.string().optional(),
  deferredBy: z.enum(DEFERRED_BY).optional(),
  deferrals: z.number().int().optional().describe('Times the channel’s rate or the provider put it off'),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  sms: z
    .strictObject({ encoding: z.enum(['GSM-7', 'UCS-2']), parts: z.number().int() })
    .optional()
    .describe('An SMS: its encoding and parts'),
  reason: z.string().optional(),
  lastError: z.string().optional(),
  attempts: z.number().int().optional(),
  steps: z.array(DeliveryStepSchema).describe('Queued, deferred, sent, delivered, bounced…, each with its time'),
});

/** The family's view of how a notice reached them, channel by channel. */
export const FamilyDeliverySchema = z.strictObject({
  channel: z.enum(CHANNELS),
  status: z.enum(DELIVERY_STATUSES),
  deferredBy: z.enum(DEFERRED_BY).optional(),
  sendAfter: z.string().optional(),
  reason: z.string().optional(),
  steps: z.array(DeliveryStepSchema),
});

const Percentile = z.union([z.strictObject({ atMostSeconds: z.number() }), z.strictObject({ moreThanSeconds: z.number() })]).nullable();

export const NoticeReportRowSchema = z.strictObject({
  schoolId: z.string(),
  date: z.string(),
  channels: z.record(z.enum(CHANNELS), z.record(z.enum(REPORT_OUTCOMES), z.number().int())).describe('Notices by channel and outcome'),
  delay: z
    .record(z.enum(CHANNELS), z.strictObject({ counted: z.number().int(), p50: Percentile, p95: Percentile }))
    .describe(`From the event to the sending, as the bucket (upper bounds ${DELAY_BUCKETS_SECONDS.join(', ')} s) holding p50 and p95`),
});

export const UnreachableFamilySchema = z.strictObject({
  guardianId: z.string(),
  studentId: z.string(),
  name: z.record(z.string(), z.unknown()).describe("The guardian's name"),
  channels: z.partialRecord(z.enum(SEND_CHANNELS), z.string()).describe('Per channel, why it does not reach them'),
  since: z.string(),
  lastNoticeAt: z.string(),
});
