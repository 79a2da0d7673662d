import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { apiHandler, type ApiRequest, type ApiResponse, type RouteHandler } from '../http/api-handler';
import { respondOnce, writeContext } from '../http/idempotency';
import { routeHandler } from '../http/record-routes';
import { sqsQueue } from '../platform/sqs-queue';
import { getServices } from '../services';
import { readSchedulingRun, SchedulingRunQuery, startSchedulingRun } from '../use-cases/scheduling/scheduling-run';
import type { RecordResult } from '../use-cases/records/record-view';
import { assignStudent } from '../use-cases/scheduling/assign-student';
import { addToRoster, replaceSchedule } from '../use-cases/scheduling/bulk-placements';
import { listCourseRequests, submitCourseRequests } from '../use-cases/scheduling/course-requests';
import { dropStudent } from '../use-cases/scheduling/drop-student';
import { listSnapshots, restoreSnapshot, snapshotMasterSchedule, SnapshotListQuery } from '../use-cases/scheduling/master-schedule';
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

const schedulingQueue = sqsQueue('scheduling');
const param = (request: ApiRequest, name: string) => request.pathParameters[name]!;
const ok = (body: unknown): ApiResponse => ({ statusCode: 200, body });
const entryResponse = (result: RecordResult): ApiResponse => ({
  statusCode: 200,
  headers: { etag: `"${result.version}"` },
  body: result.record,
});

const operations: Record<string, RouteHandler> = {
  listSections: async (request) =>
    ok(await listSections(getServices(), param(request, 'schoolId'), parseOrThrow(SectionQuery, request.query), request.principal)),
  assignStudent: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => assignStudent(getServices(), param(request, 'sectionId'), param(request, 'studentId'), request.body, context),
      entryResponse,
    );
  },
  dropStudent: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => dropStudent(getServices(), param(request, 'sectionId'), param(request, 'studentId'), request.body, context),
      entryResponse,
    );
  },
  listRoster: async (request) =>
    ok(await listRoster(getServices(), param(request, 'sectionId'), parseOrThrow(PageQuery, request.query), request.principal)),
  addToRoster: async (request) => ok(await addToRoster(getServices(), param(request, 'sectionId'), request.body, writeContext(request))),
  studentSchedule: async (request) =>
    ok(await studentSchedule(getServices(), param(request, 'studentId'), parseOrThrow(Term, request.query), request.principal)),
  replaceSchedule: async (request) => {
    const context = writeContext(request);
    return respondOnce(context, () => replaceSchedule(getServices(), param(request, 'studentId'), request.body, context), ok);
  },
  teacherSections: async (request) =>
    ok(await teacherSections(getServices(), param(request, 'staffId'), parseOrThrow(TermPageQuery, request.query), request.principal)),
  openSeats: async (request) =>
    ok(await openSeats(getServices(), param(request, 'schoolId'), parseOrThrow(Term, request.query), request.principal)),
  submitCourseRequests: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => submitCourseRequests(getServices(), param(request, 'studentId'), request.body, context),
      (result) => ({
        ...entryResponse(result),
        statusCode: 200,
      }),
    );
  },
  listCourseRequests: async (request) =>
    ok(await listCourseRequests(getServices(), param(request, 'studentId'), parseOrThrow(PageQuery, request.query), request.principal)),
  snapshotMasterSchedule: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => snapshotMasterSchedule(getServices(), param(request, 'schoolId'), param(request, 'termCode'), request.body, context),
      (header) => ({ statusCode: 201, body: header }),
    );
  },
  listSnapshots: async (request) =>
    ok(
      await listSnapshots(
        getServices(),
        param(request, 'schoolId'),
        param(request, 'termCode'),
        parseOrThrow(SnapshotListQuery, request.query),
        request.principal,
      ),
    ),
  startSchedulingRun: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () =>
        startSchedulingRun(getServices(), schedulingQueue, param(request, 'schoolId'), param(request, 'termCode'), request.body, context),
      (run) => ({ statusCode: 202, headers: { location: run.runUrl }, body: run }),
    );
  },
  schedulingRun: async (request) =>
    ok(
      await readSchedulingRun(
        getServices(),
        param(request, 'schoolId'),
        param(request, 'runId'),
        parseOrThrow(SchedulingRunQuery, request.query),
        request.principal,
      ),
    ),
  restoreSnapshot: async (request) =>
    ok(
      await restoreSnapshot(
        getServices(),
        param(request, 'schoolId'),
        param(request, 'termCode'),
        param(request, 'snapshotId'),
        request.body,
        writeContext(request),
      ),
    ),
};

/** Scheduling: courses, sections, rosters, schedules, course requests and master-schedule snapshots. */
export const handler = apiHandler('scheduling', (route) => routeHandler(route, operations));
