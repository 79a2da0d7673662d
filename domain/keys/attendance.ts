/** Keys of attendance codes, section and student days, and attendance counters. */
import type { IndexKeys, Key } from './key-parts';

/** Items of a school's daily attendance counters (one per shard per day). */
export const ATTENDANCE_DAY_SHARDS = 16;

export const attendanceKeys = {
  /** A stored attendance code (the district's or a school's): one item per code, listed on gsi1. */
  attendanceCode: (code: string): Key => ({ pk: `ATTCODE#${code}`, sk: 'CODE' }),
  attendanceCodesListing: (code: string): IndexKeys => ({ gsi1pk: 'ATTCODES', gsi1sk: code }),
  allAttendanceCodes: () => 'ATTCODES',
  /**
   * A section's attendance for one day: every mark of the roster in one item (one read, one
   * conditional write, one history item per version), with gsi2 so the office sees which
   * sections have taken attendance that day.
   */
  sectionAttendance: (sectionId: string, date: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `ATTENDANCE#${date}` }),
  attendanceTakenAtSchool: (schoolId: string, date: string, sectionId: string): IndexKeys => ({
    gsi2pk: `SCHOOL#${schoolId}#TAKEN#${date}`,
    gsi2sk: sectionId,
  }),
  attendanceTakenPartition: (schoolId: string, date: string) => `SCHOOL#${schoolId}#TAKEN#${date}`,
  /**
   * A student's attendance for one day (`ATTDAY#<date>`): every section's mark of the day, the
   * office entry's copy and the derived daily status, in the student's partition (a date range is
   * one Query). Written in the transaction of every change to the day's marks, version-checked.
   */
  studentDay: (studentId: string, date: string): Key => ({ pk: `STUDENT#${studentId}`, sk: `ATTDAY#${date}` }),
  daysOfStudent: (studentId: string) => ({ pk: `STUDENT#${studentId}`, skPrefix: 'ATTDAY#' }),
  /** gsi1 (sparse): the school's day report lists the students whose day is not plainly present, by status. */
  studentDayAtSchool: (schoolId: string, date: string, status: string, studentId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#ATTDAY#${date}`,
    gsi1sk: `${status}#${studentId}`,
  }),
  studentDaysAtSchool: (schoolId: string, date: string) => `SCHOOL#${schoolId}#ATTDAY#${date}`,
  /** The attendance office's entry for a student's day (all-day absence, late arrival, early dismissal): a record with history. */
  officeAttendance: (studentId: string, date: string): Key => ({ pk: `STUDENT#${studentId}`, sk: `OFFICEATT#${date}` }),
  /**
   * A student's attendance counters of a school year at a school (days enrolled, absent, excused,
   * unexcused, tardy), ADDed in the transaction that changes a day's status; gsi2 lists a school
   * year's counters for the chronic-absence report.
   */
  attendanceYear: (studentId: string, schoolId: string, schoolYear: string): Key => ({
    pk: `STUDENT#${studentId}`,
    sk: `ATTYEAR#${schoolYear}#${schoolId}`,
  }),
  attendanceYearAtSchool: (schoolId: string, schoolYear: string, studentId: string): IndexKeys => ({
    gsi2pk: `SCHOOL#${schoolId}#ATTYEAR#${schoolYear}`,
    gsi2sk: studentId,
  }),
  attendanceYearsOfSchool: (schoolId: string, schoolYear: string) => `SCHOOL#${schoolId}#ATTYEAR#${schoolYear}`,
  /**
   * A school's daily attendance counters (students with a status, attended, absent), in
   * ATTENDANCE_DAY_SHARDS items per day so that every classroom's submission at the bell does not
   * update one item; a date range is one Query.
   */
  attendanceDayCounter: (schoolId: string, date: string, shard: number): Key => ({
    pk: `SCHOOL#${schoolId}#ADA`,
    sk: `${date}#${String(shard).padStart(2, '0')}`,
  }),
  attendanceDayCounters: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}#ADA` }),
};
