import { NotFound } from '../../../domain/errors';
import type { Principal } from '../../../domain/principal';
import { schoolYearType } from '../../../domain/records/record-types';
import { instructionalDays } from '../../../domain/schemas/calendar';
import type { Services } from '../../services';

/** The instructional days of a school year: weekdays that are not marked non-instructional. */
export async function listInstructionalDays(services: Services, ids: { schoolId: string; schoolYear: string }, principal: Principal) {
  const year = await services.records.get(schoolYearType, ids);
  if (!year || year.deletedAt) throw new NotFound(`No school year ${ids.schoolYear} at school ${ids.schoolId}.`);
  await services.access.authorize(principal, 'read', 'calendar', ids, year.data);
  const days = instructionalDays(year.data);
  return { schoolId: ids.schoolId, schoolYear: ids.schoolYear, count: days.length, days };
}
