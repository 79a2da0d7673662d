import * as z from 'zod';
import { IsoDate, LongText, RecordId, ShortText } from '../schemas/common';
import type { FieldIssue } from '../errors';
import { MARK_LETTERS, isScaleLetter } from './marks';

/** Points and percents are kept to two decimals; sums are done in hundredths, so they stay exact. */
const hundredths = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
const TwoDecimals = (max: number) =>
  z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be at least 0' })
    .max(max, { error: `must be at most ${max}` })
    .refine(hundredths, { error: 'must have at most 2 decimals' });

/** A category or assignment code: ULIDs for assignments; short slugs (`hw`, `tests`) for categories. */
const CategoryId = z.string().regex(/^[A-Za-z0-9-]{1,30}$/, { error: 'must be 1 to 30 letters, digits or dashes' });
/** A grading period code of the school's calendar (see GradingPeriodSchema), or a term code for a final mark. */
const PeriodCode = z.string().regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'must be a grading period code: 1 to 20 letters, digits or dashes' });

// ── grading scales ─────────────────────────────────────────────────────────

/** A scale's letters are district marks (see marks.ts), so every letter a scale gives has grade points. */
const ScaleLetter = z.enum(MARK_LETTERS, { error: `must be a district mark: ${MARK_LETTERS.join(', ')}` }).refine(isScaleLetter, {
  error: 'must be a letter mark with grade points (not P, NP, I or W)',
});

/**
 * A band gives its letter to percents from `minPercent` up to the next higher band's `minPercent`
 * (exclusive); the top band has no upper end, so extra credit above 100 % keeps the top letter.
 */
export const GradeBandSchema = z.strictObject({ letter: ScaleLetter, minPercent: TwoDecimals(100) });
export type GradeBand = z.infer<typeof GradeBandSchema>;

/**
 * Letter bands with percent cut-offs, highest first. The district default applies unless a school
 * or a section names another scale (see `scaleFor`).
 */
export const GradingScaleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,30}$/, { error: 'must be 1 to 30 letters, digits or dashes' }),
  name: ShortText,
  bands: z
    .array(GradeBandSchema)
    .min(2, { error: 'must have at least two bands' })
    .max(20, { error: 'must have at most 20 bands' })
    .superRefine((bands, context) => {
      bands.forEach((band, index) => {
        const higher = bands[index - 1];
        if (higher && band.minPercent >= higher.minPercent) {
          context.addIssue({
            code: 'custom',
            path: [index, 'minPercent'],
            message: 'must be below the band before it (bands go highest first)',
          });
        }
        if (bands.slice(0, index).some((other) => other.letter === band.letter)) {
          context.addIssue({ code: 'custom', path: [index, 'letter'], message: `repeats letter "${band.letter}"` });
        }
      });
      if (bands.at(-1)?.minPercent !== 0) {
        context.addIssue({
          code: 'custom',
          path: [bands.length - 1, 'minPercent'],
          message: 'must be 0: the lowest band covers every percent below the others',
        });
      }
    }),
});
export type GradingScale = z.infer<typeof GradingScaleSchema>;

/**
 * The district's scale. Grade points are not part of a scale: they come from the district mark
 * table (marks.ts: A+ and A 4.0, A- 3.7, B+ 3.3, … D- 0.7, F 0), the one source for GPAs.
 */
export const DISTRICT_DEFAULT_SCALE: GradingScale = {
  id: 'district',
  name: 'District standard scale',
  bands: [
    { letter: 'A+', minPercent: 97 },
    { letter: 'A', minPercent: 93 },
    { letter: 'A-', minPercent: 90 },
    { letter: 'B+', minPercent: 87 },
    { letter: 'B', minPercent: 83 },
    { letter: 'B-', minPercent: 80 },
    { letter: 'C+', minPercent: 77 },
    { letter: 'C', minPercent: 73 },
    { letter: 'C-', minPercent: 70 },
    { letter: 'D+', minPercent: 67 },
    { letter: 'D', minPercent: 63 },
    { letter: 'D-', minPercent: 60 },
    { letter: 'F', minPercent: 0 },
  ],
};

/** The letter a percent earns on a scale: the highest band whose cut-off it reaches. */
export function letterFor(scale: GradingScale, percent: number): GradeBand['letter'] {
  const band = scale.bands.find((candidate) => percent >= candidate.minPercent) ?? scale.bands[scale.bands.length - 1]!;
  return band.letter;
}

/**
 * The scale a section grades on: the one its settings name (a section override, one of the school's
 * scales or the district's), else the school's default, else the district's. Undefined when the
 * settings name a scale that is not available (checkGradebookSettings reports it).
 */
export function scaleFor(
  settings: { readonly scaleId?: string },
  school: { readonly scales: readonly GradingScale[]; readonly defaultScaleId?: string } = { scales: [] },
): GradingScale | undefined {
  const available = [...school.scales, DISTRICT_DEFAULT_SCALE];
  const wanted = settings.scaleId ?? school.defaultScaleId;
  if (wanted === undefined) return DISTRICT_DEFAULT_SCALE;
  return available.find((scale) => scale.id === wanted);
}

// ── gradebook settings ──────────────────────────────────────────────────────

/** Below this percent a family is told (Low Grade) unless the section sets its own threshold. */
export const DISTRICT_LOW_GRADE_THRESHOLD = 70;

export const GradebookCategorySchema = z.strictObject({
  id: CategoryId,
  name: ShortText,
  /** Percent of the grade, in weighted mode (required there, all weights summing to 100); unused in points mode. */
  weight: TwoDecimals(100)
    .refine((weight) => weight > 0, { error: 'must be more than 0' })
    .optional(),
});

/**
 * A section's gradebook. `weighted`: each category's percent counts for its weight. `points`: the
 * grade is all points earned over all points possible, categories only group assignments.
 */
export const GradebookSettingsSchema = z.strictObject({
  mode: z.enum(['weighted', 'points'], { error: 'must be weighted or points' }),
  categories: z
    .array(GradebookCategorySchema)
    .min(1, { error: 'must have at least one category' })
    .max(20, { error: 'must have at most 20 categories' }),
  /** Missing work counts as zero; otherwise it is left out of the grade until it is scored. */
  missingCountsAsZero: z.boolean(),
  /** The scale's id: a school scale, or `district`; the school's default scale when absent. */
  scaleId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,30}$/, { error: 'must be a scale id' })
    .optional(),
  /** A grade falling below this percent tells the family (DISTRICT_LOW_GRADE_THRESHOLD when absent). */
  lowGradeThreshold: TwoDecimals(100).optional(),
});
export type GradebookSettings = z.infer<typeof GradebookSettingsSchema>;
export type GradebookCategory = z.infer<typeof GradebookCategorySchema>;

/** Rules across fields: unique category ids, weights in weighted mode summing to 100, a known scale. */
export function checkGradebookSettings(settings: GradebookSettings, availableScaleIds?: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const ids = new Set<string>();
  settings.categories.forEach((category, index) => {
    if (ids.has(category.id)) issues.push({ field: `categories[${index}].id`, message: `repeats category "${category.id}"` });
    ids.add(category.id);
    if (settings.mode === 'weighted' && category.weight === undefined) {
      issues.push({ field: `categories[${index}].weight`, message: 'is required in weighted mode' });
    }
    if (settings.mode === 'points' && category.weight !== undefined) {
      issues.push({ field: `categories[${index}].weight`, message: 'must be left out in points mode (points decide the weight)' });
    }
  });
  if (settings.mode === 'weighted' && settings.categories.every((category) => category.weight !== undefined)) {
    const hundredthsTotal = settings.categories.reduce((sum, category) => sum + Math.round((category.weight ?? 0) * 100), 0);
    if (hundredthsTotal !== 10_000) {
      issues.push({ field: 'categories', message: `weights must sum to 100 (they sum to ${hundredthsTotal / 100})` });
    }
  }
  if (
    settings.scaleId !== undefined &&
    availableScaleIds !== undefined &&
    ![...availableScaleIds, DISTRICT_DEFAULT_SCALE.id].includes(settings.scaleId)
  ) {
    issues.push({ field: 'scaleId', message: `names no scale available to the section ("${settings.scaleId}")` });
  }
  return issues;
}

// ── assignments ─────────────────────────────────────────────────────────────

export const AssignmentSchema = z.strictObject({
  title: ShortText,
  /** One of the section's gradebook categories. */
  categoryId: CategoryId,
  assignedDate: IsoDate,
  dueDate: IsoDate,
  maxPoints: TwoDecimals(10_000).refine((points) => points > 0, { error: 'must be more than 0' }),
  /** Scores above maxPoints are accepted and count in full (the extra adds to earned, not to possible). */
  extraCreditAllowed: z.boolean().default(false),
  /** The whole assignment is extra credit: its points add to earned and nothing to possible. */
  extraCreditOnly: z.boolean().default(false),
  /** Families and students see it, and it counts, only once published. */
  published: z.boolean().default(false),
  description: LongText.optional(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

export function checkAssignment(assignment: Assignment, settings: Pick<GradebookSettings, 'categories'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (assignment.dueDate < assignment.assignedDate) issues.push({ field: 'dueDate', message: 'must not be before assignedDate' });
  if (!settings.categories.some((category) => category.id === assignment.categoryId)) {
    issues.push({ field: 'categoryId', message: `names no category of the section's gradebook ("${assignment.categoryId}")` });
  }
  return issues;
}

// ── scores ──────────────────────────────────────────────────────────────────

export const SCORE_STATUSES = ['missing', 'late', 'exempt', 'incomplete'] as const;
export type ScoreStatus = (typeof SCORE_STATUSES)[number];

/**
 * One student's score. `points` with no status (or `late`, `incomplete`) is graded work; `missing`
 * and `exempt` carry no points (a missing item's zero comes from the section's setting); an entry
 * with neither points nor status clears the score.
 */
export const ScoreEntrySchema = z
  .strictObject({
    studentId: RecordId,
    points: TwoDecimals(100_000).optional(),
    status: z.enum(SCORE_STATUSES, { error: `must be one of: ${SCORE_STATUSES.join(', ')}` }).optional(),
    comment: z.string().trim().min(1, { error: 'must not be empty' }).max(1000, { error: 'must be at most 1000 characters' }).optional(),
  })
  .refine((entry) => entry.points === undefined || (entry.status !== 'missing' && entry.status !== 'exempt'), {
    error: 'must be left out when the status is missing or exempt',
    path: ['points'],
  });
export type ScoreEntry = z.infer<typeof ScoreEntrySchema>;

export const MAX_SCORES_PER_POST = 200;

/** Body of `PUT /v1/sections/{sectionId}/assignments/{assignmentId}/scores`; students not listed keep their scores. */
export const ScoresSchema = z.strictObject({
  scores: z
    .array(ScoreEntrySchema)
    .min(1, { error: 'must have at least one score' })
    .max(MAX_SCORES_PER_POST, { error: `must have at most ${MAX_SCORES_PER_POST} scores` })
    .superRefine((scores, context) => {
      const seen = new Set<string>();
      scores.forEach((score, index) => {
        if (seen.has(score.studentId)) context.addIssue({ code: 'custom', path: [index, 'studentId'], message: 'repeats a student' });
        seen.add(score.studentId);
      });
    }),
});
export type Scores = z.infer<typeof ScoresSchema>;

/** Rules that need the assignment: no points above maxPoints unless it allows extra credit. */
export function checkScores(body: Scores, assignment: Pick<Assignment, 'maxPoints' | 'extraCreditAllowed'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  body.scores.forEach((score, index) => {
    if (score.points !== undefined && score.points > assignment.maxPoints && !assignment.extraCreditAllowed) {
      issues.push({
        field: `scores[${index}].points`,
        message: `must be at most ${assignment.maxPoints} (the assignment allows no extra credit)`,
      });
    }
  });
  return issues;
}

// ── report-card marks ───────────────────────────────────────────────────────

export const MARK_SOURCES = ['computed', 'entered'] as const;
export const MARK_STATUSES = ['draft', 'posted'] as const;
export type MarkStatus = (typeof MARK_STATUSES)[number];

/**
 * A student's report-card mark in a section for one grading period, or the term's final mark
 * (`final`, keyed by the term code), which is the one transcripts, GPAs and course completions use.
 * Grading period codes must differ from term codes within a school year for the two to stay apart.
 */
export const TermMarkSchema = z.strictObject({
  studentId: RecordId,
  gradingPeriod: PeriodCode,
  final: z.boolean().default(false),
  letter: z.enum(MARK_LETTERS, { error: `must be a district mark: ${MARK_LETTERS.join(', ')}` }),
  /** The percent the mark came from (computed marks), as displayed: two decimals. */
  percent: TwoDecimals(1000).optional(),
  comments: z.array(LongText).max(3, { error: 'must have at most 3 comments' }).default([]),
  /** `computed` from the gradebook when posting, or `entered` by the teacher (an override, or a mark with no gradebook). */
  source: z.enum(MARK_SOURCES),
  /** Draft marks change freely; posted ones only by an administrator with a reason (see posting.ts). */
  status: z.enum(MARK_STATUSES).default('draft'),
});
export type TermMark = z.infer<typeof TermMarkSchema>;
