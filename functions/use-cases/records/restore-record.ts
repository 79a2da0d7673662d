import { Conflict, Invalid, StaleVersion } from '../../../domain/errors';
import type { Ids, RecordData, RecordKind } from '../../../domain/records/record-types';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { checkData, commitChange, load, type RecordResult } from './record-view';

/**
 * Undeletes a record, or brings back an earlier version of it, as a new version (history is
 * never rewritten). The restored data is validated again: rules may have changed since.
 */
export async function restoreRecord<T extends RecordData>(
  services: Services,
  type: RecordKind<T>,
  ids: Ids,
  restore: { readonly version?: number; readonly expectedVersion?: number },
  context: WriteContext,
): Promise<Written<RecordResult>> {
  const before = await load(services, type, ids);
  await services.access.authorize(context.principal, 'restore', type.resource, ids, before.data);
  if (restore.expectedVersion !== undefined && before.version !== restore.expectedVersion) throw new StaleVersion(before.version);
  let source = before;
  if (restore.version !== undefined) {
    const target = await services.records.historyVersion(type, ids, restore.version);
    if (!target) throw new Invalid([{ field: 'version', message: `names no version of this record (latest is ${before.version})` }]);
    source = target;
  } else if (!before.deletedAt) {
    throw new Conflict('The record is not deleted; name the version to restore in "version".');
  }
  const now = services.now();
  const data = checkData(type, source.data, now.toISOString().slice(0, 10));
  await services.access.authorize(context.principal, 'restore', type.resource, ids, data);
  return commitChange(services, context, { kind: type, ids, before, action: 'Restored', data });
}
