import { z } from 'zod';
import { NotFound } from '../../domain/errors';
import { schoolYearType } from '../../domain/records/record-types';
import { instructionalDays, type SchoolYear } from '../../domain/schemas/calendar';
import { IsoDate } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { ActivityStore } from '../repositories/activity-store';
import { getDocumentClient } from '../platform/aws-clients';
import { apiHandler, type Operation } from '../http/api-handler';
import { standardOperation } from '../use-cases/records/record-lifecycle';
import { getServices } from '../services';

/** The instructional days of a school year: weekdays that are not marked non-instructional. */
const listInstructionalDays: Operation = async (request) => {
  const { store, access } = getServices();
  const ids = { schoolId: request.pathParameters.schoolId!, schoolYear: request.pathParameters.schoolYear! };
  const year = await store.get(schoolYearType, ids);
  if (!year || year.deletedAt) throw new NotFound(`No school year ${ids.schoolYear} at school ${ids.schoolId}.`);
  await access.authorize(request.principal, 'read', 'calendar', ids, year.data);
  const days = instructionalDays(year.data as SchoolYear);
  return { statusCode: 200, body: { schoolId: ids.schoolId, schoolYear: ids.schoolYear, count: days.length, days } };
};

const ActivityQuery = z.object({
  date: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

/** A school's audit trail for one day (UTC), oldest first. */
const listActivity: Operation = async (request) => {
  const { store, access, now } = getServices();
  const schoolId = request.pathParameters.schoolId!;
  await access.authorize(request.principal, 'list', 'activity', { schoolId });
  const query = parseOrThrow(ActivityQuery, request.query);
  const date = query.date ?? now().toISOString().slice(0, 10);
  const page = await new ActivityStore(getDocumentClient(), store.tableName).listDay(schoolId, date, query.limit, query.cursor);
  return { statusCode: 200, body: { schoolId, date, items: page.items, nextCursor: page.nextCursor } };
};

/** Schools, their school years and bell schedules, and their activity. */
export const handler = apiHandler('schools', (route) =>
  standardOperation(route, { instructionalDays: listInstructionalDays, activity: listActivity }),
);
