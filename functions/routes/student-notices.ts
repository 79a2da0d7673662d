import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { studentNotifications } from '../use-cases/notifications/family-notices';
import { NoticeReportQuery, noticeReport, unreachableFamilies } from '../use-cases/notifications/notice-report';

/** What the families were sent and what became of it (the `students` function): a student's, a school's, the district's. */
export const STUDENT_NOTICE_ROUTES = served('students', [
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/notifications',
    access: { resource: 'studentNotifications', action: 'list' },
    operationId: 'studentNotifications',
    summary: "What was sent to a student's guardians: when, by which channel, in which language, and each step of its delivery",
    contract: (c) => ({
      query: PageQuery,
      answers: { 200: c.json(c.page(c.DeliverySchema), "A page of what was sent to the student's guardians, newest first") },
    }),
    run: async (request) =>
      ok(
        await studentNotifications(
          getServices(),
          request.pathParameters.studentId,
          parseOrThrow(PageQuery, request.query),
          request.principal,
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/notifications/report',
    access: { resource: 'studentNotifications', action: 'list' },
    operationId: 'noticeReport',
    summary:
      'Notices per school and day by channel and outcome, and the delay from event to sending (p50, p95): the district sees every school, an office its own',
    contract: (c) => ({
      query: NoticeReportQuery,
      problems: [404],
      answers: { 200: c.json(c.NoticeReportSchema, 'The report, one row per school and day') },
    }),
    run: async (request) => ok(await noticeReport(getServices(), request.principal, request.query)),
  }),
  route({
    method: 'GET',
    path: '/v1/schools/{schoolId}/unreachable-families',
    access: { resource: 'studentNotifications', action: 'list' },
    operationId: 'unreachableFamilies',
    summary: "The school's families no chosen channel reaches (every address bounced, complained or missing), for the office to call",
    contract: (c) => ({
      query: PageQuery,
      problems: [404],
      answers: { 200: c.json(c.page(c.UnreachableFamilyView), 'A page of the families to call') },
    }),
    run: async (request) =>
      ok(
        await unreachableFamilies(
          getServices(),
          request.principal,
          request.pathParameters.schoolId,
          parseOrThrow(PageQuery, request.query),
        ),
      ),
  }),
]);
