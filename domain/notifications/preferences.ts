import * as z from 'zod';
import { ClockTime, LanguageTag } from '../schemas/common';

/**
 * What a family can be told about; each kind can be turned off. A correction of an attendance
 * notice and the day's attendance summary reach only families told of the marks they are about.
 */
export const NOTIFICATION_KINDS = [
  'absence',
  'tardy',
  'attendanceCorrected',
  'attendanceSummary',
  'lowGrade',
  'missingAssignment',
  'reportCardPosted',
  'enrollmentCompleted',
  'scheduleChanged',
  'disciplinaryAction',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Channels that reach a guardian outside the portal (push is a later adapter). The inbox always gets the notice. */
export const SEND_CHANNELS = ['email', 'sms'] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];
/** Every channel a delivery is recorded for. */
export const CHANNELS = ['inbox', ...SEND_CHANNELS] as const;
export type Channel = (typeof CHANNELS)[number];

/** True when the runtime knows the IANA zone (Intl throws a RangeError on an unknown one). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return /\//.test(zone) || zone === 'UTC';
  } catch {
    return false;
  }
}

export const TimeZone = z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as America/Chicago' });

/**
 * A guardian's notification preferences. Quiet hours are wall-clock times in `timeZone` (the
 * guardian's; the student's school's when unset); a window may cross midnight (21:00–07:00).
 */
export const PreferencesSchema = z.strictObject({
  channels: z.strictObject({ email: z.boolean(), sms: z.boolean() }).default({ email: true, sms: false }),
  /** The language notices are written in; the guardian's preferred language when unset. */
  language: LanguageTag.optional(),
  timeZone: TimeZone.optional(),
  quietHours: z
    .strictObject({ start: ClockTime, end: ClockTime })
    .refine((window) => window.start !== window.end, { error: 'start and end must differ', path: ['end'] })
    .optional(),
  /** Kinds turned on or off; a kind not named is on. */
  kinds: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.boolean()).default({}),
  /** `immediate`: each notice is sent when it happens; `dailyDigest`: one message a day at `digestTime`. */
  delivery: z.enum(['immediate', 'dailyDigest']).default('immediate'),
  /** When the daily digest goes, and the day's attendance summary (later absences and late marks of a day). */
  digestTime: ClockTime.default('18:00'),
  /**
   * `oncePerDay`: the day's first absence or late mark at once, later ones in the evening's
   * summary; `everyPeriod`: each at once.
   */
  attendance: z.enum(['oncePerDay', 'everyPeriod']).default('oncePerDay'),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

/** What a guardian who never set preferences gets: email on, SMS off, every kind, immediately, one attendance notice a day. */
export const DEFAULT_PREFERENCES: Preferences = PreferencesSchema.parse({});

export const kindEnabled = (preferences: Preferences, kind: NotificationKind): boolean => preferences.kinds[kind] !== false;
