/** Keys of students, guardians and staff. */
import { nameSortKey, normalizeName, shardOf, type IndexKeys, type Key } from './key-parts';

const STUDENT_PREFIX = 'STUDENT#';

/**
 * Index partitions of each initial in the guardians-by-name index: an import of the district's
 * 1.05 M guardians writes the most common initial (~11% of surnames) at 1/8 of its share per
 * partition, far under a partition's 1,000 writes/s at the index's warm throughput (decision 0121).
 */
export const GUARDIAN_NAME_SHARDS = 8;

export const peopleKeys = {
  /** A student's whole record lives under one partition: profile, guardian links, history. */
  student: (studentId: string): Key => ({ pk: `${STUDENT_PREFIX}${studentId}`, sk: 'STUDENT' }),
  /** The student id out of a student partition key (a unique claim's owner, for example). */
  studentIdOf: (pk: string): string | undefined => (pk.startsWith(STUDENT_PREFIX) ? pk.slice(STUDENT_PREFIX.length) : undefined),
  /** gsi1: a school's students by name. */
  studentsOfSchoolByName: (schoolId: string, last: string, first: string, studentId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#STUDENTS`,
    gsi1sk: nameSortKey(last, first, studentId),
  }),
  studentsOfSchool: (schoolId: string) => `SCHOOL#${schoolId}#STUDENTS`,
  /** Claims a district student id, so no two students share one. */
  districtStudentId: (districtStudentId: string): Key => ({ pk: `DSID#${districtStudentId.toUpperCase()}`, sk: 'UNIQUE' }),

  /** gsi2: students who share a legal name and birth date (duplicate detection). */
  studentIdentity: (last: string, first: string, birthDate: string, studentId: string): IndexKeys => ({
    gsi2pk: `IDENTITY#${normalizeName(last)}#${normalizeName(first)}#${birthDate}`,
    gsi2sk: `STUDENT#${studentId}`,
  }),
  studentIdentityPartition: (last: string, first: string, birthDate: string) =>
    `IDENTITY#${normalizeName(last)}#${normalizeName(first)}#${birthDate}`,
  /** Claimed by an enrollment that creates a student, so two concurrent enrollments of one child cannot both succeed. */
  identityClaim: (last: string, first: string, birthDate: string, ordinal = 1): Key => ({
    pk: `IDENTITYCLAIM#${normalizeName(last)}#${normalizeName(first)}#${birthDate}${ordinal > 1 ? `#${ordinal}` : ''}`,
    sk: 'UNIQUE',
  }),
  /**
   * Counts a student's active enrollments (one per school year). Enrollment and withdrawal keep
   * it in their transactions; a student's delete is refused by a condition on it (decision 0041).
   */
  enrolledMarker: (studentId: string): Key => ({ pk: `STUDENT#${studentId}`, sk: 'ENROLLED' }),

  guardian: (guardianId: string): Key => ({ pk: `GUARDIAN#${guardianId}`, sk: 'GUARDIAN' }),
  /**
   * gsi1: guardians by name, spread over the initial of the last name and a shard of the id
   * (GUARDIAN_NAME_SHARDS), so that neither the district's look-ups nor an import's writes land
   * on one partition.
   */
  guardiansByName: (last: string, first: string, guardianId: string): IndexKeys => ({
    gsi1pk: `GUARDIANS#${normalizeName(last).charAt(0) || '_'}#${shardOf(guardianId, GUARDIAN_NAME_SHARDS)}`,
    gsi1sk: nameSortKey(last, first, guardianId),
  }),
  /** Every partition a name search reads: the initial's shards, and its unsharded partition of before decision 0121. */
  guardiansByNamePartitions: (prefix: string): string[] => {
    const initial = `GUARDIANS#${prefix.charAt(0) || '_'}`;
    return [...Array.from({ length: GUARDIAN_NAME_SHARDS }, (_, shard) => `${initial}#${shard}`), initial];
  },

  /** A student's link to one guardian, stored in the student's partition. */
  guardianLink: (studentId: string, guardianId: string): Key => ({ pk: `STUDENT#${studentId}`, sk: `GUARDIAN#${guardianId}` }),
  guardiansOfStudent: (studentId: string) => ({ pk: `STUDENT#${studentId}`, skPrefix: 'GUARDIAN#' }),
  /** gsi1: a guardian's children. */
  childrenOfGuardian: (guardianId: string, studentId: string): IndexKeys => ({
    gsi1pk: `GUARDIAN#${guardianId}#CHILDREN`,
    gsi1sk: `STUDENT#${studentId}`,
  }),
  /** gsi1 query: every child of a guardian. */
  childrenOfGuardianQuery: (guardianId: string) => ({ pk: `GUARDIAN#${guardianId}#CHILDREN`, skPrefix: STUDENT_PREFIX }),

  /** A student's advisor or homeroom teacher (decision 0148), in the student's partition: the policy reads it by key. */
  advisor: (studentId: string, staffId: string): Key => ({ pk: `STUDENT#${studentId}`, sk: `ADVISOR#${staffId}` }),
  advisorsOfStudent: (studentId: string) => ({ pk: `STUDENT#${studentId}`, skPrefix: 'ADVISOR#' }),
  /** gsi1: a staff member's advisees. */
  adviseesOfStaff: (staffId: string, studentId: string): IndexKeys => ({
    gsi1pk: `STAFF#${staffId}#ADVISEES`,
    gsi1sk: `STUDENT#${studentId}`,
  }),
  adviseesOfStaffQuery: (staffId: string) => ({ pk: `STAFF#${staffId}#ADVISEES`, skPrefix: STUDENT_PREFIX }),

  staff: (staffId: string): Key => ({ pk: `STAFF#${staffId}`, sk: 'STAFF' }),
  /** One item per school assignment, so a staff member appears in each school's directory. */
  staffAssignment: (staffId: string, schoolId: string): Key => ({ pk: `STAFF#${staffId}`, sk: `ASSIGNMENT#${schoolId}` }),
  /** gsi1: a school's staff by name. */
  staffOfSchoolByName: (schoolId: string, last: string, first: string, staffId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#STAFF`,
    gsi1sk: nameSortKey(last, first, staffId),
  }),
  staffOfSchool: (schoolId: string) => `SCHOOL#${schoolId}#STAFF`,
  employeeId: (employeeId: string): Key => ({ pk: `EMPLOYEE#${employeeId.toUpperCase()}`, sk: 'UNIQUE' }),
};
