/**
 * The gradebook of a section as OneRoster 1.2 REST objects: categories, line items (assignments)
 * and results (scores).
 */
import type { Assignment, GradebookCategory } from '../gradebook/schemas';
import { pairId, ref, resultId, sessionIds, type Source } from './rest-model';

const base = (source: Source<unknown>, sourcedId: string) => ({
  sourcedId,
  status: source.deletedAt ? ('tobedeleted' as const) : ('active' as const),
  dateLastModified: source.deletedAt ?? source.updatedAt,
});

export function category(source: Source<unknown>, sectionId: string, data: GradebookCategory) {
  return {
    ...base(source, pairId(sectionId, data.id)),
    title: data.name,
    ...(data.weight !== undefined ? { weight: data.weight } : {}),
    metadata: { 'sis.class': sectionId },
  };
}

export function lineItem(source: Source<Assignment & { sectionId: string; schoolId: string }>, schoolYear: string, termCode: string) {
  const data = source.data;
  return {
    ...base(source, pairId(data.sectionId, source.id)),
    title: data.title,
    ...(data.description ? { description: data.description } : {}),
    assignDate: data.assignedDate,
    dueDate: data.dueDate,
    class: ref('class', data.sectionId),
    school: ref('org', data.schoolId),
    category: ref('category', pairId(data.sectionId, data.categoryId)),
    gradingPeriod: ref('academicSession', sessionIds.term(data.schoolId, schoolYear, termCode)),
    resultValueMin: 0,
    resultValueMax: data.maxPoints,
  };
}

export interface ScoreData {
  readonly sectionId: string;
  readonly schoolId: string;
  readonly assignmentId: string;
  readonly studentId: string;
  readonly points?: number;
  readonly status?: 'missing' | 'late' | 'exempt' | 'incomplete';
  readonly comment?: string;
}

const SCORE_STATUS = {
  missing: 'not submitted',
  exempt: 'exempt',
  incomplete: 'partially graded',
  late: 'fully graded',
} as const;

export function result(source: Source<ScoreData>) {
  const score = source.data;
  return {
    ...base(source, resultId(score.sectionId, score.assignmentId, score.studentId)),
    lineItem: ref('lineItem', pairId(score.sectionId, score.assignmentId)),
    student: ref('student', score.studentId),
    class: ref('class', score.sectionId),
    scoreStatus: score.status ? SCORE_STATUS[score.status] : ('fully graded' as const),
    ...(score.points !== undefined ? { score: score.points } : {}),
    scoreDate: source.updatedAt.slice(0, 10),
    ...(score.comment ? { comment: score.comment } : {}),
  };
}
