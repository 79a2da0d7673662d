/** Contract entries of the family notification routes and the parent's attendance route (see index.ts). */
import * as z from 'zod';
import { FamilyDeliverySchema, StaffDeliverySchema } from '../../domain/notifications/notice-views';
import { NOTIFICATION_KINDS, PreferencesSchema } from '../../domain/notifications/preferences';
import { PageQuery } from '../../domain/schemas/common';
import { AttendanceRangeQuery } from '../use-cases/attendance/take-attendance';
import { HEADERS, json, named } from './answers';
import { ATTENDANCE_CONTRACT } from './attendance';
import type { EntrySpec } from './index';

const Kind = z.enum(NOTIFICATION_KINDS);

const StoredPreferencesSchema = named(
  'NotificationPreferences',
  z.strictObject({
    preferences: PreferencesSchema,
    version: z.number().int().min(0).describe('0 until the guardian first sets them (the defaults apply)'),
    updatedAt: z.string().optional(),
  }),
  "A guardian's notification preferences",
);

const InboxNoticeSchema = named(
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

const DeliverySchema = named(
  'NotificationDelivery',
  StaffDeliverySchema,
  'One notice to one guardian by one channel: when, in which language, and what became of it, step by step',
);

const pageOf = (item: z.ZodType) => z.strictObject({ items: z.array(item), nextCursor: z.string().optional() });
const studentAttendance = ATTENDANCE_CONTRACT['GET /v1/students/{studentId}/attendance']!.answers[200]!;

export const NOTIFICATIONS_CONTRACT: Readonly<Record<string, EntrySpec>> = {
  'GET /v1/me/children/{studentId}/attendance': {
    query: AttendanceRangeQuery,
    answers: { 200: { ...studentAttendance, description: "The child's marks and summary" } },
  },
  'GET /v1/me/notification-preferences': {
    answers: { 200: json(StoredPreferencesSchema, 'Your preferences (the defaults, version 0, until you set them)', HEADERS.etag) },
  },
  'PUT /v1/me/notification-preferences': {
    body: PreferencesSchema,
    ifMatch: 'optional',
    answers: { 200: json(StoredPreferencesSchema, 'Your preferences as stored', HEADERS.etag) },
  },
  'GET /v1/me/notifications': {
    query: PageQuery,
    answers: { 200: json(pageOf(InboxNoticeSchema), 'A page of your notifications, newest first') },
  },
  'POST /v1/me/notifications/{notificationId}/read': {
    answers: { 200: json(InboxNoticeSchema, 'The notification, with when you first read it') },
  },
  'GET /v1/students/{studentId}/notifications': {
    query: PageQuery,
    answers: { 200: json(pageOf(DeliverySchema), "A page of what was sent to the student's guardians, newest first") },
  },
};
