import { parseOrThrow } from '../../domain/validation';
import { apiHandler } from '../http/api-handler';
import { routeHandler } from '../http/record-routes';
import { getServices } from '../services';
import { listInstructionalDays } from '../use-cases/schools/instructional-days';
import { ActivityQuery, schoolActivity } from '../use-cases/schools/school-activity';

/** Schools, their school years and bell schedules, and their activity. */
export const handler = apiHandler('schools', (route) =>
  routeHandler(route, {
    instructionalDays: async (request) => {
      const ids = { schoolId: request.pathParameters.schoolId!, schoolYear: request.pathParameters.schoolYear! };
      return { statusCode: 200, body: await listInstructionalDays(getServices(), ids, request.principal) };
    },
    activity: async (request) => {
      const query = parseOrThrow(ActivityQuery, request.query);
      return { statusCode: 200, body: await schoolActivity(getServices(), request.pathParameters.schoolId!, query, request.principal) };
    },
  }),
);
