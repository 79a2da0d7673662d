import { apiHandler } from '../http/api-handler';
import { routeHandler } from '../http/record-routes';

/** Staff members, their school assignments and each school's staff directory. */
export const handler = apiHandler('staff', (route) => routeHandler(route));
