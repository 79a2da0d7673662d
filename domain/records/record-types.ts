import type * as z from 'zod';
import { newId } from '../ids';
import { keys, type IndexKeys, type Key } from '../keys';
import type { FieldIssue } from '../errors';
import type { Resource } from '../policy';
import { BellScheduleSchema, checkBellSchedule, checkSchoolYear, SchoolYearSchema } from '../schemas/calendar';
import { checkStaff, checkStudent, GuardianLinkSchema, GuardianSchema, StaffSchema, StudentSchema } from '../schemas/people';
import { checkSchool, SchoolSchema } from '../schemas/school';
import { AttendanceCodeSchema, CATEGORIES } from '../attendance/attendance';
import * as zod from 'zod';
import {
  checkCourse,
  checkCourseRequest,
  checkSection,
  CourseSchema,
  RosterEntrySchema,
  SectionSchema,
  StoredCourseRequestSchema,
} from '../scheduling/schemas';
import { slotsOf } from '../scheduling/slots';
import { AssignmentSchema, GradebookSettingsSchema, GradingScaleSchema, SCORE_STATUSES, TermMarkSchema } from '../gradebook/schemas';

/** The path parameters that identify a record, e.g. `{ schoolId, schoolYear }`. */
export type Ids = Readonly<Record<string, string>>;
export type RecordData = Record<string, unknown>;

/** A record that must exist (and not be deleted) for a write to go through. */
export interface Reference {
  readonly type: RecordType;
  readonly ids: Ids;
  /** The field of the request that names it, for the error message. */
  readonly field: string;
}

/** A value that must be unique across the district, claimed by its own item. */
export interface UniqueClaim {
  readonly key: Key;
  readonly field: string;
  /** What to tell the caller when another record holds the value. @default "<field> <value> already belongs to another <label>" */
  readonly message?: string;
}

/** An extra item kept in step with the record (for example one per staff school assignment). */
export type Projection = Key & IndexKeys;

/**
 * Everything the generic record engine needs to know about one kind of record. The engine
 * gives each kind the same lifecycle: create, read, patch with If-Match, soft delete, history
 * and restore, each change one transaction with its history and outbox items.
 */
export interface RecordType {
  /** The `entity` tag on the item. */
  readonly entity: string;
  /** Human name; events are named "<label> Created", "<label> Updated", … */
  readonly label: string;
  readonly resource: Resource;
  /** EventBridge source of this record's events. */
  readonly source: 'sis.schools' | 'sis.people' | 'sis.scheduling' | 'sis.attendance' | 'sis.gradebook' | 'sis.health' | 'sis.counseling';
  readonly schema: z.ZodObject;
  /** Path parameters identifying the record; the last one is its own id. */
  readonly idParams: readonly string[];
  /** Fields a PATCH may not change (the record's identity). */
  readonly immutable: readonly string[];
  /**
   * Fields that decide who else may see the record (a school's region): a PATCH that changes one
   * needs the caller's grant to create such a record, not only to update it.
   */
  readonly accessFields: readonly string[];
  /**
   * When true, a deleted record gives up its unique claims (a deleted section frees its room and
   * teachers' slots) and takes them again when restored; otherwise claims are kept while deleted.
   */
  readonly releaseClaimsWhenDeleted: boolean;
  key(ids: Ids): Key;
  /** The id a new record gets. */
  newId(data: RecordData): string;
  check(data: RecordData, today: string): FieldIssue[];
  indexKeys(data: RecordData, ids: Ids): IndexKeys;
  projections(data: RecordData, ids: Ids): Projection[];
  uniques(data: RecordData): UniqueClaim[];
  references(data: RecordData, ids: Ids): Reference[];
  /** The schools the record belongs to, for access decisions and event routing. */
  schoolIds(data: RecordData, ids: Ids): string[];
}

export interface Definition<S extends z.ZodObject> {
  entity: string;
  label: string;
  resource: Resource;
  source: RecordType['source'];
  schema: S;
  idParams: readonly string[];
  immutable?: readonly string[];
  accessFields?: readonly string[];
  releaseClaimsWhenDeleted?: boolean;
  key(ids: Ids): Key;
  newId?(data: z.infer<S>): string;
  check?(data: z.infer<S>, today: string): FieldIssue[];
  indexKeys?(data: z.infer<S>, ids: Ids): IndexKeys;
  projections?(data: z.infer<S>, ids: Ids): Projection[];
  uniques?(data: z.infer<S>): UniqueClaim[];
  references?(data: z.infer<S>, ids: Ids): Reference[];
  schoolIds(data: z.infer<S>, ids: Ids): string[];
}

/**
 * Erases a definition's data type: the engine only calls these functions with data that the
 * definition's own schema has just parsed, so the narrowing below is sound.
 */
export function define<S extends z.ZodObject>(definition: Definition<S>): RecordType {
  const typed = (data: RecordData) => data as z.infer<S>;
  return {
    entity: definition.entity,
    label: definition.label,
    resource: definition.resource,
    source: definition.source,
    schema: definition.schema,
    idParams: definition.idParams,
    immutable: definition.immutable ?? [],
    accessFields: definition.accessFields ?? [],
    releaseClaimsWhenDeleted: definition.releaseClaimsWhenDeleted ?? false,
    key: definition.key,
    newId: (data) => definition.newId?.(typed(data)) ?? newId(),
    check: (data, today) => definition.check?.(typed(data), today) ?? [],
    indexKeys: (data, ids) => definition.indexKeys?.(typed(data), ids) ?? {},
    projections: (data, ids) => definition.projections?.(typed(data), ids) ?? [],
    uniques: (data) => definition.uniques?.(typed(data)) ?? [],
    references: (data, ids) => definition.references?.(typed(data), ids) ?? [],
    schoolIds: (data, ids) => definition.schoolIds(typed(data), ids),
  };
}

export const id = (ids: Ids, name: string): string => {
  const value = ids[name];
  if (value === undefined) throw new Error(`missing id parameter ${name}`);
  return value;
};

export const schoolType: RecordType = define({
  entity: 'school',
  label: 'School',
  resource: 'school',
  source: 'sis.schools',
  schema: SchoolSchema,
  idParams: ['schoolId'],
  // A school's region decides which regional staff serve it: a district decision, not the school's.
  accessFields: ['regionId'],
  key: (ids) => keys.school(id(ids, 'schoolId')),
  check: checkSchool,
  indexKeys: (school, ids) => keys.schoolsByName(school.name, id(ids, 'schoolId')),
  // The region's listing: moved, added or removed with the school's regionId, gone while the school is deleted.
  projections: (school, ids) => (school.regionId ? [keys.schoolOfRegion(school.regionId, id(ids, 'schoolId'))] : []),
  uniques: (school) => [{ key: keys.schoolCode(school.code), field: 'code' }],
  schoolIds: (_school, ids) => [id(ids, 'schoolId')],
});

const schoolReference = (schoolId: string, field: string): Reference => ({ type: schoolType, ids: { schoolId }, field });

export const schoolYearType: RecordType = define({
  entity: 'schoolYear',
  label: 'School Year',
  resource: 'calendar',
  source: 'sis.schools',
  schema: SchoolYearSchema,
  idParams: ['schoolId', 'schoolYear'],
  immutable: ['schoolYear'],
  key: (ids) => keys.schoolYear(id(ids, 'schoolId'), id(ids, 'schoolYear')),
  newId: (year) => year.schoolYear,
  check: checkSchoolYear,
  references: (_year, ids) => [schoolReference(id(ids, 'schoolId'), 'schoolId')],
  schoolIds: (_year, ids) => [id(ids, 'schoolId')],
});

export const bellScheduleType: RecordType = define({
  entity: 'bellSchedule',
  label: 'Bell Schedule',
  resource: 'calendar',
  source: 'sis.schools',
  schema: BellScheduleSchema,
  idParams: ['schoolId', 'bellScheduleId'],
  key: (ids) => keys.bellSchedule(id(ids, 'schoolId'), id(ids, 'bellScheduleId')),
  check: checkBellSchedule,
  references: (_schedule, ids) => [schoolReference(id(ids, 'schoolId'), 'schoolId')],
  schoolIds: (_schedule, ids) => [id(ids, 'schoolId')],
});

export const studentType: RecordType = define({
  entity: 'student',
  label: 'Student',
  resource: 'student',
  source: 'sis.people',
  schema: StudentSchema,
  idParams: ['studentId'],
  // A student changes school by a transfer, which ends one enrollment and starts another.
  immutable: ['schoolId'],
  key: (ids) => keys.student(id(ids, 'studentId')),
  check: checkStudent,
  indexKeys: (student, ids) => ({
    ...keys.studentsOfSchoolByName(student.schoolId, student.legalName.last, student.legalName.first, id(ids, 'studentId')),
    ...keys.studentIdentity(student.legalName.last, student.legalName.first, student.birthDate, id(ids, 'studentId')),
  }),
  uniques: (student) => [{ key: keys.districtStudentId(student.districtStudentId), field: 'districtStudentId' }],
  references: (student) => [schoolReference(student.schoolId, 'schoolId')],
  schoolIds: (student) => [student.schoolId],
});

export const guardianType: RecordType = define({
  entity: 'guardian',
  label: 'Guardian',
  resource: 'guardian',
  source: 'sis.people',
  schema: GuardianSchema,
  idParams: ['guardianId'],
  key: (ids) => keys.guardian(id(ids, 'guardianId')),
  indexKeys: (guardian, ids) => keys.guardiansByName(guardian.name.last, guardian.name.first, id(ids, 'guardianId')),
  // A guardian's schools are their children's, resolved from the links when access is decided.
  schoolIds: () => [],
});

export const guardianLinkType: RecordType = define({
  entity: 'guardianLink',
  label: 'Guardian Link',
  resource: 'guardianLink',
  source: 'sis.people',
  schema: GuardianLinkSchema,
  idParams: ['studentId', 'guardianId'],
  immutable: ['guardianId'],
  key: (ids) => keys.guardianLink(id(ids, 'studentId'), id(ids, 'guardianId')),
  newId: (link) => link.guardianId,
  indexKeys: (link, ids) => keys.childrenOfGuardian(link.guardianId, id(ids, 'studentId')),
  references: (link, ids): Reference[] => [
    { type: studentType, ids: { studentId: id(ids, 'studentId') }, field: 'studentId' },
    { type: guardianType, ids: { guardianId: link.guardianId }, field: 'guardianId' },
  ],
  // The student's school, filled in by the engine from the student record.
  schoolIds: () => [],
});

export const staffType: RecordType = define({
  entity: 'staff',
  label: 'Staff Member',
  resource: 'staff',
  source: 'sis.people',
  schema: StaffSchema,
  idParams: ['staffId'],
  key: (ids) => keys.staff(id(ids, 'staffId')),
  check: checkStaff,
  projections: (staff, ids) =>
    staff.assignments.map((assignment) => ({
      ...keys.staffAssignment(id(ids, 'staffId'), assignment.schoolId),
      ...keys.staffOfSchoolByName(assignment.schoolId, staff.name.last, staff.name.first, id(ids, 'staffId')),
    })),
  uniques: (staff) => [{ key: keys.employeeId(staff.employeeId), field: 'employeeId' }],
  references: (staff) =>
    staff.assignments.map((assignment, index) => schoolReference(assignment.schoolId, `assignments[${index}].schoolId`)),
  schoolIds: (staff) => staff.assignments.map((assignment) => assignment.schoolId),
});

export const courseType: RecordType = define({
  entity: 'course',
  label: 'Course',
  resource: 'course',
  source: 'sis.scheduling',
  schema: CourseSchema,
  idParams: ['courseId'],
  // Sections and completions name a course by its id and code: neither changes, nor its school.
  immutable: ['schoolId', 'code'],
  key: (ids) => keys.course(id(ids, 'courseId')),
  check: checkCourse,
  indexKeys: (course) => keys.coursesOfSchoolByCode(course.schoolId, course.code),
  uniques: (course) => [
    { key: keys.courseCode(course.schoolId, course.code), field: 'code', message: `The school already has a course ${course.code}.` },
  ],
  references: (course) => [schoolReference(course.schoolId, 'schoolId')],
  schoolIds: (course) => [course.schoolId],
});

/** Slot cells × (room + teachers) a section may claim: keeps a section's change within one transaction. */
export const MAX_SECTION_SLOT_CLAIMS = 40;

export const sectionType: RecordType = define({
  entity: 'section',
  label: 'Section',
  resource: 'section',
  source: 'sis.scheduling',
  schema: SectionSchema,
  idParams: ['sectionId'],
  immutable: ['schoolId', 'courseId', 'schoolYear', 'termCode'],
  releaseClaimsWhenDeleted: true,
  key: (ids) => keys.section(id(ids, 'sectionId')),
  check: (section) => {
    const issues = checkSection(section);
    const holders = (section.room ? 1 : 0) + section.teachers.length;
    const claims = slotsOf(section.meetings).length * holders;
    if (claims > MAX_SECTION_SLOT_CLAIMS) {
      issues.push({
        field: 'meetings',
        message: `book too many room and teacher slots at once (${claims}, at most ${MAX_SECTION_SLOT_CLAIMS}); split the section's meetings`,
      });
    }
    return issues;
  },
  indexKeys: (section) =>
    keys.sectionsOfSchoolTermByCourse(section.schoolId, section.schoolYear, section.termCode, section.courseId, section.sectionNumber),
  // One item per teacher: a teacher's sections of a term are one query (gsi2).
  projections: (section, ids) =>
    section.teachers.map((teacher) => ({
      ...keys.sectionTeacher(id(ids, 'sectionId'), teacher.staffId),
      ...keys.sectionsOfTeacherByCourse(
        teacher.staffId,
        section.schoolYear,
        section.termCode,
        section.courseId,
        section.sectionNumber,
        id(ids, 'sectionId'),
      ),
    })),
  uniques: (section) => {
    const number: UniqueClaim = {
      key: keys.sectionNumber(section.courseId, section.schoolYear, section.termCode, section.sectionNumber),
      field: 'sectionNumber',
      message: `The course already has a section ${section.sectionNumber} in ${section.schoolYear} ${section.termCode}.`,
    };
    // A cancelled section keeps its number but frees its room and its teachers.
    if (section.status === 'cancelled') return [number];
    const cells = slotsOf(section.meetings);
    const room: UniqueClaim[] = section.room
      ? cells.map((cell) => ({
          key: keys.roomSlot(section.schoolId, section.room!, section.schoolYear, section.termCode, cell),
          field: 'room',
          message: `Room ${section.room} is taken by another section at one of these times.`,
        }))
      : [];
    const teachers: UniqueClaim[] = section.teachers.flatMap((teacher, index) =>
      cells.map((cell) => ({
        key: keys.teacherSlot(teacher.staffId, section.schoolYear, section.termCode, cell),
        field: `teachers[${index}].staffId`,
        message: 'The teacher teaches another section at one of these times.',
      })),
    );
    return [number, ...room, ...teachers];
  },
  references: (section) => [
    { type: courseType, ids: { courseId: section.courseId }, field: 'courseId' },
    ...section.teachers.map((teacher, index) => ({
      type: staffType,
      ids: { staffId: teacher.staffId },
      field: `teachers[${index}].staffId`,
    })),
  ],
  schoolIds: (section) => [section.schoolId],
});

/**
 * A student on a section's roster. Written only by the assignment use cases (which add the seat
 * counter and the student's slot items to the same transaction), never through the generic record
 * routes; it keeps a history like every record, and a drop is a soft delete.
 */
export const rosterEntryType: RecordType = define({
  entity: 'rosterEntry',
  label: 'Roster Entry',
  resource: 'roster',
  source: 'sis.scheduling',
  schema: RosterEntrySchema,
  idParams: ['sectionId', 'studentId'],
  immutable: ['studentId', 'sectionId', 'schoolId', 'courseId', 'schoolYear', 'termCode'],
  key: (ids) => keys.rosterEntry(id(ids, 'sectionId'), id(ids, 'studentId')),
  newId: (entry) => entry.studentId,
  indexKeys: (entry) => ({
    ...keys.scheduleOfStudentBySection(entry.studentId, entry.schoolYear, entry.termCode, entry.sectionId),
    ...keys.sectionsOfStudentByYear(entry.studentId, entry.schoolYear, entry.termCode, entry.sectionId),
  }),
  schoolIds: (entry) => [entry.schoolId],
});

/** A student's course requests for one term: one document, replaced as a whole, with its history. */
export const courseRequestsType: RecordType = define({
  entity: 'courseRequests',
  label: 'Course Requests',
  resource: 'courseRequest',
  source: 'sis.scheduling',
  schema: StoredCourseRequestSchema,
  idParams: ['studentId', 'schoolYear', 'termCode'],
  immutable: ['schoolYear', 'termCode'],
  key: (ids) => keys.courseRequests(id(ids, 'studentId'), id(ids, 'schoolYear'), id(ids, 'termCode')),
  newId: (requests) => requests.termCode,
  check: (requests) => checkCourseRequest(requests),
  indexKeys: (requests, ids) =>
    keys.courseRequestsOfSchoolTermByStudent(requests.schoolId, requests.schoolYear, requests.termCode, id(ids, 'studentId')),
  schoolIds: (requests) => [requests.schoolId],
});

/** A stored attendance code: the district's (no schoolId) or a school's own. Codes are unique across the district. */
export const attendanceCodeType: RecordType = define({
  entity: 'attendanceCode',
  label: 'Attendance Code',
  resource: 'attendanceCode',
  source: 'sis.attendance',
  schema: AttendanceCodeSchema,
  idParams: ['code'],
  // A mark keeps its code's category; changing what a code means would rewrite history.
  immutable: ['code', 'category', 'schoolId'],
  key: (ids) => keys.attendanceCode(id(ids, 'code')),
  newId: (entry) => entry.code,
  indexKeys: (entry) => keys.attendanceCodesListing(entry.code),
  schoolIds: (entry) => (entry.schoolId ? [entry.schoolId] : []),
});

const StoredMarkSchema = zod.strictObject({
  code: zod.string(),
  category: zod.enum(CATEGORIES),
  excused: zod.boolean().optional(),
  minutesLate: zod.number().int().optional(),
  comment: zod.string().optional(),
});

/** A section's marks for one day, as one record with a history (written by the attendance use case). */
export const sectionAttendanceType: RecordType = define({
  entity: 'sectionAttendance',
  label: 'Section Attendance',
  resource: 'attendance',
  source: 'sis.attendance',
  schema: zod.strictObject({
    sectionId: zod.string(),
    schoolId: zod.string(),
    schoolYear: zod.string(),
    termCode: zod.string(),
    date: zod.string(),
    periods: zod.array(zod.string()),
    marks: zod.record(zod.string(), StoredMarkSchema),
  }),
  idParams: ['sectionId', 'date'],
  key: (ids) => keys.sectionAttendance(id(ids, 'sectionId'), id(ids, 'date')),
  newId: (day) => day.date,
  indexKeys: (day) => keys.attendanceTakenAtSchool(day.schoolId, day.date, day.sectionId),
  schoolIds: (day) => [day.schoolId],
});

const StoredOfficePartSchema = zod.strictObject({
  code: zod.string(),
  category: zod.enum(CATEGORIES),
  excused: zod.boolean().optional(),
  time: zod.string().optional(),
});

/** The attendance office's entry for a student's day, as one record with a history (written by its use case). */
export const officeAttendanceType: RecordType = define({
  entity: 'officeAttendance',
  label: 'Office Attendance Entry',
  resource: 'officeAttendance',
  source: 'sis.attendance',
  schema: zod.strictObject({
    studentId: zod.string(),
    schoolId: zod.string(),
    schoolYear: zod.string(),
    date: zod.string(),
    absence: StoredOfficePartSchema.optional(),
    lateArrival: StoredOfficePartSchema.optional(),
    earlyDismissal: StoredOfficePartSchema.optional(),
    comment: zod.string().optional(),
  }),
  idParams: ['studentId', 'date'],
  key: (ids) => keys.officeAttendance(id(ids, 'studentId'), id(ids, 'date')),
  newId: (entry) => entry.date,
  schoolIds: (entry) => [entry.schoolId],
});

// ── gradebook ─────────────────────────────────────────────────────────
// Written only by the gradebook use cases (functions/use-cases/gradebook), which check them against
// the section's settings and roster; each keeps a history like every record.

const SectionRefFields = { sectionId: zod.string(), schoolId: zod.string() };

/** A section's gradebook settings; `scale` is the section's own scale when it overrides the school's and the district's. */
export const StoredGradebookSettingsSchema = GradebookSettingsSchema.extend({ ...SectionRefFields, scale: GradingScaleSchema.optional() });

export const gradebookSettingsType: RecordType = define({
  entity: 'gradebookSettings',
  label: 'Gradebook Settings',
  resource: 'gradebook',
  source: 'sis.gradebook',
  schema: StoredGradebookSettingsSchema,
  idParams: ['sectionId'],
  key: (ids) => keys.gradebookSettings(id(ids, 'sectionId')),
  newId: (settings) => settings.sectionId,
  schoolIds: (settings) => [settings.schoolId],
});

export const assignmentType: RecordType = define({
  entity: 'assignment',
  label: 'Assignment',
  resource: 'gradebook',
  source: 'sis.gradebook',
  schema: AssignmentSchema.extend(SectionRefFields),
  idParams: ['sectionId', 'assignmentId'],
  key: (ids) => keys.assignment(id(ids, 'sectionId'), id(ids, 'assignmentId')),
  schoolIds: (assignment) => [assignment.schoolId],
});

/** One student's score on one assignment (points or a status, a comment). */
export const StoredScoreSchema = zod.strictObject({
  ...SectionRefFields,
  assignmentId: zod.string(),
  studentId: zod.string(),
  points: zod.number().optional(),
  status: zod.enum(SCORE_STATUSES).optional(),
  comment: zod.string().optional(),
});

export const scoreType: RecordType = define({
  entity: 'score',
  label: 'Score',
  resource: 'gradebook',
  source: 'sis.gradebook',
  schema: StoredScoreSchema,
  idParams: ['sectionId', 'assignmentId', 'studentId'],
  key: (ids) => keys.score(id(ids, 'sectionId'), id(ids, 'assignmentId'), id(ids, 'studentId')),
  newId: (score) => score.studentId,
  indexKeys: (score) => keys.scoresOfStudentBySection(score.studentId, score.sectionId, score.assignmentId),
  schoolIds: (score) => [score.schoolId],
});

/** A report-card mark, with what the transcript needs of its section (year, term, course). */
export const StoredTermMarkSchema = TermMarkSchema.extend({
  ...SectionRefFields,
  schoolYear: zod.string(),
  termCode: zod.string(),
  courseId: zod.string(),
});

export const termMarkType: RecordType = define({
  entity: 'termMark',
  label: 'Term Mark',
  resource: 'reportCard',
  source: 'sis.gradebook',
  schema: StoredTermMarkSchema,
  idParams: ['sectionId', 'gradingPeriod', 'studentId'],
  key: (ids) => keys.termMark(id(ids, 'sectionId'), id(ids, 'gradingPeriod'), id(ids, 'studentId')),
  newId: (mark) => mark.studentId,
  indexKeys: (mark) => keys.marksOfStudentByTerm(mark.studentId, mark.schoolYear, mark.termCode, mark.gradingPeriod, mark.sectionId),
  schoolIds: (mark) => [mark.schoolId],
});

/**
 * A school's own grading scale: letter bands the school's sections may name (`scaleId` in their
 * gradebook settings), and, when `isDefault`, the scale of every section of the school that names
 * none. A section keeps a copy of the scale it was set up with (its settings' history says which).
 */
export const gradingScaleType: RecordType = define({
  entity: 'gradingScale',
  label: 'Grading Scale',
  resource: 'calendar',
  source: 'sis.schools',
  schema: GradingScaleSchema.extend({ isDefault: zod.boolean().default(false) }),
  idParams: ['schoolId', 'scaleId'],
  key: (ids) => keys.gradingScale(id(ids, 'schoolId'), id(ids, 'scaleId')),
  newId: (scale) => scale.id,
  references: (_scale, ids) => [schoolReference(id(ids, 'schoolId'), 'schoolId')],
  schoolIds: (_scale, ids) => [id(ids, 'schoolId')],
});

export const RECORD_TYPES: readonly RecordType[] = [
  schoolType,
  schoolYearType,
  bellScheduleType,
  studentType,
  guardianType,
  guardianLinkType,
  staffType,
  courseType,
  sectionType,
  courseRequestsType,
  attendanceCodeType,
  gradingScaleType,
];
