import { NotFound } from '../../../domain/errors';
import { sealingContext, type ConfidentialFamily, type StoredConfidential } from '../../../domain/records/confidential-types';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';

/** A confidential record's clear attributes and bookkeeping, without its contents (what writes answer). */
export function summaryOf(record: StoredRecord<StoredConfidential>): Record<string, unknown> {
  const { sealed: _sealed, ...clear } = record.data;
  return {
    id: record.id,
    ...clear,
    version: record.version,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    ...(record.deletedAt ? { deletedAt: record.deletedAt, deletedBy: record.deletedBy } : {}),
  };
}

/** The record's contents, opened. */
export async function contentsOf(
  services: Services,
  family: ConfidentialFamily,
  record: StoredRecord<StoredConfidential>,
): Promise<Record<string, unknown>> {
  const data = record.data;
  return services.fields.decryptFields(data.sealed, sealingContext(family.type, data.studentId, record.id), {
    kind: family.type.entity,
    schoolId: data.schoolId,
    studentId: data.studentId,
  });
}

/** The whole record as staff read it: summary and contents. */
export async function fullView(
  services: Services,
  family: ConfidentialFamily,
  record: StoredRecord<StoredConfidential>,
): Promise<Record<string, unknown>> {
  return { ...summaryOf(record), ...(await contentsOf(services, family, record)) };
}

/** The record, deleted or not; 404 when there is none. */
export async function loadConfidential(
  services: Services,
  family: ConfidentialFamily,
  studentId: string,
  recordId: string,
  live = true,
): Promise<StoredRecord<StoredConfidential>> {
  const record = await services.records.get(family.type, { studentId, recordId });
  if (!record) throw new NotFound(`No ${family.label} ${recordId} of student ${studentId}.`);
  if (live && record.deletedAt)
    throw new NotFound(`The ${family.label} ${recordId} was deleted at ${record.deletedAt}; it can be restored (POST …/restore).`);
  return record;
}
