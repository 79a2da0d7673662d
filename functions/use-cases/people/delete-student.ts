import { Conflict } from '../../../domain/errors';
import { studentType } from '../../../domain/records/record-types';
import type { Services } from '../../services';
import { deleteRecord } from '../records/delete-record';
import type { WriteContext } from '../write-context';

/** An enrolled student holds a seat: they are withdrawn first, which frees it, then deleted. */
export async function deleteStudent(services: Services, studentId: string, expectedVersion: number | undefined, context: WriteContext) {
  const years = await services.enrollments.activeYears(studentId);
  if (years.length > 0) {
    throw new Conflict(`The student is enrolled for ${years.join(', ')}; withdraw them (POST …/withdrawals) before deleting the record.`);
  }
  return deleteRecord(services, studentType, { studentId }, expectedVersion, context);
}
