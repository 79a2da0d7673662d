import fc from 'fast-check';
import { currentGrade, type CurrentGrade, type StudentScore } from '../../../domain/gradebook/grade';
import { DISTRICT_DEFAULT_SCALE as SCALE } from '../../../domain/gradebook/schemas';
import { assignment } from './fixtures';
import { gradebook, type Gradebook } from './generators';

const RUNS = { numRuns: 300 };

const grade = (book: Gradebook, scores: readonly StudentScore[] = book.scores, assignments = book.assignments): CurrentGrade =>
  currentGrade(book.settings, SCALE, assignments, scores, book.today === undefined ? {} : { today: book.today });

describe('currentGrade over generated gradebooks', () => {
  test('adding an exempt score never changes the grade (on unscored work, or on a new assignment)', () => {
    fc.assert(
      fc.property(gradebook, fc.nat(), (book, pick) => {
        const before = grade(book);
        const unscored = book.assignments.filter((one) => !book.scores.some((score) => score.assignmentId === one.id));
        const target = unscored[pick % Math.max(unscored.length, 1)];

        if (target) {
          const after = grade(book, [...book.scores, { assignmentId: target.id, status: 'exempt' }]);
          expect([after.percent, after.letter]).toEqual([before.percent, before.letter]);
        }
        const added = [...book.assignments, assignment('new', book.settings.categories[0]!.id, 10)];
        const withNew = grade(book, [...book.scores, { assignmentId: 'new', status: 'exempt' }], added);
        expect([withNew.percent, withNew.letter]).toEqual([before.percent, before.letter]);
      }),
      RUNS,
    );
  });

  test('raising a score never lowers the grade', () => {
    fc.assert(
      fc.property(gradebook, fc.nat(), fc.integer({ min: 1, max: 10_000 }), (book, pick, raise) => {
        const scored = book.scores.filter((score) => score.points !== undefined);
        fc.pre(scored.length > 0);
        const target = scored[pick % scored.length]!;
        const assignment = book.assignments.find((one) => one.id === target.assignmentId)!;
        const ceiling = assignment.extraCreditAllowed ? Infinity : assignment.maxPoints;
        const raised = Math.min(ceiling, (Math.round(target.points! * 100) + raise) / 100);

        const before = grade(book);
        const after = grade(
          book,
          book.scores.map((score) => (score === target ? { ...score, points: raised } : score)),
        );

        if (before.percent !== null) expect(after.percent!).toBeGreaterThanOrEqual(before.percent);
        if (before.letter !== null && after.letter !== null) {
          const rank = (letter: string) => SCALE.bands.findIndex((band) => band.letter === letter);
          expect(rank(after.letter)).toBeLessThanOrEqual(rank(before.letter));
        }
      }),
      RUNS,
    );
  });

  test('the grade lies within [0, the most the counted work allows]', () => {
    fc.assert(
      fc.property(gradebook, (book) => {
        const { percent, explanation } = grade(book);
        fc.pre(percent !== null);
        const counted = explanation.categories.filter((category) => category.counted);
        const items = explanation.categories.flatMap((category) => category.items.filter((item) => item.counted));
        const byId = new Map(book.assignments.map((one) => [one.id, one]));
        const extraCredit = items.some((item) => byId.get(item.assignmentId)!.extraCreditOnly || (item.points ?? 0) > item.maxPoints);

        expect(percent!).toBeGreaterThanOrEqual(0);
        if (!extraCredit) expect(percent!).toBeLessThanOrEqual(100);
        if (book.settings.mode === 'weighted') {
          // A weighted average lies between its smallest and largest part (give or take the display rounding).
          const parts = counted.map((category) => category.percent!);
          expect(percent!).toBeGreaterThanOrEqual(Math.min(...parts) - 0.005);
          expect(percent!).toBeLessThanOrEqual(Math.max(...parts) + 0.005);
        } else {
          const earned = items.reduce((sum, item) => sum + (item.points ?? 0), 0);
          const possible = counted.reduce((sum, category) => sum + category.possible, 0);
          // The shown percent is rounded half-up to 2 decimals, so it may sit a full half-cent from the exact ratio.
          expect(Math.abs(percent! - (earned / possible) * 100)).toBeLessThanOrEqual(0.005 + 1e-9);
        }
      }),
      RUNS,
    );
  });

  test('renormalised effective weights sum to 100 when any category counts, and the grade is null when none does', () => {
    fc.assert(
      fc.property(gradebook, (book) => {
        const { percent, letter, explanation } = grade(book);
        const counted = explanation.categories.filter((category) => category.counted);
        const total = explanation.categories.reduce((sum, category) => sum + category.effectiveWeight, 0);

        if (counted.length > 0) {
          expect(total).toBeCloseTo(100, 9);
          expect(percent).not.toBeNull();
        } else {
          expect(total).toBe(0);
          expect([percent, letter]).toEqual([null, null]);
        }
      }),
      RUNS,
    );
  });
});
