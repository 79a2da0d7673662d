import type { ScoreEntry } from './schemas';

/** A submitted score that differs from the stored one, with the stored one (its history, its version condition). */
export interface ChangedScore<Stored extends ScoreEntry> {
  readonly score: ScoreEntry;
  readonly previous: Stored;
}

export interface ScoreDiff<Stored extends ScoreEntry> {
  /** Scores of students with no stored score (entries that clear a score nobody stored are unchanged). */
  readonly new: readonly ScoreEntry[];
  readonly changed: readonly ChangedScore<Stored>[];
  /** Scores equal to the stored ones: nothing to write. */
  readonly unchanged: readonly ScoreEntry[];
}

const isEmpty = (score: ScoreEntry) => score.points === undefined && score.status === undefined && score.comment === undefined;

const samePoints = (a?: number, b?: number) => (a === undefined || b === undefined ? a === b : Math.round(a * 100) === Math.round(b * 100));

/** True when two scores say the same thing (points to the hundredth, status, comment). */
export const sameScore = (a: ScoreEntry, b: ScoreEntry): boolean =>
  samePoints(a.points, b.points) && a.status === b.status && a.comment === b.comment;

/**
 * Sorts a bulk post against the assignment's stored scores. Students not in the post keep their
 * scores; resubmitting the same body is all `unchanged`, so it writes nothing.
 */
export function diffScores<Stored extends ScoreEntry>(stored: readonly Stored[], submitted: readonly ScoreEntry[]): ScoreDiff<Stored> {
  const byStudent = new Map(stored.map((score) => [score.studentId, score]));
  const added: ScoreEntry[] = [];
  const changed: ChangedScore<Stored>[] = [];
  const unchanged: ScoreEntry[] = [];
  for (const score of submitted) {
    const previous = byStudent.get(score.studentId);
    if (previous === undefined) (isEmpty(score) ? unchanged : added).push(score);
    else if (sameScore(previous, score)) unchanged.push(score);
    else changed.push({ score, previous });
  }
  return { new: added, changed, unchanged };
}

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const TRANSACTION_ITEM_LIMIT = 100;
/** Every chunk re-checks the assignment (a ConditionCheck on the version the scores were validated against). */
export const ITEMS_PER_SCORE_TRANSACTION = 1;
/** A written score is its item and its history item. */
export const ITEMS_PER_WRITTEN_SCORE = 2;
/** Written scores per transaction: (100 − 1) ÷ 2, rounded down = 49. */
export const SCORES_PER_TRANSACTION = Math.floor((TRANSACTION_ITEM_LIMIT - ITEMS_PER_SCORE_TRANSACTION) / ITEMS_PER_WRITTEN_SCORE);

export interface ScoreWrite<Stored extends ScoreEntry> {
  readonly score: ScoreEntry;
  /** Absent for a new score (its put is conditioned on absence), else the version to condition on. */
  readonly previous?: Stored;
}

/**
 * The transactions a bulk post needs: its new and changed scores in chunks of at most
 * SCORES_PER_TRANSACTION (one transaction for any class up to 49 students). Empty when nothing changed.
 */
export function planScoreWrites<Stored extends ScoreEntry>(diff: ScoreDiff<Stored>): ScoreWrite<Stored>[][] {
  const writes: ScoreWrite<Stored>[] = [
    ...diff.new.map((score) => ({ score })),
    ...diff.changed.map(({ score, previous }) => ({ score, previous })),
  ];
  const chunks: ScoreWrite<Stored>[][] = [];
  for (let start = 0; start < writes.length; start += SCORES_PER_TRANSACTION)
    chunks.push(writes.slice(start, start + SCORES_PER_TRANSACTION));
  return chunks;
}

/** Students whose score turned `missing` in this post (Assignment Missing is told once per turn, not on every resubmission). */
export function newlyMissing<Stored extends ScoreEntry>(diff: ScoreDiff<Stored>): string[] {
  return [
    ...diff.new.filter((score) => score.status === 'missing').map((score) => score.studentId),
    ...diff.changed
      .filter(({ score, previous }) => score.status === 'missing' && previous.status !== 'missing')
      .map(({ score }) => score.studentId),
  ];
}
