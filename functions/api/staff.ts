import { apiHandler } from '../http/api-handler';
import { PEOPLE_ROUTES } from '../routes/people';
import { SCHOOL_ROUTES } from '../routes/schools';

// A school's staff directory is declared with the school's routes.
export const handler = apiHandler('staff', SCHOOL_ROUTES, PEOPLE_ROUTES);
