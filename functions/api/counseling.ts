import { COUNSELING, PLANS } from '../../domain/records/confidential-types';
import { parseOrThrow } from '../../domain/validation';
import { apiHandler, type RouteHandler } from '../http/api-handler';
import { confidentialOperations, readerOfRequest } from '../http/confidential-routes';
import { routeHandler } from '../http/record-routes';
import { getServices } from '../services';
import { childPlans, planReviews, PlanReviewQuery, studentAccommodations } from '../use-cases/confidential/plan-views';

const collection = (segment: string) => (studentId: string) => `/v1/students/${encodeURIComponent(studentId)}/${segment}`;

const operations: Record<string, RouteHandler> = {
  ...confidentialOperations(COUNSELING, 'counselingRecord', collection('counseling-records')),
  ...confidentialOperations(PLANS, 'studentPlan', collection('plans')),
  studentAccommodations: async (request) => ({
    statusCode: 200,
    body: await studentAccommodations(getServices(), request.pathParameters.studentId!, readerOfRequest(request)),
  }),
  childPlans: async (request) => ({
    statusCode: 200,
    body: await childPlans(getServices(), readerOfRequest(request), request.pathParameters.studentId!),
  }),
  planReviews: async (request) => ({
    statusCode: 200,
    body: await planReviews(
      getServices(),
      request.pathParameters.schoolId!,
      parseOrThrow(PlanReviewQuery, request.query),
      readerOfRequest(request),
    ),
  }),
};

/** Counseling and special education: counseling notes and referrals, 504 plans, IEPs and graduation plans. */
export const handler = apiHandler('counseling', (route) => routeHandler(route, operations));
