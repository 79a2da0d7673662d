import { apiHandler } from '../lib/http';
import { standardOperation } from '../lib/record-operations';

/** Guardians, name search, and each guardian's children. */
export const handler = apiHandler('guardians', (route) => standardOperation(route));
