import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { studentNotifications } from '../use-cases/notifications/family-notices';

/** What a student's guardians were sent (the `students` function). */
export const STUDENT_NOTICE_ROUTES = served('students', [
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/notifications',
    access: { resource: 'studentNotifications', action: 'list' },
    operationId: 'studentNotifications',
    summary: "What was sent to a student's guardians: when, by which channel, in which language, and its status",
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
]);
