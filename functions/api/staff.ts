import { apiHandler } from '../http/api-handler';
import { standardOperation } from '../use-cases/records/record-lifecycle';

/** Staff members, their school assignments and each school's staff directory. */
export const handler = apiHandler('staff', (route) => standardOperation(route));
