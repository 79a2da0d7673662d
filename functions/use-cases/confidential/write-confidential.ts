import { Conflict, Invalid, NotFound, StaleVersion } from '../../../domain/errors';
import { newId } from '../../../domain/ids';
import { sealingContext, type ConfidentialFamily, type StoredConfidential } from '../../../domain/records/confidential-types';
import { studentType } from '../../../domain/records/record-types';
import { mergePatch, parseOrThrow } from '../../../domain/validation';
import { catalogEntry } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { RecordWrite, StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { requireObject } from '../records/record-view';
import type { WriteContext, Written } from '../write-context';
import { contentsOf, loadConfidential, summaryOf } from './confidential-view';

/** What a write answers: the record's clear attributes and version, never its contents (the idempotency record keeps it). */
export interface ConfidentialWriteResult {
  readonly record: Record<string, unknown>;
  readonly version: number;
  readonly ids: { readonly studentId: string; readonly recordId: string };
}

/**
 * Work a family adds to a write's transaction (the immunization status of the student, say), from the
 * version written and its contents (undefined: deleted), the version before and who writes. It may
 * refuse the write by throwing (nothing is written then).
 */
export type ExtraWrites = (
  services: Services,
  record: StoredRecord<StoredConfidential>,
  contents: Record<string, unknown> | undefined,
  change: { readonly before?: StoredRecord<StoredConfidential>; readonly context: WriteContext },
) => Promise<TransactionItem[]>;

async function seal(
  services: Services,
  family: ConfidentialFamily,
  ids: { studentId: string; schoolId: string; recordId: string; reportedBy?: string | undefined },
  input: unknown,
) {
  const { studentId, schoolId, recordId, reportedBy } = ids;
  const contents = parseOrThrow(family.input, input);
  const data: StoredConfidential = {
    studentId,
    schoolId,
    kind: contents.kind,
    ...family.clear(contents),
    ...(family.keepsReporter && reportedBy ? { reportedBy } : {}),
    sealed: await services.fields.encryptFields(contents, sealingContext(family.type, studentId, recordId), {
      kind: family.type.entity,
      schoolId,
      studentId,
    }),
  };
  return { contents, data };
}

/**
 * Writes one change of a confidential record with its event (ids and the kind only: events about
 * these records never carry their contents) and the work its family adds, computed from the new
 * version; answers the record's clear attributes.
 */
async function commit(
  services: Services,
  family: ConfidentialFamily,
  context: WriteContext,
  write: Omit<RecordWrite<StoredConfidential>, 'kind' | 'events' | 'extra'>,
  extra: (after: StoredRecord<StoredConfidential>) => Promise<readonly TransactionItem[]> = async () => [],
): Promise<Written<ConfidentialWriteResult>> {
  const action = write.action ?? (write.before ? 'Updated' : 'Created');
  const entry = catalogEntry(family.type.source, `${family.type.label} ${action}`)!;
  const event = (after: StoredRecord<StoredConfidential>) =>
    buildEvent(entry, {
      occurredAt: after.updatedAt,
      actor: { sub: context.principal.sub, roles: [...context.principal.roles] },
      ...(context.reason ? { reason: context.reason } : {}),
      recordType: family.type.entity,
      ids: { ...after.ids },
      schoolIds: [after.data.schoolId],
      changedFields: [],
      kind: after.data.kind,
    });
  return services.records.write(
    context,
    { ...write, kind: family.type, extra, events: (after) => [event(after)] },
    {
      at: services.now().toISOString(),
      result: (after): ConfidentialWriteResult => ({
        record: summaryOf(after),
        version: after.version,
        ids: { studentId: after.data.studentId, recordId: after.id },
      }),
    },
  );
}

/** Records a new confidential record for a student of the caller's school, its contents sealed. */
export async function createConfidential(
  services: Services,
  family: ConfidentialFamily,
  studentId: string,
  body: unknown,
  context: WriteContext,
  extraWrites?: ExtraWrites,
): Promise<Written<ConfidentialWriteResult>> {
  const input = requireObject(body);
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  const schoolId = student.data.schoolId;
  await services.access.authorize(context.principal, 'create', family.resource, { studentId }, { schoolId });
  const recordId = newId();
  const reportedBy = context.principal.staffId ?? context.principal.sub;
  const { contents, data } = await seal(services, family, { studentId, schoolId, recordId, reportedBy }, input);
  // The student must still exist when the record is written.
  const studentLive = services.records.liveCheck(studentType, { studentId }, () => new NotFound(`No student ${studentId}.`));
  return commit(services, family, context, { ids: { studentId, recordId }, data }, async (after) => [
    studentLive,
    ...((await extraWrites?.(services, after, contents, { context })) ?? []),
  ]);
}

/** Applies a JSON merge patch to the contents of the version the caller read (If-Match); the kind cannot change. */
export async function updateConfidential(
  services: Services,
  family: ConfidentialFamily,
  ids: { studentId: string; recordId: string },
  change: { readonly patch: unknown; readonly expectedVersion: number },
  context: WriteContext,
  extraWrites?: ExtraWrites,
): Promise<Written<ConfidentialWriteResult>> {
  const patch = requireObject(change.patch);
  const before = await loadConfidential(services, family, ids.studentId, ids.recordId);
  await services.access.authorize(context.principal, 'update', family.resource, ids, before.data);
  if (before.version !== change.expectedVersion) throw new StaleVersion(before.version);
  const current = await contentsOf(services, family, before);
  if (patch.kind !== undefined && patch.kind !== current.kind)
    throw new Invalid([{ field: 'kind', message: 'cannot be changed; record a new one instead' }]);
  const { schoolId, reportedBy } = before.data;
  const { contents, data } = await seal(
    services,
    family,
    { studentId: ids.studentId, schoolId, recordId: before.id, reportedBy },
    mergePatch(current, patch),
  );
  return commit(
    services,
    family,
    context,
    { ids: before.ids, before, data },
    async (after) => (await extraWrites?.(services, after, contents, { before, context })) ?? [],
  );
}

/** Soft-deletes a record: it keeps its history and can be restored. */
export async function deleteConfidential(
  services: Services,
  family: ConfidentialFamily,
  ids: { studentId: string; recordId: string },
  expectedVersion: number | undefined,
  context: WriteContext,
  extraWrites?: ExtraWrites,
): Promise<Written<ConfidentialWriteResult>> {
  const before = await loadConfidential(services, family, ids.studentId, ids.recordId);
  await services.access.authorize(context.principal, 'delete', family.resource, ids, before.data);
  if (expectedVersion !== undefined && before.version !== expectedVersion) throw new StaleVersion(before.version);
  return commit(
    services,
    family,
    context,
    { ids: before.ids, before, action: 'Deleted' },
    async (after) => (await extraWrites?.(services, after, undefined, { before, context })) ?? [],
  );
}

/**
 * Undeletes a record, or brings back an earlier version as a new version. The sealed contents
 * are copied as they are: an item sealed under an older key version still opens (rotation).
 */
export async function restoreConfidential(
  services: Services,
  family: ConfidentialFamily,
  ids: { studentId: string; recordId: string },
  restore: { readonly version?: number; readonly expectedVersion?: number },
  context: WriteContext,
  extraWrites?: ExtraWrites,
): Promise<Written<ConfidentialWriteResult>> {
  const before = await loadConfidential(services, family, ids.studentId, ids.recordId, false);
  await services.access.authorize(context.principal, 'restore', family.resource, ids, before.data);
  if (restore.expectedVersion !== undefined && before.version !== restore.expectedVersion) throw new StaleVersion(before.version);
  let source = before;
  if (restore.version !== undefined) {
    const target = await services.records.historyVersion(family.type, ids, restore.version);
    if (!target) throw new Invalid([{ field: 'version', message: `names no version of this record (latest is ${before.version})` }]);
    source = target;
  } else if (!before.deletedAt) {
    throw new Conflict('The record is not deleted; name the version to restore in "version".');
  }
  return commit(services, family, context, { ids: before.ids, before, action: 'Restored', data: source.data }, async (after) =>
    extraWrites ? extraWrites(services, after, await contentsOf(services, family, after), { before, context }) : [],
  );
}
