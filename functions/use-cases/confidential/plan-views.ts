import * as z from 'zod';
import { keys } from '../../../domain/keys';
import { PLANS } from '../../../domain/records/confidential-types';
import { IsoDate, PageQuery } from '../../../domain/schemas/common';
import type { Page } from '../../repositories/query';
import type { Services } from '../../services';
import { childView } from './child-view';
import { contentsOf } from './confidential-view';
import { liveRecordsOf, schoolOfStudent } from './read-confidential';
import { logAccess, type Reader } from './record-access';

/**
 * The accommodations of a student's 504 plans and IEPs, which every teacher of the student must
 * apply: the plan's kind, dates and accommodations, nothing else of it. Logged first.
 */
export async function studentAccommodations(services: Services, studentId: string, reader: Reader) {
  const schoolId = await schoolOfStudent(services, studentId);
  await services.access.authorize(reader.principal, 'read', 'accommodations', { studentId }, { schoolId });
  const plans = (await liveRecordsOf(services, PLANS, studentId)).filter((plan) => plan.data.kind !== 'graduation');
  await logAccess(services, reader, {
    studentId,
    schoolId,
    family: 'plan',
    operation: 'accommodations',
    recordIds: plans.map((plan) => plan.id),
    resource: 'accommodations',
    action: 'read',
  });
  const views = await Promise.all(
    plans.map(async (plan) => {
      const contents = await contentsOf(services, PLANS, plan);
      return {
        recordId: plan.id,
        kind: String(contents.kind),
        startDate: String(contents.startDate),
        endDate: String(contents.endDate),
        accommodations: contents.accommodations as string[],
      };
    }),
  );
  return { studentId, plans: views };
}

/** A parent's view of their child's plans and accommodations (not the case manager's notes); logged first. */
export async function childPlans(services: Services, reader: Reader, studentId: string) {
  return { studentId, plans: await childView(services, reader, studentId, PLANS) };
}

export const PlanReviewQuery = PageQuery.extend({ dueBy: IsoDate.optional() });

export interface PlanReview {
  readonly studentId: string;
  readonly recordId: string;
  readonly kind: string;
  readonly reviewDue: string;
}

/**
 * A school's 504 plans and IEPs by review date, up to `dueBy` (all when absent): dates and ids
 * only, from the index, so nothing is opened.
 */
export async function planReviews(
  services: Services,
  schoolId: string,
  query: z.infer<typeof PlanReviewQuery>,
  reader: Reader,
): Promise<Page<PlanReview>> {
  await services.access.authorize(reader.principal, 'list', 'studentPlan', { schoolId }, { schoolId });
  const page = await services.records.query(PLANS.type, {
    index: 'gsi1',
    partition: keys.planReviewsOfSchool(schoolId),
    sortKeyPrefix: '',
    ...(query.dueBy ? { sortKeyBetween: ['0000', `${query.dueBy}#\uffff`] as const } : {}),
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return {
    items: page.items.map((plan) => {
      const data = plan.data;
      return { studentId: data.studentId, recordId: plan.id, kind: data.kind, reviewDue: data.reviewDue! };
    }),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
