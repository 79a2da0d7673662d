import { z } from 'zod';
import { Conflict, Invalid, NotFound, PreconditionRequired, StaleVersion } from '../../../domain/errors';
import { newId } from '../../../domain/ids';
import { LISTINGS } from '../../../domain/records/listings';
import type { Principal } from '../../../domain/principal';
import { RECORD_TYPES, type Ids, type RecordData, type RecordType } from '../../../domain/records/record-types';
import { Reason } from '../../../domain/schemas/common';
import { canonicalJson, changedFields, mergePatch, parseOrThrow } from '../../../domain/validation';
import { detailTypeOf, type DomainEvent, type RecordEventDetail } from '../../../events/catalog';
import type { Operation as RouteOperation, RouteSpec } from '../../manifest';
import type { ChangeAction, StoredRecord } from '../../repositories/record-store';
import { idempotencyRecord, replayable, withIdempotency } from '../../http/idempotency';
import type { ApiRequest, ApiResponse, Operation } from '../../http/api-handler';
import { getServices, type Services } from '../../services';

export function recordTypeOf(entity: string): RecordType {
  const type = RECORD_TYPES.find((candidate) => candidate.entity === entity);
  if (!type) throw new Error(`unknown record type ${entity}`);
  return type;
}

/** The record as the API shows it: id, parent ids, data, then bookkeeping. */
export function view(type: RecordType, record: StoredRecord): Record<string, unknown> {
  const parents = Object.fromEntries(type.idParams.slice(0, -1).map((name) => [name, record.ids[name]]));
  return {
    id: record.id,
    ...parents,
    ...record.data,
    version: record.version,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    ...(record.deletedAt ? { deletedAt: record.deletedAt, deletedBy: record.deletedBy } : {}),
  };
}

const etag = (version: number) => `"${version}"`;

function itemPath(route: RouteSpec, type: RecordType, ids: Ids): string {
  const collection = route.path.replace(/\/\{[^}]+\}$/, '').replace(/\/(history|restore)$/, '');
  const ownParam = type.idParams[type.idParams.length - 1]!;
  const template = route.operation.kind === 'record' && route.operation.op === 'create' ? `${route.path}/{${ownParam}}` : collection;
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? ''));
}

function idsFrom(type: RecordType, request: ApiRequest): Ids {
  return Object.fromEntries(
    type.idParams.filter((name) => request.pathParameters[name] !== undefined).map((name) => [name, request.pathParameters[name]!]),
  );
}

/** `"3"`, `W/"3"` or `3` → 3. */
function ifMatchVersion(request: ApiRequest, required: boolean): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) {
    if (required) throw new PreconditionRequired('Send If-Match with the ETag you read, so a change made since is not overwritten.');
    return undefined;
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw new Invalid([{ field: 'If-Match', message: 'must be the ETag of the record, e.g. "3"' }]);
  return Number(match[1]);
}

function reasonOf(request: ApiRequest, fromBody?: string): string | undefined {
  const reason = fromBody ?? request.headers['x-change-reason'];
  return reason === undefined ? undefined : parseOrThrow(Reason, reason, ['X-Change-Reason']);
}

function requireObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Invalid([{ field: 'body', message: 'must be a JSON object' }]);
  return body as Record<string, unknown>;
}

function checkData(type: RecordType, input: unknown, today: string): RecordData {
  const data = parseOrThrow(type.schema, input) as RecordData;
  const issues = type.check(data, today);
  if (issues.length > 0) throw new Invalid(issues);
  return data;
}

/** @param extraSchoolIds schools concerned beyond the record's own (a link's student's school) */
function buildEvent(
  type: RecordType,
  action: ChangeAction,
  before: StoredRecord | undefined,
  after: StoredRecord,
  principal: Principal,
  reason: string | undefined,
  extraSchoolIds: readonly string[],
): DomainEvent {
  const { id: _id, ...recordView } = view(type, after);
  const parents = type.idParams.slice(0, -1);
  const record = Object.fromEntries(Object.entries({ id: after.id, ...recordView }).filter(([name]) => !parents.includes(name)));
  const detail: RecordEventDetail = {
    eventId: newId(),
    eventVersion: 1,
    occurredAt: after.updatedAt,
    actor: { sub: principal.sub, roles: [...principal.roles] },
    ...(reason ? { reason } : {}),
    recordType: type.entity,
    ids: { ...after.ids },
    schoolIds: [
      ...new Set([...type.schoolIds(after.data, after.ids), ...(before ? type.schoolIds(before.data, before.ids) : []), ...extraSchoolIds]),
    ],
    changedFields: action === 'Updated' || action === 'Restored' ? changedFields(before?.data, after.data) : [],
    record: record as RecordEventDetail['record'],
  };
  return { source: type.source, detailType: detailTypeOf(type, action), detail };
}

/** Commits a change, honouring Idempotency-Key: a retry gets the first answer back. */
async function commitChange(
  services: Services,
  request: ApiRequest,
  type: RecordType,
  action: ChangeAction,
  before: StoredRecord | undefined,
  after: StoredRecord,
  reason: string | undefined,
  response: ApiResponse,
  extraSchoolIds: readonly string[] = [],
): Promise<ApiResponse> {
  const event = buildEvent(type, action, before, after, request.principal, reason, extraSchoolIds);
  const idempotency = idempotencyRecord(request, response, services.now());
  return withIdempotency(request, async () => {
    await services.store.commit({ type, action, before, after, actor: request.principal.sub, reason, event, idempotency });
    return response;
  });
}

async function loadLive(services: Services, type: RecordType, ids: Ids): Promise<StoredRecord> {
  const record = await services.store.get(type, ids);
  if (!record) throw new NotFound(`No ${type.label.toLowerCase()} ${Object.values(ids).join('/')}.`);
  if (record.deletedAt) {
    throw new NotFound(
      `The ${type.label.toLowerCase()} ${record.id} was deleted at ${record.deletedAt}; it can be restored (POST …/restore).`,
    );
  }
  return record;
}

async function linkSchoolIds(services: Services, type: RecordType, ids: Ids): Promise<string[]> {
  if (type.entity !== 'guardianLink' || !ids.studentId) return [];
  const student = await services.store.get(recordTypeOf('student'), { studentId: ids.studentId });
  return student ? [String(student.data.schoolId)] : [];
}

const RestoreBody = z.strictObject({
  version: z.number().int().positive().optional(),
  reason: Reason.optional(),
});

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().optional(),
  name: z.string().trim().min(1).max(100).optional(),
});

/** The generic record lifecycle, the same for every kind of record. */
export function recordOperation(op: Extract<RouteOperation, { kind: 'record' }>['op'], type: RecordType): Operation {
  switch (op) {
    case 'create':
      return async (request) => {
        const services = getServices();
        const now = services.now();
        const data = checkData(type, requireObject(request.body), now.toISOString().slice(0, 10));
        const ids: Ids = { ...idsFrom(type, request), [type.idParams[type.idParams.length - 1]!]: type.newId(data) };
        await services.access.authorize(request.principal, 'create', type.resource, ids, data);
        const at = now.toISOString();
        const after: StoredRecord = {
          entity: type.entity,
          id: ids[type.idParams[type.idParams.length - 1]!]!,
          ids,
          version: 1,
          data,
          createdAt: at,
          createdBy: request.principal.sub,
          updatedAt: at,
          updatedBy: request.principal.sub,
        };
        const location = itemPath(request.route, type, ids);
        return commitChange(
          services,
          request,
          type,
          'Created',
          undefined,
          after,
          reasonOf(request),
          {
            statusCode: 201,
            headers: { location, etag: etag(1) },
            body: view(type, after),
          },
          await linkSchoolIds(services, type, ids),
        );
      };

    case 'read':
      return async (request) => {
        const services = getServices();
        const ids = idsFrom(type, request);
        const record = await loadLive(services, type, ids);
        await services.access.authorize(request.principal, 'read', type.resource, ids, record.data);
        return { statusCode: 200, headers: { etag: etag(record.version) }, body: view(type, record) };
      };

    case 'update':
      return async (request) => {
        const services = getServices();
        const expected = ifMatchVersion(request, true)!;
        const ids = idsFrom(type, request);
        const patch = requireObject(request.body);
        const before = await loadLive(services, type, ids);
        await services.access.authorize(request.principal, 'update', type.resource, ids, before.data);
        if (before.version !== expected) throw new StaleVersion(before.version);
        const merged = mergePatch(before.data, patch) as RecordData;
        const immutable = type.immutable.filter((name) => canonicalJson(merged[name]) !== canonicalJson(before.data[name]));
        if (immutable.length > 0)
          throw new Invalid(immutable.map((field) => ({ field, message: 'cannot be changed; it identifies the record' })));
        const now = services.now();
        const data = checkData(type, merged, now.toISOString().slice(0, 10));
        await services.access.authorize(request.principal, 'update', type.resource, ids, data);
        const after: StoredRecord = {
          ...before,
          version: before.version + 1,
          data,
          updatedAt: now.toISOString(),
          updatedBy: request.principal.sub,
        };
        return commitChange(
          services,
          request,
          type,
          'Updated',
          before,
          after,
          reasonOf(request),
          {
            statusCode: 200,
            headers: { etag: etag(after.version) },
            body: view(type, after),
          },
          await linkSchoolIds(services, type, ids),
        );
      };

    case 'delete':
      return async (request) => {
        const services = getServices();
        const expected = ifMatchVersion(request, false);
        const ids = idsFrom(type, request);
        const before = await loadLive(services, type, ids);
        await services.access.authorize(request.principal, 'delete', type.resource, ids, before.data);
        if (expected !== undefined && before.version !== expected) throw new StaleVersion(before.version);
        const at = services.now().toISOString();
        const after: StoredRecord = {
          ...before,
          version: before.version + 1,
          updatedAt: at,
          updatedBy: request.principal.sub,
          deletedAt: at,
          deletedBy: request.principal.sub,
        };
        return commitChange(
          services,
          request,
          type,
          'Deleted',
          before,
          after,
          reasonOf(request),
          {
            statusCode: 200,
            headers: { etag: etag(after.version) },
            body: view(type, after),
          },
          await linkSchoolIds(services, type, ids),
        );
      };

    case 'history':
      return async (request) => {
        const services = getServices();
        const ids = idsFrom(type, request);
        const record = await services.store.get(type, ids);
        if (!record) throw new NotFound(`No ${type.label.toLowerCase()} ${Object.values(ids).join('/')}.`);
        await services.access.authorize(request.principal, 'history', type.resource, ids, record.data);
        const query = parseOrThrow(ListQuery.omit({ name: true }), request.query);
        const page = await services.store.history(type, ids, query.limit, query.cursor);
        return {
          statusCode: 200,
          body: {
            items: page.items.map((entry) => ({
              version: entry.version,
              action: entry.action,
              at: entry.at,
              actor: entry.actor,
              reason: entry.reason,
              record: view(type, entry.record),
            })),
            nextCursor: page.nextCursor,
          },
        };
      };

    case 'restore':
      return async (request) => {
        const services = getServices();
        const ids = idsFrom(type, request);
        const body = parseOrThrow(RestoreBody, request.body ?? {});
        const before = await services.store.get(type, ids);
        if (!before) throw new NotFound(`No ${type.label.toLowerCase()} ${Object.values(ids).join('/')}.`);
        await services.access.authorize(request.principal, 'restore', type.resource, ids, before.data);
        const expected = ifMatchVersion(request, false);
        if (expected !== undefined && before.version !== expected) throw new StaleVersion(before.version);
        let source = before;
        if (body.version !== undefined) {
          const target = await services.store.historyVersion(type, ids, body.version);
          if (!target) throw new Invalid([{ field: 'version', message: `names no version of this record (latest is ${before.version})` }]);
          source = target;
        } else if (!before.deletedAt) {
          throw new Conflict('The record is not deleted; name the version to restore in "version".');
        }
        const now = services.now();
        // Re-validate: the schema may have gained defaults or rules since that version.
        const data = checkData(type, source.data, now.toISOString().slice(0, 10));
        await services.access.authorize(request.principal, 'restore', type.resource, ids, data);
        const { deletedAt: _deletedAt, deletedBy: _deletedBy, ...live } = before;
        const after: StoredRecord = {
          ...live,
          version: before.version + 1,
          data,
          updatedAt: now.toISOString(),
          updatedBy: request.principal.sub,
        };
        return commitChange(
          services,
          request,
          type,
          'Restored',
          before,
          after,
          reasonOf(request, body.reason),
          {
            statusCode: 200,
            headers: { etag: etag(after.version) },
            body: view(type, after),
          },
          await linkSchoolIds(services, type, ids),
        );
      };
  }
}

/** A list access pattern: one Query, paginated with an opaque cursor. */
export function listingOperation(listingId: keyof typeof LISTINGS): Operation {
  const listing = LISTINGS[listingId];
  return async (request) => {
    const services = getServices();
    const query = parseOrThrow(ListQuery, request.query);
    if (listing.nameSearch === 'required' && !query.name)
      throw new Invalid([{ field: 'name', message: 'is required: search by the start of a last name' }]);
    if (listing.nameSearch === 'none' && query.name) throw new Invalid([{ field: 'name', message: 'is not supported by this list' }]);
    const access = request.route.access!;
    const ids = { ...request.pathParameters };
    await services.access.authorize(request.principal, access.action, access.resource, ids);
    const page = await services.store.query({
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
    return { statusCode: 200, body: { items: page.items.map(show), nextCursor: page.nextCursor } };
  };
}

/** The operation a manifest route names, for the generic kinds. */
export function standardOperation(route: RouteSpec, custom: Readonly<Record<string, Operation>> = {}): Operation {
  const operation = route.operation;
  switch (operation.kind) {
    case 'record': {
      const recordOp = recordOperation(operation.op, recordTypeOf(operation.recordType));
      return route.method === 'GET' ? recordOp : replayable(recordOp);
    }
    case 'listing':
      return listingOperation(operation.listing);
    case 'custom': {
      const found = custom[operation.name];
      if (!found)
        throw new Error(`route ${route.method} ${route.path} names custom operation ${operation.name}, which its handler does not provide`);
      return found;
    }
  }
}
