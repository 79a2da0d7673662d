/** What the family notification routes answer (functions/routes/family.ts, and a student's notifications in people.ts). */
import * as z from 'zod';
import {
  FamilyDeliverySchema,
  NoticeReportRowSchema,
  StaffDeliverySchema,
  UnreachableFamilySchema,
} from '../../domain/notifications/notice-views';
import { NOTIFICATION_KINDS, PreferencesSchema } from '../../domain/notifications/preferences';
import { named } from './answers';

const Kind = z.enum(NOTIFICATION_KINDS);

export const StoredPreferencesSchema = named(
  'NotificationPreferences',
  z.strictObject({
    preferences: PreferencesSchema,
    version: z.number().int().min(0).describe('0 until the guardian first sets them (the defaults apply)'),
    updatedAt: z.string().optional(),
  }),
  "A guardian's notification preferences",
);

export const InboxNoticeSchema = named(
  'InboxNotice',
  z.strictObject({
    notificationId: z.string(),
    guardianId: z.string(),
    studentId: z.string(),
    kind: Kind,
    language: z.string(),
    subject: z.string(),
    body: z.string(),
    occurredAt: z.string(),
    createdAt: z.string(),
    readAt: z.string().optional(),
    deliveries: z.array(FamilyDeliverySchema).optional().describe('How it reached you, channel by channel, step by step'),
  }),
  "A notice in a guardian's inbox, in the guardian's language",
);

export const DeliverySchema = named(
  'NotificationDelivery',
  StaffDeliverySchema,
  'One notice to one guardian by one channel: when, in which language, and what became of it, step by step',
);

export const NoticeReportSchema = named(
  'NoticeReport',
  z.strictObject({
    from: z.string(),
    to: z.string(),
    items: z.array(NoticeReportRowSchema).describe('One row per school and day that had notices, by date then school'),
  }),
  'Per school and day: notices by channel and outcome, and the delay from the event to the sending (p50, p95)',
);

export const UnreachableFamilyView = named(
  'UnreachableFamily',
  UnreachableFamilySchema,
  'A family no chosen channel reaches (every address bounced, complained or missing): for the office to call',
);
