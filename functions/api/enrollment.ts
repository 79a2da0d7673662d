import { apiHandler } from '../http/api-handler';
import { ENROLLMENT_ROUTES } from '../routes/enrollment';
import { ROLLOVER_ROUTES } from '../routes/rollover';

export const handler = apiHandler('enrollment', [...ENROLLMENT_ROUTES, ...ROLLOVER_ROUTES]);
