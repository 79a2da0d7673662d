import * as zod from 'zod';
import { AssignmentSchema, GradebookSettingsSchema, GradingScaleSchema, SCORE_STATUSES, TermMarkSchema } from '../gradebook/schemas';
import { TransferCreditSchema } from '../gradebook/transfer-credit';
import { keys } from '../keys';
import { define, id } from './record-kind';
import { studentType } from './people';
import { schoolReference } from './schools';

/**
 * Record kinds of the gradebook, written only by the gradebook use cases (functions/use-cases/gradebook),
 * which check them against the section's settings and roster; each keeps a history like every record.
 */

const SectionRefFields = { sectionId: zod.string(), schoolId: zod.string() };

/** A section's gradebook settings; `scale` is the section's own scale when it overrides the school's and the district's. */
export const StoredGradebookSettingsSchema = GradebookSettingsSchema.extend({ ...SectionRefFields, scale: GradingScaleSchema.optional() });
export type StoredGradebookSettings = zod.infer<typeof StoredGradebookSettingsSchema>;

/** An assignment as stored: its fields and its section. */
export const StoredAssignmentSchema = AssignmentSchema.extend(SectionRefFields);
export type StoredAssignment = zod.infer<typeof StoredAssignmentSchema>;

export const gradebookSettingsType = define({
  entity: 'gradebookSettings',
  label: 'Gradebook Settings',
  resource: 'gradebook',
  source: 'sis.gradebook',
  schema: StoredGradebookSettingsSchema,
  idParams: ['sectionId'],
  key: (ids) => keys.gradebookSettings(id(ids, 'sectionId')),
  newId: (settings) => settings.sectionId,
  schoolIds: (settings) => [settings.schoolId],
});

export const assignmentType = define({
  entity: 'assignment',
  label: 'Assignment',
  resource: 'gradebook',
  source: 'sis.gradebook',
  schema: StoredAssignmentSchema,
  idParams: ['sectionId', 'assignmentId'],
  key: (ids) => keys.assignment(id(ids, 'sectionId'), id(ids, 'assignmentId')),
  schoolIds: (assignment) => [assignment.schoolId],
});

/** One student's score on one assignment (points or a status, a comment). */
export const StoredScoreSchema = zod.strictObject({
  ...SectionRefFields,
  assignmentId: zod.string(),
  studentId: zod.string(),
  points: zod.number().optional(),
  status: zod.enum(SCORE_STATUSES).optional(),
  comment: zod.string().optional(),
});
export type StoredScore = zod.infer<typeof StoredScoreSchema>;

export const scoreType = define({
  entity: 'score',
  label: 'Score',
  resource: 'gradebook',
  source: 'sis.gradebook',
  schema: StoredScoreSchema,
  idParams: ['sectionId', 'assignmentId', 'studentId'],
  key: (ids) => keys.score(id(ids, 'sectionId'), id(ids, 'assignmentId'), id(ids, 'studentId')),
  newId: (score) => score.studentId,
  indexKeys: (score) => keys.scoresOfStudentBySection(score.studentId, score.sectionId, score.assignmentId),
  schoolIds: (score) => [score.schoolId],
});

/** A report-card mark, with what the transcript needs of its section (year, term, course). */
export const StoredTermMarkSchema = TermMarkSchema.extend({
  ...SectionRefFields,
  schoolYear: zod.string(),
  termCode: zod.string(),
  courseId: zod.string(),
});
export type StoredTermMark = zod.infer<typeof StoredTermMarkSchema>;

export const termMarkType = define({
  entity: 'termMark',
  label: 'Term Mark',
  resource: 'reportCard',
  source: 'sis.gradebook',
  schema: StoredTermMarkSchema,
  idParams: ['sectionId', 'gradingPeriod', 'studentId'],
  key: (ids) => keys.termMark(id(ids, 'sectionId'), id(ids, 'gradingPeriod'), id(ids, 'studentId')),
  newId: (mark) => mark.studentId,
  indexKeys: (mark) => keys.marksOfStudentByTerm(mark.studentId, mark.schoolYear, mark.termCode, mark.gradingPeriod, mark.sectionId),
  schoolIds: (mark) => [mark.schoolId],
});

/** A school's grading scale as stored: the scale, and whether it is the school's default. */
export const StoredGradingScaleSchema = GradingScaleSchema.extend({ isDefault: zod.boolean().default(false) });
export type StoredGradingScale = zod.infer<typeof StoredGradingScaleSchema>;

/**
 * A school's own grading scale: letter bands the school's sections may name (`scaleId` in their
 * gradebook settings), and, when `isDefault`, the scale of every section of the school that names
 * none. A section keeps a copy of the scale it was set up with (its settings' history says which).
 */
export const gradingScaleType = define({
  entity: 'gradingScale',
  label: 'Grading Scale',
  resource: 'calendar',
  source: 'sis.schools',
  schema: StoredGradingScaleSchema,
  idParams: ['schoolId', 'scaleId'],
  key: (ids) => keys.gradingScale(id(ids, 'schoolId'), id(ids, 'scaleId')),
  newId: (scale) => scale.id,
  references: (_scale, ids) => [schoolReference(id(ids, 'schoolId'), 'schoolId')],
  schoolIds: (_scale, ids) => [id(ids, 'schoolId')],
});

/**
 * A course completed at another school before the student came (transfer credit): kept in the
 * student's partition, on the transcript beside the district's marks. The student's school is filled
 * in by the engine from the student record.
 */
export const transferCreditType = define({
  entity: 'transferCredit',
  label: 'Transfer Credit',
  resource: 'transferCredit',
  source: 'sis.gradebook',
  schema: TransferCreditSchema,
  idParams: ['studentId', 'transferCreditId'],
  key: (ids) => keys.transferCredit(id(ids, 'studentId'), id(ids, 'transferCreditId')),
  references: (_credit, ids) => [{ type: studentType, ids: { studentId: id(ids, 'studentId') }, field: 'studentId' }],
  schoolIds: () => [],
  parentSchool: 'student',
});
