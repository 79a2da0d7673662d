import { NotFound } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import {
  assignmentType,
  courseType,
  gradebookSettingsType,
  scoreType,
  sectionType,
  termMarkType,
} from '../../../domain/records/record-types';
import type { Notice, NoticeLookup } from '../../../events/notifications';
import type { StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { periodOf, type SectionRecord } from '../gradebook/mark-period';
import { assignmentsOf, gradedAssignment, gradeOf, studentScore, todayOf } from '../gradebook/section-gradebook';

type Values = Notice['values'];

/**
 * A notice with every value its message needs. Version-2 gradebook events carry ids only
 * (decision 0089), so their notices read, at delivery: the course's title through the section;
 * for "Grade Posted" the mark at the event's version (its history item);
 * for "Assignment Missing" the assignment's title and due date as they are now (a rename since shows
 * the new title); for "Low Grade" the grade snapshot written with the score that crossed the
 * threshold, so the notice states the grade that triggered it even when later scores moved it.
 * Records deleted since are soft-deleted and still read (the notice is about what happened then).
 * Undefined only when what the notice is about cannot be found: nothing is sent.
 */
export async function resolveNotice(services: Services, notice: Notice): Promise<Notice | undefined> {
  const { lookup } = notice;
  if (!lookup) return notice;
  if (lookup.kind === 'disciplinaryAction') return actionNotice(services, notice, lookup);
  const section = await services.records.get(sectionType, { sectionId: lookup.sectionId });
  if (!section) return undefined;
  const [courseTitle, values] = await Promise.all([courseTitleOf(services, section), valuesOf(services, section as SectionRecord, lookup)]);
  if (!values) return undefined;
  const { lookup: _lookup, ...rest } = notice;
  return { ...rest, values: { ...notice.values, courseTitle, ...values } };
}

async function courseTitleOf(services: Services, section: StoredRecord): Promise<string> {
  const courseId = String(section.data.courseId);
  const course = await services.records.get(courseType, { courseId });
  return String(course?.data.title ?? courseId);
}

function valuesOf(
  services: Services,
  section: SectionRecord,
  lookup: Exclude<NoticeLookup, { kind: 'disciplinaryAction' }>,
): Promise<Values | undefined> {
  switch (lookup.kind) {
    case 'lowGrade':
      return lowGradeValues(services, section, lookup);
    case 'reportCardPosted':
      return reportCardValues(services, section, lookup);
    case 'missingAssignment':
      return missingAssignmentValues(services, lookup);
  }
}

/** A grading period's name from the school year's calendar; `fallback` when the calendar no longer has it. */
async function periodNameOf(services: Services, section: SectionRecord, code: string, fallback: string): Promise<string> {
  try {
    return (await periodOf(services, section, code)).name;
  } catch (error) {
    if (error instanceof NotFound) return fallback;
    throw error;
  }
}

async function lowGradeValues(
  services: Services,
  section: SectionRecord,
  lookup: Extract<NoticeLookup, { kind: 'lowGrade' }>,
): Promise<Values | undefined> {
  const [snapshots, gradingPeriodName] = await Promise.all([
    services.records.getItems([keys.lowGradeNotice(lookup.sectionId, lookup.studentId, lookup.eventId)]),
    // The templates leave the period out when there is none (a select on this value).
    lookup.gradingPeriod ? periodNameOf(services, section, lookup.gradingPeriod, 'none') : Promise.resolve('none'),
  ]);
  const snapshot = snapshots[0];
  if (snapshot) return { percent: Number(snapshot.percent), letter: String(snapshot.letter), gradingPeriodName };
  // No snapshot: an event the relay upgraded from version 1 (written by the previous code during a
  // rollout). Its grade is the current one, which is the triggering grade unless a score changed since.
  const grade = await currentGradeOf(services, lookup.sectionId, lookup.studentId);
  return grade ? { ...grade, gradingPeriodName } : undefined;
}

async function currentGradeOf(services: Services, sectionId: string, studentId: string) {
  const { pk, skPrefix } = keys.scoresOfStudentInSection(studentId, sectionId);
  const [settings, assignments, scores] = await Promise.all([
    services.records.get(gradebookSettingsType, { sectionId }),
    assignmentsOf(services, sectionId),
    services.records.queryAll(scoreType, { index: 'gsi1', partition: pk, sortKeyPrefix: skPrefix }),
  ]);
  if (!settings) return undefined;
  const live = new Set(assignments.map((record) => record.id));
  const own = scores.filter((record) => live.has(String(record.data.assignmentId))).map((record) => studentScore(record.data));
  const grade = gradeOf(settings.data, assignments.map(gradedAssignment), own, todayOf(services));
  return grade.percent === null || grade.letter === null ? undefined : { percent: grade.percent, letter: grade.letter };
}

async function reportCardValues(
  services: Services,
  section: SectionRecord,
  lookup: Extract<NoticeLookup, { kind: 'reportCardPosted' }>,
): Promise<Values | undefined> {
  const ids = { sectionId: lookup.sectionId, gradingPeriod: lookup.gradingPeriod, studentId: lookup.studentId };
  // The mark the event is about, from its history (one item per version, the current one included):
  // a later change (an administrator's correction) has an event of its own.
  const [mark, gradingPeriodName] = await Promise.all([
    lookup.recordVersion === undefined
      ? services.records.get(termMarkType, ids)
      : services.records.historyVersion(termMarkType, ids, lookup.recordVersion),
    periodNameOf(services, section, lookup.gradingPeriod, lookup.gradingPeriod),
  ]);
  if (!mark || typeof mark.data.letter !== 'string') return undefined;
  return { letter: mark.data.letter, gradingPeriodName };
}

async function missingAssignmentValues(
  services: Services,
  lookup: Extract<NoticeLookup, { kind: 'missingAssignment' }>,
): Promise<Values | undefined> {
  const assignment = await services.records.get(assignmentType, { sectionId: lookup.sectionId, assignmentId: lookup.assignmentId });
  if (!assignment) return undefined;
  return { assignmentTitle: String(assignment.data.title), dueDate: String(assignment.data.dueDate) };
}

/**
 * A discipline action's notice (decision 0153): the action's kind, first day and school days out of class,
 * from the item written with the action; the incident's account and staff notes are never read here.
 */
async function actionNotice(
  services: Services,
  notice: Notice,
  lookup: Extract<NoticeLookup, { kind: 'disciplinaryAction' }>,
): Promise<Notice | undefined> {
  const [item] = await services.records.getItems([keys.behaviorNotice(lookup.studentId, lookup.recordId)]);
  if (!item) return undefined;
  const { lookup: _lookup, ...rest } = notice;
  return {
    ...rest,
    values: { ...notice.values, action: String(item.action), date: String(item.startDate), days: Number(item.days ?? 0) },
  };
}
