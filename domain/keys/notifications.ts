/** Keys of notification preferences, inboxes and deliveries. */
import { shardOf, type IndexKeys, type Key } from './key-parts';

/** Partitions of the deferred notifications' due index. */
export const NOTIFY_DUE_SHARDS = 8;

export const notificationKeys = {
  /** A guardian's notification preferences, next to the guardian record. */
  notificationPreferences: (guardianId: string): Key => ({ pk: `GUARDIAN#${guardianId}`, sk: 'NOTIFYPREFS' }),
  /**
   * One notice in a guardian's inbox, keyed by the event's id (a ULID, so the partition reads
   * newest first backwards); one partition per guardian.
   */
  inboxItem: (guardianId: string, notificationId: string): Key => ({ pk: `GUARDIAN#${guardianId}#INBOX`, sk: `NOTICE#${notificationId}` }),
  inboxOfGuardian: (guardianId: string) => ({ pk: `GUARDIAN#${guardianId}#INBOX`, skPrefix: 'NOTICE#' }),
  /**
   * The delivery of one event to one guardian by one channel: the claim that makes it happen
   * once. Its own partition per event and guardian, so a district-wide wave has no hot key.
   */
  delivery: (eventId: string, guardianId: string, channel: string): Key => ({
    pk: `NOTIFY#${eventId}#${guardianId}`,
    sk: `CHANNEL#${channel}`,
  }),
  /** gsi1 of a delivery: what was sent about a student, oldest first (the staff view). */
  deliveryOfStudent: (studentId: string, occurredAt: string, eventId: string, guardianId: string, channel: string): IndexKeys => ({
    gsi1pk: `STUDENT#${studentId}#NOTIFICATIONS`,
    gsi1sk: `${occurredAt}#${eventId}#${guardianId}#${channel}`,
  }),
  deliveriesOfStudent: (studentId: string) => `STUDENT#${studentId}#NOTIFICATIONS`,
  /**
   * gsi2 of a deferred delivery (quiet hours, digest), present only while it waits: the sweep
   * reads each shard up to now. A guardian's deliveries share a shard, so one digest is one read.
   */
  dueDelivery: (guardianId: string, sendAfter: string, eventId: string, channel: string): IndexKeys => ({
    gsi2pk: `NOTIFY#DUE#${shardOf(guardianId, NOTIFY_DUE_SHARDS)}`,
    gsi2sk: `${sendAfter}#${guardianId}#${eventId}#${channel}`,
  }),
  dueDeliveries: (shard: number) => `NOTIFY#DUE#${shard}`,
};
