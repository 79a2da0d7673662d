import { Forbidden, Invalid, StaleVersion } from '../../../domain/errors';
import { sectionType, studentType, type Ids, type RecordData, type RecordKind } from '../../../domain/records/record-types';
import { asRecordOf } from '../../repositories/record-store';
import { gradeChangeItems } from '../enrollment/grade-change';
import { commitSectionChange } from '../scheduling/section-move';
import { canonicalJson, mergePatch } from '../../../domain/validation';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { checkData, commitChange, loadLive, requireObject, resultOf, type RecordResult } from './record-view';

/**
 * Applies a JSON merge patch to the version the caller read. The caller must be allowed to
 * change the record as it was and as it will be (a move between schools needs both).
 */
export async function updateRecord<T extends RecordData>(
  services: Services,
  type: RecordKind<T>,
  ids: Ids,
  change: { readonly patch: unknown; readonly expectedVersion: number },
  context: WriteContext,
): Promise<Written<RecordResult>> {
  const patch = requireObject(change.patch);
  const before = await loadLive(services, type, ids);
  await services.access.authorize(context.principal, 'update', type.resource, ids, before.data);
  if (before.version !== change.expectedVersion) throw new StaleVersion(before.version);
  const merged = requireObject(mergePatch(before.data, patch));
  const immutable = type.immutable.filter((name) => canonicalJson(merged[name]) !== canonicalJson(before.data[name]));
  if (immutable.length > 0)
    throw new Invalid(immutable.map((field) => ({ field, message: 'cannot be changed; it identifies the record' })));
  const now = services.now();
  const data = checkData(type, merged, now.toISOString().slice(0, 10));
  await services.access.authorize(context.principal, 'update', type.resource, ids, data);
  const accessChanges = type.accessFields.filter((name) => canonicalJson(data[name]) !== canonicalJson(before.data[name]));
  if (accessChanges.length > 0) {
    await services.access.authorize(context.principal, 'create', type.resource, ids, data).catch((error: unknown) => {
      throw error instanceof Forbidden
        ? new Forbidden(
            `Changing ${accessChanges.join(', ')} decides who else may see this ${type.resource}: only those who create one may.`,
          )
        : error;
    });
  }
  if (type.entity === sectionType.entity) {
    // A section's students move with its meetings (decision 0130).
    const section = asRecordOf(sectionType, before);
    const next = asRecordOf(sectionType, { ...before, data });
    return commitSectionChange(services, context, { kind: sectionType, ids, before: section, data: next.data }, (record) =>
      resultOf(sectionType, record),
    );
  }
  if (type.entity === studentType.entity) {
    // A grade change moves the student's enrollment and seat to the new grade, within its cap (decision 0132).
    const student = asRecordOf(studentType, before);
    const extra = await gradeChangeItems(services, student, asRecordOf(studentType, { ...before, data }).data);
    return commitChange(services, context, { kind: type, ids, before, data, extra });
  }
  return commitChange(services, context, { kind: type, ids, before, data });
}
