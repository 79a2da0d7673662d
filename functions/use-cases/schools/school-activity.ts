import * as z from 'zod';
import type { Principal } from '../../../domain/principal';
import { IsoDate, PageQuery, type PageRequest } from '../../../domain/schemas/common';
import type { Services } from '../../services';

/** The activity log's query: one day (UTC, today by default), up to 200 entries a page. */
export const ActivityQuery = PageQuery.extend({ limit: z.coerce.number().int().min(1).max(200).default(50), date: IsoDate.optional() });

/** A school's audit trail for one day (UTC, today by default), oldest first. */
export async function schoolActivity(services: Services, schoolId: string, query: PageRequest & { date?: string }, principal: Principal) {
  await services.access.authorize(principal, 'list', 'activity', { schoolId });
  const date = query.date ?? services.now().toISOString().slice(0, 10);
  const page = await services.activity.listDay(schoolId, date, query.limit, query.cursor);
  return { schoolId, date, items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
