import { apiHandler } from '../http/api-handler';
import { SCHEDULING_ROUTES } from '../routes/scheduling';

export const handler = apiHandler('scheduling', SCHEDULING_ROUTES);
