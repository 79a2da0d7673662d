import { HEALTH } from '../../domain/records/confidential-types';
import { parseOrThrow } from '../../domain/validation';
import { confidential, readerOfRequest } from '../http/confidential-routes';
import { recordRoutes } from '../http/record-routes';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { childHealth, healthAlerts } from '../use-cases/confidential/health-views';
import { ImmunizationStatusQuery, immunizationStatusWrites, schoolImmunizationStatus } from '../use-cases/confidential/immunization-status';

/**
 * Health records (the `healthRecords` function): nurses' records of a student, the alert flags
 * teachers see, a school's immunization status, and the parent's view. Every read is logged in
 * the record of access (decision 0067).
 */
export const HEALTH_RECORD_ROUTES = served('healthRecords', [
  // A write that changes a student's immunizations updates their immunization status in the same transaction.
  ...recordRoutes(confidential(HEALTH, immunizationStatusWrites), {
    collection: '/v1/students/{studentId}/health-records',
    item: '/v1/students/{studentId}/health-records/{recordId}',
  }),
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/health/alerts',
    access: { resource: 'healthAlert', action: 'read' },
    operationId: 'healthAlerts',
    summary: "A student's health alert flags (what a teacher of the student needs; logged)",
    contract: (c) => ({ answers: { 200: c.json(c.HealthAlerts, "The student's alert flags") }, problems: [400, 503] }),
    run: async (request) => ok(await healthAlerts(getServices(), request.pathParameters.studentId, readerOfRequest(request))),
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/immunization-status',
    access: { resource: 'healthRecord', action: 'list' },
    operationId: 'schoolImmunizationStatus',
    summary: "A school's students by immunization status against the district's rules (non-compliant by default; ids only)",
    contract: (c) => ({
      query: ImmunizationStatusQuery,
      answers: { 200: c.json(c.page(c.ImmunizationStatus), "A page of the school's students in the status asked for") },
    }),
    run: async (request) =>
      ok(
        await schoolImmunizationStatus(
          getServices(),
          request.pathParameters.schoolId,
          parseOrThrow(ImmunizationStatusQuery, request.query),
          readerOfRequest(request),
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}/health',
    access: { resource: 'family', action: 'read' },
    operationId: 'childHealth',
    summary: "A child's health record, without the nurse's own notes (logged)",
    contract: (c) => ({ answers: { 200: c.json(c.ChildHealth, "The child's health record") }, problems: [400, 503] }),
    run: async (request) => ok(await childHealth(getServices(), readerOfRequest(request), request.pathParameters.studentId)),
  }),
]);
