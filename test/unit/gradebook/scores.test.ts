import fc from 'fast-check';
import {
  diffScores,
  ITEMS_PER_SCORE_TRANSACTION,
  ITEMS_PER_WRITTEN_SCORE,
  newlyMissing,
  planScoreWrites,
  SCORES_PER_TRANSACTION,
  TRANSACTION_ITEM_LIMIT,
} from '../../../domain/gradebook/scores';
import type { ScoreEntry } from '../../../domain/gradebook/schemas';
import { recordId } from '../scheduling/generators';

const student = (n: number) => recordId('ST', n);
type Stored = ScoreEntry & { version: number };

const STORED: Stored[] = [
  { studentId: student(1), points: 9, version: 1 },
  { studentId: student(2), status: 'missing', version: 3 },
  { studentId: student(3), points: 7.5, comment: 'Good work', version: 2 },
];

describe('diffScores', () => {
  test('sorts a post into new, changed (with the stored score) and unchanged', () => {
    const submitted: ScoreEntry[] = [
      { studentId: student(1), points: 9 }, // same
      { studentId: student(2), points: 6, status: 'late' }, // was missing
      { studentId: student(3), points: 7.5 }, // comment removed
      { studentId: student(4), points: 10 }, // first score
      { studentId: student(5) }, // clears a score nobody stored
    ];

    const diff = diffScores(STORED, submitted);

    expect(diff.new).toEqual([{ studentId: student(4), points: 10 }]);
    expect(diff.changed).toEqual([
      { score: submitted[1], previous: STORED[1] },
      { score: submitted[2], previous: STORED[2] },
    ]);
    expect(diff.unchanged).toEqual([submitted[0], submitted[4]]);
  });

  test('points are compared to the hundredth, so 7.5 and 7.50 are one score', () => {
    expect(diffScores(STORED, [{ studentId: student(3), points: 7.5, comment: 'Good work' }]).unchanged).toHaveLength(1);
    expect(diffScores(STORED, [{ studentId: student(1), points: 9.01 }]).changed).toHaveLength(1);
  });

  test('an idempotent resubmission writes nothing, and students left out of the post are untouched', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record(
            {
              studentId: fc.integer({ min: 1, max: 40 }).map(student),
              points: fc.integer({ min: 0, max: 1000 }).map((value) => value / 100),
              status: fc.constantFrom('late' as const, 'incomplete' as const),
              comment: fc.constantFrom('ok', 'see me'),
            },
            { requiredKeys: ['studentId'] },
          ),
          { maxLength: 40 },
        ),
        (entries) => {
          const unique = [...new Map(entries.map((entry) => [entry.studentId, entry])).values()];
          // Apply a first post, as the repository would, then submit the same body again.
          const first = diffScores(STORED, unique);
          const written = [...first.new, ...first.changed.map(({ score }) => score)];
          const stored = [...STORED.filter((one) => !written.some((score) => score.studentId === one.studentId)), ...written];

          const again = diffScores(stored, unique);

          expect(again.new).toEqual([]);
          expect(again.changed).toEqual([]);
          expect(planScoreWrites(again)).toEqual([]);
          expect(first.new.length + first.changed.length + first.unchanged.length).toBe(unique.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('planScoreWrites', () => {
  const post = (count: number): ScoreEntry[] => Array.from({ length: count }, (_, index) => ({ studentId: student(index), points: 8 }));

  test('a 35-student post is one transaction of 1 + 2 × 35 = 71 items', () => {
    const chunks = planScoreWrites(diffScores([], post(35)));

    expect(chunks).toHaveLength(1);
    expect(ITEMS_PER_SCORE_TRANSACTION + ITEMS_PER_WRITTEN_SCORE * chunks[0]!.length).toBe(71);
  });

  test('larger posts are split so no transaction exceeds 100 items: 200 scores → 49 + 49 + 49 + 49 + 4', () => {
    const chunks = planScoreWrites(diffScores([], post(200)));

    expect(SCORES_PER_TRANSACTION).toBe(49);
    expect(chunks.map((chunk) => chunk.length)).toEqual([49, 49, 49, 49, 4]);
    chunks.forEach((chunk) =>
      expect(ITEMS_PER_SCORE_TRANSACTION + ITEMS_PER_WRITTEN_SCORE * chunk.length).toBeLessThanOrEqual(TRANSACTION_ITEM_LIMIT),
    );
  });

  test('changed scores carry the stored score to condition on; new ones do not', () => {
    const [chunk] = planScoreWrites(
      diffScores(STORED, [
        { studentId: student(1), points: 10 },
        { studentId: student(9), points: 1 },
      ]),
    );

    expect(chunk).toEqual([
      { score: { studentId: student(9), points: 1 } },
      { score: { studentId: student(1), points: 10 }, previous: STORED[0] },
    ]);
  });
});

describe('newlyMissing', () => {
  test('names students whose score turned missing in this post, not those already missing', () => {
    const diff = diffScores(STORED, [
      { studentId: student(1), status: 'missing' },
      { studentId: student(2), status: 'missing', comment: 'reminded' },
      { studentId: student(7), status: 'missing' },
    ]);

    expect(newlyMissing(diff)).toEqual([student(7), student(1)]);
  });
});
