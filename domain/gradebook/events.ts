import type { MarkLetter } from './marks';

/**
 * Payloads of the gradebook's family notifications, version 1: what a notice to a parent says and
 * nothing more (no other students, no teacher comments, no scores of other work). The notifier finds
 * the student's guardians, their languages and preferences from `studentId` as it does for every
 * notice; the event catalog wraps these in the common envelope.
 */

/** Detail types of the gradebook's events, for the catalog (source: the gradebook's, like the other contexts). */
export const GRADEBOOK_DETAIL_TYPES = {
  gradePosted: 'Grade Posted',
  lowGrade: 'Low Grade',
  assignmentMissing: 'Assignment Missing',
} as const;

/** The class a notice is about, as a family recognises it: "Algebra I, period P3". */
export interface SectionRef {
  readonly sectionId: string;
  readonly schoolId: string;
  readonly courseTitle: string;
  /** Bell period codes the section meets in (e.g. `P3`), for "period 3". */
  readonly periods: readonly string[];
}

export interface GradingPeriodRef {
  readonly schoolYear: string;
  readonly code: string;
  readonly name: string;
}

/** "Grade Posted": a report-card mark was posted (or a posted one changed). */
export interface GradePostedDetail {
  readonly studentId: string;
  readonly section: SectionRef;
  readonly gradingPeriod: GradingPeriodRef;
  readonly mark: {
    readonly letter: MarkLetter;
    readonly percent?: number;
    /** The term's final (transcript) mark rather than a grading period's. */
    readonly final: boolean;
  };
  /** True when a posted mark was changed, not posted for the first time. */
  readonly corrected: boolean;
}

/** "Low Grade": the current grade fell below the section's threshold (see crossedBelow). */
export interface LowGradeDetail {
  readonly studentId: string;
  readonly section: SectionRef;
  /** The grading period the date falls in, when the calendar has one. */
  readonly gradingPeriod?: GradingPeriodRef;
  /** Rounded as displayed (2 decimals). */
  readonly percent: number;
  readonly letter: MarkLetter;
  readonly threshold: number;
}

/** "Assignment Missing": a published assignment's score turned missing. */
export interface AssignmentMissingDetail {
  readonly studentId: string;
  readonly section: SectionRef;
  readonly assignment: {
    readonly assignmentId: string;
    readonly title: string;
    readonly dueDate: string;
  };
}
