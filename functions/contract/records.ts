/** The contracts of the generic record routes (functions/http/record-routes.ts), from each record kind. */
import { LISTINGS, type ListingId } from '../../domain/records/listings';
import { sectionType, type RecordType } from '../../domain/records/record-types';
import { PageQuery } from '../../domain/schemas/common';
import { ListQuery, RestoreBody, type LifecycleOp } from '../http/record-routes';
import { HEADERS, json, SECTION_MOVE_REFUSED, type Answer } from './answers';
import type { ContractSpec } from './index';
import { listingItem, page, recordFields, recordPatch, recordVersion, recordView } from './shapes';

/** A listing's route: a page of the listing's records, searched by name where it allows. */
export function listingContract(listingId: ListingId): ContractSpec {
  const listing = LISTINGS[listingId];
  const query =
    listing.nameSearch === 'none'
      ? PageQuery
      : listing.nameSearch === 'optional'
        ? ListQuery
        : ListQuery.extend({ name: ListQuery.shape.name.unwrap() });
  return { query, answers: { 200: json(page(listingItem(listingId)), `A page of ${listing.type.label.toLowerCase()}s`) } };
}

/** One lifecycle route of a record kind. */
export function recordContract(type: RecordType, op: Exclude<LifecycleOp, 'list'>): ContractSpec {
  const view = recordView(type);
  const label = type.label.toLowerCase();
  switch (op) {
    case 'create':
      return { body: recordFields(type), answers: { 201: json(view, `The new ${label}`, { ...HEADERS.location, ...HEADERS.etag }) } };
    case 'read':
      return { answers: { 200: json(view, `The ${label}`, HEADERS.etag) } };
    case 'update': {
      const changed = json(view, `The ${label} as changed`, HEADERS.etag);
      // A section's students move with its meetings, or the change is refused naming them (decision 0130).
      const answers: Record<number, Answer> =
        type.entity === sectionType.entity ? { 200: changed, 409: SECTION_MOVE_REFUSED } : { 200: changed };
      return { body: recordPatch(type), ifMatch: 'required', answers };
    }
    case 'delete':
      return { ifMatch: 'optional', answers: { 200: json(view, `The ${label}, marked deleted`, HEADERS.etag) } };
    case 'history':
      return { query: PageQuery, answers: { 200: json(page(recordVersion(type)), `A page of the ${label}'s versions, newest first`) } };
    case 'restore':
      return {
        body: RestoreBody,
        bodyRequired: false,
        ifMatch: 'optional',
        answers: { 200: json(view, `The ${label} as restored (a new version)`, HEADERS.etag) },
      };
  }
}
