import { staffType } from '../../domain/records/record-types';
import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { recordRoutes, records } from '../http/record-routes';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { listRecords } from '../use-cases/records/list-records';

/** Staff members and their school assignments (the `staff` function; a school's staff directory is in schools.ts). */
export const STAFF_ROUTES = served('staff', [
  ...recordRoutes(records(staffType), { collection: '/v1/staff', item: '/v1/staff/{staffId}' }),
  route({
    method: 'GET',
    path: '/v1/staff/{staffId}/advisees',
    access: { resource: 'advisor', action: 'list' },
    operationId: 'adviseesOfStaff',
    summary: "A staff member's advisees and homeroom students (the staff member, or the office and counselors of their schools)",
    contract: (c) => ({
      query: PageQuery,
      answers: { 200: c.json(c.page(c.listingItem('adviseesOfStaff')), "A page of the staff member's advisor assignments") },
    }),
    run: async (request) =>
      ok(
        await listRecords(
          getServices(),
          'adviseesOfStaff',
          { staffId: request.pathParameters.staffId },
          parseOrThrow(PageQuery, request.query),
          request.principal,
          { resource: 'advisor', action: 'list' },
        ),
      ),
  }),
]);
