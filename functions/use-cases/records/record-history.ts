import type { Principal } from '../../../domain/principal';
import type { Ids, RecordType } from '../../../domain/records/record-types';
import type { PageRequest } from '../../../domain/schemas/common';
import type { Page } from '../../repositories/query';
import type { Services } from '../../services';
import { load, view } from './record-view';

export interface HistoryItem {
  readonly version: number;
  readonly action: string;
  readonly at: string;
  readonly actor: string;
  readonly reason?: string;
  readonly record: Record<string, unknown>;
}

/** A record's versions, newest first, each with who changed it, when and why. */
export async function recordHistory(
  services: Services,
  type: RecordType,
  ids: Ids,
  page: PageRequest,
  principal: Principal,
): Promise<Page<HistoryItem>> {
  const record = await load(services, type, ids);
  await services.access.authorize(principal, 'history', type.resource, ids, record.data);
  const entries = await services.records.history(type, ids, page.limit, page.cursor);
  return {
    items: entries.items.map((entry) => ({
      version: entry.version,
      action: entry.action,
      at: entry.at,
      actor: entry.actor,
      ...(entry.reason ? { reason: entry.reason } : {}),
      record: view(type, entry.record),
    })),
    ...(entries.nextCursor ? { nextCursor: entries.nextCursor } : {}),
  };
}
