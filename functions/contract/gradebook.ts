/** Contract entries of the gradebook routes (see index.ts). */
import * as z from 'zod';
import { ROUNDING_RULE } from '../../domain/gradebook/grade';
import { MARK_LETTERS } from '../../domain/gradebook/marks';
import { AssignmentSchema, GradingScaleSchema, SCORE_STATUSES, ScoresSchema } from '../../domain/gradebook/schemas';
import { StoredGradebookSettingsSchema } from '../../domain/records/record-types';
import { AssignmentPatch, GradebookSettingsBody } from '../use-cases/gradebook/gradebook-setup';
import { StudentGradesQuery } from '../use-cases/gradebook/read-grades';
import { MarksBody } from '../use-cases/gradebook/term-marks';
import { HEADERS, json, named } from './answers';
import type { EntrySpec } from './index';

const Bookkeeping = { version: z.number().int(), updatedAt: z.string(), updatedBy: z.string(), deletedAt: z.string().optional() };

const SettingsView = named(
  'GradebookSettings',
  StoredGradebookSettingsSchema.extend({
    ...Bookkeeping,
    effectiveScale: GradingScaleSchema,
    effectiveLowGradeThreshold: z.number(),
  }),
  "A section's gradebook settings, with the scale and low-grade threshold in force",
);

const AssignmentView = named(
  'Assignment',
  AssignmentSchema.extend({ assignmentId: z.string(), sectionId: z.string(), schoolId: z.string(), ...Bookkeeping }),
);

const Status = z.enum(SCORE_STATUSES);
const Letter = z.enum(MARK_LETTERS);

const ScoresResult = named(
  'ScoresPosted',
  z.strictObject({
    sectionId: z.string(),
    assignmentId: z.string(),
    added: z.number().int(),
    corrected: z.number().int(),
    unchanged: z.number().int(),
    lowGrades: z.number().int(),
    missing: z.number().int(),
  }),
  'What the post changed (new, corrected, as they were) and the family notices it queued',
);

const ItemExplanation = z.strictObject({
  assignmentId: z.string(),
  title: z.string(),
  points: z.number().nullable(),
  maxPoints: z.number(),
  status: Status.nullable(),
  counted: z.boolean(),
  why: z.string().optional(),
});

const GradeFields = {
  percent: z.number().nullable(),
  letter: Letter.nullable(),
  explanation: z.strictObject({
    mode: z.enum(['weighted', 'points']),
    categories: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        weight: z.number().nullable(),
        effectiveWeight: z.number(),
        earned: z.number(),
        possible: z.number(),
        percent: z.number().nullable(),
        counted: z.boolean(),
        items: z.array(ItemExplanation),
      }),
    ),
    rounding: z.string().describe(ROUNDING_RULE),
  }),
};

const CurrentGradeView = named(
  'CurrentGrade',
  z.strictObject({ studentId: z.string(), ...GradeFields, belowThreshold: z.boolean() }),
  'A current grade: the percent (rounded half-up to 2 decimals), its letter, and per category the percent, weight and items behind it',
);

export const StudentSectionGrade = z.strictObject({
  sectionId: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  teachers: z.array(z.string()),
  gradebook: z.boolean(),
  percent: z.number().nullable(),
  letter: Letter.nullable(),
  explanation: GradeFields.explanation.optional(),
  lowGradeThreshold: z.number().optional(),
});

const MarkView = z.strictObject({
  studentId: z.string(),
  gradingPeriod: z.string(),
  final: z.boolean(),
  letter: Letter,
  percent: z.number().optional(),
  comments: z.array(z.string()),
  source: z.enum(['computed', 'entered']),
  status: z.enum(['draft', 'posted']),
  schoolYear: z.string(),
  termCode: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

const GpaFigures = {
  creditsAttempted: z.number(),
  creditsEarned: z.number(),
  gpaCredits: z.number(),
  unweighted: z.number().nullable(),
  weighted: z.number().nullable(),
};

const TranscriptView = named(
  'Transcript',
  z.strictObject({
    studentId: z.string(),
    terms: z.array(
      z.strictObject({
        schoolYear: z.string(),
        termCode: z.string(),
        ...GpaFigures,
        courses: z.array(
          z.strictObject({
            courseCode: z.string(),
            courseTitle: z.string(),
            courseLevel: z.string(),
            letter: Letter,
            percent: z.number().optional(),
            creditsAttempted: z.number(),
            creditsEarned: z.number(),
          }),
        ),
      }),
    ),
    cumulative: z.strictObject(GpaFigures),
    gradePointTable: z.array(
      z.strictObject({ letter: Letter, gradePoints: z.number().nullable(), passed: z.boolean(), attempted: z.boolean() }),
    ),
    levelBonus: z.record(z.string(), z.number()),
  }),
  "A student's posted final marks by term, with credits and GPAs (3 decimals, rounded half-up) and the grade-point table behind them",
);

export const GRADEBOOK_CONTRACT: Readonly<Record<string, EntrySpec>> = {
  'PUT /v1/sections/{sectionId}/gradebook/settings': {
    body: GradebookSettingsBody,
    ifMatch: 'optional',
    answers: { 200: json(SettingsView, 'The settings as stored', HEADERS.etag) },
  },
  'GET /v1/sections/{sectionId}/gradebook/settings': {
    answers: { 200: json(SettingsView, 'The settings', HEADERS.etag) },
    problems: [409],
  },
  'POST /v1/sections/{sectionId}/gradebook/assignments': {
    body: AssignmentSchema,
    answers: { 201: json(AssignmentView, 'The new assignment', { ...HEADERS.location, ...HEADERS.etag }) },
  },
  'GET /v1/sections/{sectionId}/gradebook/assignments': {
    answers: { 200: json(z.strictObject({ sectionId: z.string(), items: z.array(AssignmentView) }), "The section's assignments") },
  },
  'GET /v1/sections/{sectionId}/gradebook/assignments/{assignmentId}': {
    answers: { 200: json(AssignmentView, 'The assignment', HEADERS.etag) },
  },
  'PATCH /v1/sections/{sectionId}/gradebook/assignments/{assignmentId}': {
    body: AssignmentPatch,
    ifMatch: 'optional',
    answers: { 200: json(AssignmentView, 'The assignment as changed', HEADERS.etag) },
  },
  'DELETE /v1/sections/{sectionId}/gradebook/assignments/{assignmentId}': {
    ifMatch: 'optional',
    answers: { 200: json(AssignmentView, 'The assignment, marked deleted', HEADERS.etag) },
  },
  'POST /v1/sections/{sectionId}/gradebook/assignments/{assignmentId}/restore': {
    ifMatch: 'optional',
    answers: { 200: json(AssignmentView, 'The assignment, live again with the scores it kept', HEADERS.etag) },
    problems: [409],
  },
  'PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores': {
    body: ScoresSchema,
    answers: { 200: json(ScoresResult, 'The scores as stored') },
  },
  'GET /v1/sections/{sectionId}/assignments/{assignmentId}/scores': {
    answers: {
      200: json(
        z.strictObject({
          sectionId: z.string(),
          assignmentId: z.string(),
          scores: z.array(
            z.strictObject({
              studentId: z.string(),
              points: z.number().optional(),
              status: Status.optional(),
              comment: z.string().optional(),
              version: z.number().int(),
              updatedAt: z.string(),
              updatedBy: z.string(),
            }),
          ),
          unscored: z.array(z.string()),
        }),
        "The assignment's scores",
      ),
    },
  },
  'GET /v1/sections/{sectionId}/assignments/{assignmentId}/scores/{studentId}/history': {
    answers: {
      200: json(
        z.strictObject({
          sectionId: z.string(),
          assignmentId: z.string(),
          studentId: z.string(),
          versions: z.array(
            z.strictObject({
              version: z.number().int(),
              action: z.enum(['Created', 'Updated', 'Deleted', 'Restored']),
              at: z.string(),
              by: z.string(),
              reason: z.string().optional(),
              score: z.strictObject({
                studentId: z.string(),
                points: z.number().optional(),
                status: Status.optional(),
                comment: z.string().optional(),
              }),
            }),
          ),
        }),
        'The versions of the score, newest first',
      ),
    },
  },
  'GET /v1/sections/{sectionId}/grades': {
    answers: {
      200: json(
        z.strictObject({
          sectionId: z.string(),
          asOf: z.string(),
          scale: GradingScaleSchema,
          lowGradeThreshold: z.number(),
          students: z.array(CurrentGradeView),
        }),
        "The roster's current grades",
      ),
    },
    problems: [409],
  },
  'PUT /v1/sections/{sectionId}/marks/{gradingPeriod}': {
    body: MarksBody,
    answers: {
      200: json(
        named(
          'MarksEntered',
          z.strictObject({
            sectionId: z.string(),
            gradingPeriod: z.string(),
            final: z.boolean(),
            added: z.number().int(),
            changed: z.number().int(),
            unchanged: z.number().int(),
          }),
        ),
        'The marks as stored',
      ),
    },
  },
  'GET /v1/sections/{sectionId}/marks/{gradingPeriod}': {
    answers: {
      200: json(
        z.strictObject({
          sectionId: z.string(),
          gradingPeriod: z.string(),
          final: z.boolean(),
          posted: z.boolean(),
          marks: z.array(MarkView),
          unmarked: z.array(z.string()),
        }),
        "The period's marks",
      ),
    },
  },
  'POST /v1/sections/{sectionId}/marks/{gradingPeriod}/post': {
    answers: {
      200: json(
        z.strictObject({
          sectionId: z.string(),
          gradingPeriod: z.string(),
          final: z.boolean(),
          posted: z.number().int(),
          completions: z.number().int(),
        }),
        'The marks posted, and the course completions recorded',
      ),
    },
  },
  'POST /v1/sections/{sectionId}/marks/{gradingPeriod}/unpost': {
    answers: {
      200: json(
        z.strictObject({
          sectionId: z.string(),
          gradingPeriod: z.string(),
          final: z.boolean(),
          unposted: z.number().int(),
          completionsWithdrawn: z.number().int(),
        }),
        'The marks returned to draft, and the course completions withdrawn',
      ),
    },
    problems: [409],
  },
  'GET /v1/students/{studentId}/transcript': {
    answers: { 200: json(TranscriptView, "The student's transcript") },
  },
  'GET /v1/students/{studentId}/grades': {
    query: StudentGradesQuery,
    answers: {
      200: json(
        z.strictObject({
          studentId: z.string(),
          schoolYear: z.string(),
          termCode: z.string(),
          asOf: z.string(),
          sections: z.array(StudentSectionGrade),
        }),
        "The student's current grades in the term's sections",
      ),
    },
  },
};
