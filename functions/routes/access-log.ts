import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { childAccessLog, studentAccessLog } from '../use-cases/confidential/access-log';

/**
 * FERPA's record of access to a student's health, counseling and special-education records (the
 * `accessLog` function, which holds no field key: it opens nothing).
 */
export const ACCESS_LOG_ROUTES = served('accessLog', [
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/access-log',
    access: { resource: 'accessLog', action: 'list' },
    operationId: 'studentAccessLog',
    summary: "Who read the student's health, counseling and special-education records, when, and why (FERPA)",
    contract: (c) => ({
      query: PageQuery,
      answers: { 200: c.json(c.page(c.AccessLogEntry), 'A page of the record of access, newest first') },
    }),
    run: async (request) =>
      ok(
        await studentAccessLog(getServices(), request.pathParameters.studentId, parseOrThrow(PageQuery, request.query), request.principal),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}/access-log',
    access: { resource: 'family', action: 'read' },
    operationId: 'childAccessLog',
    summary: "Who read your child's health, counseling and special-education records, when, and why",
    contract: (c) => ({
      query: PageQuery,
      answers: { 200: c.json(c.page(c.AccessLogEntry), "A page of your child's record of access, newest first") },
    }),
    run: async (request) =>
      ok(await childAccessLog(getServices(), request.principal, request.pathParameters.studentId, parseOrThrow(PageQuery, request.query))),
  }),
]);
