import { apiHandler } from '../http/api-handler';
import { GRADEBOOK_ROUTES } from '../routes/gradebook';

export const handler = apiHandler('gradebook', GRADEBOOK_ROUTES);
