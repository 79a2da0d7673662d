import { completionFor, gpa, passed, transcript, type TranscriptMark } from '../../../domain/gradebook/marks';
import { CourseCompletionSchema } from '../../../domain/scheduling/schemas';

const YEAR = '2026-2027';
const mark = (
  courseCode: string,
  letter: TranscriptMark['letter'],
  credits: number,
  change: Partial<TranscriptMark> = {},
): TranscriptMark => ({
  courseCode,
  courseTitle: `Course ${courseCode}`,
  letter,
  credits,
  courseLevel: 'regular',
  schoolYear: YEAR,
  termCode: 'S1',
  final: true,
  ...change,
});

/**
 * S1: ALG2H honors B+ (1 cr), ENG10 A- (1), APBIO ap C (1.5), PE P (0.5), ART F (0.5).
 * S2: ALG2H honors A (1), HIST W (1), ENG10 I (1), and a Q3 progress mark (not final).
 */
const MARKS: TranscriptMark[] = [
  mark('ALG2H', 'B+', 1, { courseLevel: 'honors' }),
  mark('ENG10', 'A-', 1),
  mark('APBIO', 'C', 1.5, { courseLevel: 'ap' }),
  mark('PE', 'P', 0.5),
  mark('ART', 'F', 0.5),
  mark('ALG2H', 'A', 1, { courseLevel: 'honors', termCode: 'S2' }),
  mark('HIST', 'W', 1, { termCode: 'S2' }),
  mark('ENG11', 'I', 1, { termCode: 'S2' }),
  mark('CHEM', 'B', 1, { termCode: 'S2', final: false }),
];

describe('gpa', () => {
  test('per term and cumulative, unweighted and weighted, with credits attempted and earned', () => {
    const result = gpa(MARKS);

    // S1 GPA credits: 1 + 1 + 1.5 + 0.5 (F) = 4; P is left out of the GPA.
    // unweighted: (3.3 × 1 + 3.7 × 1 + 2.0 × 1.5 + 0 × 0.5) / 4 = (3.3 + 3.7 + 3.0 + 0) / 4 = 2.5
    // weighted:   (3.8 × 1 + 3.7 × 1 + 3.0 × 1.5 + 0 × 0.5) / 4 = (3.8 + 3.7 + 4.5 + 0) / 4 = 3.0
    // attempted: 1 + 1 + 1.5 + 0.5 + 0.5 = 4.5; earned (F earns nothing): 4
    expect(result.terms[0]).toEqual({
      schoolYear: YEAR,
      termCode: 'S1',
      creditsAttempted: 4.5,
      creditsEarned: 4,
      gpaCredits: 4,
      unweighted: 2.5,
      weighted: 3,
    });
    // S2: only ALG2H honors A counts: 4.0, weighted 4.5; W and I are neither attempted nor earned; Q3 is not final.
    expect(result.terms[1]).toEqual({
      schoolYear: YEAR,
      termCode: 'S2',
      creditsAttempted: 1,
      creditsEarned: 1,
      gpaCredits: 1,
      unweighted: 4,
      weighted: 4.5,
    });
    // cumulative from the sums: (10.0 + 4.0) / 5 = 2.8 and (12.0 + 4.5) / 5 = 3.3
    expect(result.cumulative).toEqual({ creditsAttempted: 5.5, creditsEarned: 5, gpaCredits: 5, unweighted: 2.8, weighted: 3.3 });
  });

  test('rounds half-up to 3 decimals', () => {
    // (4.0 + 4.0 + 3.3) / 3 = 3.7666… → 3.767; (3.7 + 3.3 + 3.0) / 3 = 3.333…
    expect(gpa([mark('A1', 'A', 1), mark('A2', 'A', 1), mark('B1', 'B+', 1)]).cumulative.unweighted).toBe(3.767);
    expect(gpa([mark('A1', 'A-', 1), mark('B1', 'B+', 1), mark('B2', 'B', 1)]).cumulative.unweighted).toBe(3.333);
  });

  test('an F gets no level bonus; A+ is worth 4.0 like A', () => {
    const result = gpa([mark('APCALC', 'F', 1, { courseLevel: 'ap' }), mark('IBLIT', 'A+', 1, { courseLevel: 'ib' })]);

    // unweighted (0 + 4.0) / 2 = 2.0; weighted (0 + 5.0) / 2 = 2.5
    expect(result.cumulative).toMatchObject({ unweighted: 2, weighted: 2.5, creditsAttempted: 2, creditsEarned: 1 });
  });

  test('no GPA without a mark that has grade points and credits', () => {
    expect(gpa([]).cumulative).toEqual({ creditsAttempted: 0, creditsEarned: 0, gpaCredits: 0, unweighted: null, weighted: null });
    expect(gpa([mark('PE', 'P', 0.5), mark('ADV', 'A', 0)]).cumulative).toMatchObject({ unweighted: null, creditsEarned: 0.5 });
  });

  test('terms are ordered by school year, then term code with numbers compared as numbers', () => {
    const result = gpa([
      mark('X', 'A', 1, { termCode: 'T10' }),
      mark('Y', 'A', 1, { termCode: 'T2' }),
      mark('Z', 'A', 1, { schoolYear: '2025-2026', termCode: 'T3' }),
    ]);

    expect(result.terms.map((term) => `${term.schoolYear} ${term.termCode}`)).toEqual(['2025-2026 T3', '2026-2027 T2', '2026-2027 T10']);
  });
});

describe('transcript', () => {
  test('lists each term’s courses with final marks and credits, and the GPAs', () => {
    const result = transcript(MARKS);

    expect(result.terms.map((term) => term.courses.map((course) => `${course.courseCode} ${course.letter}`))).toEqual([
      ['ALG2H B+', 'APBIO C', 'ART F', 'ENG10 A-', 'PE P'],
      ['ALG2H A', 'ENG11 I', 'HIST W'],
    ]);
    expect(result.terms[0]!.courses.find((course) => course.courseCode === 'ART')).toMatchObject({
      creditsAttempted: 0.5,
      creditsEarned: 0,
    });
    expect(result.terms[1]!.courses.find((course) => course.courseCode === 'HIST')).toMatchObject({
      creditsAttempted: 0,
      creditsEarned: 0,
    });
    expect(result.terms[0]).toMatchObject({ unweighted: 2.5, weighted: 3 });
    expect(result.cumulative).toEqual(gpa(MARKS).cumulative);
  });
});

describe('passed and course completions', () => {
  test.each<[TranscriptMark['letter'], boolean]>([
    ['A+', true],
    ['D-', true],
    ['P', true],
    ['F', false],
    ['NP', false],
    ['I', false],
    ['W', false],
  ])('%s passes: %p', (letter, expected) => {
    expect(passed(letter)).toBe(expected);
  });

  test('a final mark records a completion the scheduling rules accept; progress marks, I and W record none', () => {
    const course = { courseCode: 'ALG2H', schoolYear: YEAR, termCode: 'S1' };

    const completion = completionFor({ letter: 'D', final: true }, course);

    expect(CourseCompletionSchema.parse(completion)).toEqual({ ...course, passed: true, mark: 'D' });
    expect(completionFor({ letter: 'F', final: true }, course)).toMatchObject({ passed: false, mark: 'F' });
    expect(completionFor({ letter: 'A', final: false }, course)).toBeUndefined();
    expect(completionFor({ letter: 'I', final: true }, course)).toBeUndefined();
    expect(completionFor({ letter: 'W', final: true }, course)).toBeUndefined();
  });
});
