import { StaleVersion } from '../../../domain/errors';
import type { Ids, RecordType } from '../../../domain/records/record-types';
import type { StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { commitChange, loadLive, type RecordResult } from './record-view';

/** Soft-deletes a record: it keeps its history and can be restored. */
export async function deleteRecord(
  services: Services,
  type: RecordType,
  ids: Ids,
  expectedVersion: number | undefined,
  context: WriteContext,
  /** Conditions a bounded context adds to the delete's transaction. */
  extra: readonly TransactionItem[] = [],
): Promise<Written<RecordResult>> {
  const before = await loadLive(services, type, ids);
  await services.access.authorize(context.principal, 'delete', type.resource, ids, before.data);
  if (expectedVersion !== undefined && before.version !== expectedVersion) throw new StaleVersion(before.version);
  const at = services.now().toISOString();
  const actor = context.principal.sub;
  const after: StoredRecord = { ...before, version: before.version + 1, updatedAt: at, updatedBy: actor, deletedAt: at, deletedBy: actor };
  return commitChange(services, context, type, 'Deleted', before, after, extra);
}
