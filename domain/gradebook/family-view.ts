import type { StudentScore } from './grade';

/** A published assignment as a family sees it: what it is, and the child's own score if any. */
interface FamilyWork {
  readonly assignmentId: string;
  readonly title: string;
  readonly categoryId: string;
  readonly dueDate: string;
  readonly maxPoints: number;
  readonly points?: number;
  readonly status?: string;
}

/**
 * Sorts a section's published work for a family: `scored` (points or a status the teacher
 * gave), `missing` (marked missing), `upcoming` (due today or later, nothing entered) and
 * `awaitingScore` (due before today, nothing entered yet). Unpublished work never appears.
 */
export function familyWork(
  assignments: readonly { id: string; title: string; categoryId: string; dueDate: string; maxPoints: number; published: boolean }[],
  scores: readonly StudentScore[],
  today: string,
) {
  const byAssignment = new Map(scores.map((score) => [score.assignmentId, score]));
  const work = { scored: [] as FamilyWork[], missing: [] as FamilyWork[], upcoming: [] as FamilyWork[], awaitingScore: [] as FamilyWork[] };
  for (const assignment of assignments) {
    if (!assignment.published) continue;
    const score = byAssignment.get(assignment.id);
    const item: FamilyWork = {
      assignmentId: assignment.id,
      title: assignment.title,
      categoryId: assignment.categoryId,
      dueDate: assignment.dueDate,
      maxPoints: assignment.maxPoints,
      ...(score?.points === undefined ? {} : { points: score.points }),
      ...(score?.status === undefined ? {} : { status: score.status }),
    };
    if (score?.status === 'missing') work.missing.push(item);
    else if (score && (score.points !== undefined || score.status !== undefined)) work.scored.push(item);
    else if (assignment.dueDate >= today) work.upcoming.push(item);
    else work.awaitingScore.push(item);
  }
  return work;
}
