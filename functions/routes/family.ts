import { PreferencesSchema } from '../../domain/notifications/preferences';
import { guardianType } from '../../domain/records/record-types';
import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { respondOnce, writeContext } from '../http/idempotency';
import { ifMatchVersion } from '../http/record-routes';
import { etagOf, ok, withVersion } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { AttendanceRangeQuery } from '../use-cases/attendance/take-attendance';
import { ChildGradesQuery, childGrades, childReportCards } from '../use-cases/family/child-grades';
import { childProfile, childSchedule, ChildTermQuery, me, myChildren, updateMe } from '../use-cases/family/family';
import {
  childAttendance,
  myNotifications,
  myPreferences,
  readNotification,
  setMyPreferences,
} from '../use-cases/notifications/family-notices';
import { view } from '../use-cases/records/record-view';

/** The parent portal (the `parents` function): everything is scoped to the guardian the caller's token names. */
export const FAMILY_ROUTES = served('parents', [
  route({
    method: 'GET',
    path: '/v1/me',
    access: { resource: 'family', action: 'list' },
    operationId: 'me',
    summary: 'Your own guardian record',
    // 404 on the parent's own routes: the token names a guardian record that staff have since deleted.
    contract: (c) => ({ answers: { 200: c.json(c.GuardianView, 'Your guardian record', c.HEADERS.etag) }, problems: [404] }),
    run: async (request) => {
      const record = await me(getServices(), request.principal);
      return { statusCode: 200, headers: { etag: etagOf(record.version) }, body: view(guardianType, record) };
    },
  }),
  route({
    method: 'PATCH',
    path: '/v1/me',
    access: { resource: 'family', action: 'update' },
    operationId: 'updateMe',
    summary: 'Change your own contact details (If-Match required)',
    contract: (c) => ({
      body: c.MePatch,
      ifMatch: 'required',
      problems: [404],
      answers: { 200: c.json(c.GuardianView, 'Your guardian record as changed', c.HEADERS.etag) },
    }),
    run: async (request) => {
      const context = writeContext(request);
      const expected = ifMatchVersion(request, true);
      return respondOnce(
        context,
        () => updateMe(getServices(), request.body, expected, context),
        (result) => withVersion(result),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/me/children',
    access: { resource: 'family', action: 'list' },
    operationId: 'myChildren',
    summary: 'Your children whose education records you may see',
    contract: (c) => ({ answers: { 200: c.json(c.ChildrenSchema, 'Your children with educational rights') } }),
    run: async (request) => ok(await myChildren(getServices(), request.principal)),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}',
    access: { resource: 'family', action: 'read' },
    operationId: 'childProfile',
    summary: "A child's profile and the school's contacts",
    contract: (c) => ({ answers: { 200: c.json(c.ChildProfileSchema, "A child's profile and school") } }),
    run: async (request) => ok(await childProfile(getServices(), request.principal, request.pathParameters.studentId)),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}/schedule',
    access: { resource: 'family', action: 'read' },
    operationId: 'childSchedule',
    summary: "A child's classes this term, with periods, rooms and teachers",
    contract: (c) => ({ query: ChildTermQuery, answers: { 200: c.json(c.ChildScheduleSchema, "A child's classes") } }),
    run: async (request) =>
      ok(
        await childSchedule(
          getServices(),
          request.principal,
          request.pathParameters.studentId,
          parseOrThrow(ChildTermQuery, request.query),
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}/attendance',
    access: { resource: 'family', action: 'read' },
    operationId: 'childAttendance',
    summary: "A child's attendance marks and summary over a date range",
    contract: (c) => ({
      query: AttendanceRangeQuery,
      answers: { 200: c.json(c.StudentAttendanceSchema, "The child's marks and summary") },
    }),
    run: async (request) =>
      ok(
        await childAttendance(
          getServices(),
          request.principal,
          request.pathParameters.studentId,
          parseOrThrow(AttendanceRangeQuery, request.query),
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}/grades',
    access: { resource: 'family', action: 'read' },
    operationId: 'childGrades',
    summary: "A child's current grades with their explanation, and the published work: scored, missing, upcoming",
    contract: (c) => ({
      query: ChildGradesQuery,
      answers: { 200: c.json(c.ChildGradesView, "The child's grades this term (or the term asked for)") },
    }),
    run: async (request) =>
      ok(
        await childGrades(
          getServices(),
          request.principal,
          request.pathParameters.studentId,
          parseOrThrow(ChildGradesQuery, request.query),
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/me/children/{studentId}/report-cards',
    access: { resource: 'family', action: 'read' },
    operationId: 'childReportCards',
    summary: "A child's posted report-card marks",
    contract: (c) => ({ answers: { 200: c.json(c.ReportCardsView, "The child's posted marks") } }),
    run: async (request) => ok(await childReportCards(getServices(), request.principal, request.pathParameters.studentId)),
  }),
  route({
    method: 'GET',
    path: '/v1/me/notification-preferences',
    access: { resource: 'family', action: 'list' },
    operationId: 'myPreferences',
    summary: 'Your notification preferences',
    contract: (c) => ({
      answers: { 200: c.json(c.StoredPreferencesSchema, 'Your preferences (the defaults, version 0, until you set them)', c.HEADERS.etag) },
    }),
    run: async (request) => {
      const stored = await myPreferences(getServices(), request.principal);
      return { statusCode: 200, headers: { etag: etagOf(stored.version) }, body: stored };
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/me/notification-preferences',
    access: { resource: 'family', action: 'update' },
    operationId: 'setMyPreferences',
    summary: 'Set your notification preferences: channels, language, quiet hours, kinds, immediate or daily digest',
    contract: (c) => ({
      body: PreferencesSchema,
      ifMatch: 'optional',
      answers: { 200: c.json(c.StoredPreferencesSchema, 'Your preferences as stored', c.HEADERS.etag) },
    }),
    run: async (request) => {
      const stored = await setMyPreferences(getServices(), request.principal, request.body, ifMatchVersion(request, false));
      return { statusCode: 200, headers: { etag: etagOf(stored.version) }, body: stored };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/me/notifications',
    access: { resource: 'family', action: 'list' },
    operationId: 'myNotifications',
    summary: 'Your notifications, newest first',
    contract: (c) => ({
      query: PageQuery,
      answers: { 200: c.json(c.page(c.InboxNoticeSchema), 'A page of your notifications, newest first') },
    }),
    run: async (request) => ok(await myNotifications(getServices(), request.principal, parseOrThrow(PageQuery, request.query))),
  }),
  route({
    method: 'POST',
    path: '/v1/me/notifications/{notificationId}/read',
    access: { resource: 'family', action: 'update' },
    operationId: 'readNotification',
    summary: 'Mark one of your notifications read',
    contract: (c) => ({ answers: { 200: c.json(c.InboxNoticeSchema, 'The notification, with when you first read it') } }),
    run: async (request) => ok(await readNotification(getServices(), request.principal, request.pathParameters.notificationId)),
  }),
]);
