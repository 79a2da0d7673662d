import { apiHandler } from '../http/api-handler';
import { ONEROSTER_ROUTES } from '../routes/oneroster';
import { ONEROSTER_WRITE_ROUTES } from '../routes/oneroster-writes';

export const handler = apiHandler('oneroster', ONEROSTER_ROUTES, ONEROSTER_WRITE_ROUTES);
