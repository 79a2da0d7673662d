import { NotFound } from '../../../domain/errors';
import { CHANNELS, DEFAULT_PREFERENCES, PreferencesSchema } from '../../../domain/notifications/preferences';
import type { Principal } from '../../../domain/principal';
import { studentType } from '../../../domain/records/record-types';
import type { PageRequest } from '../../../domain/schemas/common';
import { parseOrThrow } from '../../../domain/validation';
import type { Delivery } from '../../repositories/delivery-store';
import type { Services } from '../../services';
import { studentAttendance } from '../attendance/read-attendance';
import { childOf, guardianIdOf } from '../family/family';

/** The caller's notification preferences: the stored ones, or the defaults (version 0) when never set. */
export async function myPreferences(services: Services, principal: Principal) {
  const stored = await services.notifications.getPreferences(guardianIdOf(principal));
  return stored ?? { preferences: DEFAULT_PREFERENCES, version: 0 };
}

/** Replaces the caller's preferences (the whole document; omitted fields take their defaults). */
export async function setMyPreferences(services: Services, principal: Principal, body: unknown, expectedVersion: number | undefined) {
  const preferences = parseOrThrow(PreferencesSchema, body ?? {});
  return services.notifications.putPreferences(
    guardianIdOf(principal),
    preferences,
    expectedVersion,
    services.now().toISOString(),
    principal.sub,
  );
}

/** What a family sees of a delivery: the channel, where it stands, and each step with its time (no address, no text). */
const familyView = (delivery: Delivery) => ({
  channel: delivery.channel,
  status: delivery.status,
  ...(delivery.deferredBy ? { deferredBy: delivery.deferredBy } : {}),
  ...(delivery.sendAfter && delivery.status === 'deferred' ? { sendAfter: delivery.sendAfter } : {}),
  ...(delivery.reason ? { reason: delivery.reason } : {}),
  steps: delivery.steps ?? [],
});

/** The caller's inbox, newest first; each notice with how it reached them, channel by channel (decision 0119). */
export async function myNotifications(services: Services, principal: Principal, page: PageRequest) {
  const guardianId = guardianIdOf(principal);
  const result = await services.notifications.inbox(guardianId, page.limit, page.cursor);
  const deliveries = await services.notifications.deliveries.deliveriesOf(
    result.items.map((item) => ({ eventId: item.notificationId, guardianId })),
  );
  const byNotice = new Map<string, Delivery[]>();
  for (const delivery of deliveries) byNotice.set(delivery.eventId, [...(byNotice.get(delivery.eventId) ?? []), delivery]);
  const order = (delivery: Delivery) => CHANNELS.indexOf(delivery.channel);
  return {
    items: result.items.map((item) => ({
      ...item,
      deliveries: (byNotice.get(item.notificationId) ?? []).sort((a, b) => order(a) - order(b)).map(familyView),
    })),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

/** Marks one of the caller's notices read; any other id is a 404. */
export async function readNotification(services: Services, principal: Principal, notificationId: string) {
  const notice = await services.notifications.markRead(guardianIdOf(principal), notificationId, services.now().toISOString());
  if (!notice) throw new NotFound(`No notification ${notificationId} in your inbox.`);
  return notice;
}

/** A child's attendance over a date range, for a parent: the same 404 as every other child route for a child not theirs. */
export async function childAttendance(services: Services, principal: Principal, studentId: string, range: { from: string; to: string }) {
  await childOf(services, principal, studentId);
  return studentAttendance(services, studentId, range, principal);
}

/**
 * What was sent to a student's guardians, newest first: when, by which channel, in which
 * language, where each delivery stands (queued, deferred by quiet hours, a digest or pacing,
 * sent, delivered, bounced, complained, suppressed) with the time of each step (decision 0119).
 * The message itself and the address stay out of the staff view.
 */
export async function studentNotifications(services: Services, studentId: string, page: PageRequest, principal: Principal) {
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  await services.access.authorize(principal, 'list', 'studentNotifications', { studentId }, student.data);
  const result = await services.notifications.deliveries.deliveriesOfStudent(studentId, page.limit, page.cursor);
  return {
    items: result.items.map(({ content: _content, to: _to, leaseUntil: _lease, slotAt: _slot, ...delivery }) => ({
      ...delivery,
      steps: delivery.steps ?? [],
    })),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}
