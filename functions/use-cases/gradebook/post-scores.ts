import { Conflict, Invalid, NotFound } from '../../../domain/errors';
import { crossedBelow, type StudentScore } from '../../../domain/gradebook/grade';
import { checkScores, ScoresSchema, type ScoreEntry } from '../../../domain/gradebook/schemas';
import { diffScores, newlyMissing, sameScore } from '../../../domain/gradebook/scores';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { assignmentType, schoolYearType, scoreType, type StoredScore } from '../../../domain/records/record-types';
import { parseOrThrow } from '../../../domain/validation';
import { GRADEBOOK_EVENTS, type DomainEvent } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { RecordWrite, StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import type { Riders } from './gradebook-setup';
import {
  assignmentsOf,
  authorizedSection,
  gradedAssignment,
  gradeOf,
  requiredSettings,
  rosterDuring,
  scoresOfSection,
  studentScore,
  thresholdOf,
  todayOf,
} from './section-gradebook';

export interface ScoresResult {
  readonly sectionId: string;
  readonly assignmentId: string;
  readonly added: number;
  readonly corrected: number;
  readonly unchanged: number;
  /** Family notices queued with the scores: grades that fell below the threshold, work that turned missing. */
  readonly lowGrades: number;
  readonly missing: number;
}

type StoredEntry = ScoreEntry & { readonly record: StoredRecord<StoredScore> };

const entryOf = (record: StoredRecord<StoredScore>): StoredEntry => ({
  studentId: record.id,
  ...(record.data.points !== undefined ? { points: record.data.points } : {}),
  ...(record.data.status !== undefined ? { status: record.data.status } : {}),
  ...(record.data.comment !== undefined ? { comment: record.data.comment } : {}),
  record,
});

/** A correction needs a reason when it changes points or status a score already had (not when a missing item gets its points). */
const isCorrection = (previous: ScoreEntry, score: ScoreEntry) =>
  previous.points !== undefined && !sameScore({ ...previous, comment: undefined }, { ...score, comment: undefined });

/**
 * A teacher posts one assignment's scores for the roster. Reads (in parallel): the section (for
 * access), its settings, assignments, roster and stored scores; only new and changed scores are
 * written, each with its history item, in one transaction for any class up to 49 students (the
 * assignment's version is checked in it). Family notices go in the same transaction as outbox
 * items: `Assignment Missing` for a published assignment whose score turned missing, and `Low Grade`
 * when this post takes the student's current grade from at or above the section's threshold to below it.
 */
export async function postScores(
  services: Services,
  sectionId: string,
  assignmentId: string,
  body: unknown,
  context: WriteContext,
  riders: Riders = [],
): Promise<Written<ScoresResult>> {
  const submission = parseOrThrow(ScoresSchema, body ?? {});
  const section = await authorizedSection(services, sectionId, context.principal, 'update');
  const [settingsRecord, assignments, sectionScores] = await Promise.all([
    requiredSettings(services, sectionId),
    assignmentsOf(services, sectionId),
    scoresOfSection(services, sectionId),
  ]);
  const assignment = assignments.find((candidate) => candidate.id === assignmentId);
  if (!assignment) throw new NotFound(`No assignment ${assignmentId} in section ${sectionId}.`);
  const graded = gradedAssignment(assignment);
  const issues = checkScores(submission, graded);
  // The students in the class while the assignment was open, those who left since included (decision 0131).
  const { assignedDate, dueDate } = assignment.data;
  const onRoster = new Set(await rosterDuring(services, section, assignedDate, dueDate));
  submission.scores.forEach((score, index) => {
    if (!onRoster.has(score.studentId)) {
      issues.push({
        field: `scores[${index}].studentId`,
        message: `was not on the section's roster while the assignment was open (${assignedDate} to ${dueDate})`,
      });
    }
  });
  if (issues.length > 0) throw new Invalid(issues);

  const stored = sectionScores.filter((record) => record.data.assignmentId === assignmentId).map(entryOf);
  const diff = diffScores(stored, submission.scores);
  const result: ScoresResult = {
    sectionId,
    assignmentId,
    added: diff.new.length,
    corrected: diff.changed.length,
    unchanged: diff.unchanged.length,
    lowGrades: 0,
    missing: 0,
  };
  if (diff.new.length === 0 && diff.changed.length === 0) return { result, replayed: false };
  if (!context.reason && diff.changed.some(({ score, previous }) => isCorrection(previous, score))) {
    throw new Invalid([
      { field: 'X-Change-Reason', message: 'is required to correct a score already entered (it is kept in the history)' },
    ]);
  }

  const settings = settingsRecord.data;
  const today = todayOf(services);
  const live = new Set(assignments.map((record) => record.id));
  const allGraded = assignments.map(gradedAssignment);
  const scoresByStudent = new Map<string, StudentScore[]>();
  for (const record of sectionScores) {
    if (!live.has(record.data.assignmentId)) continue;
    const list = scoresByStudent.get(record.id) ?? [];
    list.push(studentScore(record.data));
    scoresByStudent.set(record.id, list);
  }

  const now = services.now();
  const at = now.toISOString();
  const actor = context.principal.sub;
  const threshold = thresholdOf(settings);
  const missingNow = new Set(graded.published ? newlyMissing(diff) : []);
  const writes = [...diff.new.map((score) => ({ score, previous: undefined })), ...diff.changed];
  const common = {
    occurredAt: at,
    actor: { sub: actor, roles: [...context.principal.roles] },
    ...(context.reason ? { reason: context.reason } : {}),
    recordType: 'score' as const,
    schoolIds: [section.data.schoolId],
    changedFields: [],
  };
  // The grading period a low grade falls in (today's, in the section's term), named on the notice.
  let period: { schoolYear: string; code: string } | null | undefined;
  const gradingPeriodOf = async () => {
    if (period === undefined) {
      const year = await services.records.get(schoolYearType, { schoolId: section.data.schoolId, schoolYear: section.data.schoolYear });
      const found = year?.data.gradingPeriods.find(
        (candidate) => candidate.termCode === section.data.termCode && candidate.startDate <= today && today <= candidate.endDate,
      );
      period = found ? { schoolYear: section.data.schoolYear, code: found.code } : null;
    }
    return period ?? undefined;
  };
  const sectionIds = { sectionId, schoolId: section.data.schoolId };

  // One write per student: the score, its history, and its notices; a student's write is never split.
  const scoreWrites: RecordWrite<StoredScore>[] = [];
  let lowGrades = 0;
  for (const { score, previous } of writes) {
    const data: StoredScore = {
      sectionId,
      schoolId: section.data.schoolId,
      assignmentId,
      studentId: score.studentId,
      ...(score.points !== undefined ? { points: score.points } : {}),
      ...(score.status !== undefined ? { status: score.status } : {}),
      ...(score.comment !== undefined ? { comment: score.comment } : {}),
    };
    const before = previous?.record;
    const ids = { sectionId, assignmentId, studentId: score.studentId };
    // The events carry ids and the score's version (decision 0089): the notifier reads the titles, and
    // the grade a Low Grade notice states from the snapshot written here, in the same transaction.
    const version = (before?.version ?? 0) + 1;
    const notice = { ...common, ids, studentId: score.studentId, section: sectionIds, assignmentId, recordVersion: version };
    const events: DomainEvent[] = [];
    const extra: TransactionItem[] = [];
    if (missingNow.has(score.studentId)) events.push(buildEvent(GRADEBOOK_EVENTS.assignmentMissing, notice));
    if (graded.published) {
      const others = (scoresByStudent.get(score.studentId) ?? []).filter((one) => one.assignmentId !== assignmentId);
      const beforeGrade = gradeOf(settings, allGraded, scoresByStudent.get(score.studentId) ?? [], today);
      const afterGrade = gradeOf(settings, allGraded, [...others, studentScore(data)], today);
      if (crossedBelow(beforeGrade.percent, afterGrade.percent, threshold)) {
        lowGrades += 1;
        const found = await gradingPeriodOf();
        const event = buildEvent(GRADEBOOK_EVENTS.lowGrade, { ...notice, ...(found ? { gradingPeriod: found } : {}) });
        const facts = { percent: afterGrade.percent!, letter: afterGrade.letter!, threshold };
        extra.push(
          services.gradebook.lowGradeNotice(
            { eventId: String(event.detail.eventId), sectionId, studentId: score.studentId, assignmentId, scoreVersion: version },
            facts,
            at,
          ),
        );
        events.push(event);
      }
    }
    scoreWrites.push({ kind: scoreType, ids, before, data, extra, events: () => events });
  }

  // Transactions of at most 100 items: the assignment check (the version the scores were checked
  // against) in each, whole students, and room for the idempotency record.
  const assignmentUnchanged = services.records.unchangedCheck(
    assignmentType,
    { sectionId, assignmentId },
    assignment.version,
    () => new Conflict('The assignment changed while the scores were being saved; send them again.'),
  );
  return services.records.commitInChunks(context, scoreWrites, {
    at,
    head: [assignmentUnchanged],
    tail: riders,
    result: { ...result, lowGrades, missing: missingNow.size } satisfies ScoresResult,
  });
}

/** An assignment's scores, as stored (students without a score are listed as `unscored`). */
export async function readScores(services: Services, sectionId: string, assignmentId: string, principal: Principal) {
  const section = await authorizedSection(services, sectionId, principal, 'read');
  const [assignments, scores] = await Promise.all([
    assignmentsOf(services, sectionId),
    services.records.queryAll(scoreType, {
      partition: keys.scoresOfAssignment(sectionId, assignmentId).pk,
      sortKeyPrefix: keys.scoresOfAssignment(sectionId, assignmentId).skPrefix,
      consistent: true,
    }),
  ]);
  const assignment = assignments.find((candidate) => candidate.id === assignmentId);
  if (!assignment) throw new NotFound(`No assignment ${assignmentId} in section ${sectionId}.`);
  const roster = await rosterDuring(services, section, assignment.data.assignedDate, assignment.data.dueDate);
  const scored = new Set(scores.map((record) => record.id));
  return {
    sectionId,
    assignmentId,
    scores: scores.map((record) => {
      const { record: _stored, ...entry } = entryOf(record);
      return { ...entry, version: record.version, updatedAt: record.updatedAt, updatedBy: record.updatedBy };
    }),
    unscored: roster.filter((studentId) => !scored.has(studentId)),
  };
}

/** A student's score on an assignment, every version newest first, with who changed it, when and why. */
export async function scoreHistory(services: Services, sectionId: string, assignmentId: string, studentId: string, principal: Principal) {
  await authorizedSection(services, sectionId, principal, 'history');
  const page = await services.records.history(scoreType, { sectionId, assignmentId, studentId }, 100);
  if (page.items.length === 0) throw new NotFound(`No score of student ${studentId} on assignment ${assignmentId}.`);
  return {
    sectionId,
    assignmentId,
    studentId,
    versions: page.items.map((entry) => {
      const { record: _stored, ...score } = entryOf(entry.record);
      return {
        version: entry.version,
        action: entry.action,
        at: entry.at,
        by: entry.actor,
        ...(entry.reason ? { reason: entry.reason } : {}),
        score,
      };
    }),
  };
}
