import { apiHandler } from '../http/api-handler';
import { HEALTH_RECORD_ROUTES } from '../routes/health-records';

export const handler = apiHandler('healthRecords', HEALTH_RECORD_ROUTES);
