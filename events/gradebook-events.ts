import * as z from 'zod';
import { GRADEBOOK_DETAIL_TYPES } from '../domain/gradebook/events';
import { V1, V2, type CatalogEntry } from './event-common';

/**
 * The gradebook's events. Version 2 (decision 0089) carries ids, codes, dates and the version of
 * the record concerned, never a grade, a score, a percentage or a title: the notifier reads what
 * a notice says from the table when it delivers it (the course's title by the section, the mark
 * at its version, the assignment's title, and for "Low Grade" the grade snapshot written with the
 * score, `keys.lowGradeNotice`). Version 1 is still read: archived events, events in the queues
 * during a rollout, and outbox items written before it (the relay upgrades those).
 */

/** The class an event is about, by id; its course's title is read through the section. */
const SectionIdsSchema = z.object({ sectionId: z.string(), schoolId: z.string() });
/** A grading period (or the term, for a final mark) by code; its name is read from the school year's calendar. */
const GradingPeriodIdsSchema = z.object({ schoolYear: z.string(), code: z.string() });
/** The version of the record the event is about (a mark, a score); absent on an event upgraded from version 1. */
const RecordVersion = z.number().int().positive().optional();
const GradebookCommon = { studentId: z.string(), section: SectionIdsSchema };

/** Version 2 of "Grade Posted": a report-card mark posted (or a posted one changed); the letter is read from the mark at `recordVersion`. */
export const GradePostedSchema = V2.extend({
  recordType: z.literal('termMark'),
  ...GradebookCommon,
  gradingPeriod: GradingPeriodIdsSchema,
  /** The term's final (transcript) mark rather than a grading period's. */
  final: z.boolean(),
  corrected: z.boolean(),
  recordVersion: RecordVersion,
});
/** Version 2 of "Low Grade": the current grade fell below the section's threshold (once per crossing); the grade is in its snapshot. */
export const LowGradeSchema = V2.extend({
  recordType: z.literal('score'),
  ...GradebookCommon,
  /** The assignment whose score took the grade below the threshold. */
  assignmentId: z.string(),
  gradingPeriod: GradingPeriodIdsSchema.optional(),
  recordVersion: RecordVersion,
});
/** Version 2 of "Assignment Missing": a published assignment's score turned missing; title and due date are read from the assignment. */
export const AssignmentMissingSchema = V2.extend({
  recordType: z.literal('score'),
  ...GradebookCommon,
  assignmentId: z.string(),
  recordVersion: RecordVersion,
});
export type GradePosted = z.infer<typeof GradePostedSchema>;
export type LowGrade = z.infer<typeof LowGradeSchema>;
export type AssignmentMissing = z.infer<typeof AssignmentMissingSchema>;

// ── version 1 (until decision 0089): what a notice says, grades and titles included ──
const SectionRefSchemaV1 = z.object({
  sectionId: z.string(),
  schoolId: z.string(),
  courseTitle: z.string(),
  periods: z.array(z.string()),
});
const GradingPeriodRefSchemaV1 = z.object({ schoolYear: z.string(), code: z.string(), name: z.string() });
const GradebookCommonV1 = { studentId: z.string(), section: SectionRefSchemaV1 };

export const GradePostedSchemaV1 = V1.extend({
  recordType: z.literal('termMark'),
  ...GradebookCommonV1,
  gradingPeriod: GradingPeriodRefSchemaV1,
  mark: z.object({ letter: z.string(), percent: z.number().optional(), final: z.boolean() }),
  corrected: z.boolean(),
});
export const LowGradeSchemaV1 = V1.extend({
  recordType: z.literal('score'),
  ...GradebookCommonV1,
  gradingPeriod: GradingPeriodRefSchemaV1.optional(),
  percent: z.number(),
  letter: z.string(),
  threshold: z.number(),
});
export const AssignmentMissingSchemaV1 = V1.extend({
  recordType: z.literal('score'),
  ...GradebookCommonV1,
  assignment: z.object({ assignmentId: z.string(), title: z.string(), dueDate: z.string() }),
});
export type GradePostedV1 = z.infer<typeof GradePostedSchemaV1>;
export type LowGradeV1 = z.infer<typeof LowGradeSchemaV1>;
export type AssignmentMissingV1 = z.infer<typeof AssignmentMissingSchemaV1>;

type SectionV1 = z.infer<typeof SectionRefSchemaV1>;
type PeriodV1 = z.infer<typeof GradingPeriodRefSchemaV1>;
const sectionIds = (section: SectionV1) => ({ sectionId: section.sectionId, schoolId: section.schoolId });
const periodIds = (period: PeriodV1) => ({ schoolYear: period.schoolYear, code: period.code });

/** The upgrades keep the ids and codes and drop the grade, the percentages and the titles (the version-2 schema strips the rest). */
function upgradeGradePosted(detail: Record<string, unknown>): Record<string, unknown> {
  const { section, gradingPeriod, mark, ...rest } = detail as GradePostedV1;
  return { ...rest, eventVersion: 2, section: sectionIds(section), gradingPeriod: periodIds(gradingPeriod), final: mark.final };
}
function upgradeLowGrade(detail: Record<string, unknown>): Record<string, unknown> {
  const { section, gradingPeriod, percent: _percent, letter: _letter, threshold: _threshold, ...rest } = detail as LowGradeV1;
  return {
    ...rest,
    eventVersion: 2,
    section: sectionIds(section),
    assignmentId: rest.ids.assignmentId,
    ...(gradingPeriod ? { gradingPeriod: periodIds(gradingPeriod) } : {}),
  };
}
function upgradeAssignmentMissing(detail: Record<string, unknown>): Record<string, unknown> {
  const { section, assignment, ...rest } = detail as AssignmentMissingV1;
  return { ...rest, eventVersion: 2, section: sectionIds(section), assignmentId: assignment.assignmentId };
}

export const GRADEBOOK_SOURCE = 'sis.gradebook';
export const GRADEBOOK_EVENTS = {
  gradePosted: {
    source: GRADEBOOK_SOURCE,
    detailType: GRADEBOOK_DETAIL_TYPES.gradePosted,
    version: 2,
    schema: GradePostedSchema,
    previous: { version: 1, schema: GradePostedSchemaV1, upgrade: upgradeGradePosted },
  },
  lowGrade: {
    source: GRADEBOOK_SOURCE,
    detailType: GRADEBOOK_DETAIL_TYPES.lowGrade,
    version: 2,
    schema: LowGradeSchema,
    previous: { version: 1, schema: LowGradeSchemaV1, upgrade: upgradeLowGrade },
  },
  assignmentMissing: {
    source: GRADEBOOK_SOURCE,
    detailType: GRADEBOOK_DETAIL_TYPES.assignmentMissing,
    version: 2,
    schema: AssignmentMissingSchema,
    previous: { version: 1, schema: AssignmentMissingSchemaV1, upgrade: upgradeAssignmentMissing },
  },
} as const satisfies Record<string, CatalogEntry>;
