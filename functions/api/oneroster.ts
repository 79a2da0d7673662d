import { apiHandler } from '../http/api-handler';
import { ONEROSTER_ROUTES } from '../routes/oneroster';

export const handler = apiHandler('oneroster', ONEROSTER_ROUTES);
