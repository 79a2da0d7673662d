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
};
