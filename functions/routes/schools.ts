import { bellScheduleType, gradingScaleType, schoolType, schoolYearType } from '../../domain/records/record-types';
import { parseOrThrow } from '../../domain/validation';
import { listingRoute, recordRoutes, records } from '../http/record-routes';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { listInstructionalDays } from '../use-cases/schools/instructional-days';
import { ActivityQuery, schoolActivity } from '../use-cases/schools/school-activity';

/**
 * Schools: their records, school years, bell schedules and grading scales, and their activity
 * (the `schools` function); a school's student and staff directories, which the `students` and
 * `staff` functions serve.
 */
export const SCHOOL_ROUTES = [
  ...served('schools', [
    ...recordRoutes(records(schoolType, { listing: 'schools' }), { collection: '/v1/schools', item: '/v1/schools/{schoolId}' }),
    ...recordRoutes(records(schoolYearType, { listing: 'schoolYearsOfSchool' }), {
      collection: '/v1/schools/{schoolId}/school-years',
      item: '/v1/schools/{schoolId}/school-years/{schoolYear}',
    }),
    route({
      method: 'GET',
      path: '/v1/schools/{schoolId}/school-years/{schoolYear}/instructional-days',
      access: { resource: 'calendar', action: 'read' },
      operationId: 'instructionalDays',
      summary: "List a school year's instructional days",
      contract: (c) => ({ answers: { 200: c.json(c.InstructionalDaysSchema, "The school year's instructional days") } }),
      run: async ({ pathParameters: { schoolId, schoolYear }, principal }) =>
        ok(await listInstructionalDays(getServices(), { schoolId, schoolYear }, principal)),
    }),
    ...recordRoutes(records(bellScheduleType, { listing: 'bellSchedulesOfSchool' }), {
      collection: '/v1/schools/{schoolId}/bell-schedules',
      item: '/v1/schools/{schoolId}/bell-schedules/{bellScheduleId}',
    }),
    ...recordRoutes(records(gradingScaleType, { listing: 'gradingScalesOfSchool' }), {
      collection: '/v1/schools/{schoolId}/grading-scales',
      item: '/v1/schools/{schoolId}/grading-scales/{scaleId}',
    }),
  ]),
  ...served('students', [
    listingRoute('studentsOfSchool', { path: '/v1/schools/{schoolId}/students', summary: "List or search a school's students by name" }),
  ]),
  ...served('staff', [
    listingRoute('staffOfSchool', { path: '/v1/schools/{schoolId}/staff', summary: "List or search a school's staff by name" }),
  ]),
  ...served('schools', [
    route({
      method: 'GET',
      path: '/v1/schools/{schoolId}/activity',
      access: { resource: 'activity', action: 'list' },
      operationId: 'activity',
      summary: "A school's audit trail for one day",
      contract: (c) => ({
        query: ActivityQuery,
        answers: { 200: c.json(c.ActivityPageSchema, "A page of the day's activity, oldest first") },
      }),
      run: async (request) =>
        ok(
          await schoolActivity(
            getServices(),
            request.pathParameters.schoolId,
            parseOrThrow(ActivityQuery, request.query),
            request.principal,
          ),
        ),
    }),
  ]),
];
