/** Keys of a section's gradebook (settings, assignments, scores, grades, marks) and of grading scales. */
import type { IndexKeys, Key } from './key-parts';

export const gradebookKeys = {
  /** A school's own grading scale (overrides the district's for the sections that name it, or for all when it is the default). */
  gradingScale: (schoolId: string, scaleId: string): Key => ({ pk: `SCHOOL#${schoolId}`, sk: `SCALE#${scaleId}` }),
  gradingScalesOfSchool: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}`, skPrefix: 'SCALE#' }),
  // A section's gradebook lives in the section's partition, next to its roster: settings (`GRADEBOOK`),
  // assignments (`ASSIGNMENT#`), scores (`SCORE#`), cached current grades (`GRADE#`), report-card marks
  // (`MARK#`) and the posted-marks locks (`MARKLOCK#`). No prefix is the start of another kind's sort key
  // (`GRADE#` does not match `GRADEBOOK`, `MARK#` does not match `MARKLOCK#`); assignment, student and
  // section ids are ULIDs and grading period codes have no `#`, so every prefix ends at a `#`.
  //
  // Scores are one item per student and assignment, not one item per assignment holding every score.
  // Budget of a 35-student bulk post (`PUT …/assignments/{assignmentId}/scores`):
  //   1 Query (strongly consistent) `scoresOfAssignment` → diffScores → only new and changed scores are written;
  //   1 TransactWriteItems: 1 ConditionCheck on the assignment (the version the body was checked against)
  //     + per written score 1 Put (conditioned on the version read, or on absence) + 1 history item
  //     = 1 + 2 × 35 = 71 items ≤ 100. Posts of more than 49 written scores go in chunks of 49 (99 items);
  //     each chunk is atomic and a retry of the same body converges, because the diff skips what is stored.
  // Built differently (decision 0050): the post's diff reads the section's whole score set (one partition),
  // and Low Grade / Assignment Missing are decided from it and written as outbox items in the same
  // transaction, packed by whole students into transactions of ≤ 100 items; `GRADE#` items are not used
  // (grades are computed on read).
  // One item per assignment would make a post atomic for 200 students, but showing one student's grade
  // would read the whole class's scores of every assignment, a one-cell edit would rewrite (and copy into
  // history) the whole item, co-teachers would conflict on one version, and no index could list a
  // student's scores.
  /** A section's gradebook settings: weighting mode, categories, scale, low-grade threshold. */
  gradebookSettings: (sectionId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: 'GRADEBOOK' }),
  assignment: (sectionId: string, assignmentId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `ASSIGNMENT#${assignmentId}` }),
  assignmentsOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'ASSIGNMENT#' }),
  /** One student's score on one assignment. */
  score: (sectionId: string, assignmentId: string, studentId: string): Key => ({
    pk: `SECTION#${sectionId}`,
    sk: `SCORE#${assignmentId}#${studentId}`,
  }),
  /** The stored scores of one assignment (the bulk post's diff reads them, strongly consistent). */
  scoresOfAssignment: (sectionId: string, assignmentId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: `SCORE#${assignmentId}#` }),
  /** Every score of a section (the teacher's whole grid). */
  scoresOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'SCORE#' }),
  /** gsi1 of a score: a student's scores, by section then assignment. */
  scoresOfStudentBySection: (studentId: string, sectionId: string, assignmentId: string): IndexKeys => ({
    gsi1pk: `STUDENT#${studentId}#SCORES`,
    gsi1sk: `${sectionId}#${assignmentId}`,
  }),
  /** gsi1 query: a student's scores in one section (a current grade in one Query). */
  scoresOfStudentInSection: (studentId: string, sectionId: string) => ({ pk: `STUDENT#${studentId}#SCORES`, skPrefix: `${sectionId}#` }),
  /** A student's cached current grade in a section, kept by the grade consumer. */
  currentGrade: (sectionId: string, studentId: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `GRADE#${studentId}` }),
  /** The cached current grades of a section's students. */
  currentGradesOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'GRADE#' }),
  /** gsi1 of a cached grade: a student's current grades of one term (the family's overview). */
  currentGradesOfStudentByTerm: (studentId: string, schoolYear: string, termCode: string, sectionId: string): IndexKeys => ({
    gsi1pk: `STUDENT#${studentId}#GRADES`,
    gsi1sk: `${schoolYear}#${termCode}#${sectionId}`,
  }),
  currentGradesOfStudentTerm: (studentId: string, schoolYear: string, termCode: string) => ({
    pk: `STUDENT#${studentId}#GRADES`,
    skPrefix: `${schoolYear}#${termCode}#`,
  }),
  /** A report-card mark of one grading period (or of the term, for the final mark). */
  termMark: (sectionId: string, gradingPeriod: string, studentId: string): Key => ({
    pk: `SECTION#${sectionId}`,
    sk: `MARK#${gradingPeriod}#${studentId}`,
  }),
  marksOfSectionPeriod: (sectionId: string, gradingPeriod: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: `MARK#${gradingPeriod}#` }),
  marksOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'MARK#' }),
  /** gsi1 of a mark: a student's marks across sections, by year, term, period and section (report cards, transcripts). */
  marksOfStudentByTerm: (studentId: string, schoolYear: string, termCode: string, gradingPeriod: string, sectionId: string): IndexKeys => ({
    gsi1pk: `STUDENT#${studentId}#MARKS`,
    gsi1sk: `${schoolYear}#${termCode}#${gradingPeriod}#${sectionId}`,
  }),
  /** gsi1 query: a student's marks, all of them (transcript), of a year or of one term (report card). */
  marksOfStudent: (studentId: string, schoolYear?: string, termCode?: string) => ({
    pk: `STUDENT#${studentId}#MARKS`,
    skPrefix: schoolYear === undefined ? '' : termCode === undefined ? `${schoolYear}#` : `${schoolYear}#${termCode}#`,
  }),
  /** Present once a section's marks of a grading period are posted; mark writes check it in their transaction. */
  markPeriodLock: (sectionId: string, gradingPeriod: string): Key => ({ pk: `SECTION#${sectionId}`, sk: `MARKLOCK#${gradingPeriod}` }),
  markLocksOfSection: (sectionId: string) => ({ pk: `SECTION#${sectionId}`, skPrefix: 'MARKLOCK#' }),
  /**
   * The grade a "Low Grade" notice states (percent, letter, threshold), written in the score post's
   * transaction; the event carries ids only and the notifier reads this by them (decision 0089).
   * `LOWGRADE#` is no other kind's prefix in the section's partition.
   */
  lowGradeNotice: (sectionId: string, studentId: string, eventId: string): Key => ({
    pk: `SECTION#${sectionId}`,
    sk: `LOWGRADE#${studentId}#${eventId}`,
  }),
  /** A course completed at another school (transfer credit), in the student's partition; the transcript reads them all. */
  transferCredit: (studentId: string, transferCreditId: string): Key => ({
    pk: `STUDENT#${studentId}`,
    sk: `TRANSFER#${transferCreditId}`,
  }),
  transferCreditsOfStudent: (studentId: string) => ({ pk: `STUDENT#${studentId}`, skPrefix: 'TRANSFER#' }),
  /**
   * A student's posted marks of a school year, counted by grading period (marks in GPAs, their grade points in
   * tenths, failing marks), ADDed in the transaction that posts, corrects or unposts a mark; gsi2 lists a school
   * year's students for the early-warning list (decision 0154).
   */
  markYear: (studentId: string, schoolYear: string): Key => ({ pk: `STUDENT#${studentId}`, sk: `MARKYEAR#${schoolYear}` }),
  markYearAtSchool: (schoolId: string, schoolYear: string, studentId: string): IndexKeys => ({
    gsi2pk: `SCHOOL#${schoolId}#MARKYEAR#${schoolYear}`,
    gsi2sk: studentId,
  }),
  markYearsOfSchool: (schoolId: string, schoolYear: string) => `SCHOOL#${schoolId}#MARKYEAR#${schoolYear}`,
};
