import type * as z from 'zod';
import { newId } from '../ids';
import { keys, type IndexKeys, type Key } from '../keys';
import type { FieldIssue } from '../errors';
import type { Resource } from '../policy';
import { BellScheduleSchema, checkBellSchedule, checkSchoolYear, SchoolYearSchema } from '../schemas/calendar';
import { checkStaff, checkStudent, GuardianLinkSchema, GuardianSchema, StaffSchema, StudentSchema } from '../schemas/people';
import { checkSchool, SchoolSchema } from '../schemas/school';

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
  readonly source: 'sis.schools' | 'sis.people';
  readonly schema: z.ZodObject;
  /** Path parameters identifying the record; the last one is its own id. */
  readonly idParams: readonly string[];
  /** Fields a PATCH may not change (the record's identity). */
  readonly immutable: readonly string[];
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

interface Definition<S extends z.ZodObject> {
  entity: string;
  label: string;
  resource: Resource;
  source: RecordType['source'];
  schema: S;
  idParams: readonly string[];
  immutable?: readonly string[];
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
function define<S extends z.ZodObject>(definition: Definition<S>): RecordType {
  const typed = (data: RecordData) => data as z.infer<S>;
  return {
    entity: definition.entity,
    label: definition.label,
    resource: definition.resource,
    source: definition.source,
    schema: definition.schema,
    idParams: definition.idParams,
    immutable: definition.immutable ?? [],
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

const id = (ids: Ids, name: string): string => {
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
  key: (ids) => keys.school(id(ids, 'schoolId')),
  check: checkSchool,
  indexKeys: (school, ids) => keys.schoolsByName(school.name, id(ids, 'schoolId')),
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

export const RECORD_TYPES: readonly RecordType[] = [
  schoolType,
  schoolYearType,
  bellScheduleType,
  studentType,
  guardianType,
  guardianLinkType,
  staffType,
];
