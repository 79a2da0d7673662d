import type { ConfidentialFamily } from '../../domain/records/confidential-types';
import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { getServices } from '../services';
import {
  confidentialHistory,
  ConfidentialListQuery,
  listConfidential,
  readConfidential,
} from '../use-cases/confidential/read-confidential';
import { readerOf, type Reader } from '../use-cases/confidential/record-access';
import {
  createConfidential,
  deleteConfidential,
  restoreConfidential,
  updateConfidential,
  type ConfidentialWriteResult,
  type ExtraWrites,
} from '../use-cases/confidential/write-confidential';
import type { ApiRequest, ApiResponse, RouteHandler } from './api-handler';
import { respondOnce, writeContext } from './idempotency';
import { ifMatchVersion, RestoreBody } from './record-routes';

const etag = (version: number) => `"${version}"`;
const idsOf = (request: ApiRequest) => ({ studentId: request.pathParameters.studentId!, recordId: request.pathParameters.recordId! });

/** Who reads and why: the caller and the X-Access-Purpose header, which the access log keeps. */
export const readerOfRequest = (request: ApiRequest): Reader => readerOf(request.principal, request.headers['x-access-purpose']);

const written = (result: ConfidentialWriteResult, statusCode = 200): ApiResponse => ({
  statusCode,
  headers: { etag: etag(result.version) },
  body: result.record,
});

/**
 * The lifecycle routes of a family of confidential records, by operation name
 * (`<prefix>Create`, `<prefix>List`, …): the same shape as the generic record routes, with the
 * contents sealed on the way in, and every read logged before it answers.
 */
export function confidentialOperations(
  family: ConfidentialFamily,
  prefix: string,
  collectionPath: (studentId: string) => string,
  extraWrites?: ExtraWrites,
): Record<string, RouteHandler> {
  return {
    [`${prefix}Create`]: async (request) => {
      const context = writeContext(request);
      const studentId = request.pathParameters.studentId!;
      return respondOnce(
        context,
        () => createConfidential(getServices(), family, studentId, request.body, context, extraWrites),
        (result) => ({
          ...written(result, 201),
          headers: { etag: etag(result.version), location: `${collectionPath(studentId)}/${result.ids.recordId}` },
        }),
      );
    },
    [`${prefix}List`]: async (request) => ({
      statusCode: 200,
      body: await listConfidential(
        getServices(),
        family,
        request.pathParameters.studentId!,
        parseOrThrow(ConfidentialListQuery, request.query),
        readerOfRequest(request),
      ),
    }),
    [`${prefix}Read`]: async (request) => {
      const { record, version } = await readConfidential(getServices(), family, idsOf(request), readerOfRequest(request));
      return { statusCode: 200, headers: { etag: etag(version) }, body: record };
    },
    [`${prefix}Update`]: async (request) => {
      const context = writeContext(request);
      const change = { patch: request.body, expectedVersion: ifMatchVersion(request, true) };
      return respondOnce(
        context,
        () => updateConfidential(getServices(), family, idsOf(request), change, context, extraWrites),
        (result) => written(result),
      );
    },
    [`${prefix}Delete`]: async (request) => {
      const context = writeContext(request);
      const expected = ifMatchVersion(request, false);
      return respondOnce(
        context,
        () => deleteConfidential(getServices(), family, idsOf(request), expected, context, extraWrites),
        (result) => written(result),
      );
    },
    [`${prefix}History`]: async (request) => ({
      statusCode: 200,
      body: await confidentialHistory(
        getServices(),
        family,
        idsOf(request),
        parseOrThrow(PageQuery, request.query),
        readerOfRequest(request),
      ),
    }),
    [`${prefix}Restore`]: async (request) => {
      const body = parseOrThrow(RestoreBody, request.body ?? {});
      const context = writeContext(request, body.reason);
      const restore = {
        ...(body.version !== undefined ? { version: body.version } : {}),
        expectedVersion: ifMatchVersion(request, false),
      };
      return respondOnce(
        context,
        () => restoreConfidential(getServices(), family, idsOf(request), restore, context, extraWrites),
        (result) => written(result),
      );
    },
  };
}
