import { keys } from '../keys';
import { AdvisorSchema, checkStaff, checkStudent, GuardianLinkSchema, GuardianSchema, StaffSchema, StudentSchema } from '../schemas/people';
import { define, id, type Reference } from './record-kind';
import { schoolReference } from './schools';

/** Record kinds of people: students, guardians and their links, staff. */

export const studentType = define({
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

export const guardianType = define({
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

export const guardianLinkType = define({
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
  parentSchool: 'student',
});

export const staffType = define({
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

/**
 * A student's advisor or homeroom teacher (decision 0148): kept in the student's partition under the
 * staff member's id, so the policy reads it with one GetItem; gsi1 lists a staff member's advisees.
 */
export const advisorType = define({
  entity: 'advisor',
  label: 'Advisor',
  resource: 'advisor',
  source: 'sis.people',
  schema: AdvisorSchema,
  idParams: ['studentId', 'staffId'],
  immutable: ['staffId'],
  key: (ids) => keys.advisor(id(ids, 'studentId'), id(ids, 'staffId')),
  newId: (advisor) => advisor.staffId,
  indexKeys: (advisor, ids) => keys.adviseesOfStaff(advisor.staffId, id(ids, 'studentId')),
  references: (advisor, ids): Reference[] => [
    { type: studentType, ids: { studentId: id(ids, 'studentId') }, field: 'studentId' },
    { type: staffType, ids: { staffId: advisor.staffId }, field: 'staffId' },
  ],
  schoolIds: () => [],
  parentSchool: 'student',
});
