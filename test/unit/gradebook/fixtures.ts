import type { GradedAssignment, StudentScore } from '../../../domain/gradebook/grade';
import type { GradebookSettings } from '../../../domain/gradebook/schemas';

/** Homework 20 %, quizzes 30 %, tests 50 %; missing work counts as zero. */
export const weighted: GradebookSettings = {
  mode: 'weighted',
  categories: [
    { id: 'hw', name: 'Homework', weight: 20 },
    { id: 'quiz', name: 'Quizzes', weight: 30 },
    { id: 'test', name: 'Tests', weight: 50 },
  ],
  missingCountsAsZero: true,
};

export const points: GradebookSettings = {
  mode: 'points',
  categories: weighted.categories.map(({ id, name }) => ({ id, name })),
  missingCountsAsZero: true,
};

/** A published assignment due 2026-09-15 with no extra credit; change what the case needs. */
export const assignment = (
  id: string,
  categoryId: string,
  maxPoints: number,
  change: Partial<GradedAssignment> = {},
): GradedAssignment => ({
  id,
  title: `${categoryId} ${id}`,
  categoryId,
  dueDate: '2026-09-15',
  maxPoints,
  extraCreditAllowed: false,
  extraCreditOnly: false,
  published: true,
  ...change,
});

/** hw1 and hw2 out of 10, quiz1 out of 20, test1 out of 100. */
export const ALGEBRA: GradedAssignment[] = [
  assignment('hw1', 'hw', 10),
  assignment('hw2', 'hw', 10),
  assignment('quiz1', 'quiz', 20),
  assignment('test1', 'test', 100),
];

/** 9/10, 7/10, 15/20, 88/100. */
export const SCORES: StudentScore[] = [
  { assignmentId: 'hw1', points: 9 },
  { assignmentId: 'hw2', points: 7 },
  { assignmentId: 'quiz1', points: 15 },
  { assignmentId: 'test1', points: 88 },
];

export const scoreOf = (assignmentId: string, change: Partial<StudentScore>): StudentScore[] =>
  SCORES.map((score) => (score.assignmentId === assignmentId ? { assignmentId, ...change } : score));
