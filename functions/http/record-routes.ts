/**
 * The lifecycle routes of a kind of record, from one call: create, list, read, change (If-Match),
 * soft delete, history and restore, each with its HTTP written once here (idempotency, ETag,
 * Location, If-Match, the restore body). What stores the records is the kind's engine: the
 * generic record use cases (`records` below), or the confidential ones, which seal contents and
 * log reads (functions/http/confidential-routes.ts).
 */
import * as z from 'zod';
import { Invalid, PreconditionRequired } from '../../domain/errors';
import type { Resource } from '../../domain/policy';
import { LISTINGS, type ListingId } from '../../domain/records/listings';
import type { Ids, RecordType } from '../../domain/records/record-types';
import { PageQuery, Reason, type PageRequest } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import type { ContractSpec } from '../contract';
import { getServices } from '../services';
import { createRecord } from '../use-cases/records/create-record';
import { deleteRecord } from '../use-cases/records/delete-record';
import { listRecords } from '../use-cases/records/list-records';
import { readRecord } from '../use-cases/records/read-record';
import { recordHistory } from '../use-cases/records/record-history';
import { restoreRecord } from '../use-cases/records/restore-record';
import { updateRecord } from '../use-cases/records/update-record';
import type { WriteContext, Written } from '../use-cases/write-context';
import { respondOnce, writeContext } from './idempotency';
import { etagOf, ok, withVersion } from './responses';
import { route, type ApiRequest, type ContractKit, type RouteDeclaration } from './route';

/** `"3"`, `W/"3"` or `3` → 3. */
export function ifMatchVersion(request: ApiRequest, required: true): number;
export function ifMatchVersion(request: ApiRequest, required: false): number | undefined;
export function ifMatchVersion(request: ApiRequest, required: boolean): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) {
    if (required) throw new PreconditionRequired('Send If-Match with the ETag you read, so a change made since is not overwritten.');
    return undefined;
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw new Invalid([{ field: 'If-Match', message: 'must be the ETag of the record, e.g. "3"' }]);
  return Number(match[1]);
}

export const RestoreBody = z.strictObject({ version: z.number().int().positive().optional(), reason: Reason.optional() });
export const ListQuery = PageQuery.extend({ name: z.string().trim().min(1).max(100).optional() });

export type LifecycleOp = 'create' | 'list' | 'read' | 'update' | 'delete' | 'history' | 'restore';

/** What a write of the lifecycle answers: the record as shown, its version, and its ids (for Location). */
export interface WrittenRecord {
  readonly record: unknown;
  readonly version: number;
  readonly ids: Ids;
}

/** The use cases behind a kind's lifecycle routes, and how its routes are named and documented. */
export interface RecordEngine {
  readonly resource: Resource;
  /** What one record is called in summaries: `school year`. */
  readonly label: string;
  readonly operationId: (op: LifecycleOp) => string;
  /** Summaries that differ from the generic ones (`Create a school`…). */
  readonly summaries?: Partial<Record<LifecycleOp, string>>;
  readonly contract: (kit: ContractKit, op: LifecycleOp) => ContractSpec;
  create(request: ApiRequest, context: WriteContext): Promise<Written<WrittenRecord>>;
  /** Absent when the kind has no list of its own (a listing elsewhere, or none). */
  list?(request: ApiRequest): Promise<unknown>;
  read(request: ApiRequest): Promise<{ readonly record: unknown; readonly version: number }>;
  update(request: ApiRequest, change: { patch: unknown; expectedVersion: number }, context: WriteContext): Promise<Written<WrittenRecord>>;
  delete(request: ApiRequest, expectedVersion: number | undefined, context: WriteContext): Promise<Written<WrittenRecord>>;
  history(request: ApiRequest, page: PageRequest): Promise<unknown>;
  restore(
    request: ApiRequest,
    restore: { version?: number; expectedVersion?: number },
    context: WriteContext,
  ): Promise<Written<WrittenRecord>>;
}

export interface LifecyclePaths {
  /** Where records are created and listed, e.g. `/v1/schools/{schoolId}/courses`. */
  readonly collection: string;
  /** One record, e.g. `/v1/courses/{courseId}`: a new record's Location is this path with its ids. */
  readonly item: string;
  /** The operations to route; @default all the engine has */
  readonly only?: readonly LifecycleOp[];
  /** Summaries for this kind's routes, over the engine's. */
  readonly summaries?: Partial<Record<LifecycleOp, string>>;
}

const fill = (template: string, ids: Ids) => template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? ''));

/** A kind's lifecycle routes: create, list (when the engine lists), read, change, delete, history, restore. */
export function recordRoutes(engine: RecordEngine, paths: LifecyclePaths): RouteDeclaration[] {
  const { label, resource } = engine;
  const summary = (op: LifecycleOp, generic: string) => paths.summaries?.[op] ?? engine.summaries?.[op] ?? generic;
  const declare = (op: LifecycleOp, method: RouteDeclaration['method'], path: string, fallback: string, run: RouteDeclaration['run']) =>
    route({
      method,
      path,
      access: { resource, action: op },
      operationId: engine.operationId(op),
      summary: summary(op, fallback),
      contract: (kit) => engine.contract(kit, op),
      run,
    });
  const { collection, item } = paths;
  const list = engine.list;
  const routes: Record<LifecycleOp, RouteDeclaration | undefined> = {
    create: declare('create', 'POST', collection, `Create a ${label}`, async (request) => {
      const context = writeContext(request);
      return respondOnce(
        context,
        () => engine.create(request, context),
        (result) => ({ ...withVersion(result, 201), headers: { location: fill(item, result.ids), etag: etagOf(result.version) } }),
      );
    }),
    list: list && declare('list', 'GET', collection, `List ${label}s`, async (request) => ok(await list(request))),
    read: declare('read', 'GET', item, `Read a ${label}`, async (request) => withVersion(await engine.read(request))),
    update: declare('update', 'PATCH', item, `Change a ${label} (If-Match required)`, async (request) => {
      const context = writeContext(request);
      const change = { patch: request.body, expectedVersion: ifMatchVersion(request, true) };
      return respondOnce(
        context,
        () => engine.update(request, change, context),
        (result) => withVersion(result),
      );
    }),
    delete: declare('delete', 'DELETE', item, `Delete a ${label} (soft, restorable)`, async (request) => {
      const context = writeContext(request);
      const expected = ifMatchVersion(request, false);
      return respondOnce(
        context,
        () => engine.delete(request, expected, context),
        (result) => withVersion(result),
      );
    }),
    history: declare('history', 'GET', `${item}/history`, `List a ${label}'s versions`, async (request) =>
      ok(await engine.history(request, parseOrThrow(PageQuery, request.query))),
    ),
    restore: declare('restore', 'POST', `${item}/restore`, `Restore a ${label} version or undelete it`, async (request) => {
      const body = parseOrThrow(RestoreBody, request.body ?? {});
      const context = writeContext(request, body.reason);
      const restore = {
        ...(body.version !== undefined ? { version: body.version } : {}),
        expectedVersion: ifMatchVersion(request, false),
      };
      return respondOnce(
        context,
        () => engine.restore(request, restore, context),
        (result) => withVersion(result),
      );
    }),
  };
  const ops: readonly LifecycleOp[] = paths.only ?? ['create', 'list', 'read', 'update', 'delete', 'history', 'restore'];
  return ops.flatMap((op) => routes[op] ?? []);
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Lists a listing's records: one Query, paginated, searched by name where the listing allows. */
const lister = (listing: ListingId) => (request: ApiRequest) =>
  listRecords(getServices(), listing, { ...request.pathParameters }, parseOrThrow(ListQuery, request.query), request.principal, {
    resource: LISTINGS[listing].type.resource,
    action: 'list',
  });

/** A listing's route (domain/records/listings.ts) at a path of its own. */
export function listingRoute(listing: ListingId, spec: { path: string; summary: string }): RouteDeclaration {
  const list = lister(listing);
  return route({
    method: 'GET',
    path: spec.path,
    access: { resource: LISTINGS[listing].type.resource, action: 'list' },
    operationId: `list${upperFirst(listing)}`,
    summary: spec.summary,
    contract: (kit) => kit.listingContract(listing),
    run: async (request) => ok(await list(request)),
  });
}

function idsFrom(type: RecordType, request: ApiRequest): Ids {
  return Object.fromEntries(
    type.idParams.filter((name) => request.pathParameters[name] !== undefined).map((name) => [name, request.pathParameters[name]!]),
  );
}

/**
 * Path parameters that the record holds as fields rather than ids (`POST /v1/schools/{schoolId}/courses`
 * creates a course whose `schoolId` is that school): filled in, or checked against the body.
 */
function bodyWithPathFields(type: RecordType, request: ApiRequest): unknown {
  const fields = Object.entries(request.pathParameters).filter(([name]) => !type.idParams.includes(name) && name in type.schema.shape);
  if (fields.length === 0 || request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) return request.body;
  const body = request.body as Record<string, unknown>;
  const mismatched = fields.filter(([name, value]) => body[name] !== undefined && body[name] !== value);
  if (mismatched.length > 0) throw new Invalid(mismatched.map(([name]) => ({ field: name, message: `must be the ${name} of the path` })));
  return { ...body, ...Object.fromEntries(fields) };
}

const VERBS: Record<Exclude<LifecycleOp, 'list'>, string> = {
  create: 'create',
  read: 'get',
  update: 'update',
  delete: 'delete',
  history: 'list',
  restore: 'restore',
};

/**
 * The generic record engine: the record use cases (functions/use-cases/records/), the same for
 * every kind; `listing` lists the kind at the lifecycle's collection path.
 */
export function records(type: RecordType, options: { listing?: ListingId } = {}): RecordEngine {
  const kind = upperFirst(type.entity);
  const { listing } = options;
  if (listing && LISTINGS[listing].type !== type) throw new Error(`listing ${listing} does not list ${type.entity} records`);
  return {
    resource: type.resource,
    label: type.label.toLowerCase(),
    operationId: (op) =>
      op === 'list' ? `list${upperFirst(listing ?? type.entity)}` : op === 'history' ? `list${kind}History` : `${VERBS[op]}${kind}`,
    contract: (kit, op) => (op === 'list' ? kit.listingContract(listing!) : kit.recordContract(type, op)),
    create: (request, context) => createRecord(getServices(), type, idsFrom(type, request), bodyWithPathFields(type, request), context),
    ...(listing ? { list: lister(listing) } : {}),
    read: (request) => readRecord(getServices(), type, idsFrom(type, request), request.principal),
    update: (request, change, context) => updateRecord(getServices(), type, idsFrom(type, request), change, context),
    delete: (request, expected, context) => deleteRecord(getServices(), type, idsFrom(type, request), expected, context),
    history: (request, page) => recordHistory(getServices(), type, idsFrom(type, request), page, request.principal),
    restore: (request, restore, context) => restoreRecord(getServices(), type, idsFrom(type, request), restore, context),
  };
}
