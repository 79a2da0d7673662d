import { HEALTH } from '../../domain/records/confidential-types';
import { apiHandler, type RouteHandler } from '../http/api-handler';
import { confidentialOperations, readerOfRequest } from '../http/confidential-routes';
import { routeHandler } from '../http/record-routes';
import { getServices } from '../services';
import { childHealth, healthAlerts } from '../use-cases/confidential/health-views';
import { ImmunizationStatusQuery, immunizationStatusWrites, schoolImmunizationStatus } from '../use-cases/confidential/immunization-status';
import { parseOrThrow } from '../../domain/validation';

const operations: Record<string, RouteHandler> = {
  ...confidentialOperations(
    HEALTH,
    'healthRecord',
    (studentId) => `/v1/students/${encodeURIComponent(studentId)}/health-records`,
    immunizationStatusWrites,
  ),
  schoolImmunizationStatus: async (request) => ({
    statusCode: 200,
    body: await schoolImmunizationStatus(
      getServices(),
      request.pathParameters.schoolId!,
      parseOrThrow(ImmunizationStatusQuery, request.query),
      readerOfRequest(request),
    ),
  }),
  healthAlerts: async (request) => ({
    statusCode: 200,
    body: await healthAlerts(getServices(), request.pathParameters.studentId!, readerOfRequest(request)),
  }),
  childHealth: async (request) => ({
    statusCode: 200,
    body: await childHealth(getServices(), readerOfRequest(request), request.pathParameters.studentId!),
  }),
};

/** Health records: nurses' records of a student, the alert flags teachers see, and the parent's view. */
export const handler = apiHandler('healthRecords', (route) => routeHandler(route, operations));
