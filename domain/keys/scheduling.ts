/** Keys of courses, sections, rosters, slots, course requests, completions, snapshots and scheduling runs. */
import type { IndexKeys, Key } from './key-parts';

export const schedulingKeys = {
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
  /** A substitute's cover of a section (decision 0147), in the section's partition: the policy reads a section's covers at once. */
  sectionCover: (sectionId: string, coverId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `COVER#${coverId}` }),
  coversOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'COVER#' }),
  /** gsi1 of a cover: a substitute's covers by last day, so the current and coming ones are one query from today. */
  coversOfStaffByEnd: (staffId: string, endDate: string, sectionId: string): IndexKeys => ({
    gsi1pk: `STAFF#${staffId}#COVERS`,
    gsi1sk: `${endDate}#${sectionId}`,
  }),
  coversOfStaff: (staffId: string) => `STAFF#${staffId}#COVERS`,
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
  /** One chunk of a run's per-student results, next to the run (a run item stays far below 400 KB). */
  schedulingRunResult: (runId: string, index: number): Key => ({ pk: `SCHEDRUN#${runId}`, sk: `RESULT#${String(index).padStart(4, '0')}` }),
  /** gsi1: a school's scheduling runs, by term and then run id (ULIDs sort by start time). */
  schedulingRunsOfSchoolByTerm: (schoolId: string, schoolYear: string, termCode: string, runId: string): IndexKeys => ({
    gsi1pk: `SCHOOL#${schoolId}#SCHEDRUNS`,
    gsi1sk: `${schoolYear}#${termCode}#${runId}`,
  }),
  schedulingRunsOfSchoolTerm: (schoolId: string, schoolYear: string, termCode: string) => ({
    pk: `SCHOOL#${schoolId}#SCHEDRUNS`,
    skPrefix: `${schoolYear}#${termCode}#`,
  }),
};
