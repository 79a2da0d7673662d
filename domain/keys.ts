/**
 * Every key of the single table is built here, named after the access pattern it serves.
 * docs/data-model.md lists the same patterns with their indexes and key conditions.
 */
export interface Key {
  readonly pk: string;
  readonly sk: string;
}

export interface IndexKeys {
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

/** Letters that carry no combining accent, so NFD alone would drop them. */
const TRANSLITERATIONS: Record<string, string> = { ø: 'o', ł: 'l', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Lower-case, accents and punctuation removed, letters of any script kept:
 * "García-López" → "garcialopez", "Øster" → "oster", "Иванов" → "иванов".
 */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[øłßæœđðþı]/g, (letter) => TRANSLITERATIONS[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Sort key for "by name" listings; prefix queries on it implement name search. */
export function nameSortKey(last: string, first: string, id: string): string {
  return `${normalizeName(last)}#${normalizeName(first)}#${id}`;
}

/**
 * The key prefix a name search queries with. Without a comma the whole query is the start of a
 * last name ("gar", "de la cruz"); with one, "last, first" matches that last name and first
 * names starting with what follows ("garcia, ma").
 */
export function nameSearchPrefix(query: string): string {
  const comma = query.indexOf(',');
  if (comma < 0) return normalizeName(query);
  const last = normalizeName(query.slice(0, comma));
  const first = normalizeName(query.slice(comma + 1));
  return first ? `${last}#${first}` : last;
}

const SCHOOLS_PARTITION = 'SCHOOLS';
const STUDENT_PREFIX = 'STUDENT#';

const pad = (version: number) => String(version).padStart(10, '0');

/** Partitions of the district-wide index of unsettled enrollment requests. */
export const UNSETTLED_SHARDS = 8;
/** Items of a school's daily attendance counters (one per shard per day). */
export const ATTENDANCE_DAY_SHARDS = 16;
/** Partitions of the deferred notifications' due index. */
export const NOTIFY_DUE_SHARDS = 8;

/** The pseudo-school district-wide records (guardians) are filed under in the activity log. */
export const DISTRICT_ACTIVITY = 'district';
/** Partitions of the district-wide activity of one day (decision 0081): a wave of guardian events has no hot key. */
export const DISTRICT_ACTIVITY_SHARDS = 16;

/**
 * Index partitions of each initial in the guardians-by-name index: an import of the district's
 * 1.05 M guardians writes the most common initial (~11% of surnames) at 1/8 of its share per
 * partition, far under a partition's 1,000 writes/s at the index's warm throughput (decision 0121).
 */
export const GUARDIAN_NAME_SHARDS = 8;

/** Partitions of one day's scheduled school moves. */
export const SCHOOL_MOVE_SHARDS = 4;

/** A stable shard of an id (FNV-1a), so that one id always lands in the same partition. */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193) >>> 0;
  return hash % shards;
}

export const keys = {
  // ── schools and calendars ─────────────────────────────────────────────
  school: (schoolId: string): Key => ({ pk: `SCHOOL#${schoolId}`, sk: 'SCHOOL' }),
  /** gsi1: every school of the district by name (a few hundred items, read by staff only). */
  schoolsByName: (name: string, schoolId: string): IndexKeys => ({
    gsi1pk: SCHOOLS_PARTITION,
    gsi1sk: `${normalizeName(name)}#${schoolId}`,
  }),
  allSchoolsPartition: () => SCHOOLS_PARTITION,
  schoolCode: (code: string): Key => ({ pk: `SCHOOLCODE#${code.toUpperCase()}`, sk: 'UNIQUE' }),
  schoolYear: (schoolId: string, schoolYear: string): Key => ({ pk: `SCHOOL#${schoolId}`, sk: `YEAR#${schoolYear}` }),
  schoolYearsOfSchool: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}`, skPrefix: 'YEAR#' }),
  /**
   * A school's item in its region's partition, kept by the record engine in the school's own
   * transaction (a projection): a region's schools are one Query (decision 0087).
   */
  schoolOfRegion: (regionId: string, schoolId: string): Key => ({ pk: `REGION#${regionId}`, sk: `SCHOOL#${schoolId}` }),
  schoolsOfRegion: (regionId: string) => ({ pk: `REGION#${regionId}`, skPrefix: 'SCHOOL#' }),
  bellSchedule: (schoolId: string, bellScheduleId: string): Key => ({ pk: `SCHOOL#${schoolId}`, sk: `BELL#${bellScheduleId}` }),
  bellSchedulesOfSchool: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}`, skPrefix: 'BELL#' }),

  // ── people ─────────────────────────────────────────────────────────────
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

  // ── enrollment ────────────────────────────────────────────────────────
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
  /** Seats taken in one grade of one school year; capacity is held by a condition on it. */
  gradeCounter: (schoolId: string, schoolYear: string, gradeLevel: string): Key => ({
    pk: `SCHOOL#${schoolId}`,
    sk: `ENROLLCOUNT#${schoolYear}#${gradeLevel}`,
  }),

  // ── scheduling ──────────────────────────────────────────────────────────
  // Course codes and section numbers are upper-cased in keys (codes are unique regardless of case).
  // Slot codes come from domain/scheduling/slots.ts (`MON#A#P3`); term codes, course codes and slot
  // codes contain no `#` of their own, so every prefix below ends at a `#` and `S1` never matches `S10`.
  /** A course in its own partition, so `GET /v1/courses/{courseId}` needs no school id. */
  course: (courseId: string): Key => ({ pk: `COURSE#${courseId}`, sk: 'COURSE' }),
  /** gsi1: a school's courses by code (`begins_with` on a code prefix finds a course by code). */
  coursesOfSchoolByCode: (schoolId: string, code: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#COURSES`,
    gsi1sk: code.toUpperCase(),
  }),
  coursesOfSchool: (schoolId: string) => `SCHOOL#${schoolId}#COURSES`,
  /** Claims a course code within one school. */
  courseCode: (schoolId: string, code: string): Key => ({ pk: `COURSECODE#${schoolId}#${code.toUpperCase()}`, sk: 'UNIQUE' }),

  /** A section in its own partition, next to its roster, seat counter and teacher items. */
  section: (sectionId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: 'SECTION' }),
  /** gsi1: a school's sections of one term, by course and section number. */
  sectionsOfSchoolTermByCourse: (
    schoolId: string,
    schoolYear: string,
    termCode: string,
    courseId: string,
    sectionNumber: string,
  ): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#SECTIONS#${schoolYear}#${termCode}`,
    gsi1sk: `${courseId}#${sectionNumber.toUpperCase()}`,
  }),
  sectionsOfSchoolTerm: (schoolId: string, schoolYear: string, termCode: string) => `SCHOOL#${schoolId}#SECTIONS#${schoolYear}#${termCode}`,
  /** The sections of one course in a term (a prefix of the listing above). */
  sectionsOfCourse: (schoolId: string, schoolYear: string, termCode: string, courseId: string) => ({
    pk: `SCHOOL#${schoolId}#SECTIONS#${schoolYear}#${termCode}`,
    skPrefix: `${courseId}#`,
  }),
  /** Claims a section number among one course's sections of a term. */
  sectionNumber: (courseId: string, schoolYear: string, termCode: string, sectionNumber: string): Key => ({
    pk: `SECTIONNUMBER#${courseId}#${schoolYear}#${termCode}#${sectionNumber.toUpperCase()}`,
    sk: 'UNIQUE',
  }),
  /**
   * One projection item per teacher of a section (up to 4), in the section's partition, because an
   * item has one gsi2: the item carries gsi2 for that teacher (like one staff assignment item per school).
   */
  sectionTeacher: (sectionId: string, staffId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `TEACHER#${staffId}` }),
  teachersOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'TEACHER#' }),
  /** gsi2 of a section teacher item: a teacher's sections of one term. */
  sectionsOfTeacherByCourse: (
    staffId: string,
    schoolYear: string,
    termCode: string,
    courseId: string,
    sectionNumber: string,
    sectionId: string,
  ): IndexKeys => ({
    gsi2pk: `STAFF#${staffId}#SECTIONS#${schoolYear}#${termCode}`,
    gsi2sk: `${courseId}#${sectionNumber.toUpperCase()}#${sectionId}`,
  }),
  sectionsOfTeacher: (staffId: string, schoolYear: string, termCode: string) => `STAFF#${staffId}#SECTIONS#${schoolYear}#${termCode}`,
  /** The seats taken in a section and its capacity; capacity is held by a condition on it. */
  sectionSeats: (sectionId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: 'SEATS' }),
  /** A student on a section's roster, in the section's partition. */
  rosterEntry: (sectionId: string, studentId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `STUDENT#${studentId}` }),
  rosterOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'STUDENT#' }),
  /** gsi1 of a roster entry: a student's sections of one term (their schedule). */
  scheduleOfStudentBySection: (studentId: string, schoolYear: string, termCode: string, sectionId: string): IndexKeys => ({
    gsi1pk: `STUDENT#${studentId}#SCHEDULE#${schoolYear}#${termCode}`,
    gsi1sk: sectionId,
  }),
  scheduleOfStudent: (studentId: string, schoolYear: string, termCode: string) => `STUDENT#${studentId}#SCHEDULE#${schoolYear}#${termCode}`,
  /** gsi2 of a roster entry: all of a student's sections, by school year and term (withdrawals, teachers' access). */
  sectionsOfStudentByYear: (studentId: string, schoolYear: string, termCode: string, sectionId: string): IndexKeys => ({
    gsi2pk: `STUDENT#${studentId}#SECTIONS`,
    gsi2sk: `${schoolYear}#${termCode}#${sectionId}`,
  }),
  sectionsOfStudentInYear: (studentId: string, schoolYear: string) => ({ pk: `STUDENT#${studentId}#SECTIONS`, skPrefix: `${schoolYear}#` }),
  /**
   * The slots a student uses in one period of a term, as a set of slot cells (`MON#A#P3`, …) with
   * the section holding each: one item per period, so a section adds one item to an assignment and
   * the "no two sections in one slot" rule is a condition on that item (no cell of the new section
   * already in the set).
   */
  studentPeriod: (studentId: string, schoolYear: string, termCode: string, period: string): Key => ({
    pk: `STUDENT#${studentId}`,
    sk: `SLOT#${schoolYear}#${termCode}#${period}`,
  }),
  slotsOfStudent: (studentId: string, schoolYear: string, termCode: string) => ({
    pk: `STUDENT#${studentId}`,
    skPrefix: `SLOT#${schoolYear}#${termCode}#`,
  }),
  /** A slot a room is used in: one section per room and slot ("Rm 12" and "RM  12" are one room). */
  roomSlot: (schoolId: string, room: string, schoolYear: string, termCode: string, slot: string): Key => ({
    pk: `SCHOOL#${schoolId}#ROOM#${room.trim().replace(/\s+/g, ' ').toUpperCase()}`,
    sk: `SLOT#${schoolYear}#${termCode}#${slot}`,
  }),
  slotsOfRoom: (schoolId: string, room: string, schoolYear: string, termCode: string) => ({
    pk: `SCHOOL#${schoolId}#ROOM#${room.trim().replace(/\s+/g, ' ').toUpperCase()}`,
    skPrefix: `SLOT#${schoolYear}#${termCode}#`,
  }),
  /** A slot a teacher teaches in: one section per teacher and slot. */
  teacherSlot: (staffId: string, schoolYear: string, termCode: string, slot: string): Key => ({
    pk: `STAFF#${staffId}`,
    sk: `TEACHSLOT#${schoolYear}#${termCode}#${slot}`,
  }),
  slotsOfTeacher: (staffId: string, schoolYear: string, termCode: string) => ({
    pk: `STAFF#${staffId}`,
    skPrefix: `TEACHSLOT#${schoolYear}#${termCode}#`,
  }),
  /** A student's course requests for one term, in the student's partition. */
  courseRequests: (studentId: string, schoolYear: string, termCode: string): Key => ({
    pk: `STUDENT#${studentId}`,
    sk: `COURSEREQ#${schoolYear}#${termCode}`,
  }),
  courseRequestsOfStudent: (studentId: string) => ({ pk: `STUDENT#${studentId}`, skPrefix: 'COURSEREQ#' }),
  /** gsi1 of course requests: a school's requests for one term, read by a scheduling run. */
  courseRequestsOfSchoolTermByStudent: (schoolId: string, schoolYear: string, termCode: string, studentId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#COURSEREQS#${schoolYear}#${termCode}`,
    gsi1sk: studentId,
  }),
  courseRequestsOfSchoolTerm: (schoolId: string, schoolYear: string, termCode: string) =>
    `SCHOOL#${schoolId}#COURSEREQS#${schoolYear}#${termCode}`,
  /** A course a student finished, in the student's partition (prerequisites, "already passed"). */
  courseCompletion: (studentId: string, courseCode: string, schoolYear: string, termCode: string): Key => ({
    pk: `STUDENT#${studentId}`,
    sk: `COMPLETION#${courseCode.toUpperCase()}#${schoolYear}#${termCode}`,
  }),
  completionsOfStudent: (studentId: string) => ({ pk: `STUDENT#${studentId}`, skPrefix: 'COMPLETION#' }),
  completionsOfStudentCourse: (studentId: string, courseCode: string) => ({
    pk: `STUDENT#${studentId}`,
    skPrefix: `COMPLETION#${courseCode.toUpperCase()}#`,
  }),
  /** A saved copy of a school's master schedule for a term; the sections themselves are in its chunks. */
  scheduleSnapshot: (schoolId: string, schoolYear: string, termCode: string, snapshotId: string): Key => ({
    pk: `SCHOOL#${schoolId}`,
    sk: `SNAPSHOT#${schoolYear}#${termCode}#${snapshotId}`,
  }),
  snapshotsOfSchoolTerm: (schoolId: string, schoolYear: string, termCode: string) => ({
    pk: `SCHOOL#${schoolId}`,
    skPrefix: `SNAPSHOT#${schoolYear}#${termCode}#`,
  }),
  /** One chunk of a snapshot (under its own prefix, so listing snapshots does not read chunks). */
  scheduleSnapshotChunk: (schoolId: string, schoolYear: string, termCode: string, snapshotId: string, index: number): Key => ({
    pk: `SCHOOL#${schoolId}`,
    sk: `SNAPCHUNK#${schoolYear}#${termCode}#${snapshotId}#${String(index).padStart(4, '0')}`,
  }),
  chunksOfSnapshot: (schoolId: string, schoolYear: string, termCode: string, snapshotId: string) => ({
    pk: `SCHOOL#${schoolId}`,
    skPrefix: `SNAPCHUNK#${schoolYear}#${termCode}#${snapshotId}#`,
  }),
  /** One run of the automatic scheduler (its input summary, status and result). */
  schedulingRun: (runId: string): Key => ({ pk: `SCHEDRUN#${runId}`, sk: 'RUN' }),
  /** gsi1: a school's scheduling runs, by term and then run id (ULIDs sort by start time). */
  schedulingRunsOfSchoolByTerm: (schoolId: string, schoolYear: string, termCode: string, runId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#SCHEDRUNS`,
    gsi1sk: `${schoolYear}#${termCode}#${runId}`,
  }),
  schedulingRunsOfSchoolTerm: (schoolId: string, schoolYear: string, termCode: string) => ({
    pk: `SCHOOL#${schoolId}#SCHEDRUNS`,
    skPrefix: `${schoolYear}#${termCode}#`,
  }),

  // ── attendance ──────────────────────────────────────────────────────
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
  // ── gradebook ─────────────────────────────────────────────────────────
  /** A school's own grading scale (overrides the district's for the sections that name it, or for all when it is the default). */
  gradingScale: (schoolId: string, scaleId: string): Key => ({ pk: `SCHOOL#${schoolId}`, sk: `SCALE#${scaleId}` }),
  gradingScalesOfSchool: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}`, skPrefix: 'SCALE#' }),
  // A section's gradebook lives in the section's partition, next to its roster: settings (`GRADEBOOK`),
  // assignments (`ASSIGNMENT#`), scores (`SCORE#`), cached current grades (`GRADE#`), report-card marks
  // (`MARK#`) and the posted-marks locks (`MARKLOCK#`). No prefix is the start of another kind's sort key
  // (`GRADE#` does not match `GRADEBOOK`, `MARK#` does not match `MARKLOCK#`); assignment, student and
  // section ids are ULIDs and grading period codes have no `#`, so every prefix ends at a `#`.
  //
  // Scores are one item per student and assignment, not one item per assignment holding every score.
  // Budget of a 35-student bulk post (`PUT …/assignments/{assignmentId}/scores`):
  //   1 Query (strongly consistent) `scoresOfAssignment` → diffScores → only new and changed scores are written;
  //   1 TransactWriteItems: 1 ConditionCheck on the assignment (the version the body was checked against)
  //     + per written score 1 Put (conditioned on the version read, or on absence) + 1 history item
  //     = 1 + 2 × 35 = 71 items ≤ 100. Posts of more than 49 written scores go in chunks of 49 (99 items);
  //     each chunk is atomic and a retry of the same body converges, because the diff skips what is stored.
  // Built differently (decision 0050): the post's diff reads the section's whole score set (one partition),
  // and Low Grade / Assignment Missing are decided from it and written as outbox items in the same
  // transaction, packed by whole students into transactions of ≤ 100 items; `GRADE#` items are not used
  // (grades are computed on read).
  // One item per assignment would make a post atomic for 200 students, but showing one student's grade
  // would read the whole class's scores of every assignment, a one-cell edit would rewrite (and copy into
  // history) the whole item, co-teachers would conflict on one version, and no index could list a
  // student's scores.
  /** A section's gradebook settings: weighting mode, categories, scale, low-grade threshold. */
  gradebookSettings: (sectionId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: 'GRADEBOOK' }),
  assignment: (sectionId: string, assignmentId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `ASSIGNMENT#${assignmentId}` }),
  assignmentsOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'ASSIGNMENT#' }),
  /** One student's score on one assignment. */
  score: (sectionId: string, assignmentId: string, studentId: string): Key => ({
    pk: `SECTION#${sectionId}`,
    sk: `SCORE#${assignmentId}#${studentId}`,
  }),
  /** The stored scores of one assignment (the bulk post's diff reads them, strongly consistent). */
  scoresOfAssignment: (sectionId: string, assignmentId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: `SCORE#${assignmentId}#` }),
  /** Every score of a section (the teacher's whole grid). */
  scoresOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'SCORE#' }),
  /** gsi1 of a score: a student's scores, by section then assignment. */
  scoresOfStudentBySection: (studentId: string, sectionId: string, assignmentId: string): IndexKeys => ({
    gsi1pk: `STUDENT#${studentId}#SCORES`,
    gsi1sk: `${sectionId}#${assignmentId}`,
  }),
  /** gsi1 query: a student's scores in one section (a current grade in one Query). */
  scoresOfStudentInSection: (studentId: string, sectionId: string) => ({ pk: `STUDENT#${studentId}#SCORES`, skPrefix: `${sectionId}#` }),
  /** A student's cached current grade in a section, kept by the grade consumer. */
  currentGrade: (sectionId: string, studentId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `GRADE#${studentId}` }),
  /** The cached current grades of a section's students. */
  currentGradesOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'GRADE#' }),
  /** gsi1 of a cached grade: a student's current grades of one term (the family's overview). */
  currentGradesOfStudentByTerm: (studentId: string, schoolYear: string, termCode: string, sectionId: string): IndexKeys => ({
    gsi1pk: `STUDENT#${studentId}#GRADES`,
    gsi1sk: `${schoolYear}#${termCode}#${sectionId}`,
  }),
  currentGradesOfStudentTerm: (studentId: string, schoolYear: string, termCode: string) => ({
    pk: `STUDENT#${studentId}#GRADES`,
    skPrefix: `${schoolYear}#${termCode}#`,
  }),
  /** A report-card mark of one grading period (or of the term, for the final mark). */
  termMark: (sectionId: string, gradingPeriod: string, studentId: string): Key => ({
    pk: `SECTION#${sectionId}`,
    sk: `MARK#${gradingPeriod}#${studentId}`,
  }),
  marksOfSectionPeriod: (sectionId: string, gradingPeriod: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: `MARK#${gradingPeriod}#` }),
  marksOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'MARK#' }),
  /** gsi1 of a mark: a student's marks across sections, by year, term, period and section (report cards, transcripts). */
  marksOfStudentByTerm: (studentId: string, schoolYear: string, termCode: string, gradingPeriod: string, sectionId: string): IndexKeys => ({
    gsi1pk: `STUDENT#${studentId}#MARKS`,
    gsi1sk: `${schoolYear}#${termCode}#${gradingPeriod}#${sectionId}`,
  }),
  /** gsi1 query: a student's marks, all of them (transcript), of a year or of one term (report card). */
  marksOfStudent: (studentId: string, schoolYear?: string, termCode?: string) => ({
    pk: `STUDENT#${studentId}#MARKS`,
    skPrefix: schoolYear === undefined ? '' : termCode === undefined ? `${schoolYear}#` : `${schoolYear}#${termCode}#`,
  }),
  /** Present once a section's marks of a grading period are posted; mark writes check it in their transaction. */
  markPeriodLock: (sectionId: string, gradingPeriod: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `MARKLOCK#${gradingPeriod}` }),
  markLocksOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'MARKLOCK#' }),
  /**
   * The grade a "Low Grade" notice states (percent, letter, threshold), written in the score post's
   * transaction; the event carries ids only and the notifier reads this by them (decision 0089).
   * `LOWGRADE#` is no other kind's prefix in the section's partition.
   */
  lowGradeNotice: (sectionId: string, studentId: string, eventId: string): Key => ({
    pk: `SECTION#${sectionId}`,
    sk: `LOWGRADE#${studentId}#${eventId}`,
  }),

  // ── notifications ─────────────────────────────────────────────────────
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

  // ── oneroster ─────────────────────────────────────────────────────────
  /**
   * The sourcedId a record was imported under, when it is not the record's own id (a foreign
   * file's sourcedId); one item per record, read by the exporter so the sourcedId goes back out.
   */
  oneRosterSource: (sisId: string): Key => ({ pk: `ONEROSTER#${sisId}`, sk: 'SOURCED_ID' }),
  // ── health, counseling and special education ──────────────────────────
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

  // ── cross-cutting ─────────────────────────────────────────────────────
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
