import { apiHandler } from '../http/api-handler';
import { ENROLLMENT_ROUTES } from '../routes/enrollment';

export const handler = apiHandler('enrollment', ENROLLMENT_ROUTES);
