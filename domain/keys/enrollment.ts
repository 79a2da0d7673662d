/** Keys of enrollment requests, school enrollments, seats and scheduled school moves. */
import { shardOf, type IndexKeys, type Key } from './key-parts';

/** Partitions of the district-wide index of unsettled enrollment requests. */
export const UNSETTLED_SHARDS = 8;
/** Partitions of one day's scheduled school moves. */
export const SCHOOL_MOVE_SHARDS = 4;

export const enrollmentKeys = {
  enrollmentRequest: (requestId: string): Key => ({ pk: `ENROLLREQ#${requestId}`, sk: 'REQUEST' }),
  /** gsi1: a school's enrollment requests in one status, oldest first (the counselor's work list). */
  enrollmentRequestsOfSchool: (schoolId: string, status: string, createdAt: string, requestId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#ENROLLREQ#${status}`,
    gsi1sk: `${createdAt}#${requestId}`,
  }),
  enrollmentRequestsPartition: (schoolId: string, status: string) => `SCHOOL#${schoolId}#ENROLLREQ#${status}`,
  /**
   * gsi2: the district's unsettled (PENDING or FAILED) requests, spread over UNSETTLED_SHARDS
   * partitions by request id, by the time they were last queued: the sweeper's and the redrive's
   * "requests in this status since before T" without a scan (decision 0040).
   */
  unsettledRequest: (status: string, queuedAt: string, requestId: string): IndexKeys => ({
    gsi2pk: `ENROLLREQ#${status}#${shardOf(requestId, UNSETTLED_SHARDS)}`,
    gsi2sk: `${queuedAt}#${requestId}`,
  }),
  unsettledRequestsPartitions: (status: string) => Array.from({ length: UNSETTLED_SHARDS }, (_, shard) => `ENROLLREQ#${status}#${shard}`),
  /**
   * A student's school change that waits for its enrollment's entry date (decision 0042), in one of
   * a few partitions per day; the daily job reads the day's partitions.
   */
  scheduledSchoolMove: (entryDate: string, studentId: string, enrollmentId: string): Key => ({
    pk: `SCHOOLMOVES#${entryDate}#${shardOf(studentId, SCHOOL_MOVE_SHARDS)}`,
    sk: `${studentId}#${enrollmentId}`,
  }),
  scheduledSchoolMovesPartitions: (entryDate: string) =>
    Array.from({ length: SCHOOL_MOVE_SHARDS }, (_, shard) => `SCHOOLMOVES#${entryDate}#${shard}`),
  /** One item per school enrollment of a student (entry, exit), in the student's partition. */
  enrollment: (studentId: string, schoolYear: string, enrollmentId: string): Key => ({
    pk: `STUDENT#${studentId}`,
    sk: `ENROLLMENT#${schoolYear}#${enrollmentId}`,
  }),
  enrollmentsOfStudent: (studentId: string) => ({ pk: `STUDENT#${studentId}`, skPrefix: 'ENROLLMENT#' }),
  /** The student's one active enrollment in a school year: the item that makes a second one impossible. */
  activeEnrollment: (studentId: string, schoolYear: string): Key => ({ pk: `STUDENT#${studentId}`, sk: `ACTIVE_ENROLLMENT#${schoolYear}` }),
  activeEnrollmentsOfStudent: (studentId: string) => ({ pk: `STUDENT#${studentId}`, skPrefix: 'ACTIVE_ENROLLMENT#' }),
  /** gsi2: a school's enrolled students for a year, by grade. */
  enrolledAtSchool: (schoolId: string, schoolYear: string, gradeLevel: string, studentId: string): IndexKeys => ({
    gsi2pk: `SCHOOL#${schoolId}#ENROLLED#${schoolYear}`,
    gsi2sk: `${gradeLevel}#${studentId}`,
  }),
  enrolledAtSchoolOfYear: (schoolId: string, schoolYear: string) => `SCHOOL#${schoolId}#ENROLLED#${schoolYear}`,
  /** Seats taken in one grade of one school year; capacity is held by a condition on it. */
  gradeCounter: (schoolId: string, schoolYear: string, gradeLevel: string): Key => ({
    pk: `SCHOOL#${schoolId}`,
    sk: `ENROLLCOUNT#${schoolYear}#${gradeLevel}`,
  }),
  /** A year-end rollover of a school (decision 0156): its request, status, plan and progress. */
  rolloverRun: (schoolId: string, runId: string): Key => ({ pk: `SCHOOL#${schoolId}#ROLLOVER`, sk: `RUN#${runId}` }),
  rolloverRunsOfSchool: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}#ROLLOVER`, skPrefix: 'RUN#' }),
  /** A student a rollover has done, written in the student's own transaction: a resumed run skips them. */
  rolloverStudent: (runId: string, studentId: string): Key => ({ pk: `ROLLOVER#${runId}`, sk: `STUDENT#${studentId}` }),
  rolloverStudents: (runId: string) => ({ pk: `ROLLOVER#${runId}`, skPrefix: 'STUDENT#' }),
};
