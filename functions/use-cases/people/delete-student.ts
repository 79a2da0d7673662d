import { studentType } from '../../../domain/records/record-types';
import type { Services } from '../../services';
import { deleteRecord } from '../records/delete-record';
import type { WriteContext } from '../write-context';

/**
 * An enrolled student holds a seat: they are withdrawn first, which frees it, then deleted. The
 * refusal is a condition of the delete's own transaction (the student's enrolled marker shows no
 * active enrollment), so an enrollment committing at the same moment cannot slip past it.
 */
export async function deleteStudent(services: Services, studentId: string, expectedVersion: number | undefined, context: WriteContext) {
  return deleteRecord(services, studentType, { studentId }, expectedVersion, context, [services.enrollments.notEnrolled(studentId)]);
}
