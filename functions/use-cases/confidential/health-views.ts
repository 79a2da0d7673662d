import type { ConditionInput } from '../../../domain/health/schemas';
import { HEALTH } from '../../../domain/records/confidential-types';
import type * as z from 'zod';
import type { Services } from '../../services';
import { childView } from './child-view';
import { contentsOf } from './confidential-view';
import { liveRecordsOf, schoolOfStudent } from './read-confidential';
import { logAccess, type Reader } from './record-access';

type Condition = z.infer<typeof ConditionInput>;

/** One alert flag: what a teacher of the student must know, and nothing else of the record. */
export interface HealthAlert {
  readonly recordId: string;
  readonly alert: string;
  readonly severity: Condition['severity'];
  readonly emergencyActionPlan?: string;
}

/**
 * The alert flags of a student's conditions and allergies: the school's nurses and admins, and a
 * teacher of the student. Only the flag, its severity and the action plan leave the record; the
 * read is logged first like any other.
 */
export async function healthAlerts(services: Services, studentId: string, reader: Reader) {
  const schoolId = await schoolOfStudent(services, studentId);
  await services.access.authorize(reader.principal, 'read', 'healthAlert', { studentId }, { schoolId });
  const flagged = (await liveRecordsOf(services, HEALTH, studentId, 'condition')).filter((record) => record.data.hasAlert === true);
  await logAccess(services, reader, {
    studentId,
    schoolId,
    family: 'health',
    operation: 'alerts',
    recordIds: flagged.map((record) => record.id),
    resource: 'healthAlert',
    action: 'read',
  });
  const alerts = await Promise.all(
    flagged.map(async (record): Promise<HealthAlert> => {
      const condition = (await contentsOf(services, HEALTH, record)) as Condition;
      return {
        recordId: record.id,
        alert: condition.alert!,
        severity: condition.severity,
        ...(condition.emergencyActionPlan ? { emergencyActionPlan: condition.emergencyActionPlan } : {}),
      };
    }),
  );
  return { studentId, alerts };
}

/**
 * A parent's view of their child's health record (every kind, without the nurse's own notes),
 * after the same-404 check of the parent portal and the access log.
 */
export async function childHealth(services: Services, reader: Reader, studentId: string) {
  return { studentId, records: await childView(services, reader, studentId, HEALTH) };
}
