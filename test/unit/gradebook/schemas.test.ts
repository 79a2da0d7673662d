import type * as z from 'zod';
import {
  AssignmentSchema,
  checkAssignment,
  checkGradebookSettings,
  checkScores,
  DISTRICT_DEFAULT_SCALE,
  GradebookSettingsSchema,
  GradingScaleSchema,
  letterFor,
  scaleFor,
  ScoresSchema,
  TermMarkSchema,
  type GradingScale,
} from '../../../domain/gradebook/schemas';
import { recordId } from '../scheduling/generators';
import { weighted } from './fixtures';

/** The dotted paths of a failed parse's issues, e.g. `scores.1.studentId`. */
function issuePaths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => issue.path.join('.'));
}

const student = (n: number) => recordId('ST', n);

describe('GradebookSettingsSchema and checkGradebookSettings', () => {
  test('accepts weighted settings whose weights sum to 100', () => {
    const parsed = GradebookSettingsSchema.parse({ ...weighted, scaleId: 'district', lowGradeThreshold: 65 });

    expect(checkGradebookSettings(parsed, [])).toEqual([]);
  });

  test('weights may have two decimals and must still sum to exactly 100', () => {
    const thirds = (last: number) => ({
      ...weighted,
      categories: [
        { id: 'a', name: 'A', weight: 33.33 },
        { id: 'b', name: 'B', weight: 33.33 },
        { id: 'c', name: 'C', weight: last },
      ],
    });

    expect(checkGradebookSettings(GradebookSettingsSchema.parse(thirds(33.34)))).toEqual([]);
    expect(checkGradebookSettings(GradebookSettingsSchema.parse(thirds(33.33)))).toEqual([
      { field: 'categories', message: 'weights must sum to 100 (they sum to 99.99)' },
    ]);
    expect(issuePaths(GradebookSettingsSchema, thirds(33.333))).toEqual(['categories.2.weight']);
  });

  test('reports repeated ids, missing weights in weighted mode, weights in points mode and unknown scales', () => {
    const repeated = GradebookSettingsSchema.parse({
      ...weighted,
      scaleId: 'honors-scale',
      categories: [
        { id: 'hw', name: 'Homework', weight: 50 },
        { id: 'hw', name: 'Also homework', weight: 50 },
      ],
    });
    const unweighted = GradebookSettingsSchema.parse({ ...weighted, categories: [{ id: 'hw', name: 'Homework' }] });
    const points = GradebookSettingsSchema.parse({ ...weighted, mode: 'points' });

    expect(checkGradebookSettings(repeated, ['school-scale']).map((issue) => issue.field)).toEqual(['categories[1].id', 'scaleId']);
    expect(checkGradebookSettings(unweighted).map((issue) => issue.field)).toEqual(['categories[0].weight']);
    expect(checkGradebookSettings(points).map((issue) => issue.field)).toEqual([
      'categories[0].weight',
      'categories[1].weight',
      'categories[2].weight',
    ]);
  });

  test('refuses a zero weight, a threshold above 100 and an unknown mode', () => {
    const input = { ...weighted, mode: 'curve', lowGradeThreshold: 101, categories: [{ id: 'hw', name: 'Homework', weight: 0 }] };

    expect(issuePaths(GradebookSettingsSchema, input).sort()).toEqual(['categories.0.weight', 'lowGradeThreshold', 'mode']);
  });
});

describe('grading scales', () => {
  const scale = (bands: { letter: string; minPercent: number }[]) => ({ id: 'pass-scale', name: 'Simple', bands });

  test('the district default scale is valid', () => {
    expect(GradingScaleSchema.parse(DISTRICT_DEFAULT_SCALE)).toEqual(DISTRICT_DEFAULT_SCALE);
  });

  test('bands must go strictly down, end at 0, not repeat a letter and use letters with grade points', () => {
    expect(
      issuePaths(
        GradingScaleSchema,
        scale([
          { letter: 'A', minPercent: 90 },
          { letter: 'B', minPercent: 90 },
          { letter: 'F', minPercent: 0 },
        ]),
      ),
    ).toEqual(['bands.1.minPercent']);
    expect(
      issuePaths(
        GradingScaleSchema,
        scale([
          { letter: 'A', minPercent: 90 },
          { letter: 'F', minPercent: 10 },
        ]),
      ),
    ).toEqual(['bands.1.minPercent']);
    expect(
      issuePaths(
        GradingScaleSchema,
        scale([
          { letter: 'A', minPercent: 90 },
          { letter: 'A', minPercent: 0 },
        ]),
      ),
    ).toEqual(['bands.1.letter']);
    expect(
      issuePaths(
        GradingScaleSchema,
        scale([
          { letter: 'P', minPercent: 60 },
          { letter: 'F', minPercent: 0 },
        ]),
      ),
    ).toEqual(['bands.0.letter']);
  });

  test.each<[number, string]>([
    [120, 'A+'],
    [97, 'A+'],
    [96.99, 'A'],
    [90, 'A-'],
    [89.99, 'B+'],
    [60, 'D-'],
    [59.99, 'F'],
    [0, 'F'],
  ])('%p %% is %s on the district scale (every percent from 0 up has exactly one band)', (percent, letter) => {
    expect(letterFor(DISTRICT_DEFAULT_SCALE, percent)).toBe(letter);
  });

  test('a section’s scale overrides the school’s default, which overrides the district’s', () => {
    const schoolScale: GradingScale = {
      id: 'school',
      name: 'School',
      bands: [
        { letter: 'A', minPercent: 90 },
        { letter: 'F', minPercent: 0 },
      ],
    };
    const honors: GradingScale = {
      id: 'honors',
      name: 'Honors',
      bands: [
        { letter: 'A', minPercent: 85 },
        { letter: 'F', minPercent: 0 },
      ],
    };
    const school = { scales: [schoolScale, honors], defaultScaleId: 'school' };

    expect(scaleFor({}, { scales: [] })).toBe(DISTRICT_DEFAULT_SCALE);
    expect(scaleFor({}, school)).toBe(schoolScale);
    expect(scaleFor({ scaleId: 'honors' }, school)).toBe(honors);
    expect(scaleFor({ scaleId: 'district' }, school)).toBe(DISTRICT_DEFAULT_SCALE);
    expect(scaleFor({ scaleId: 'gone' }, school)).toBeUndefined();
  });
});

describe('AssignmentSchema and checkAssignment', () => {
  const body = { title: 'Chapter 3 problems', categoryId: 'hw', assignedDate: '2026-09-01', dueDate: '2026-09-08', maxPoints: 12.5 };

  test('accepts an assignment and fills the defaults', () => {
    const parsed = AssignmentSchema.parse(body);

    expect(parsed).toMatchObject({ extraCreditAllowed: false, extraCreditOnly: false, published: false });
    expect(checkAssignment(parsed, weighted)).toEqual([]);
  });

  test('refuses zero or over-precise points, and a due date before the assigned date or an unknown category', () => {
    expect(issuePaths(AssignmentSchema, { ...body, maxPoints: 0 })).toEqual(['maxPoints']);
    expect(issuePaths(AssignmentSchema, { ...body, maxPoints: 1.005 })).toEqual(['maxPoints']);
    const parsed = AssignmentSchema.parse({ ...body, dueDate: '2026-08-31', categoryId: 'labs' });
    expect(checkAssignment(parsed, weighted).map((issue) => issue.field)).toEqual(['dueDate', 'categoryId']);
  });
});

describe('ScoresSchema and checkScores', () => {
  test('accepts points, statuses, comments and clearing entries', () => {
    const body = {
      scores: [
        { studentId: student(1), points: 9.5 },
        { studentId: student(2), status: 'missing' },
        { studentId: student(3), status: 'late', points: 7, comment: ' Late by a day ' },
        { studentId: student(4), status: 'exempt' },
        { studentId: student(5) },
      ],
    };

    const parsed = ScoresSchema.parse(body);

    expect(parsed.scores[2]!.comment).toBe('Late by a day');
    expect(checkScores(parsed, { maxPoints: 10, extraCreditAllowed: false })).toEqual([]);
  });

  test.each<[string, unknown, string[]]>([
    ['no scores', { scores: [] }, ['scores']],
    [
      'a student twice',
      {
        scores: [
          { studentId: student(1), points: 1 },
          { studentId: student(1), points: 2 },
        ],
      },
      ['scores.1.studentId'],
    ],
    ['negative points', { scores: [{ studentId: student(1), points: -1 }] }, ['scores.0.points']],
    ['three decimals', { scores: [{ studentId: student(1), points: 8.125 }] }, ['scores.0.points']],
    ['points on exempt work', { scores: [{ studentId: student(1), points: 5, status: 'exempt' }] }, ['scores.0.points']],
    ['points on missing work', { scores: [{ studentId: student(1), points: 0, status: 'missing' }] }, ['scores.0.points']],
    ['an unknown status', { scores: [{ studentId: student(1), status: 'absent' }] }, ['scores.0.status']],
    ['a bad student id', { scores: [{ studentId: 'bob', points: 1 }] }, ['scores.0.studentId']],
  ])('refuses %s', (_, body, paths) => {
    expect(issuePaths(ScoresSchema, body)).toEqual(paths);
  });

  test('refuses more than 200 scores', () => {
    const scores = Array.from({ length: 201 }, (_, index) => ({ studentId: student(index), points: 1 }));

    expect(issuePaths(ScoresSchema, { scores })).toEqual(['scores']);
    expect(issuePaths(ScoresSchema, { scores: scores.slice(0, 200) })).toEqual([]);
  });

  test('points above the maximum need an assignment that allows extra credit', () => {
    const body = ScoresSchema.parse({
      scores: [
        { studentId: student(1), points: 10 },
        { studentId: student(2), points: 10.5 },
      ],
    });

    expect(checkScores(body, { maxPoints: 10, extraCreditAllowed: false })).toEqual([
      { field: 'scores[1].points', message: 'must be at most 10 (the assignment allows no extra credit)' },
    ]);
    expect(checkScores(body, { maxPoints: 10, extraCreditAllowed: true })).toEqual([]);
  });
});

describe('TermMarkSchema', () => {
  test('a mark defaults to a draft progress mark without comments', () => {
    const mark = TermMarkSchema.parse({ studentId: student(1), gradingPeriod: 'Q1', letter: 'B+', percent: 88.5, source: 'computed' });

    expect(mark).toMatchObject({ final: false, comments: [], status: 'draft' });
  });

  test('refuses letters that are not district marks, and more than 3 comments', () => {
    const input = { studentId: student(1), gradingPeriod: 'Q1', letter: 'E', source: 'entered', comments: ['a', 'b', 'c', 'd'] };

    expect(issuePaths(TermMarkSchema, input).sort()).toEqual(['comments', 'letter']);
  });
});
