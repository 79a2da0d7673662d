/** What the gradebook routes answer (functions/routes/gradebook.ts). */
import * as z from 'zod';
import { ROUNDING_RULE } from '../../domain/gradebook/grade';
import { MARK_LETTERS } from '../../domain/gradebook/marks';
import { AssignmentSchema, GradingScaleSchema, SCORE_STATUSES } from '../../domain/gradebook/schemas';
import { StoredGradebookSettingsSchema } from '../../domain/records/record-types';
import { named } from './answers';

const Bookkeeping = { version: z.number().int(), updatedAt: z.string(), updatedBy: z.string(), deletedAt: z.string().optional() };

export const SettingsView = named(
  'GradebookSettings',
  StoredGradebookSettingsSchema.extend({
    ...Bookkeeping,
    effectiveScale: GradingScaleSchema,
    effectiveLowGradeThreshold: z.number(),
  }),
  "A section's gradebook settings, with the scale and low-grade threshold in force",
);

export const AssignmentView = named(
  'Assignment',
  AssignmentSchema.extend({ assignmentId: z.string(), sectionId: z.string(), schoolId: z.string(), ...Bookkeeping }),
);

const Status = z.enum(SCORE_STATUSES);
const Letter = z.enum(MARK_LETTERS);

export const ScoresResult = named(
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

export const CurrentGradeView = named(
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

export const TranscriptView = named(
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
            countsTowardGpa: z.boolean(),
            /** A course completed at another school: the transfer credit record, and the school. */
            transfer: z
              .strictObject({
                transferCreditId: z.string(),
                sourceSchool: z.looseObject({ name: z.string(), country: z.string() }),
              })
              .optional(),
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
  "A student's posted final marks and transfer credits by term, with credits and GPAs (3 decimals, rounded half-up) and the grade-point table behind them",
);

export const AssignmentsView = z.strictObject({ sectionId: z.string(), items: z.array(AssignmentView) });

export const ScoresView = z.strictObject({
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
});

export const ScoreHistoryView = z.strictObject({
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
});

export const SectionGradesView = z.strictObject({
  sectionId: z.string(),
  asOf: z.string(),
  scale: GradingScaleSchema,
  lowGradeThreshold: z.number(),
  students: z.array(CurrentGradeView),
});

export const MarksEntered = named(
  'MarksEntered',
  z.strictObject({
    sectionId: z.string(),
    gradingPeriod: z.string(),
    final: z.boolean(),
    added: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
  }),
);

export const PeriodMarksView = z.strictObject({
  sectionId: z.string(),
  gradingPeriod: z.string(),
  final: z.boolean(),
  posted: z.boolean(),
  marks: z.array(MarkView),
  unmarked: z.array(z.string()),
});

export const MarksPosted = z.strictObject({
  sectionId: z.string(),
  gradingPeriod: z.string(),
  final: z.boolean(),
  posted: z.number().int(),
  completions: z.number().int(),
});

export const MarksUnposted = z.strictObject({
  sectionId: z.string(),
  gradingPeriod: z.string(),
  final: z.boolean(),
  unposted: z.number().int(),
  completionsWithdrawn: z.number().int(),
});

export const StudentGradesView = z.strictObject({
  studentId: z.string(),
  schoolYear: z.string(),
  termCode: z.string(),
  asOf: z.string(),
  sections: z.array(StudentSectionGrade),
});
