import { apiHandler } from '../http/api-handler';
import { ACCESS_LOG_ROUTES } from '../routes/access-log';

export const handler = apiHandler('accessLog', ACCESS_LOG_ROUTES);
