import * as z from 'zod';
import { keys } from '../../../domain/keys';
import type { ConfidentialFamily, StoredConfidential } from '../../../domain/records/confidential-types';
import { studentType } from '../../../domain/records/record-types';
import { PageQuery, type PageRequest } from '../../../domain/schemas/common';
import { NotFound } from '../../../domain/errors';
import type { Page } from '../../repositories/query';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { fullView, loadConfidential, summaryOf } from './confidential-view';
import { logAccess, type Reader } from './record-access';

export const ConfidentialListQuery = PageQuery.extend({
  kind: z
    .string()
    .regex(/^[a-z0-9-]{1,20}$/, { error: 'must be a record kind such as "condition"' })
    .optional(),
});
export type ConfidentialListQuery = z.infer<typeof ConfidentialListQuery>;

/** The student's school (for access decisions and the log); 404 when there is no such student. */
export async function schoolOfStudent(services: Services, studentId: string): Promise<string> {
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  return String(student.data.schoolId);
}

/** A student's live records of a family (of one kind when asked), every page of them (a student's records are few). */
export async function liveRecordsOf(
  services: Services,
  family: ConfidentialFamily,
  studentId: string,
  kind?: string,
): Promise<StoredRecord<StoredConfidential>[]> {
  const { pk, skPrefix } = keys.confidentialRecordsOfStudent(family.id, studentId);
  const records = await services.records.queryAll(family.type, {
    partition: pk,
    sortKeyPrefix: skPrefix,
    skipDeleted: true,
    consistent: true,
  });
  return kind ? records.filter((record) => record.data.kind === kind) : records;
}

/** A page of a student's records of a family, opened, after the read is logged. */
export async function listConfidential(
  services: Services,
  family: ConfidentialFamily,
  studentId: string,
  query: ConfidentialListQuery,
  reader: Reader,
): Promise<Page<Record<string, unknown>>> {
  const schoolId = await schoolOfStudent(services, studentId);
  await services.access.authorize(reader.principal, 'list', family.resource, { studentId }, { schoolId });
  const { pk, skPrefix } = keys.confidentialRecordsOfStudent(family.id, studentId);
  const page = await services.records.query(family.type, {
    partition: pk,
    sortKeyPrefix: skPrefix,
    skipDeleted: true,
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const ofKind = query.kind ? page.items.filter((record) => record.data.kind === query.kind) : page.items;
  // A family whose reporters read only their own (behavior): the list holds what the caller may read, and only that is logged.
  const readable = family.keepsReporter
    ? await Promise.all(
        ofKind.map((record) =>
          services.access.permits(reader.principal, 'read', family.resource, { studentId, recordId: record.id }, record.data),
        ),
      )
    : undefined;
  const records = readable ? ofKind.filter((_, index) => readable[index]) : ofKind;
  await logAccess(services, reader, {
    studentId,
    schoolId,
    family: family.id,
    operation: 'list',
    recordIds: records.map((record) => record.id),
    resource: family.resource,
    action: 'list',
  });
  const items = await Promise.all(records.map((record) => fullView(services, family, record)));
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** One record, opened, after the read is logged. */
export async function readConfidential(
  services: Services,
  family: ConfidentialFamily,
  ids: { studentId: string; recordId: string },
  reader: Reader,
): Promise<{ record: Record<string, unknown>; version: number }> {
  const record = await loadConfidential(services, family, ids.studentId, ids.recordId);
  await services.access.authorize(reader.principal, 'read', family.resource, ids, record.data);
  const data = record.data;
  await logAccess(services, reader, {
    studentId: ids.studentId,
    schoolId: data.schoolId,
    family: family.id,
    operation: 'read',
    recordIds: [record.id],
    resource: family.resource,
    action: 'read',
  });
  return { record: await fullView(services, family, record), version: record.version };
}

/** A record's versions, newest first, opened, after the read is logged. */
export async function confidentialHistory(
  services: Services,
  family: ConfidentialFamily,
  ids: { studentId: string; recordId: string },
  page: PageRequest,
  reader: Reader,
): Promise<Page<Record<string, unknown>>> {
  const record = await loadConfidential(services, family, ids.studentId, ids.recordId, false);
  await services.access.authorize(reader.principal, 'history', family.resource, ids, record.data);
  const entries = await services.records.history(family.type, ids, page.limit, page.cursor);
  await logAccess(services, reader, {
    studentId: ids.studentId,
    schoolId: record.data.schoolId,
    family: family.id,
    operation: 'history',
    recordIds: [record.id],
    resource: family.resource,
    action: 'history',
  });
  const items = await Promise.all(
    entries.items.map(async (entry) => ({
      version: entry.version,
      action: entry.action,
      at: entry.at,
      actor: entry.actor,
      ...(entry.reason ? { reason: entry.reason } : {}),
      record: entry.record.deletedAt ? summaryOf(entry.record) : await fullView(services, family, entry.record),
    })),
  );
  return { items, ...(entries.nextCursor ? { nextCursor: entries.nextCursor } : {}) };
}
