/** Keys every context shares: history, outbox, idempotency, the activity log, OneRoster sources, the health probe. */
import { shardOf, type Key } from './key-parts';

const pad = (version: number) => String(version).padStart(10, '0');

/** The pseudo-school district-wide records (guardians) are filed under in the activity log. */
export const DISTRICT_ACTIVITY = 'district';
/** Partitions of the district-wide activity of one day (decision 0081): a wave of guardian events has no hot key. */
export const DISTRICT_ACTIVITY_SHARDS = 16;

export const crossCuttingKeys = {
  /**
   * The sourcedId a record was imported under, when it is not the record's own id (a foreign
   * file's sourcedId); one item per record, read by the exporter so the sourcedId goes back out.
   */
  oneRosterSource: (sisId: string): Key => ({ pk: `ONEROSTER#${sisId}`, sk: 'SOURCED_ID' }),
  /** The item the health check reads (it need not exist): a data-plane call, no table name in the answer. */
  healthProbe: (): Key => ({ pk: 'HEALTH', sk: 'HEALTH' }),
  /** One item per version of a record, next to the record. */
  history: (record: Key, version: number): Key => ({ pk: record.pk, sk: `HISTORY#${record.sk}#${pad(version)}` }),
  historyOf: (record: Key) => ({ pk: record.pk, skPrefix: `HISTORY#${record.sk}#` }),
  /** An event waiting for the stream relay, next to the record it is about (no hot partition). */
  outbox: (record: Key, eventId: string): Key => ({ pk: record.pk, sk: `OUTBOX#${eventId}` }),
  /** A request's idempotency record, scoped to the caller. */
  idempotency: (sub: string, idempotencyKey: string): Key => ({ pk: `IDEMPOTENCY#${sub}#${idempotencyKey}`, sk: 'IDEMPOTENCY' }),
  /** A Powertools idempotency record (the enrollment consumer's), one partition each: no hot key in a burst. */
  powertoolsIdempotency: (idempotencyKey: string): Key => ({ pk: `POWERTOOLS#${idempotencyKey}`, sk: 'IDEMPOTENCY' }),
  /**
   * A school's audit trail for one day, newest last. The district's (guardians') is spread over
   * DISTRICT_ACTIVITY_SHARDS partitions by event id (decision 0081); a school's is one partition.
   */
  activity: (schoolId: string, date: string, occurredAt: string, eventId: string): Key => ({
    pk:
      schoolId === DISTRICT_ACTIVITY
        ? `SCHOOL#${schoolId}#ACTIVITY#${date}#${shardOf(eventId, DISTRICT_ACTIVITY_SHARDS)}`
        : `SCHOOL#${schoolId}#ACTIVITY#${date}`,
    sk: `${occurredAt}#${eventId}`,
  }),
  /** The partitions of a school's (or the district's) activity of one day. */
  activityPartitionsOfDay: (schoolId: string, date: string): string[] =>
    schoolId === DISTRICT_ACTIVITY
      ? Array.from({ length: DISTRICT_ACTIVITY_SHARDS }, (_, shard) => `SCHOOL#${schoolId}#ACTIVITY#${date}#${shard}`)
      : [`SCHOOL#${schoolId}#ACTIVITY#${date}`],
};
