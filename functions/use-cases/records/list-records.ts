import { Invalid } from '../../../domain/errors';
import type { Action, Resource } from '../../../domain/policy';
import type { Principal } from '../../../domain/principal';
import { LISTINGS, type ListingId } from '../../../domain/records/listings';
import type { Ids } from '../../../domain/records/record-types';
import type { PageRequest } from '../../../domain/schemas/common';
import type { Page } from '../../repositories/query';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { view } from './record-view';

/** A list access pattern: one Query, paginated with an opaque cursor, optionally searched by name. */
export async function listRecords(
  services: Services,
  listingId: ListingId,
  ids: Ids,
  query: PageRequest & { readonly name?: string },
  principal: Principal,
  access: { readonly resource: Resource; readonly action: Action },
): Promise<Page<Record<string, unknown>>> {
  const listing = LISTINGS[listingId];
  if (listing.nameSearch === 'required' && !query.name)
    throw new Invalid([{ field: 'name', message: 'is required: search by the start of a last name' }]);
  if (listing.nameSearch === 'none' && query.name) throw new Invalid([{ field: 'name', message: 'is not supported by this list' }]);
  await services.access.authorize(principal, access.action, access.resource, ids);
  const page = await services.records.query(listing.type, {
    index: listing.index,
    partition: listing.partition(ids, query.name),
    sortKeyPrefix: listing.sortKeyPrefix(ids, query.name),
    limit: query.limit,
    cursor: query.cursor,
    skipDeleted: listing.index === undefined,
  });
  const summary = listing.summaryFields;
  const show = (record: StoredRecord) => {
    const full = view(listing.type, record);
    return summary
      ? Object.fromEntries(Object.entries(full).filter(([name]) => name === 'id' || name === 'version' || summary.includes(name)))
      : full;
  };
  return { items: page.items.map(show), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
