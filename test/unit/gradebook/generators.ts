import fc from 'fast-check';
import type { GradedAssignment, StudentScore } from '../../../domain/gradebook/grade';
import type { GradebookSettings } from '../../../domain/gradebook/schemas';

const DATES = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22'] as const;
const cents = (max: number) => fc.integer({ min: 0, max: Math.round(max * 100) }).map((value) => value / 100);

/** Weights summing to 100: the gaps between sorted cut points in 1..99. */
const weights = (count: number): fc.Arbitrary<number[]> =>
  fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: count - 1, maxLength: count - 1 }).map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), 100];
    return sorted.slice(1).map((cut, index) => cut - sorted[index]!);
  });

export const settings: fc.Arbitrary<GradebookSettings> = fc
  .record({ count: fc.integer({ min: 1, max: 4 }), mode: fc.constantFrom('weighted' as const, 'points' as const), zero: fc.boolean() })
  .chain(({ count, mode, zero }) =>
    weights(count).map((split): GradebookSettings => ({
      mode,
      missingCountsAsZero: zero,
      categories: split.map((weight, index) => ({
        id: `c${index}`,
        name: `Category ${index}`,
        ...(mode === 'weighted' ? { weight } : {}),
      })),
    })),
  );

const assignmentOf = (categoryIds: readonly string[], id: string): fc.Arbitrary<GradedAssignment> =>
  fc.record({
    id: fc.constant(id),
    title: fc.constant(`Assignment ${id}`),
    categoryId: fc.constantFrom(...categoryIds),
    dueDate: fc.constantFrom(...DATES),
    maxPoints: fc.integer({ min: 1, max: 10_000 }).map((value) => value / 100),
    extraCreditAllowed: fc.boolean(),
    extraCreditOnly: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    published: fc.integer({ min: 0, max: 7 }).map((n) => n !== 0),
  });

/** A score the schemas accept for the assignment: points within max (or up to twice it with extra credit), or a status. */
export const scoreFor = (assignment: GradedAssignment): fc.Arbitrary<StudentScore | undefined> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 5,
      arbitrary: fc.record({
        assignmentId: fc.constant(assignment.id),
        points: cents(assignment.maxPoints * (assignment.extraCreditAllowed ? 2 : 1)),
        status: fc.constantFrom(undefined, 'late' as const, 'incomplete' as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ assignmentId: fc.constant(assignment.id), status: fc.constantFrom('missing' as const, 'exempt' as const) }),
    },
  );

export interface Gradebook {
  readonly settings: GradebookSettings;
  readonly assignments: GradedAssignment[];
  readonly scores: StudentScore[];
  readonly today: string | undefined;
}

/** A section's settings, up to 10 assignments and one student's scores on them. */
export const gradebook: fc.Arbitrary<Gradebook> = settings.chain((chosen) =>
  fc
    .integer({ min: 0, max: 10 })
    .chain((count) =>
      fc.tuple(
        ...Array.from({ length: count }, (_, index) =>
          assignmentOf(
            chosen.categories.map((one) => one.id),
            `a${index}`,
          ),
        ),
      ),
    )
    .chain((assignments) =>
      fc.record({
        settings: fc.constant(chosen),
        assignments: fc.constant([...assignments]),
        scores: fc.tuple(...assignments.map(scoreFor)).map((scores) => scores.filter((score) => score !== undefined)),
        today: fc.constantFrom(undefined, ...DATES),
      }),
    ),
);
