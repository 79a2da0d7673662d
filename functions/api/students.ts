import { Conflict } from '../../domain/errors';
import { apiHandler, type Operation } from '../http/api-handler';
import { standardOperation } from '../use-cases/records/record-lifecycle';
import { getServices } from '../services';

/** An enrolled student holds a seat: they are withdrawn first, which frees it, then deleted. */
function refuseWhileEnrolled(remove: Operation): Operation {
  return async (request) => {
    const years = await getServices().enrollments.activeYears(request.pathParameters.studentId!);
    if (years.length > 0) {
      throw new Conflict(`The student is enrolled for ${years.join(', ')}; withdraw them (POST …/withdrawals) before deleting the record.`);
    }
    return remove(request);
  };
}

/** Students and their guardian links. */
export const handler = apiHandler('students', (route) => {
  const operation = standardOperation(route);
  return route.method === 'DELETE' && route.path === '/v1/students/{studentId}' ? refuseWhileEnrolled(operation) : operation;
});
