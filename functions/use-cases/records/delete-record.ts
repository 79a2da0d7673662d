import { StaleVersion } from '../../../domain/errors';
import type { Ids, RecordData, RecordKind } from '../../../domain/records/record-types';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { commitChange, loadLive, type RecordResult } from './record-view';

/** Soft-deletes a record: it keeps its history and can be restored. */
export async function deleteRecord<T extends RecordData>(
  services: Services,
  type: RecordKind<T>,
  ids: Ids,
  expectedVersion: number | undefined,
  context: WriteContext,
  /** Conditions a bounded context adds to the delete's transaction. */
  extra: readonly TransactionItem[] = [],
): Promise<Written<RecordResult>> {
  const before = await loadLive(services, type, ids);
  await services.access.authorize(context.principal, 'delete', type.resource, ids, before.data);
  if (expectedVersion !== undefined && before.version !== expectedVersion) throw new StaleVersion(before.version);
  return commitChange(services, context, { kind: type, ids, before, action: 'Deleted', extra });
}
