import * as z from 'zod';
import { parseOrThrow } from '../../domain/validation';
import { apiHandler, type ApiRequest, type RouteHandler } from '../http/api-handler';
import { respondOnce, writeContext } from '../http/idempotency';
import { ifMatchVersion } from '../http/record-routes';
import { getServices } from '../services';
import { childProfile, childSchedule, me, myChildren, updateMe } from '../use-cases/family/family';
import { view } from '../use-cases/records/record-view';
import { guardianType } from '../../domain/records/record-types';

const TermQuery = z.object({
  schoolYear: z
    .string()
    .regex(/^\d{4}-\d{4}$/, { error: 'must be a school year such as 2026-2027' })
    .optional(),
  term: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'must be a term code' })
    .optional(),
});

const studentIdOf = (request: ApiRequest) => request.pathParameters.studentId!;

const operations: Record<string, RouteHandler> = {
  me: async (request) => {
    const record = await me(getServices(), request.principal);
    return { statusCode: 200, headers: { etag: `"${record.version}"` }, body: view(guardianType, record) };
  },
  updateMe: async (request) => {
    const context = writeContext(request);
    const expected = ifMatchVersion(request, true);
    return respondOnce(
      context,
      () => updateMe(getServices(), request.body, expected, context),
      (result) => ({ statusCode: 200, headers: { etag: `"${result.version}"` }, body: result.record }),
    );
  },
  myChildren: async (request) => ({ statusCode: 200, body: await myChildren(getServices(), request.principal) }),
  childProfile: async (request) => ({ statusCode: 200, body: await childProfile(getServices(), request.principal, studentIdOf(request)) }),
  childSchedule: async (request) => ({
    statusCode: 200,
    body: await childSchedule(getServices(), request.principal, studentIdOf(request), parseOrThrow(TermQuery, request.query)),
  }),
};

/** The parent portal: a guardian's own children, only those whose education records they may see. */
export const handler = apiHandler('parents', (route) => {
  const name = route.operation.kind === 'custom' ? route.operation.name : '';
  const operation = operations[name];
  if (!operation) throw new Error(`the parents handler has no operation ${name}`);
  return operation;
});
