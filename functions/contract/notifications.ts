/** What the family notification routes answer (functions/routes/family.ts, and a student's notifications in people.ts). */
import * as z from 'zod';
import { CHANNELS, NOTIFICATION_KINDS, PreferencesSchema } from '../../domain/notifications/preferences';
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
  }),
  "A notice in a guardian's inbox, in the guardian's language",
);

export const DeliverySchema = named(
  'NotificationDelivery',
  z.strictObject({
    eventId: z.string(),
    guardianId: z.string(),
    studentId: z.string(),
    channel: z.enum(CHANNELS),
    kind: Kind,
    language: z.string(),
    occurredAt: z.string(),
    createdAt: z.string(),
    status: z.enum(['sent', 'skipped', 'deferred', 'sending', 'failed']),
    sendAfter: z.string().optional(),
    deferredBy: z.enum(['quietHours', 'digest']).optional(),
    sentAt: z.string().optional(),
    messageId: z.string().optional(),
    reason: z.string().optional(),
    lastError: z.string().optional(),
    attempts: z.number().int().optional(),
  }),
  'One notice to one guardian by one channel: when, in which language, and what became of it',
);
