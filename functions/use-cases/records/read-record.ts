import type { Principal } from '../../../domain/principal';
import type { Ids, RecordType } from '../../../domain/records/record-types';
import type { Services } from '../../services';
import { loadLive, resultOf, type RecordResult } from './record-view';

/** Reads a live record the caller may see. */
export async function readRecord(services: Services, type: RecordType, ids: Ids, principal: Principal): Promise<RecordResult> {
  const record = await loadLive(services, type, ids);
  await services.access.authorize(principal, 'read', type.resource, ids, record.data);
  return resultOf(type, record);
}
