import * as z from 'zod';
import { Invalid, PreconditionRequired } from '../../domain/errors';
import type { Ids, RecordType } from '../../domain/records/record-types';
import { PageQuery, Reason } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { ROUTES, type RoleAccess, type RouteSpec } from '../manifest';
import { getServices } from '../services';
import { createRecord } from '../use-cases/records/create-record';
import { deleteRecord } from '../use-cases/records/delete-record';
import { listRecords } from '../use-cases/records/list-records';
import { readRecord } from '../use-cases/records/read-record';
import { recordHistory } from '../use-cases/records/record-history';
import { recordTypeOf, type RecordResult } from '../use-cases/records/record-view';
import { restoreRecord } from '../use-cases/records/restore-record';
import { updateRecord } from '../use-cases/records/update-record';
import type { ApiRequest, ApiResponse, RouteHandler } from './api-handler';
import { respondOnce, writeContext } from './idempotency';

const etag = (version: number) => `"${version}"`;

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

function idsFrom(type: RecordType, request: ApiRequest): Ids {
  return Object.fromEntries(
    type.idParams.filter((name) => request.pathParameters[name] !== undefined).map((name) => [name, request.pathParameters[name]!]),
  );
}

/** The record's own URL: the path of the route that reads it, with the new record's ids filled in. */
function itemPath(type: RecordType, ids: Ids): string {
  const read = ROUTES.find(
    (route) => route.operation.kind === 'record' && route.operation.op === 'read' && route.operation.recordType === type.entity,
  );
  if (!read) throw new Error(`no read route for ${type.entity}`);
  return read.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? ''));
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

const withVersion = (result: RecordResult, statusCode = 200): ApiResponse => ({
  statusCode,
  headers: { etag: etag(result.version) },
  body: result.record,
});

export const RestoreBody = z.strictObject({ version: z.number().int().positive().optional(), reason: Reason.optional() });
export const ListQuery = PageQuery.extend({ name: z.string().trim().min(1).max(100).optional() });

/** The HTTP side of the generic record lifecycle, the same for every kind of record. */
export function recordRoute(route: RouteSpec): RouteHandler {
  const operation = route.operation;
  if (operation.kind === 'listing') {
    return async (request) => {
      const query = parseOrThrow(ListQuery, request.query);
      const page = await listRecords(
        getServices(),
        operation.listing,
        { ...request.pathParameters },
        query,
        request.principal,
        route.access as RoleAccess,
      );
      return { statusCode: 200, body: page };
    };
  }
  if (operation.kind !== 'record') throw new Error(`route ${route.method} ${route.path} is not a record route`);
  const type = recordTypeOf(operation.recordType);
  switch (operation.op) {
    case 'create':
      return async (request) => {
        const context = writeContext(request);
        return respondOnce(
          context,
          () => createRecord(getServices(), type, idsFrom(type, request), bodyWithPathFields(type, request), context),
          (result) => ({
            ...withVersion(result, 201),
            headers: { location: itemPath(type, result.ids), etag: etag(result.version) },
          }),
        );
      };
    case 'read':
      return async (request) => withVersion(await readRecord(getServices(), type, idsFrom(type, request), request.principal));
    case 'update':
      return async (request) => {
        const context = writeContext(request);
        const change = { patch: request.body, expectedVersion: ifMatchVersion(request, true) };
        return respondOnce(
          context,
          () => updateRecord(getServices(), type, idsFrom(type, request), change, context),
          (result) => withVersion(result),
        );
      };
    case 'delete':
      return async (request) => {
        const context = writeContext(request);
        const expected = ifMatchVersion(request, false);
        return respondOnce(
          context,
          () => deleteRecord(getServices(), type, idsFrom(type, request), expected, context),
          (result) => withVersion(result),
        );
      };
    case 'history':
      return async (request) => {
        const page = parseOrThrow(PageQuery, request.query);
        return { statusCode: 200, body: await recordHistory(getServices(), type, idsFrom(type, request), page, request.principal) };
      };
    case 'restore':
      return async (request) => {
        const body = parseOrThrow(RestoreBody, request.body ?? {});
        const context = writeContext(request, body.reason);
        const restore = {
          ...(body.version !== undefined ? { version: body.version } : {}),
          expectedVersion: ifMatchVersion(request, false),
        };
        return respondOnce(
          context,
          () => restoreRecord(getServices(), type, idsFrom(type, request), restore, context),
          (result) => withVersion(result),
        );
      };
  }
}

/** The handler a manifest route names: a generic record or listing route, or one of the handler's own. */
export function routeHandler(route: RouteSpec, custom: Readonly<Record<string, RouteHandler>> = {}): RouteHandler {
  if (route.operation.kind !== 'custom') return recordRoute(route);
  const found = custom[route.operation.name];
  if (!found)
    throw new Error(
      `route ${route.method} ${route.path} names custom operation ${route.operation.name}, which its handler does not provide`,
    );
  return found;
}
