import * as z from 'zod';
import { immunizationCompliance, type ComplianceStatus } from '../../../domain/health/immunization-rules';
import type { Exemption, Immunization } from '../../../domain/health/schemas';
import { keys } from '../../../domain/keys';
import { HEALTH, type StoredConfidential } from '../../../domain/records/confidential-types';
import { studentType } from '../../../domain/records/record-types';
import { PageQuery } from '../../../domain/schemas/common';
import type { Page } from '../../repositories/query';
import type { StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import type { Reader } from './record-access';
import { contentsOf } from './confidential-view';
import { liveRecordsOf } from './read-confidential';

const IMMUNIZATION_KINDS = ['immunization', 'exemption'];

/**
 * The student's immunization status item, computed again in the transaction of a change to one of
 * their immunizations or exemptions (the changed record as it will be; undefined when deleted).
 * It holds the status alone (no vaccine, no dose), so the school's list of non-compliant students
 * opens nothing.
 */
export async function immunizationStatusWrites(
  services: Services,
  record: StoredRecord<StoredConfidential>,
  contents: Record<string, unknown> | undefined,
): Promise<TransactionItem[]> {
  const data = record.data;
  if (!IMMUNIZATION_KINDS.includes(data.kind)) return [];
  const [student, others] = await Promise.all([
    services.records.get(studentType, { studentId: data.studentId }),
    liveRecordsOf(services, HEALTH, data.studentId),
  ]);
  const opened = await Promise.all(
    others
      .filter((other) => other.id !== record.id && IMMUNIZATION_KINDS.includes(other.data.kind))
      .map((other) => contentsOf(services, HEALTH, other)),
  );
  const all = [...opened, ...(contents && !record.deletedAt ? [contents] : [])];
  const today = services.now().toISOString().slice(0, 10);
  const compliance = immunizationCompliance(
    student?.data.gradeLevel ?? 'KG',
    all.filter((entry) => entry.kind === 'immunization') as Immunization[],
    all.filter((entry) => entry.kind === 'exemption') as Exemption[],
    today,
  );
  return [
    services.health.immunizationStatus({
      studentId: data.studentId,
      schoolId: data.schoolId,
      status: compliance.status,
      ruleSet: compliance.ruleSet,
      asOf: today,
      updatedAt: record.updatedAt,
    }),
  ];
}

export const ImmunizationStatusQuery = PageQuery.extend({
  status: z.enum(['non-compliant', 'exempt', 'compliant']).default('non-compliant'),
});

export interface ImmunizationStatusEntry {
  readonly studentId: string;
  readonly status: ComplianceStatus;
  readonly ruleSet: string;
  readonly asOf: string;
}

/** A school's students in one immunization status (non-compliant by default), by student id; no record is opened. */
export async function schoolImmunizationStatus(
  services: Services,
  schoolId: string,
  query: z.infer<typeof ImmunizationStatusQuery>,
  reader: Reader,
): Promise<Page<ImmunizationStatusEntry>> {
  await services.access.authorize(reader.principal, 'list', 'healthRecord', { schoolId }, { schoolId });
  const page = await services.records.rawQuery({
    index: 'gsi1',
    partition: keys.studentsOfSchoolByImmunizationStatus(schoolId, query.status),
    sortKeyPrefix: '',
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return {
    items: page.items.map((item) => ({
      studentId: String(item.studentId),
      status: item.status as ComplianceStatus,
      ruleSet: String(item.ruleSet),
      asOf: String(item.asOf),
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
