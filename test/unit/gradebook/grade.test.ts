import { crossedBelow, currentGrade, type CategoryExplanation } from '../../../domain/gradebook/grade';
import { DISTRICT_DEFAULT_SCALE as SCALE } from '../../../domain/gradebook/schemas';
import { ALGEBRA, SCORES, assignment, points, scoreOf, weighted } from './fixtures';

const category = (grade: ReturnType<typeof currentGrade>, id: string): CategoryExplanation =>
  grade.explanation.categories.find((one) => one.id === id)!;

describe('currentGrade, weighted mode', () => {
  test('weights each category’s percent', () => {
    // hw 16/20 = 80 %, quizzes 15/20 = 75 %, tests 88/100 = 88 %
    // 0.20 × 80 + 0.30 × 75 + 0.50 × 88 = 16 + 22.5 + 44 = 82.5 → B- (80 ≤ 82.5 < 83)
    const grade = currentGrade(weighted, SCALE, ALGEBRA, SCORES);

    expect(grade).toMatchObject({ percent: 82.5, letter: 'B-' });
    expect(category(grade, 'hw')).toMatchObject({ earned: 16, possible: 20, percent: 80, weight: 20, effectiveWeight: 20, counted: true });
    expect(category(grade, 'test').items).toEqual([
      { assignmentId: 'test1', title: 'test test1', points: 88, maxPoints: 100, status: null, counted: true },
    ]);
    expect(grade.explanation.rounding).toContain('half-up to 2 decimals');
  });

  test('an empty category is left out and the other weights renormalised', () => {
    // The test is not due yet and has no points: tests are empty. hw 80 % and quizzes 75 % remain,
    // weights 20 and 30 of 50 → effective 40 and 60: 0.4 × 80 + 0.6 × 75 = 32 + 45 = 77 → C+
    const grade = currentGrade(weighted, SCALE, ALGEBRA, scoreOf('test1', {}), { today: '2026-09-01' });

    expect(grade).toMatchObject({ percent: 77, letter: 'C+' });
    expect(category(grade, 'hw').effectiveWeight).toBe(40);
    expect(category(grade, 'quiz').effectiveWeight).toBe(60);
    expect(category(grade, 'test')).toMatchObject({ counted: false, effectiveWeight: 0, percent: null, possible: 0 });
    expect(category(grade, 'test').items[0]).toMatchObject({ counted: false, why: 'not due yet', points: null });
  });

  test('exempt work is left out', () => {
    // hw2 exempt: hw 9/10 = 90 %; 0.2 × 90 + 0.3 × 75 + 0.5 × 88 = 18 + 22.5 + 44 = 84.5 → B
    const grade = currentGrade(weighted, SCALE, ALGEBRA, scoreOf('hw2', { status: 'exempt' }));

    expect(grade).toMatchObject({ percent: 84.5, letter: 'B' });
    expect(category(grade, 'hw').items[1]).toMatchObject({ counted: false, why: 'exempt', status: 'exempt' });
  });

  test('missing work counts as zero when the section says so, and is left out otherwise', () => {
    const scores = scoreOf('hw2', { status: 'missing' });

    // zero: hw 9/20 = 45 %; 0.2 × 45 + 22.5 + 44 = 9 + 66.5 = 75.5 → C
    const zero = currentGrade(weighted, SCALE, ALGEBRA, scores);
    // left out: hw 9/10 = 90 % → 84.5 as with an exemption
    const leftOut = currentGrade({ ...weighted, missingCountsAsZero: false }, SCALE, ALGEBRA, scores);

    expect(zero).toMatchObject({ percent: 75.5, letter: 'C' });
    expect(category(zero, 'hw').items[1]).toMatchObject({ counted: true, points: 0, why: 'missing, counted as zero' });
    expect(leftOut).toMatchObject({ percent: 84.5, letter: 'B' });
    expect(category(leftOut, 'hw').items[1]).toMatchObject({ counted: false, why: 'missing, left out until scored' });
  });

  test('work marked missing before it is due is not counted yet', () => {
    // As if hw2 were not there: 84.5
    const grade = currentGrade(weighted, SCALE, ALGEBRA, scoreOf('hw2', { status: 'missing' }), { today: '2026-09-14' });

    expect(grade.percent).toBe(84.5);
    expect(category(grade, 'hw').items[1]).toMatchObject({ counted: false, why: 'not due yet' });
  });

  test('scored work counts even before it is due; late and incomplete work counts with its points', () => {
    // hw2 handed in early, late and incomplete: counted each time → 82.5 as in the first case
    for (const status of [undefined, 'late', 'incomplete'] as const) {
      const grade = currentGrade(weighted, SCALE, ALGEBRA, scoreOf('hw2', { points: 7, ...(status ? { status } : {}) }), {
        today: '2026-09-01',
      });
      expect(grade.percent).toBe(82.5);
    }
  });

  test('past-due work with no points is left out as not scored yet', () => {
    // hw2 not scored: hw 9/10 = 90 % → 84.5
    const grade = currentGrade(weighted, SCALE, ALGEBRA, scoreOf('hw2', {}), { today: '2026-10-01' });

    expect(grade.percent).toBe(84.5);
    expect(category(grade, 'hw').items[1]).toMatchObject({ counted: false, why: 'not scored yet' });
  });

  test('unpublished assignments are not counted and not even listed', () => {
    const hidden = ALGEBRA.map((one) => (one.id === 'hw2' ? { ...one, published: false } : one));

    const grade = currentGrade(weighted, SCALE, hidden, SCORES);

    expect(grade.percent).toBe(84.5);
    expect(category(grade, 'hw').items.map((item) => item.assignmentId)).toEqual(['hw1']);
  });

  test('extra credit pushes the grade above 100 and keeps the top letter', () => {
    // test1 allows extra credit: 105/100 = 105 %; all else full marks (100 %)
    // 0.2 × 100 + 0.3 × 100 + 0.5 × 105 = 20 + 30 + 52.5 = 102.5 → A+
    const assignments = ALGEBRA.map((one) => (one.id === 'test1' ? { ...one, extraCreditAllowed: true } : one));
    const scores = [
      { assignmentId: 'hw1', points: 10 },
      { assignmentId: 'hw2', points: 10 },
      { assignmentId: 'quiz1', points: 20 },
      { assignmentId: 'test1', points: 105 },
    ];

    const grade = currentGrade(weighted, SCALE, assignments, scores);

    expect(grade).toMatchObject({ percent: 102.5, letter: 'A+' });
    expect(category(grade, 'test')).toMatchObject({ earned: 105, possible: 100, percent: 105 });
  });

  test('an extra-credit-only assignment adds to earned and not to possible', () => {
    // bonus (5 points, extra credit only) scored 3 in homework: hw (9 + 7 + 3)/20 = 95 %
    // 0.2 × 95 + 0.3 × 75 + 0.5 × 88 = 19 + 22.5 + 44 = 85.5 → B
    const assignments = [...ALGEBRA, assignment('bonus', 'hw', 5, { extraCreditOnly: true })];

    const grade = currentGrade(weighted, SCALE, assignments, [...SCORES, { assignmentId: 'bonus', points: 3 }]);

    expect(grade).toMatchObject({ percent: 85.5, letter: 'B' });
    expect(category(grade, 'hw')).toMatchObject({ earned: 19, possible: 20 });
    expect(category(grade, 'hw').items[2]).toMatchObject({ counted: true, why: 'extra credit' });
  });

  test('missing extra credit costs nothing', () => {
    const assignments = [...ALGEBRA, assignment('bonus', 'hw', 5, { extraCreditOnly: true })];

    const grade = currentGrade(weighted, SCALE, assignments, [...SCORES, { assignmentId: 'bonus', status: 'missing' }]);

    expect(grade.percent).toBe(82.5);
    expect(category(grade, 'hw').items[2]).toMatchObject({ counted: false, why: 'extra credit, nothing lost when missing' });
  });

  test('a category with zero possible (only extra credit) is left out, its bonus with it', () => {
    // quizzes hold only an extra-credit quiz scored 4: nothing possible → left out.
    // hw 80 % (20), tests 88 % (50) of 70: 80 × 20/70 + 88 × 50/70 = (1600 + 4400)/70 = 85.714… → 85.71 → B
    const assignments = [...ALGEBRA.filter((one) => one.id !== 'quiz1'), assignment('pop', 'quiz', 5, { extraCreditOnly: true })];
    const scores = [...SCORES.filter((one) => one.assignmentId !== 'quiz1'), { assignmentId: 'pop', points: 4 }];

    const grade = currentGrade(weighted, SCALE, assignments, scores);

    expect(grade).toMatchObject({ percent: 85.71, letter: 'B' });
    expect(category(grade, 'quiz')).toMatchObject({ counted: false, earned: 4, possible: 0, percent: null, effectiveWeight: 0 });
    expect(category(grade, 'quiz').items[0]).toMatchObject({ counted: false, why: 'extra credit, its category has nothing else counted' });
    expect(category(grade, 'hw').effectiveWeight).toBeCloseTo(28.5714, 4);
  });

  test('no grade when nothing counts: everything exempt, or nothing assigned', () => {
    const allExempt = SCORES.map(({ assignmentId }) => ({ assignmentId, status: 'exempt' as const }));

    const exempt = currentGrade(weighted, SCALE, ALGEBRA, allExempt);
    const empty = currentGrade(weighted, SCALE, [], []);

    expect(exempt).toMatchObject({ percent: null, letter: null });
    expect(exempt.explanation.categories.every((one) => !one.counted && one.effectiveWeight === 0)).toBe(true);
    expect(empty).toMatchObject({ percent: null, letter: null });
  });
});

describe('currentGrade, points mode', () => {
  test('all points earned over all points possible; categories weigh by their possible points', () => {
    // earned 9 + 7 + 15 + 88 = 119, possible 10 + 10 + 20 + 100 = 140: 119/140 = 85 % → B
    // (the same scores give 82.5 weighted: the test weighs 100/140 = 71.43 % here, not 50 %)
    const grade = currentGrade(points, SCALE, ALGEBRA, SCORES);

    expect(grade).toMatchObject({ percent: 85, letter: 'B' });
    expect(category(grade, 'hw')).toMatchObject({ weight: null, percent: 80 });
    expect(category(grade, 'hw').effectiveWeight).toBeCloseTo((20 / 140) * 100, 9);
    expect(category(grade, 'test').effectiveWeight).toBeCloseTo((100 / 140) * 100, 9);
  });

  test('extra credit in a category with nothing else possible still adds to the total', () => {
    // (119 − 15 + 4) / (140 − 20) = 108/120 = 90 % → A-
    const assignments = [...ALGEBRA.filter((one) => one.id !== 'quiz1'), assignment('pop', 'quiz', 5, { extraCreditOnly: true })];
    const scores = [...SCORES.filter((one) => one.assignmentId !== 'quiz1'), { assignmentId: 'pop', points: 4 }];

    const grade = currentGrade(points, SCALE, assignments, scores);

    expect(grade).toMatchObject({ percent: 90, letter: 'A-' });
    expect(category(grade, 'quiz').items[0]).toMatchObject({ counted: true });
  });
});

describe('rounding', () => {
  const single = [assignment('final', 'test', 200)];

  test('the percent is rounded half-up to 2 decimals and the letter follows the rounded percent', () => {
    // 179.99/200 = 89.995 % → shown 90.00 → A- (the unrounded 89.995 would be a B+)
    expect(currentGrade(points, SCALE, single, [{ assignmentId: 'final', points: 179.99 }])).toMatchObject({ percent: 90, letter: 'A-' });
    // 179.98/200 = 89.99 % → B+
    expect(currentGrade(points, SCALE, single, [{ assignmentId: 'final', points: 179.98 }])).toMatchObject({
      percent: 89.99,
      letter: 'B+',
    });
  });

  test('thirds are rounded down, two thirds up', () => {
    // 1/3 = 33.333… → 33.33; 2/3 = 66.666… → 66.67
    const third = [assignment('q', 'quiz', 3)];

    expect(currentGrade(points, SCALE, third, [{ assignmentId: 'q', points: 1 }]).percent).toBe(33.33);
    expect(currentGrade(points, SCALE, third, [{ assignmentId: 'q', points: 2 }]).percent).toBe(66.67);
  });

  test('decimal points sum exactly: 0.1 + 0.2 out of 0.3 is 100 %', () => {
    const tenths = [assignment('a', 'hw', 0.1), assignment('b', 'hw', 0.2)];

    const grade = currentGrade(points, SCALE, tenths, [
      { assignmentId: 'a', points: 0.1 },
      { assignmentId: 'b', points: 0.2 },
    ]);

    expect(grade.percent).toBe(100);
    expect(category(grade, 'hw').earned).toBe(0.3);
  });
});

describe('crossedBelow', () => {
  test.each<[number | null, number | null, boolean]>([
    [75, 65, true], // falls below
    [70, 69.99, true], // from exactly the threshold
    [65, 60, false], // already below: no new crossing
    [65, 72, false], // rising
    [75, 72, false], // staying above
    [69.99, 70, false], // reaching the threshold
    [null, 50, true], // a first grade below the threshold is told once
    [null, 80, false],
    [75, null, false], // losing the grade is not a fall
  ])('from %p to %p against 70 → %p', (previous, next, expected) => {
    expect(crossedBelow(previous, next, 70)).toBe(expected);
  });

  test('a run of scores reports one fall per crossing', () => {
    const grades = [85, 72, 68, 64, 66, 71, 69, 60];

    const told = grades.filter((percent, index) => crossedBelow(index === 0 ? null : grades[index - 1]!, percent, 70));

    expect(told).toEqual([68, 69]);
  });
});
