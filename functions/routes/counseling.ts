import { BEHAVIOR, COUNSELING, PLANS } from '../../domain/records/confidential-types';
import { parseOrThrow } from '../../domain/validation';
import { confidential, readerOfRequest } from '../http/confidential-routes';
import { recordRoutes } from '../http/record-routes';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { behaviorCounts, BehaviorCountsQuery, behaviorWrites, childBehavior } from '../use-cases/behavior/behavior-records';
import { earlyWarning, EarlyWarningQuery } from '../use-cases/behavior/early-warning';
import { childPlans, planReviews, PlanReviewQuery, studentAccommodations } from '../use-cases/confidential/plan-views';

/**
 * Counseling and special education (the `counseling` function): counseling notes and referrals,
 * 504 plans, IEPs and graduation plans, the accommodations teachers apply, review dates, behavior
 * incidents and discipline actions (decision 0153), and the parent's views. Every read is logged
 * in the record of access (decision 0067).
 */
export const COUNSELING_ROUTES = served('counseling', [
  ...recordRoutes(confidential(COUNSELING), {
    collection: '/v1/students/{studentId}/counseling-records',
    item: '/v1/students/{studentId}/counseling-records/{recordId}',
  }),
  ...recordRoutes(confidential(PLANS), { collection: '/v1/students/{studentId}/plans', item: '/v1/students/{studentId}/plans/{recordId}' }),
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/accommodations',
    access: { resource: 'accommodations', action: 'read' },
    operationId: 'studentAccommodations',
    summary: "The accommodations of a student's 504 plans and IEPs, which their teachers apply (logged)",
    contract: (c) => ({ answers: { 200: c.json(c.Accommodations, 'The accommodations to apply') }, problems: [400, 503] }),
    run: async (request) => ok(await studentAccommodations(getServices(), request.pathParameters.studentId, readerOfRequest(request))),
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/plan-reviews',
    access: { resource: 'studentPlan', action: 'list' },
    operationId: 'planReviews',
    summary: "A school's 504 plans and IEPs by review date (dates and ids only)",
    contract: (c) => ({
      query: PlanReviewQuery,
      answers: { 200: c.json(c.page(c.PlanReview), 'A page of plans by review date, earliest first') },
    }),
    run: async (request) =>
      ok(
        await planReviews(
          getServices(),
          request.pathParameters.schoolId,
          parseOrThrow(PlanReviewQuery, request.query),
          readerOfRequest(request),
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}/plans',
    access: { resource: 'family', action: 'read' },
    operationId: 'childPlans',
    summary: "A child's plans and accommodations, without the case manager's notes (logged)",
    contract: (c) => ({ answers: { 200: c.json(c.ChildPlans, "The child's plans") }, problems: [400, 503] }),
    run: async (request) => ok(await childPlans(getServices(), readerOfRequest(request), request.pathParameters.studentId)),
  }),
  ...recordRoutes(confidential(BEHAVIOR, behaviorWrites), {
    collection: '/v1/students/{studentId}/behavior-records',
    item: '/v1/students/{studentId}/behavior-records/{recordId}',
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/behavior-counts',
    access: { resource: 'behaviorCounts', action: 'list' },
    operationId: 'behaviorCounts',
    summary: "A school's behavior counts of a school year: incidents, roles, behaviors, actions, days out of class (no student named)",
    contract: (c) => ({ query: BehaviorCountsQuery, answers: { 200: c.json(c.BehaviorCounts, 'The counts') } }),
    run: async (request) =>
      ok(
        await behaviorCounts(
          getServices(),
          request.pathParameters.schoolId,
          parseOrThrow(BehaviorCountsQuery, request.query).schoolYear,
          request.principal,
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}/behavior',
    access: { resource: 'family', action: 'read' },
    operationId: 'childBehavior',
    summary: "A child's behavior records: their part in incidents and the actions taken, without staff accounts (logged)",
    contract: (c) => ({ answers: { 200: c.json(c.ChildBehavior, "The child's behavior records") }, problems: [400, 503] }),
    run: async (request) => ok(await childBehavior(getServices(), readerOfRequest(request), request.pathParameters.studentId)),
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/early-warning',
    access: { resource: 'earlyWarning', action: 'list' },
    operationId: 'earlyWarning',
    summary: "A school's early-warning list: students flagged by attendance, behavior or course performance, by tier, with reasons",
    contract: (c) => ({
      query: EarlyWarningQuery,
      answers: { 200: c.json(c.EarlyWarningList, 'The flagged students, intensive tier first') },
    }),
    run: async (request) =>
      ok(
        await earlyWarning(
          getServices(),
          request.pathParameters.schoolId,
          parseOrThrow(EarlyWarningQuery, request.query),
          request.principal,
        ),
      ),
  }),
]);
