import { apiHandler, type ApiRequest } from '../http/api-handler';
import { respondOnce, writeContext } from '../http/idempotency';
import { ifMatchVersion, routeHandler } from '../http/record-routes';
import { getServices } from '../services';
import { deleteStudent } from '../use-cases/people/delete-student';
import { studentNotifications } from '../use-cases/notifications/family-notices';
import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';

const custom = {
  studentNotifications: async (request: ApiRequest) => ({
    statusCode: 200,
    body: await studentNotifications(
      getServices(),
      request.pathParameters.studentId!,
      parseOrThrow(PageQuery, request.query),
      request.principal,
    ),
  }),
};

/** Students and their guardian links (a student is deleted only when not enrolled), and what their families were sent. */
export const handler = apiHandler('students', (route) => {
  if (route.method !== 'DELETE' || route.path !== '/v1/students/{studentId}') return routeHandler(route, custom);
  return async (request) => {
    const context = writeContext(request);
    const expected = ifMatchVersion(request, false);
    return respondOnce(
      context,
      () => deleteStudent(getServices(), request.pathParameters.studentId!, expected, context),
      (result) => ({ statusCode: 200, headers: { etag: `"${result.version}"` }, body: result.record }),
    );
  };
});
