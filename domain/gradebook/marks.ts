import type { CourseCompletion } from '../scheduling/schemas';
import { roundHalfUp } from './rounding';

/**
 * The district's marks, as data: what each one is worth in a GPA, whether it earns the course's
 * credits, and whether it counts as attempted.
 *
 * - Letter marks A+ … D- pass and earn the credits; F is attempted, earns nothing and counts 0 in GPAs.
 *   A+ is worth 4.0 like A (the district caps the unweighted scale at 4.0).
 * - P (pass) earns the credits but is left out of GPAs; NP (no pass) is attempted, earns nothing and
 *   is left out of GPAs too, so a pass/fail course never moves a GPA either way.
 * - I (incomplete) and W (withdrawn) are neither attempted nor earned nor in GPAs: an incomplete is
 *   replaced by a letter when the work is done, a withdrawal leaves no credit record.
 */
export const DISTRICT_MARKS = {
  'A+': { gradePoints: 4.0, passed: true, attempted: true },
  A: { gradePoints: 4.0, passed: true, attempted: true },
  'A-': { gradePoints: 3.7, passed: true, attempted: true },
  'B+': { gradePoints: 3.3, passed: true, attempted: true },
  B: { gradePoints: 3.0, passed: true, attempted: true },
  'B-': { gradePoints: 2.7, passed: true, attempted: true },
  'C+': { gradePoints: 2.3, passed: true, attempted: true },
  C: { gradePoints: 2.0, passed: true, attempted: true },
  'C-': { gradePoints: 1.7, passed: true, attempted: true },
  'D+': { gradePoints: 1.3, passed: true, attempted: true },
  D: { gradePoints: 1.0, passed: true, attempted: true },
  'D-': { gradePoints: 0.7, passed: true, attempted: true },
  F: { gradePoints: 0, passed: false, attempted: true },
  P: { gradePoints: null, passed: true, attempted: true },
  NP: { gradePoints: null, passed: false, attempted: true },
  I: { gradePoints: null, passed: false, attempted: false },
  W: { gradePoints: null, passed: false, attempted: false },
} as const satisfies Record<string, { gradePoints: number | null; passed: boolean; attempted: boolean }>;

export type MarkLetter = keyof typeof DISTRICT_MARKS;
export const MARK_LETTERS = Object.keys(DISTRICT_MARKS) as [MarkLetter, ...MarkLetter[]];
/** The marks a grading scale may give: those with grade points. */
export type ScaleLetter = { [L in MarkLetter]: (typeof DISTRICT_MARKS)[L]['gradePoints'] extends number ? L : never }[MarkLetter];

export const isScaleLetter = (letter: MarkLetter): letter is ScaleLetter => DISTRICT_MARKS[letter].gradePoints !== null;

/** Grade points of a mark; null for marks left out of GPAs (P, NP, I, W). */
export const gradePoints = (letter: MarkLetter): number | null => DISTRICT_MARKS[letter].gradePoints;

/** True when the mark passes the course (and earns its credits): A+ … D- and P. */
export const passed = (letter: MarkLetter): boolean => DISTRICT_MARKS[letter].passed;

export const COURSE_LEVELS = ['regular', 'honors', 'ap', 'ib'] as const;
export type CourseLevel = (typeof COURSE_LEVELS)[number];

/**
 * Points added to a passing letter mark in the weighted GPA. F gets no bonus (an F in an AP course
 * is 0 either way), and marks without grade points have none to add to.
 */
export const LEVEL_BONUS: Record<CourseLevel, number> = { regular: 0, honors: 0.5, ap: 1.0, ib: 1.0 };

export interface MarkForGpa {
  readonly letter: MarkLetter;
  /** The course's credits (CourseSchema.credits). */
  readonly credits: number;
  readonly courseLevel?: CourseLevel;
  readonly schoolYear: string;
  readonly termCode: string;
  /** Only final marks (the term's transcript marks) count; progress marks of grading periods do not. */
  readonly final: boolean;
  /** False for a transfer credit the counselor keeps out of the GPA: its credits count, its mark does not. @default true */
  readonly countsTowardGpa?: boolean;
}

export interface GpaFigures {
  /** Credits of attempted marks (letters, P, NP). */
  readonly creditsAttempted: number;
  /** Credits of passing marks (A+ … D-, P). */
  readonly creditsEarned: number;
  /** Credits of marks with grade points: the GPA's denominator. */
  readonly gpaCredits: number;
  /** Σ points × credits ÷ Σ credits, rounded half-up to 3 decimals; null when no mark has grade points and credits. */
  readonly unweighted: number | null;
  /** The same with the course level bonus added to passing letter marks. */
  readonly weighted: number | null;
}

export interface TermGpa extends GpaFigures {
  readonly schoolYear: string;
  readonly termCode: string;
}

export interface GpaResult {
  /** One entry per term with final marks, by school year then term code. */
  readonly terms: readonly TermGpa[];
  /** Over every final mark, from the unrounded sums (not an average of the term GPAs). */
  readonly cumulative: GpaFigures;
}

/** Credits are in steps of 0.25 and grade points in tenths: sums are kept in thousandths of a credit-point. */
const THOUSANDTHS = 1000;

interface Sums {
  attempted: number;
  earned: number;
  gpaCredits: number;
  unweightedPoints: number;
  weightedPoints: number;
}

const emptySums = (): Sums => ({ attempted: 0, earned: 0, gpaCredits: 0, unweightedPoints: 0, weightedPoints: 0 });

function add(sums: Sums, mark: MarkForGpa): void {
  const info = DISTRICT_MARKS[mark.letter];
  const credits = Math.round(mark.credits * 100);
  if (info.attempted) sums.attempted += credits;
  if (info.passed) sums.earned += credits;
  if (info.gradePoints === null || mark.countsTowardGpa === false) return;
  const bonus = info.passed ? LEVEL_BONUS[mark.courseLevel ?? 'regular'] : 0;
  sums.gpaCredits += credits;
  sums.unweightedPoints += credits * Math.round(info.gradePoints * THOUSANDTHS);
  sums.weightedPoints += credits * Math.round((info.gradePoints + bonus) * THOUSANDTHS);
}

function figures(sums: Sums): GpaFigures {
  const average = (points: number) => (sums.gpaCredits === 0 ? null : roundHalfUp(points / sums.gpaCredits / THOUSANDTHS, 3));
  return {
    creditsAttempted: sums.attempted / 100,
    creditsEarned: sums.earned / 100,
    gpaCredits: sums.gpaCredits / 100,
    unweighted: average(sums.unweightedPoints),
    weighted: average(sums.weightedPoints),
  };
}

const byTerm = (a: { schoolYear: string; termCode: string }, b: { schoolYear: string; termCode: string }) =>
  a.schoolYear.localeCompare(b.schoolYear) || a.termCode.localeCompare(b.termCode, 'en', { numeric: true });

/** Unweighted and weighted GPA per term and cumulative, with credits attempted and earned. */
export function gpa(marks: readonly MarkForGpa[]): GpaResult {
  const finals = marks.filter((mark) => mark.final);
  const terms = new Map<string, { schoolYear: string; termCode: string; sums: Sums }>();
  const cumulative = emptySums();
  for (const mark of finals) {
    const id = `${mark.schoolYear}|${mark.termCode}`;
    const term = terms.get(id) ?? { schoolYear: mark.schoolYear, termCode: mark.termCode, sums: emptySums() };
    terms.set(id, term);
    add(term.sums, mark);
    add(cumulative, mark);
  }
  return {
    terms: [...terms.values()]
      .sort(byTerm)
      .map((term) => ({ schoolYear: term.schoolYear, termCode: term.termCode, ...figures(term.sums) })),
    cumulative: figures(cumulative),
  };
}

/** Where a transfer credit was earned (the prior school, as its transcript names it). */
export interface TransferSource {
  readonly transferCreditId: string;
  readonly sourceSchool: { readonly name: string; readonly city?: string; readonly state?: string; readonly country: string };
}

export interface TranscriptMark extends MarkForGpa {
  readonly courseCode: string;
  readonly courseTitle: string;
  /** The percent behind the mark, when it was computed. */
  readonly percent?: number;
  /** Set for a course completed at another school. */
  readonly transfer?: TransferSource;
}

export interface TranscriptCourse {
  readonly courseCode: string;
  readonly courseTitle: string;
  readonly courseLevel: CourseLevel;
  readonly letter: MarkLetter;
  readonly percent?: number;
  readonly creditsAttempted: number;
  readonly creditsEarned: number;
  /** Whether the mark is in the GPA: a mark without grade points (P, I, W…) or a transfer credit kept out is not. */
  readonly countsTowardGpa: boolean;
  readonly transfer?: TransferSource;
}

export interface TranscriptTerm extends TermGpa {
  readonly courses: readonly TranscriptCourse[];
}

export interface Transcript {
  readonly terms: readonly TranscriptTerm[];
  readonly cumulative: GpaFigures;
}

/** A student's transcript: per term its courses with their final marks and credits, and the GPAs. */
export function transcript(marks: readonly TranscriptMark[]): Transcript {
  const result = gpa(marks);
  const finals = marks.filter((mark) => mark.final);
  return {
    terms: result.terms.map((term) => ({
      ...term,
      courses: finals
        .filter((mark) => mark.schoolYear === term.schoolYear && mark.termCode === term.termCode)
        .sort((a, b) => a.courseCode.localeCompare(b.courseCode))
        .map((mark) => {
          const info = DISTRICT_MARKS[mark.letter];
          return {
            courseCode: mark.courseCode,
            courseTitle: mark.courseTitle,
            courseLevel: mark.courseLevel ?? 'regular',
            letter: mark.letter,
            ...(mark.percent === undefined ? {} : { percent: mark.percent }),
            creditsAttempted: info.attempted ? mark.credits : 0,
            creditsEarned: info.passed ? mark.credits : 0,
            countsTowardGpa: info.gradePoints !== null && mark.countsTowardGpa !== false,
            ...(mark.transfer ? { transfer: mark.transfer } : {}),
          };
        }),
    })),
    cumulative: result.cumulative,
  };
}

/**
 * The course completion a posted final mark records (prerequisites, "already passed"). Undefined for
 * an incomplete or a withdrawal, which complete nothing.
 */
export function completionFor(
  mark: { readonly letter: MarkLetter; readonly final: boolean },
  course: { readonly courseCode: string; readonly schoolYear: string; readonly termCode: string },
): CourseCompletion | undefined {
  if (!mark.final || !DISTRICT_MARKS[mark.letter].attempted) return undefined;
  return {
    courseCode: course.courseCode,
    schoolYear: course.schoolYear,
    termCode: course.termCode,
    passed: passed(mark.letter),
    mark: mark.letter,
  };
}
