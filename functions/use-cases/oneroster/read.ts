/**
 * The two read operations of the OneRoster REST binding: a collection (filtered, sorted, paged,
 * projected) and one object by sourcedId (projected).
 */
import { NotFound } from '../../../domain/errors';
import {
  applyQuery,
  parseCollectionQuery,
  project,
  QueryError,
  type CollectionQuery,
  type RawQuery,
} from '../../../domain/oneroster/query';
import { OBJECT_FIELDS, type ObjectKind } from '../../../domain/oneroster/rest-fields';
import type { Services } from '../../services';
import { GRADEBOOK_COLLECTIONS, GRADEBOOK_SINGLES } from './gradebook';
import { ROSTERING_COLLECTIONS, ROSTERING_SINGLES, type OneRosterObject } from './rostering';
import { RosterSources } from './sources';

const COLLECTIONS = { ...ROSTERING_COLLECTIONS, ...GRADEBOOK_COLLECTIONS };
const SINGLES = { ...ROSTERING_SINGLES, ...GRADEBOOK_SINGLES };

export const collectionNames = () => Object.keys(COLLECTIONS);
export const singleNames = () => Object.keys(SINGLES);

export interface CollectionAnswer {
  readonly items: Partial<OneRosterObject>[];
  readonly total: number;
  readonly query: CollectionQuery;
}

/** Sorted by sourcedId, so that paging without `sort` is stable from one request to the next. */
const bySourcedId = (a: OneRosterObject, b: OneRosterObject) => (String(a.sourcedId) < String(b.sourcedId) ? -1 : 1);

export async function readCollection(
  services: Services,
  name: string,
  kind: ObjectKind,
  params: Readonly<Record<string, string>>,
  raw: RawQuery,
): Promise<CollectionAnswer> {
  const load = COLLECTIONS[name];
  if (!load) throw new Error(`no OneRoster collection ${name}`);
  // The query is checked before anything is read: a bad filter costs no reads.
  const query = parseCollectionQuery(raw, OBJECT_FIELDS[kind]);
  const objects = await load(new RosterSources(services), params);
  if (objects === undefined)
    throw new NotFound(
      `No ${Object.keys(params)
        .map((key) => key.replace('SourcedId', ''))
        .join(' or ')} with that sourcedId.`,
    );
  const page = applyQuery([...objects].sort(bySourcedId), query);
  return { items: page.items, total: page.total, query };
}

export async function readOne(services: Services, name: string, kind: ObjectKind, sourcedId: string, fields: string | undefined) {
  const load = SINGLES[name];
  if (!load) throw new Error(`no OneRoster object ${name}`);
  let selected: string[] | undefined;
  if (fields !== undefined) {
    const known = new Set<string>(OBJECT_FIELDS[kind]);
    selected = fields
      .split(',')
      .map((field) => field.trim())
      .filter(Boolean);
    const unknown = selected.filter((field) => !known.has(field));
    if (selected.length === 0 || unknown.length > 0) {
      throw new QueryError(
        'invalid_selection_field',
        `These objects have no field ${unknown.slice(0, 5).join(', ').slice(0, 200) || '(none named)'}.`,
      );
    }
  }
  const found = await load(new RosterSources(services), sourcedId);
  if (!found) throw new NotFound(`No ${kind} with sourcedId ${sourcedId.slice(0, 100)}.`);
  return selected ? project(found, selected) : found;
}
