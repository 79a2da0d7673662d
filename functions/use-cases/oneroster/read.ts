/**
 * The two read operations of the OneRoster REST binding: a collection (filtered, sorted, paged,
 * projected) and one object by sourcedId (projected), each from the district's view (sources.ts).
 */
import { NotFound } from '../../../domain/errors';
import {
  applyQuery,
  parseCollectionQuery,
  parseFields,
  project,
  type CollectionQuery,
  type RawQuery,
} from '../../../domain/oneroster/query';
import { OBJECT_FIELDS, type ObjectKind } from '../../../domain/oneroster/rest-fields';
import type { Services } from '../../services';
import { GRADEBOOK_COLLECTIONS, GRADEBOOK_SINGLES, ROSTERING_COLLECTIONS, ROSTERING_SINGLES, type OneRosterObject } from './collections';
import { served, type Served } from './sources';

const COLLECTIONS = { ...ROSTERING_COLLECTIONS, ...GRADEBOOK_COLLECTIONS };
const SINGLES = { ...ROSTERING_SINGLES, ...GRADEBOOK_SINGLES };
const GRADEBOOK_KINDS: readonly ObjectKind[] = ['category', 'lineItem', 'result'];

export const collectionNames = () => Object.keys(COLLECTIONS);
export const singleNames = () => Object.keys(SINGLES);

export interface CollectionAnswer {
  readonly items: Partial<OneRosterObject>[];
  readonly total: number;
  readonly query: CollectionQuery;
}

/** What a route reads: the rostering view, and for the gradebook's routes the gradebook view with it (its classes and students). */
async function viewFor(services: Services, kind: ObjectKind): Promise<Served> {
  const rostering = await served(services, 'rostering');
  if (!GRADEBOOK_KINDS.includes(kind)) return rostering;
  const gradebook = await served(services, 'gradebook');
  return { ...rostering, objects: { ...rostering.objects, ...gradebook.objects } };
}

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
  const objects = load(await viewFor(services, kind), params);
  if (objects === undefined)
    throw new NotFound(
      `No ${Object.keys(params)
        .map((key) => key.replace('SourcedId', ''))
        .join(' or ')} with that sourcedId.`,
    );
  const page = applyQuery(objects, query);
  return { items: page.items, total: page.total, query };
}

export async function readOne(services: Services, name: string, kind: ObjectKind, sourcedId: string, fields: string | undefined) {
  const load = SINGLES[name];
  if (!load) throw new Error(`no OneRoster object ${name}`);
  const selected = fields === undefined ? undefined : parseFields(fields, OBJECT_FIELDS[kind]);
  const found = load(await viewFor(services, kind), sourcedId);
  if (!found) throw new NotFound(`No ${kind} with sourcedId ${sourcedId.slice(0, 100)}.`);
  return selected ? project(found, selected) : found;
}
