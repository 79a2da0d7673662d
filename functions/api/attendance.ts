import { apiHandler } from '../http/api-handler';
import { ATTENDANCE_ROUTES } from '../routes/attendance';

export const handler = apiHandler('attendance', ATTENDANCE_ROUTES);
