import { apiHandler } from '../http/api-handler';
import { FAMILY_ROUTES } from '../routes/family';

export const handler = apiHandler('parents', FAMILY_ROUTES);
