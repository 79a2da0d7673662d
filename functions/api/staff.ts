import { apiHandler } from '../lib/http';
import { standardOperation } from '../lib/record-operations';

/** Staff members, their school assignments and each school's staff directory. */
export const handler = apiHandler('staff', (route) => standardOperation(route));
