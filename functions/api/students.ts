import { apiHandler } from '../http/api-handler';
import { respondOnce, writeContext } from '../http/idempotency';
import { ifMatchVersion, routeHandler } from '../http/record-routes';
import { getServices } from '../services';
import { deleteStudent } from '../use-cases/people/delete-student';

/** Students and their guardian links; a student is deleted only when not enrolled. */
export const handler = apiHandler('students', (route) => {
  if (route.method !== 'DELETE' || route.path !== '/v1/students/{studentId}') return routeHandler(route);
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
