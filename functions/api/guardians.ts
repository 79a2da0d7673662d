import { apiHandler } from '../http/api-handler';
import { PEOPLE_ROUTES } from '../routes/people';

export const handler = apiHandler('guardians', PEOPLE_ROUTES);
