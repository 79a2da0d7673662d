import { courseType, sectionCoverType, sectionType } from '../../domain/records/record-types';
import {
  AssignmentSchema,
  CourseRequestSchema,
  DropSchema,
  RosterAdditionSchema,
  TermScheduleSchema,
} from '../../domain/scheduling/schemas';
import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { respondOnce, writeContext } from '../http/idempotency';
import { recordRoutes, records } from '../http/record-routes';
import { ok, withVersion } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { assignStudent } from '../use-cases/scheduling/assign-student';
import { addToRoster, replaceSchedule } from '../use-cases/scheduling/bulk-placements';
import { listCourseRequests, submitCourseRequests } from '../use-cases/scheduling/course-requests';
import { dropStudent } from '../use-cases/scheduling/drop-student';
import {
  listRoster,
  listSections,
  openSeats,
  SectionQuery,
  studentSchedule,
  teacherSections,
  Term,
  TermPageQuery,
} from '../use-cases/scheduling/read-schedules';
import { MASTER_SCHEDULE_ROUTES } from './master-schedule';

/** Scheduling: courses, sections, rosters, schedules and course requests; then the master schedule's snapshots and runs. */
export const SCHEDULING_ROUTES = [
  ...served('scheduling', [
    ...recordRoutes(records(courseType, { listing: 'coursesOfSchool' }), {
      collection: '/v1/schools/{schoolId}/courses',
      item: '/v1/courses/{courseId}',
    }),
    ...recordRoutes(records(sectionType), { collection: '/v1/schools/{schoolId}/sections', item: '/v1/sections/{sectionId}' }),
    // A substitute's cover of a section for some days (decision 0147): the office grants it.
    ...recordRoutes(records(sectionCoverType, { listing: 'coversOfSection' }), {
      collection: '/v1/sections/{sectionId}/covers',
      item: '/v1/sections/{sectionId}/covers/{coverId}',
    }),
    route({
      method: 'GET',
      path: '/v1/schools/{schoolId}/sections',
      access: { resource: 'section', action: 'list' },
      operationId: 'listSections',
      summary: "A school's sections of a term, by course, period or teacher",
      contract: (c) => ({ query: SectionQuery, answers: { 200: c.json(c.sectionPage('schoolId'), "A page of the term's sections") } }),
      run: async (request) =>
        ok(
          await listSections(getServices(), request.pathParameters.schoolId, parseOrThrow(SectionQuery, request.query), request.principal),
        ),
    }),
    route({
      method: 'PUT',
      path: '/v1/sections/{sectionId}/students/{studentId}',
      access: { resource: 'roster', action: 'create' },
      operationId: 'assignStudent',
      summary: 'Put a student in a section (capacity, period conflicts, prerequisites held in one transaction)',
      contract: (c) => ({
        body: AssignmentSchema,
        bodyRequired: false,
        answers: { 200: c.json(c.RosterEntryView, "The student's place in the section", c.HEADERS.etag), 409: c.REFUSED },
      }),
      run: async (request) => {
        const { sectionId, studentId } = request.pathParameters;
        const context = writeContext(request);
        return respondOnce(context, () => assignStudent(getServices(), sectionId, studentId, request.body, context), withVersion);
      },
    }),
    route({
      method: 'DELETE',
      path: '/v1/sections/{sectionId}/students/{studentId}',
      access: { resource: 'roster', action: 'delete' },
      operationId: 'dropStudent',
      summary: 'Take a student out of a section (reason required)',
      contract: (c) => ({ body: DropSchema, answers: { 200: c.json(c.RosterEntryView, 'The place, marked dropped', c.HEADERS.etag) } }),
      run: async (request) => {
        const { sectionId, studentId } = request.pathParameters;
        const context = writeContext(request);
        return respondOnce(context, () => dropStudent(getServices(), sectionId, studentId, request.body, context), withVersion);
      },
    }),
    route({
      method: 'GET',
      path: '/v1/sections/{sectionId}/students',
      access: { resource: 'roster', action: 'list' },
      operationId: 'listRoster',
      summary: "A section's roster",
      contract: (c) => ({ query: PageQuery, answers: { 200: c.json(c.RosterPageSchema, "A page of the section's roster") } }),
      run: async (request) =>
        ok(await listRoster(getServices(), request.pathParameters.sectionId, parseOrThrow(PageQuery, request.query), request.principal)),
    }),
    route({
      method: 'POST',
      path: '/v1/sections/{sectionId}/roster',
      access: { resource: 'roster', action: 'create' },
      operationId: 'addToRoster',
      summary: 'Put up to 200 students in a section, with a result per student',
      contract: (c) => ({ body: RosterAdditionSchema, answers: { 200: c.json(c.RosterAdditionResultSchema, 'A result per student') } }),
      run: async (request) => ok(await addToRoster(getServices(), request.pathParameters.sectionId, request.body, writeContext(request))),
    }),
    route({
      method: 'GET',
      path: '/v1/students/{studentId}/schedule',
      access: { resource: 'schedule', action: 'read' },
      operationId: 'studentSchedule',
      summary: "A student's class schedule for a term",
      contract: (c) => ({ query: Term, answers: { 200: c.json(c.StudentScheduleSchema, "The student's classes") } }),
      run: async (request) =>
        ok(await studentSchedule(getServices(), request.pathParameters.studentId, parseOrThrow(Term, request.query), request.principal)),
    }),
    route({
      method: 'PUT',
      path: '/v1/students/{studentId}/schedule',
      access: { resource: 'schedule', action: 'update' },
      operationId: 'replaceSchedule',
      summary: "Set a student's whole term schedule, all or nothing",
      contract: (c) => ({
        body: TermScheduleSchema,
        answers: { 200: c.json(c.ScheduleChangeSchema, 'The schedule as set'), 409: c.REFUSED },
      }),
      run: async (request) => {
        const context = writeContext(request);
        return respondOnce(context, () => replaceSchedule(getServices(), request.pathParameters.studentId, request.body, context), ok);
      },
    }),
    route({
      method: 'GET',
      path: '/v1/staff/{staffId}/sections',
      access: { resource: 'section', action: 'list' },
      operationId: 'teacherSections',
      summary: "A teacher's sections of a term",
      contract: (c) => ({ query: TermPageQuery, answers: { 200: c.json(c.sectionPage('staffId'), "A page of the teacher's sections") } }),
      run: async (request) =>
        ok(
          await teacherSections(
            getServices(),
            request.pathParameters.staffId,
            parseOrThrow(TermPageQuery, request.query),
            request.principal,
          ),
        ),
    }),
    route({
      method: 'GET',
      path: '/v1/schools/{schoolId}/open-seats',
      access: { resource: 'section', action: 'list' },
      operationId: 'openSeats',
      summary: 'Seats left per course and section in a term',
      contract: (c) => ({ query: Term, answers: { 200: c.json(c.OpenSeatsSchema, 'Seats left') } }),
      run: async (request) =>
        ok(await openSeats(getServices(), request.pathParameters.schoolId, parseOrThrow(Term, request.query), request.principal)),
    }),
    route({
      method: 'POST',
      path: '/v1/students/{studentId}/course-requests',
      access: { resource: 'courseRequest', action: 'create' },
      operationId: 'submitCourseRequests',
      summary: "Set a student's course requests for a term",
      contract: (c) => ({
        body: CourseRequestSchema,
        answers: { 200: c.json(c.CourseRequestsView, "The term's course requests as set", c.HEADERS.etag) },
      }),
      run: async (request) => {
        const context = writeContext(request);
        return respondOnce(
          context,
          () => submitCourseRequests(getServices(), request.pathParameters.studentId, request.body, context),
          (result) => withVersion(result),
        );
      },
    }),
    route({
      method: 'GET',
      path: '/v1/students/{studentId}/course-requests',
      access: { resource: 'courseRequest', action: 'list' },
      operationId: 'listCourseRequests',
      summary: "A student's course requests",
      contract: (c) => ({ query: PageQuery, answers: { 200: c.json(c.CourseRequestsPage, 'Term by term') } }),
      run: async (request) =>
        ok(
          await listCourseRequests(
            getServices(),
            request.pathParameters.studentId,
            parseOrThrow(PageQuery, request.query),
            request.principal,
          ),
        ),
    }),
  ]),
  ...MASTER_SCHEDULE_ROUTES,
];
