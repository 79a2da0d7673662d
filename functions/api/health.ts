import { apiHandler } from '../http/api-handler';
import { HEALTH_ROUTES } from '../routes/health';

export const handler = apiHandler('health', HEALTH_ROUTES);
