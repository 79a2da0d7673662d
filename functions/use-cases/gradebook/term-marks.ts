import * as z from 'zod';
import { Conflict, Invalid } from '../../../domain/errors';
import { MARK_LETTERS } from '../../../domain/gradebook/marks';
import { effectiveMarkStatus, markRefusalError, markTransition } from '../../../domain/gradebook/posting';
import type { StudentScore } from '../../../domain/gradebook/grade';
import type { Principal } from '../../../domain/principal';
import { courseType, gradebookSettingsType, termMarkType, type StoredTermMark } from '../../../domain/records/record-types';
import { LongText } from '../../../domain/schemas/common';
import { parseOrThrow } from '../../../domain/validation';
import { GRADEBOOK_EVENTS } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { RecordWrite, StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import {
  assignmentsOf,
  authorizedSection,
  gradedAssignment,
  gradeOf,
  rosterDuring,
  scoresOfSection,
  studentScore,
  todayOf,
} from './section-gradebook';
import { markCounterItems } from './mark-counters';
import { completionItem, marksOfPeriod, periodOf, refused, type Period, type SectionRecord } from './mark-period';

/**
 * Body of `PUT /v1/sections/{sectionId}/marks/{gradingPeriod}`: per student, a letter the teacher
 * enters, or none to accept the mark computed from the gradebook; and up to 3 comments.
 */
export const MarksBody = z.strictObject({
  marks: z
    .array(
      z.strictObject({
        studentId: z.string().min(1).max(100),
        letter: z.enum(MARK_LETTERS, { error: `must be a district mark: ${MARK_LETTERS.join(', ')}` }).optional(),
        comments: z.array(LongText).max(3, { error: 'must have at most 3 comments' }).default([]),
      }),
    )
    .min(1, { error: 'must have at least one mark' })
    .max(200, { error: 'must have at most 200 marks' })
    .superRefine((marks, context) => {
      const seen = new Set<string>();
      marks.forEach((mark, index) => {
        if (seen.has(mark.studentId)) context.addIssue({ code: 'custom', path: [index, 'studentId'], message: 'repeats a student' });
        seen.add(mark.studentId);
      });
    }),
});

const markView = (record: StoredRecord<StoredTermMark>, locked: boolean) => {
  const { sectionId: _section, schoolId: _school, courseId: _course, ...mark } = record.data;
  return {
    ...mark,
    status: effectiveMarkStatus({ status: record.data.status }, locked),
    version: record.version,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
};

export interface MarksResult {
  readonly sectionId: string;
  readonly gradingPeriod: string;
  readonly final: boolean;
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
}

/**
 * A teacher enters report-card marks for a grading period (or the term's final marks): a letter, or
 * none to accept the computed one (from the assignments due in the period), and comments. Drafts
 * change freely while the period is not posted; a posted mark changes only by an administrator with
 * X-Change-Reason, audited in its history, and tells the family again (Grade Posted, corrected).
 */
export async function enterMarks(
  services: Services,
  sectionId: string,
  gradingPeriod: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<MarksResult>> {
  const submission = parseOrThrow(MarksBody, body ?? {});
  const section = await authorizedSection(services, sectionId, context.principal, 'update', 'reportCard');
  const period = await periodOf(services, section, gradingPeriod);
  // A student on the roster on any day of the period may be marked, one who left since included (decision 0131).
  const [roster, stored, settingsRecord, assignments, scores] = await Promise.all([
    rosterDuring(services, section, period.startDate, period.endDate),
    marksOfPeriod(services, sectionId, gradingPeriod),
    services.records.get(gradebookSettingsType, { sectionId }),
    assignmentsOf(services, sectionId),
    scoresOfSection(services, sectionId),
  ]);
  const onRoster = new Set(roster);
  const issues = submission.marks.flatMap((mark, index) =>
    onRoster.has(mark.studentId)
      ? []
      : [
          {
            field: `marks[${index}].studentId`,
            message: `was not on the section's roster during ${period.code} (${period.startDate} to ${period.endDate})`,
          },
        ],
  );
  // Computed marks: the grade from the assignments due in the period (the whole term for final marks).
  const inPeriod = assignments
    .map(gradedAssignment)
    .filter((assignment) => period.final || (assignment.dueDate >= period.startDate && assignment.dueDate <= period.endDate));
  const live = new Set(inPeriod.map((assignment) => assignment.id));
  const asOf = [todayOf(services), period.endDate].sort()[0]!;
  const computed = (studentId: string) => {
    if (!settingsRecord) return undefined;
    const own: StudentScore[] = scores
      .filter((record) => record.id === studentId && live.has(record.data.assignmentId))
      .map((record) => studentScore(record.data));
    const grade = gradeOf(settingsRecord.data, inPeriod, own, asOf);
    return grade.percent === null || grade.letter === null ? undefined : { letter: grade.letter, percent: grade.percent };
  };
  const wanted = submission.marks.map((mark, index) => {
    if (mark.letter !== undefined) return { ...mark, letter: mark.letter, source: 'entered' as const };
    const grade = computed(mark.studentId);
    if (!grade) {
      issues.push({
        field: `marks[${index}].letter`,
        message: 'is required: the gradebook computes no grade for this student in the period',
      });
      return undefined;
    }
    return { ...mark, letter: grade.letter, percent: grade.percent, source: 'computed' as const };
  });
  if (issues.length > 0) throw new Invalid(issues);

  const byStudent = new Map(stored.marks.map((record) => [record.id, record]));
  const at = services.now().toISOString();
  const writes: RecordWrite<StoredTermMark>[] = [];
  let added = 0;
  let changed = 0;
  let courseCode: string | undefined;
  for (const mark of wanted) {
    if (!mark) continue;
    const before = byStudent.get(mark.studentId);
    const status = before ? effectiveMarkStatus({ status: before.data.status }, stored.locked) : 'draft';
    const data: StoredTermMark = {
      studentId: mark.studentId,
      gradingPeriod,
      final: period.final,
      letter: mark.letter,
      ...('percent' in mark && mark.percent !== undefined ? { percent: mark.percent } : {}),
      comments: mark.comments,
      source: mark.source,
      status,
      sectionId,
      schoolId: section.data.schoolId,
      schoolYear: section.data.schoolYear,
      termCode: section.data.termCode,
      courseId: section.data.courseId,
    };
    if (before && JSON.stringify(comparable(before.data)) === JSON.stringify(comparable(data))) continue;
    const decision = markTransition(status, 'edit', context.principal.roles, context.reason);
    if (!decision.allowed) throw refused(decision);
    const ids = { sectionId, gradingPeriod, studentId: mark.studentId };
    if (status === 'posted') {
      // A posted mark changed: the family is told again (corrected), and a final mark records its completion again.
      if (period.final) courseCode ??= (await services.records.get(courseType, { courseId: section.data.courseId }))?.data.code ?? '';
      const extra = [
        ...(period.final ? completionItem(services, mark.studentId, mark.letter, courseCode ?? '', section.data, at) : []),
        ...markCounterItems(services, before?.data, data, at),
      ];
      writes.push({
        kind: termMarkType,
        ids,
        before,
        data,
        extra,
        events: (after) => [gradePosted(section, period, after, true, context, at)],
      });
    } else {
      writes.push({ kind: termMarkType, ids, before, data });
    }
    if (before) changed += 1;
    else added += 1;
  }
  const result: MarksResult = {
    sectionId,
    gradingPeriod,
    final: period.final,
    added,
    changed,
    unchanged: submission.marks.length - added - changed,
  };
  if (writes.length === 0) return { result, replayed: false };
  // Drafts are written only while the period is not posted: every transaction checks the lock is still absent.
  const head = stored.locked
    ? []
    : [
        services.gradebook.periodOpen(
          sectionId,
          gradingPeriod,
          () => new Conflict('The grading period was posted meanwhile; its marks change only by an administrator with a reason.'),
        ),
      ];
  return services.records.commitInChunks(context, writes, { at, head, result });
}

const comparable = (data: StoredTermMark) => ({
  letter: data.letter,
  percent: data.percent,
  comments: data.comments,
  source: data.source,
  status: data.status,
});

/** "Grade Posted" (version 2, decision 0089): ids, codes and the mark's version; the notifier reads the letter from the mark at that version. */
function gradePosted(
  section: SectionRecord,
  period: Period,
  mark: StoredRecord<StoredTermMark>,
  corrected: boolean,
  context: WriteContext,
  at: string,
) {
  const studentId = mark.data.studentId;
  return buildEvent(GRADEBOOK_EVENTS.gradePosted, {
    occurredAt: at,
    actor: { sub: context.principal.sub, roles: [...context.principal.roles] },
    ...(context.reason ? { reason: context.reason } : {}),
    recordType: 'termMark' as const,
    ids: { sectionId: section.id, gradingPeriod: period.code, studentId },
    schoolIds: [section.data.schoolId],
    changedFields: [],
    studentId,
    section: { sectionId: section.id, schoolId: section.data.schoolId },
    gradingPeriod: { schoolYear: section.data.schoolYear, code: period.code },
    final: period.final,
    corrected,
    recordVersion: mark.version,
  });
}

export interface PostResult {
  readonly sectionId: string;
  readonly gradingPeriod: string;
  readonly final: boolean;
  readonly posted: number;
  readonly completions: number;
}

/**
 * Posts a grading period's marks: every student on the roster must have one. Each mark becomes
 * posted (with its history) and tells the family (Grade Posted); final marks record the course
 * completion; the period's lock is written last, so a retry after a partial post finishes it.
 */
export async function postMarks(
  services: Services,
  sectionId: string,
  gradingPeriod: string,
  context: WriteContext,
): Promise<Written<PostResult>> {
  const section = await authorizedSection(services, sectionId, context.principal, 'update', 'reportCard');
  const period = await periodOf(services, section, gradingPeriod);
  const [roster, stored, course] = await Promise.all([
    rosterAtEndOf(services, section, period),
    marksOfPeriod(services, sectionId, gradingPeriod),
    services.records.get(courseType, { courseId: section.data.courseId }),
  ]);
  if (stored.locked) throw markRefusalError({ code: 'already-posted', message: `The marks of ${gradingPeriod} are posted already.` });
  const marked = new Set(stored.marks.map((record) => record.id));
  const unmarked = roster.filter((studentId) => !marked.has(studentId));
  if (unmarked.length > 0) {
    throw new Invalid([
      { field: 'marks', message: `${unmarked.length} student(s) on the roster have no mark yet: ${unmarked.slice(0, 10).join(', ')}` },
    ]);
  }
  const at = services.now().toISOString();
  const writes: RecordWrite<StoredTermMark>[] = [];
  let completions = 0;
  for (const before of stored.marks) {
    if (before.data.status === 'posted') continue;
    const decision = markTransition('draft', 'post', context.principal.roles);
    if (!decision.allowed) throw refused(decision);
    const data: StoredTermMark = { ...before.data, status: 'posted' };
    const completion = period.final ? completionItem(services, before.id, data.letter, course?.data.code ?? '', section.data, at) : [];
    completions += completion.length;
    const extra = [...completion, ...markCounterItems(services, before.data, data, at)];
    writes.push({
      kind: termMarkType,
      ids: before.ids,
      before,
      data,
      extra,
      events: (after) => [gradePosted(section, period, after, false, context, at)],
    });
  }
  // The period's lock goes last, so a retry after a partial post finishes it.
  const lock = services.gradebook.periodLocked({ sectionId, gradingPeriod, at, by: context.principal.sub }, () =>
    markRefusalError({ code: 'already-posted', message: `The marks of ${gradingPeriod} are posted already.` }),
  );
  const result: PostResult = { sectionId, gradingPeriod, final: period.final, posted: writes.length, completions };
  return services.records.commitInChunks(context, writes, { at, tail: [lock], result });
}

/** A section's marks for a grading period, whether the period is posted, and the students without a mark. */
export async function readMarks(services: Services, sectionId: string, gradingPeriod: string, principal: Principal) {
  const section = await authorizedSection(services, sectionId, principal, 'read', 'reportCard');
  const period = await periodOf(services, section, gradingPeriod);
  const [roster, stored] = await Promise.all([rosterAtEndOf(services, section, period), marksOfPeriod(services, sectionId, gradingPeriod)]);
  const marked = new Set(stored.marks.map((record) => record.id));
  return {
    sectionId,
    gradingPeriod,
    final: period.final,
    posted: stored.locked,
    marks: stored.marks.map((record) => markView(record, stored.locked)),
    unmarked: roster.filter((studentId) => !marked.has(studentId)),
  };
}

/**
 * The students who must have a mark for the period: those on the roster on its last day, or today while it runs
 * (decision 0131). One who left during the period may have one; one who came after it ended has none to give.
 */
function rosterAtEndOf(services: Services, section: SectionRecord, period: Period): Promise<string[]> {
  const day = [period.endDate, todayOf(services)].sort()[0]!;
  return rosterDuring(services, section, day, day);
}
