import { apiHandler } from '../http/api-handler';
import { SCHOOL_ROUTES } from '../routes/schools';
import { STAFF_ROUTES } from '../routes/staff';

// A school's staff directory is declared with the school's routes.
export const handler = apiHandler('staff', SCHOOL_ROUTES, STAFF_ROUTES);
