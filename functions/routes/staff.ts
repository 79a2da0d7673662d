import { staffType } from '../../domain/records/record-types';
import { recordRoutes, records } from '../http/record-routes';
import { served } from '../http/route';

/** Staff members and their school assignments (the `staff` function; a school's staff directory is in schools.ts). */
export const STAFF_ROUTES = served('staff', [
  ...recordRoutes(records(staffType), { collection: '/v1/staff', item: '/v1/staff/{staffId}' }),
]);
