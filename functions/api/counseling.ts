import { apiHandler } from '../http/api-handler';
import { COUNSELING_ROUTES } from '../routes/counseling';

export const handler = apiHandler('counseling', COUNSELING_ROUTES);
