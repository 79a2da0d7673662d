import { apiHandler, type ApiRequest, type ApiResponse, type RouteHandler } from '../http/api-handler';
import { respondOnce, writeContext } from '../http/idempotency';
import { ifMatchVersion, routeHandler } from '../http/record-routes';
import { getServices } from '../services';
import {
  createAssignment,
  deleteAssignment,
  listAssignments,
  putGradebookSettings,
  readAssignment,
  readGradebookSettings,
  restoreAssignment,
  updateAssignment,
} from '../use-cases/gradebook/gradebook-setup';
import { postScores, readScores, scoreHistory } from '../use-cases/gradebook/post-scores';
import { sectionGrades, studentGrades } from '../use-cases/gradebook/read-grades';
import { enterMarks, postMarks, readMarks } from '../use-cases/gradebook/term-marks';
import { studentTranscript } from '../use-cases/gradebook/transcript';
import { unpostMarks } from '../use-cases/gradebook/unpost-marks';

const param = (request: ApiRequest, name: string) => request.pathParameters[name]!;
const ok = (body: unknown): ApiResponse => ({ statusCode: 200, body });
const created = (body: unknown): ApiResponse => ({ statusCode: 201, body });
const etagged = (body: { version: number }): ApiResponse => ({ statusCode: 200, body, headers: { ETag: `"${body.version}"` } });

const operations: Record<string, RouteHandler> = {
  putGradebookSettings: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => putGradebookSettings(getServices(), param(request, 'sectionId'), request.body, ifMatchVersion(request, false), context),
      etagged,
    );
  },
  readGradebookSettings: async (request) =>
    etagged(await readGradebookSettings(getServices(), param(request, 'sectionId'), request.principal)),
  createAssignment: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => createAssignment(getServices(), param(request, 'sectionId'), request.body, context),
      (result) => ({
        ...created(result),
        headers: {
          ETag: `"${result.version}"`,
          Location: `/v1/sections/${param(request, 'sectionId')}/gradebook/assignments/${String(result.assignmentId)}`,
        },
      }),
    );
  },
  listAssignments: async (request) => ok(await listAssignments(getServices(), param(request, 'sectionId'), request.principal)),
  readAssignment: async (request) =>
    etagged(await readAssignment(getServices(), param(request, 'sectionId'), param(request, 'assignmentId'), request.principal)),
  updateAssignment: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () =>
        updateAssignment(
          getServices(),
          param(request, 'sectionId'),
          param(request, 'assignmentId'),
          request.body,
          ifMatchVersion(request, false),
          context,
        ),
      etagged,
    );
  },
  deleteAssignment: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () =>
        deleteAssignment(
          getServices(),
          param(request, 'sectionId'),
          param(request, 'assignmentId'),
          ifMatchVersion(request, false),
          context,
        ),
      etagged,
    );
  },
  restoreAssignment: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () =>
        restoreAssignment(
          getServices(),
          param(request, 'sectionId'),
          param(request, 'assignmentId'),
          ifMatchVersion(request, false),
          context,
        ),
      etagged,
    );
  },
  postScores: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => postScores(getServices(), param(request, 'sectionId'), param(request, 'assignmentId'), request.body, context),
      ok,
    );
  },
  readScores: async (request) =>
    ok(await readScores(getServices(), param(request, 'sectionId'), param(request, 'assignmentId'), request.principal)),
  scoreHistory: async (request) =>
    ok(
      await scoreHistory(
        getServices(),
        param(request, 'sectionId'),
        param(request, 'assignmentId'),
        param(request, 'studentId'),
        request.principal,
      ),
    ),
  enterMarks: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => enterMarks(getServices(), param(request, 'sectionId'), param(request, 'gradingPeriod'), request.body, context),
      ok,
    );
  },
  postMarks: async (request) => {
    const context = writeContext(request);
    return respondOnce(context, () => postMarks(getServices(), param(request, 'sectionId'), param(request, 'gradingPeriod'), context), ok);
  },
  unpostMarks: async (request) => {
    const context = writeContext(request);
    return respondOnce(
      context,
      () => unpostMarks(getServices(), param(request, 'sectionId'), param(request, 'gradingPeriod'), context),
      ok,
    );
  },
  readMarks: async (request) =>
    ok(await readMarks(getServices(), param(request, 'sectionId'), param(request, 'gradingPeriod'), request.principal)),
  studentTranscript: async (request) => ok(await studentTranscript(getServices(), param(request, 'studentId'), request.principal)),
  sectionGrades: async (request) => ok(await sectionGrades(getServices(), param(request, 'sectionId'), request.principal)),
  studentGrades: async (request) => ok(await studentGrades(getServices(), param(request, 'studentId'), request.query, request.principal)),
};

/** The gradebook: a section's settings and assignments, the roster's scores, current grades, report-card marks and transcripts. */
export const handler = apiHandler('gradebook', (route) => routeHandler(route, operations));
