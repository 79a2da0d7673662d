import type { ConfidentialFamily } from '../../../domain/records/confidential-types';
import type { Services } from '../../services';
import { childOf } from '../family/family';
import { contentsOf, summaryOf } from './confidential-view';
import { liveRecordsOf } from './read-confidential';
import { logAccess, type Reader } from './record-access';

/**
 * A parent's view of their child's live records of one family (each record's summary without the
 * school, and the family's parent view of its contents), after the same-404 check of the parent
 * portal and the access log.
 */
export async function childView(services: Services, reader: Reader, studentId: string, family: ConfidentialFamily) {
  const student = await childOf(services, reader.principal, studentId);
  const records = await liveRecordsOf(services, family, studentId);
  await logAccess(services, reader, {
    studentId,
    schoolId: String(student.data.schoolId),
    family: family.id,
    operation: 'parent-read',
    recordIds: records.map((record) => record.id),
    resource: 'family',
    action: 'read',
  });
  return Promise.all(
    records.map(async (record) => {
      // Neither the school's id nor who reported it (a behavior record's reporter is the school's to know).
      const { schoolId: _schoolId, reportedBy: _reportedBy, ...summary } = summaryOf(record);
      return { ...summary, ...family.parentView(await contentsOf(services, family, record)) };
    }),
  );
}
