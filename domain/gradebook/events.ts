/**
 * The gradebook's family notifications. Their payloads (events/gradebook-events.ts) carry ids, codes,
 * dates and the version of the record concerned, never a grade, a score or a title (decision 0089):
 * the notifier finds the student's guardians, their languages and preferences from `studentId` as it
 * does for every notice, and reads what the notice says (the course's title, the mark, the
 * assignment, the grade snapshot of a Low Grade) by those ids when it delivers it.
 */

/** Detail types of the gradebook's events, for the catalog (source: the gradebook's, like the other contexts). */
export const GRADEBOOK_DETAIL_TYPES = {
  /** A report-card mark was posted (or a posted one changed). */
  gradePosted: 'Grade Posted',
  /** The current grade fell below the section's threshold (once per crossing, see crossedBelow). */
  lowGrade: 'Low Grade',
  /** A published assignment's score turned missing. */
  assignmentMissing: 'Assignment Missing',
} as const;
