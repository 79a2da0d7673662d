import { AssignmentSchema, ScoresSchema } from '../../domain/gradebook/schemas';
import { respondOnce, writeContext } from '../http/idempotency';
import { transferCreditType } from '../../domain/records/record-types';
import { ifMatchVersion, recordRoutes, records } from '../http/record-routes';
import { ok, versioned } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import {
  AssignmentPatch,
  createAssignment,
  deleteAssignment,
  GradebookSettingsBody,
  listAssignments,
  putGradebookSettings,
  readAssignment,
  readGradebookSettings,
  restoreAssignment,
  updateAssignment,
} from '../use-cases/gradebook/gradebook-setup';
import { postScores, readScores, scoreHistory } from '../use-cases/gradebook/post-scores';
import { sectionGrades, StudentGradesQuery, studentGrades } from '../use-cases/gradebook/read-grades';
import { enterMarks, MarksBody, postMarks, readMarks } from '../use-cases/gradebook/term-marks';
import { studentTranscript } from '../use-cases/gradebook/transcript';
import { unpostMarks } from '../use-cases/gradebook/unpost-marks';

/** The gradebook: a section's settings and assignments, the roster's scores, current grades, report-card marks and transcripts. */
export const GRADEBOOK_ROUTES = served('gradebook', [
  route({
    method: 'PUT',
    path: '/v1/sections/{sectionId}/gradebook/settings',
    access: { resource: 'gradebook', action: 'update' },
    operationId: 'putGradebookSettings',
    summary: "Set up or change a section's gradebook: weighted or points, categories, missing work, scale, low-grade threshold",
    contract: (c) => ({
      body: GradebookSettingsBody,
      ifMatch: 'optional',
      answers: { 200: c.json(c.SettingsView, 'The settings as stored', c.HEADERS.etag) },
    }),
    run: async (request) => {
      const context = writeContext(request);
      return respondOnce(
        context,
        () => putGradebookSettings(getServices(), request.pathParameters.sectionId, request.body, ifMatchVersion(request, false), context),
        versioned,
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sections/{sectionId}/gradebook/settings',
    access: { resource: 'gradebook', action: 'read' },
    operationId: 'readGradebookSettings',
    summary: "A section's gradebook settings and the scale in force",
    contract: (c) => ({ answers: { 200: c.json(c.SettingsView, 'The settings', c.HEADERS.etag) }, problems: [409] }),
    run: async (request) => versioned(await readGradebookSettings(getServices(), request.pathParameters.sectionId, request.principal)),
  }),
  route({
    method: 'POST',
    path: '/v1/sections/{sectionId}/gradebook/assignments',
    access: { resource: 'gradebook', action: 'create' },
    operationId: 'createAssignment',
    summary: "Add an assignment to a section's gradebook",
    contract: (c) => ({
      body: AssignmentSchema,
      answers: { 201: c.json(c.AssignmentView, 'The new assignment', { ...c.HEADERS.location, ...c.HEADERS.etag }) },
    }),
    run: async (request) => {
      const { sectionId } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(
        context,
        () => createAssignment(getServices(), sectionId, request.body, context),
        (result) => ({
          statusCode: 201,
          body: result,
          headers: {
            ETag: `"${result.version}"`,
            Location: `/v1/sections/${sectionId}/gradebook/assignments/${String(result.assignmentId)}`,
          },
        }),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sections/{sectionId}/gradebook/assignments',
    access: { resource: 'gradebook', action: 'list' },
    operationId: 'listAssignments',
    summary: "A section's assignments, by due date",
    contract: (c) => ({ answers: { 200: c.json(c.AssignmentsView, "The section's assignments") } }),
    run: async (request) => ok(await listAssignments(getServices(), request.pathParameters.sectionId, request.principal)),
  }),
  route({
    method: 'GET',
    path: '/v1/sections/{sectionId}/gradebook/assignments/{assignmentId}',
    access: { resource: 'gradebook', action: 'read' },
    operationId: 'readAssignment',
    summary: 'Read an assignment',
    contract: (c) => ({ answers: { 200: c.json(c.AssignmentView, 'The assignment', c.HEADERS.etag) } }),
    run: async (request) => {
      const { sectionId, assignmentId } = request.pathParameters;
      return versioned(await readAssignment(getServices(), sectionId, assignmentId, request.principal));
    },
  }),
  route({
    method: 'PATCH',
    path: '/v1/sections/{sectionId}/gradebook/assignments/{assignmentId}',
    access: { resource: 'gradebook', action: 'update' },
    operationId: 'updateAssignment',
    summary: 'Change an assignment (If-Match optional)',
    contract: (c) => ({
      body: AssignmentPatch,
      ifMatch: 'optional',
      answers: { 200: c.json(c.AssignmentView, 'The assignment as changed', c.HEADERS.etag) },
    }),
    run: async (request) => {
      const { sectionId, assignmentId } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(
        context,
        () => updateAssignment(getServices(), sectionId, assignmentId, request.body, ifMatchVersion(request, false), context),
        versioned,
      );
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/sections/{sectionId}/gradebook/assignments/{assignmentId}',
    access: { resource: 'gradebook', action: 'delete' },
    operationId: 'deleteAssignment',
    summary: 'Delete an assignment (soft: it and its scores leave the grade)',
    contract: (c) => ({
      ifMatch: 'optional',
      answers: { 200: c.json(c.AssignmentView, 'The assignment, marked deleted', c.HEADERS.etag) },
    }),
    run: async (request) => {
      const { sectionId, assignmentId } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(
        context,
        () => deleteAssignment(getServices(), sectionId, assignmentId, ifMatchVersion(request, false), context),
        versioned,
      );
    },
  }),
  route({
    method: 'POST',
    path: '/v1/sections/{sectionId}/gradebook/assignments/{assignmentId}/restore',
    access: { resource: 'gradebook', action: 'delete' },
    operationId: 'restoreAssignment',
    summary: 'Restore a deleted assignment (If-Match optional): it and the scores it kept count again',
    contract: (c) => ({
      ifMatch: 'optional',
      answers: { 200: c.json(c.AssignmentView, 'The assignment, live again with the scores it kept', c.HEADERS.etag) },
      problems: [409],
    }),
    run: async (request) => {
      const { sectionId, assignmentId } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(
        context,
        () => restoreAssignment(getServices(), sectionId, assignmentId, ifMatchVersion(request, false), context),
        versioned,
      );
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/sections/{sectionId}/assignments/{assignmentId}/scores',
    access: { resource: 'gradebook', action: 'update' },
    operationId: 'postScores',
    summary: "Enter or correct one assignment's scores for the roster at once (idempotent; corrections need X-Change-Reason)",
    contract: (c) => ({ body: ScoresSchema, answers: { 200: c.json(c.ScoresResult, 'The scores as stored') } }),
    run: async (request) => {
      const { sectionId, assignmentId } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(context, () => postScores(getServices(), sectionId, assignmentId, request.body, context), ok);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sections/{sectionId}/assignments/{assignmentId}/scores',
    access: { resource: 'gradebook', action: 'read' },
    operationId: 'readScores',
    summary: "An assignment's scores, and the students not scored yet",
    contract: (c) => ({ answers: { 200: c.json(c.ScoresView, "The assignment's scores") } }),
    run: async (request) => {
      const { sectionId, assignmentId } = request.pathParameters;
      return ok(await readScores(getServices(), sectionId, assignmentId, request.principal));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sections/{sectionId}/assignments/{assignmentId}/scores/{studentId}/history',
    access: { resource: 'gradebook', action: 'history' },
    operationId: 'scoreHistory',
    summary: "A student's score on an assignment, every version with who changed it, when and why",
    contract: (c) => ({ answers: { 200: c.json(c.ScoreHistoryView, 'The versions of the score, newest first') } }),
    run: async (request) => {
      const { sectionId, assignmentId, studentId } = request.pathParameters;
      return ok(await scoreHistory(getServices(), sectionId, assignmentId, studentId, request.principal));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sections/{sectionId}/grades',
    access: { resource: 'gradebook', action: 'read' },
    operationId: 'sectionGrades',
    summary: "The class's current grades, each with its explanation",
    contract: (c) => ({ answers: { 200: c.json(c.SectionGradesView, "The roster's current grades") }, problems: [409] }),
    run: async (request) => ok(await sectionGrades(getServices(), request.pathParameters.sectionId, request.principal)),
  }),
  route({
    method: 'PUT',
    path: '/v1/sections/{sectionId}/marks/{gradingPeriod}',
    access: { resource: 'reportCard', action: 'update' },
    operationId: 'enterMarks',
    summary: "Enter or accept the computed report-card marks of a grading period (the term's code: final marks), with comments",
    contract: (c) => ({ body: MarksBody, answers: { 200: c.json(c.MarksEntered, 'The marks as stored') } }),
    run: async (request) => {
      const { sectionId, gradingPeriod } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(context, () => enterMarks(getServices(), sectionId, gradingPeriod, request.body, context), ok);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sections/{sectionId}/marks/{gradingPeriod}',
    access: { resource: 'reportCard', action: 'read' },
    operationId: 'readMarks',
    summary: "A section's report-card marks of a grading period, and whether they are posted",
    contract: (c) => ({ answers: { 200: c.json(c.PeriodMarksView, "The period's marks") } }),
    run: async (request) => {
      const { sectionId, gradingPeriod } = request.pathParameters;
      return ok(await readMarks(getServices(), sectionId, gradingPeriod, request.principal));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/sections/{sectionId}/marks/{gradingPeriod}/post',
    access: { resource: 'reportCard', action: 'update' },
    operationId: 'postMarks',
    summary: 'Post (lock) the marks of a grading period; families are told; final marks record course completions',
    contract: (c) => ({ answers: { 200: c.json(c.MarksPosted, 'The marks posted, and the course completions recorded') } }),
    run: async (request) => {
      const { sectionId, gradingPeriod } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(context, () => postMarks(getServices(), sectionId, gradingPeriod, context), ok);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/sections/{sectionId}/marks/{gradingPeriod}/unpost',
    access: { resource: 'reportCard', action: 'update' },
    operationId: 'unpostMarks',
    summary: 'Take a posted grading period back to draft (administrators, X-Change-Reason); final marks withdraw their course completions',
    contract: (c) => ({
      answers: { 200: c.json(c.MarksUnposted, 'The marks returned to draft, and the course completions withdrawn') },
      problems: [409],
    }),
    run: async (request) => {
      const { sectionId, gradingPeriod } = request.pathParameters;
      const context = writeContext(request);
      return respondOnce(context, () => unpostMarks(getServices(), sectionId, gradingPeriod, context), ok);
    },
  }),
  // Courses completed at another school, kept by the office and counselors; the transcript shows them.
  ...recordRoutes(records(transferCreditType, { listing: 'transferCreditsOfStudent' }), {
    collection: '/v1/students/{studentId}/transfer-credits',
    item: '/v1/students/{studentId}/transfer-credits/{transferCreditId}',
  }),
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/transcript',
    access: { resource: 'studentGrades', action: 'read' },
    operationId: 'studentTranscript',
    summary: "A student's transcript: courses, final marks, credits attempted and earned, GPA per term and cumulative",
    contract: (c) => ({ answers: { 200: c.json(c.TranscriptView, "The student's transcript") } }),
    run: async (request) => ok(await studentTranscript(getServices(), request.pathParameters.studentId, request.principal)),
  }),
  route({
    method: 'GET',
    path: '/v1/students/{studentId}/grades',
    access: { resource: 'studentGrades', action: 'read' },
    operationId: 'studentGrades',
    summary: "A student's current grades in a term's sections, each with its explanation",
    contract: (c) => ({
      query: StudentGradesQuery,
      answers: { 200: c.json(c.StudentGradesView, "The student's current grades in the term's sections") },
    }),
    run: async (request) => ok(await studentGrades(getServices(), request.pathParameters.studentId, request.query, request.principal)),
  }),
]);
