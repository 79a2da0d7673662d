import { apiHandler } from '../http/api-handler';
import { SCHOOL_ROUTES } from '../routes/schools';

export const handler = apiHandler('schools', SCHOOL_ROUTES);
