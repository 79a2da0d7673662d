import { parseOrThrow } from '../../domain/validation';
import { apiHandler, type ApiRequest, type RouteHandler } from '../http/api-handler';
import { respondOnce, writeContext } from '../http/idempotency';
import { ifMatchVersion } from '../http/record-routes';
import { getServices } from '../services';
import { childProfile, childSchedule, ChildTermQuery, me, myChildren, updateMe } from '../use-cases/family/family';
import { view } from '../use-cases/records/record-view';
import { AttendanceRangeQuery } from '../use-cases/attendance/take-attendance';
import {
  childAttendance,
  myNotifications,
  myPreferences,
  readNotification,
  setMyPreferences,
} from '../use-cases/notifications/family-notices';
import { PageQuery } from '../../domain/schemas/common';
import { guardianType } from '../../domain/records/record-types';
import { ChildGradesQuery, childGrades, childReportCards } from '../use-cases/family/child-grades';

const studentIdOf = (request: ApiRequest) => request.pathParameters.studentId!;

const operations: Record<string, RouteHandler> = {
  me: async (request) => {
    const record = await me(getServices(), request.principal);
    return { statusCode: 200, headers: { etag: `"${record.version}"` }, body: view(guardianType, record) };
  },
  updateMe: async (request) => {
    const context = writeContext(request);
    const expected = ifMatchVersion(request, true);
    return respondOnce(
      context,
      () => updateMe(getServices(), request.body, expected, context),
      (result) => ({ statusCode: 200, headers: { etag: `"${result.version}"` }, body: result.record }),
    );
  },
  myChildren: async (request) => ({ statusCode: 200, body: await myChildren(getServices(), request.principal) }),
  childProfile: async (request) => ({ statusCode: 200, body: await childProfile(getServices(), request.principal, studentIdOf(request)) }),
  childSchedule: async (request) => ({
    statusCode: 200,
    body: await childSchedule(getServices(), request.principal, studentIdOf(request), parseOrThrow(ChildTermQuery, request.query)),
  }),
  childAttendance: async (request) => ({
    statusCode: 200,
    body: await childAttendance(getServices(), request.principal, studentIdOf(request), parseOrThrow(AttendanceRangeQuery, request.query)),
  }),
  childGrades: async (request) => ({
    statusCode: 200,
    body: await childGrades(getServices(), request.principal, studentIdOf(request), parseOrThrow(ChildGradesQuery, request.query)),
  }),
  childReportCards: async (request) => ({
    statusCode: 200,
    body: await childReportCards(getServices(), request.principal, studentIdOf(request)),
  }),
  myPreferences: async (request) => {
    const stored = await myPreferences(getServices(), request.principal);
    return { statusCode: 200, headers: { etag: `"${stored.version}"` }, body: stored };
  },
  setMyPreferences: async (request) => {
    const stored = await setMyPreferences(getServices(), request.principal, request.body, ifMatchVersion(request, false));
    return { statusCode: 200, headers: { etag: `"${stored.version}"` }, body: stored };
  },
  myNotifications: async (request) => ({
    statusCode: 200,
    body: await myNotifications(getServices(), request.principal, parseOrThrow(PageQuery, request.query)),
  }),
  readNotification: async (request) => ({
    statusCode: 200,
    body: await readNotification(getServices(), request.principal, request.pathParameters.notificationId!),
  }),
};

/** The parent portal: a guardian's own children, only those whose education records they may see. */
export const handler = apiHandler('parents', (route) => {
  const name = route.operation.kind === 'custom' ? route.operation.name : '';
  const operation = operations[name];
  if (!operation) throw new Error(`the parents handler has no operation ${name}`);
  return operation;
});
