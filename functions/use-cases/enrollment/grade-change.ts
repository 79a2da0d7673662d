import { schoolYearType } from '../../../domain/records/record-types';
import type { Student } from '../../../domain/schemas/people';
import type { EnrollmentRecord } from '../../repositories/enrollment-store';
import type { StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';

/**
 * The enrollment a student's grade is: the active one at the student's school in the grade their
 * record shows (the earliest such year, when the student is also pre-enrolled for the next).
 */
async function currentEnrollment(services: Services, student: StoredRecord<Student>): Promise<EnrollmentRecord | undefined> {
  const years = (await services.enrollments.activeYears(student.id)).sort();
  for (const schoolYear of years) {
    const active = await services.enrollments.activeEnrollment(student.id, schoolYear);
    if (active && active.schoolId === student.data.schoolId && active.gradeLevel === student.data.gradeLevel) return active;
  }
  return undefined;
}

/**
 * What a change of a student's grade adds to the student's transaction (decision 0132): the
 * enrollment it is moves to the new grade, the old grade's seat is freed and the new grade's taken
 * on the condition of its cap, so the per-grade counters the enrollment processor checks count
 * students' current grades and a grade filled this way refuses the next application. A student
 * with no active enrollment at their school changes grade alone.
 */
export async function gradeChangeItems(services: Services, before: StoredRecord<Student>, after: Student): Promise<TransactionItem[]> {
  if (after.gradeLevel === before.data.gradeLevel) return [];
  const enrollment = await currentEnrollment(services, before);
  if (!enrollment) return [];
  const year = await services.records.get(schoolYearType, { schoolId: enrollment.schoolId, schoolYear: enrollment.schoolYear });
  const capacity = year && !year.deletedAt ? year.data.gradeCapacities[after.gradeLevel] : undefined;
  const { schoolId, schoolYear } = enrollment;
  return [
    ...services.enrollments.gradeChanged(enrollment, after.gradeLevel),
    services.enrollments.seat(schoolId, schoolYear, enrollment.gradeLevel, -1),
    services.enrollments.seat(schoolId, schoolYear, after.gradeLevel, 1, capacity),
  ];
}
