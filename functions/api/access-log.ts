import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { apiHandler, type RouteHandler } from '../http/api-handler';
import { routeHandler } from '../http/record-routes';
import { getServices } from '../services';
import { childAccessLog, studentAccessLog } from '../use-cases/confidential/access-log';

const operations: Record<string, RouteHandler> = {
  studentAccessLog: async (request) => ({
    statusCode: 200,
    body: await studentAccessLog(
      getServices(),
      request.pathParameters.studentId!,
      parseOrThrow(PageQuery, request.query),
      request.principal,
    ),
  }),
  childAccessLog: async (request) => ({
    statusCode: 200,
    body: await childAccessLog(getServices(), request.principal, request.pathParameters.studentId!, parseOrThrow(PageQuery, request.query)),
  }),
};

/** FERPA's record of access to a student's health, counseling and special-education records. No field key: it opens nothing. */
export const handler = apiHandler('accessLog', (route) => routeHandler(route, operations));
