import type { MarkLetter } from './marks';
import { roundHalfUp } from './rounding';
import { letterFor, type Assignment, type GradebookSettings, type GradingScale, type ScoreStatus } from './schemas';

/** An assignment as the grade needs it (the stored item: its id and the fields of AssignmentSchema). */
export type GradedAssignment = Pick<
  Assignment,
  'title' | 'categoryId' | 'dueDate' | 'maxPoints' | 'extraCreditAllowed' | 'extraCreditOnly' | 'published'
> & { readonly id: string };

/** One of the student's stored scores. */
export interface StudentScore {
  readonly assignmentId: string;
  readonly points?: number;
  readonly status?: ScoreStatus;
}

/** Why an item does or does not count, in words a family reads. */
export type ItemReason =
  | 'exempt'
  | 'not due yet'
  | 'not scored yet'
  | 'missing, counted as zero'
  | 'missing, left out until scored'
  | 'extra credit'
  | 'extra credit, nothing lost when missing'
  | 'extra credit, its category has nothing else counted';

export interface ItemExplanation {
  readonly assignmentId: string;
  readonly title: string;
  /** The points entered, or 0 for missing work counted as zero; null when there are none. */
  readonly points: number | null;
  readonly maxPoints: number;
  readonly status: ScoreStatus | null;
  readonly counted: boolean;
  readonly why?: ItemReason;
}

export interface CategoryExplanation {
  readonly id: string;
  readonly name: string;
  /** The category's weight in the settings (weighted mode); null in points mode. */
  readonly weight: number | null;
  /**
   * The share of the grade it has after renormalising (weighted mode: weight ÷ the weights of the
   * categories that count × 100; points mode: its possible points ÷ all possible points × 100); 0
   * when it does not count. Unrounded.
   */
  readonly effectiveWeight: number;
  readonly earned: number;
  readonly possible: number;
  /** earned ÷ possible × 100, unrounded; null when nothing with possible points counts. */
  readonly percent: number | null;
  readonly counted: boolean;
  readonly items: readonly ItemExplanation[];
}

export interface CurrentGrade {
  /** Rounded half-up to 2 decimals; null when nothing counts. */
  readonly percent: number | null;
  /** The scale's letter for the rounded percent; null when nothing counts. */
  readonly letter: MarkLetter | null;
  readonly explanation: {
    readonly mode: GradebookSettings['mode'];
    readonly categories: readonly CategoryExplanation[];
    readonly rounding: string;
  };
}

export const ROUNDING_RULE =
  'The percent is rounded half-up to 2 decimals, and the letter is looked up from that rounded percent, so the percent shown and the ' +
  'letter always agree (89.995 shows as 90.00 and earns the band starting at 90). Category percents and effective weights are not ' +
  'rounded; the grade is computed from them unrounded.';

export interface GradeOptions {
  /** The day the grade is computed for (YYYY-MM-DD); work due after it that has no points is left out. Every item is due when absent. */
  readonly today?: string;
}

interface Counted {
  readonly item: ItemExplanation;
  /** Hundredths of a point: sums stay exact. */
  readonly earned: number;
  readonly possible: number;
}

const cents = (points: number) => Math.round(points * 100);

function explainItem(assignment: GradedAssignment, score: StudentScore | undefined, settings: GradebookSettings, today?: string): Counted {
  const status = score?.status ?? null;
  const base = { assignmentId: assignment.id, title: assignment.title, maxPoints: assignment.maxPoints, status };
  const possible = assignment.extraCreditOnly ? 0 : cents(assignment.maxPoints);
  const leftOut = (why: ItemReason, points: number | null = score?.points ?? null): Counted => ({
    item: { ...base, points, counted: false, why },
    earned: 0,
    possible: 0,
  });
  if (status === 'exempt') return leftOut('exempt');
  if (score?.points !== undefined) {
    const item: ItemExplanation = {
      ...base,
      points: score.points,
      counted: true,
      ...(assignment.extraCreditOnly ? { why: 'extra credit' } : {}),
    };
    return { item, earned: cents(score.points), possible };
  }
  const notDue = today !== undefined && assignment.dueDate > today;
  if (notDue) return leftOut('not due yet');
  if (status !== 'missing') return leftOut('not scored yet');
  if (assignment.extraCreditOnly) return leftOut('extra credit, nothing lost when missing');
  if (!settings.missingCountsAsZero) return leftOut('missing, left out until scored');
  return { item: { ...base, points: 0, counted: true, why: 'missing, counted as zero' }, earned: 0, possible };
}

/**
 * A student's current grade in a section, with the arithmetic that produced it.
 *
 * - Unpublished assignments are left out entirely (not even listed: families must not see them).
 * - Exempt work is left out; so is work with no points that is not due yet or not scored yet.
 * - Missing work counts as zero when the section says so, otherwise it is left out until scored.
 * - Points above an assignment's maximum count (extra credit); an extra-credit-only assignment adds
 *   its points to earned and nothing to possible.
 * - Weighted mode: each category's percent (earned ÷ possible) counts for its weight; categories
 *   with nothing possible (empty, everything exempt, or only extra credit) are left out and the
 *   remaining weights are scaled back up to 100. Points mode: all earned ÷ all possible.
 * - No grade (null) when nothing counts. Rounding: see ROUNDING_RULE.
 */
export function currentGrade(
  settings: GradebookSettings,
  scale: GradingScale,
  assignments: readonly GradedAssignment[],
  scoresOfStudent: readonly StudentScore[],
  options: GradeOptions = {},
): CurrentGrade {
  const scores = new Map(scoresOfStudent.map((score) => [score.assignmentId, score]));
  const grouped = settings.categories.map((category) => {
    const counted = assignments
      .filter((assignment) => assignment.published && assignment.categoryId === category.id)
      .map((assignment) => explainItem(assignment, scores.get(assignment.id), settings, options.today));
    const earned = counted.reduce((sum, one) => sum + one.earned, 0);
    const possible = counted.reduce((sum, one) => sum + one.possible, 0);
    return { category, counted, earned, possible };
  });

  const totalPossible = grouped.reduce((sum, group) => sum + group.possible, 0);
  const weighted = settings.mode === 'weighted';
  const counts = (group: (typeof grouped)[number]) => group.possible > 0;
  const weightTotal = grouped.filter(counts).reduce((sum, group) => sum + (group.category.weight ?? 0), 0);

  const categories: CategoryExplanation[] = grouped.map((group) => {
    const percent = group.possible > 0 ? (group.earned * 100) / group.possible : null;
    const share = !counts(group)
      ? 0
      : weighted
        ? ((group.category.weight ?? 0) * 100) / weightTotal
        : (group.possible * 100) / totalPossible;
    // Extra credit in a category with nothing possible has nothing to add to (weighted mode), nor has
    // it in points mode when nothing at all is possible.
    const strand = !counts(group) && (weighted || totalPossible === 0);
    const items = group.counted.map(({ item }) =>
      strand && item.counted ? { ...item, counted: false, why: 'extra credit, its category has nothing else counted' as const } : item,
    );
    return {
      id: group.category.id,
      name: group.category.name,
      weight: weighted ? (group.category.weight ?? 0) : null,
      effectiveWeight: share,
      earned: group.earned / 100,
      possible: group.possible / 100,
      percent,
      counted: counts(group),
      items,
    };
  });

  let unrounded: number | null = null;
  if (weighted && weightTotal > 0) {
    unrounded =
      categories.reduce((sum, category) => sum + (category.counted ? (category.weight ?? 0) * (category.percent ?? 0) : 0), 0) /
      weightTotal;
  } else if (!weighted && totalPossible > 0) {
    const totalEarned = grouped.reduce((sum, group) => sum + group.earned, 0);
    unrounded = (totalEarned * 100) / totalPossible;
  }
  const percent = unrounded === null ? null : roundHalfUp(unrounded, 2);
  return {
    percent,
    letter: percent === null ? null : letterFor(scale, percent),
    explanation: { mode: settings.mode, categories, rounding: ROUNDING_RULE },
  };
}

/**
 * True when a grade falls below the threshold: from at or above it (or from no grade yet) to below
 * it. Further drops while below, and a grade that stays below, are not new crossings, so a family
 * is told once per fall; rising back to the threshold re-arms it. Compare the rounded (displayed)
 * percents, so a grade shown as 70.00 is never reported as below 70. Going to no grade is not a fall.
 *
 * "No grade yet" counts as not below: a first grade under the threshold is reported, once.
 */
export function crossedBelow(previousPercent: number | null, newPercent: number | null, threshold: number): boolean {
  if (newPercent === null || newPercent >= threshold) return false;
  return previousPercent === null || previousPercent >= threshold;
}
