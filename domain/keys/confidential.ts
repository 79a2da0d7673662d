/** Keys of health, counseling and special-education records, and of FERPA's record of access. */
import type { IndexKeys, Key } from './key-parts';

export const confidentialKeys = {
  /**
   * A confidential record (health, counseling or plan) in its student's partition for that family:
   * a student's records of a family are one query, and no partition is shared across students.
   */
  confidentialRecord: (family: string, studentId: string, recordId: string): Key => ({
    pk: `STUDENT#${studentId}#${family.toUpperCase()}`,
    sk: `${family.toUpperCase()}#${recordId}`,
  }),
  confidentialRecordsOfStudent: (family: string, studentId: string) => ({
    pk: `STUDENT#${studentId}#${family.toUpperCase()}`,
    skPrefix: `${family.toUpperCase()}#`,
  }),
  /** gsi1 of a 504 plan or IEP: a school's plans by review date (the review-due list); only dates and ids. */
  planReviewOfSchool: (schoolId: string, reviewDue: string, studentId: string, recordId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#PLANREVIEWS`,
    gsi1sk: `${reviewDue}#${studentId}#${recordId}`,
  }),
  planReviewsOfSchool: (schoolId: string) => `SCHOOL#${schoolId}#PLANREVIEWS`,
  /** A student's immunization compliance status (no vaccine names): gsi1 lists a school's students by status. */
  immunizationStatus: (studentId: string): Key => ({ pk: `STUDENT#${studentId}#HEALTH`, sk: 'IMMUNIZATIONSTATUS' }),
  immunizationStatusOfSchool: (schoolId: string, status: string, studentId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#IMMUNIZATION#${status}`,
    gsi1sk: studentId,
  }),
  studentsOfSchoolByImmunizationStatus: (schoolId: string, status: string) => `SCHOOL#${schoolId}#IMMUNIZATION#${status}`,
  /** FERPA's record of access: one item per read or disclosure, in the student's own partition, oldest first. */
  accessLogEntry: (studentId: string, at: string, entryId: string): Key => ({
    pk: `STUDENT#${studentId}#ACCESSLOG`,
    sk: `${at}#${entryId}`,
  }),
  accessLogOfStudent: (studentId: string) => `STUDENT#${studentId}#ACCESSLOG`,
  /**
   * A student's behavior counters of a school year (incidents, as offender, actions, exclusions, days
   * excluded; no codes), in the partition of their behavior records; gsi2 lists a school year's students
   * with any, for the early-warning list (decision 0153).
   */
  behaviorYear: (studentId: string, schoolYear: string): Key => ({ pk: `STUDENT#${studentId}#BEHAVIOR`, sk: `COUNTS#${schoolYear}` }),
  behaviorYearAtSchool: (schoolId: string, schoolYear: string, studentId: string): IndexKeys => ({
    gsi2pk: `SCHOOL#${schoolId}#BEHAVIORYEAR#${schoolYear}`,
    gsi2sk: studentId,
  }),
  behaviorYearsOfSchool: (schoolId: string, schoolYear: string) => `SCHOOL#${schoolId}#BEHAVIORYEAR#${schoolYear}`,
  /** A school's behavior counters of a school year: incidents, roles, behaviors and actions by code, days excluded. */
  behaviorCounts: (schoolId: string, schoolYear: string): Key => ({ pk: `SCHOOL#${schoolId}#BEHAVIORCOUNTS`, sk: `YEAR#${schoolYear}` }),
  /** What a family is told of a discipline action (its kind and dates, nothing of the incident), read by the notifier. */
  behaviorNotice: (studentId: string, recordId: string): Key => ({ pk: `STUDENT#${studentId}#BEHAVIOR`, sk: `NOTICE#${recordId}` }),
};
