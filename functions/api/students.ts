import { apiHandler } from '../lib/http';
import { standardOperation } from '../lib/record-operations';

/** Students and their guardian links. */
export const handler = apiHandler('students', (route) => standardOperation(route));
