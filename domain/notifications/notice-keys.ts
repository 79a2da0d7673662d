/**
 * Keys of the notices' pacing, memory and reports (decisions 0115–0119), kept beside the
 * notifications' other keys (domain/keys.ts) in a module of their own. docs/data-model.md lists
 * their access patterns.
 */
import { NOTIFY_DUE_SHARDS, shardOf, type IndexKeys, type Key } from '../keys';

/** Partitions of a day's district notice report: a wave of notices writes 1/16 of it to each. */
export const NOTICE_REPORT_SHARDS = 16;

export const noticeKeys = {
  /** One shard of a channel's token bucket (a channel and origination identity): GCRA's next free instant. */
  rateBucket: (bucket: string, shard: number): Key => ({ pk: `NOTIFY#RATE#${bucket}#${shard}`, sk: 'BUCKET' }),
  /** An address that bounced for good or complained: nothing more is sent to it. The address is hashed. */
  suppressed: (channel: string, addressHash: string): Key => ({ pk: `NOTIFY#SUPPRESS#${channel}#${addressHash}`, sk: 'SUPPRESSED' }),
  /** What a provider's message id carried (the deliveries a bounce or a delivery receipt is about). */
  sentMessage: (messageId: string): Key => ({ pk: `NOTIFY#MSG#${messageId}`, sk: 'MESSAGE' }),
  /** What a guardian was told of a student's attendance on a day (the one-notice-a-day rule and its corrections). */
  attendanceDay: (guardianId: string, studentId: string, date: string): Key => ({
    pk: `NOTIFY#DAY#${guardianId}#${studentId}`,
    sk: date,
  }),
  /** The last report-card mark a student's families were told of, per section and grading period. */
  toldMark: (studentId: string, sectionId: string, gradingPeriod: string): Key => ({
    pk: `NOTIFY#MARK#${studentId}`,
    sk: `${sectionId}#${gradingPeriod}`,
  }),
  /** A student's schedule changes gathering into one notice (the current sitting). */
  scheduleSitting: (studentId: string): Key => ({ pk: `NOTIFY#SITTING#${studentId}`, sk: 'OPEN' }),
  /**
   * gsi2 of a notice waiting to be put together (a day's attendance summary, a schedule sitting):
   * the same due index the sweep reads for deferred deliveries.
   */
  dueNotice: (owner: string, dueAt: string, id: string): IndexKeys => ({
    gsi2pk: `NOTIFY#DUE#${shardOf(owner, NOTIFY_DUE_SHARDS)}`,
    gsi2sk: `${dueAt}#${owner}#${id}`,
  }),
  /** A school's notices of a day by outcome and delay; a day's schools are spread over NOTICE_REPORT_SHARDS partitions. */
  noticeReport: (date: string, schoolId: string): Key => ({
    pk: `NOTIFY#REPORT#${date}#${shardOf(schoolId, NOTICE_REPORT_SHARDS)}`,
    sk: `SCHOOL#${schoolId}`,
  }),
  noticeReportShard: (date: string, shard: number) => ({ pk: `NOTIFY#REPORT#${date}#${shard}`, skPrefix: 'SCHOOL#' }),
  /** A family the school cannot reach: every channel they chose is suppressed or has no address. */
  unreachable: (schoolId: string, guardianId: string, studentId: string): Key => ({
    pk: `SCHOOL#${schoolId}#UNREACHABLE`,
    sk: `${guardianId}#${studentId}`,
  }),
  unreachableOfSchool: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}#UNREACHABLE`, skPrefix: '' }),
} as const;
