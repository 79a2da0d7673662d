import {
  schedule,
  type ScheduleInput,
  type SchedulerCourse,
  type SchedulerSection,
  type SchedulerStudent,
} from '../../../domain/scheduling/scheduler';
import { slotsOf } from '../../../domain/scheduling/slots';
import type { MeetingDay } from '../../../domain/scheduling/schemas';

const SEEDS = [1, 2, 3, 42, 2026, -7];

const section = (
  id: string,
  courseId: string,
  period: string,
  capacity: number,
  change: Partial<SchedulerSection> = {},
): SchedulerSection => ({
  id,
  courseId,
  slots: slotsOf([{ period, days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }]),
  capacity,
  seatsTaken: 0,
  status: 'active',
  ...change,
});

const student = (id: string, ...courseIds: string[]): SchedulerStudent => ({
  id,
  gradeLevel: '10',
  requests: courseIds.map((courseId, index) => ({ courseId, priority: index + 1 })),
});

const run = (input: Omit<ScheduleInput, 'seed'>, seed = 1) => schedule({ seed, ...input });
const placementsOf = (result: ReturnType<typeof schedule>, studentId: string) =>
  result.students.find((one) => one.studentId === studentId)!;

describe('schedule', () => {
  test('places every request when there is room and no conflict', () => {
    const result = run({
      sections: [section('ENG-1', 'ENG', 'P1', 30), section('ALG-1', 'ALG', 'P2', 30)],
      students: [student('S1', 'ENG', 'ALG'), student('S2', 'ALG')],
    });

    expect(placementsOf(result, 'S1').placed).toEqual([
      { courseId: 'ENG', sectionId: 'ENG-1' },
      { courseId: 'ALG', sectionId: 'ALG-1' },
    ]);
    expect(result.totals).toEqual({ requested: 3, placed: 3, unplaced: 0 });
    expect(result.sections).toEqual([
      { id: 'ENG-1', capacity: 30, seatsTaken: 1 },
      { id: 'ALG-1', capacity: 30, seatsTaken: 2 },
    ]);
  });

  test('capacity: seats already taken count, and the rest are told all-full', () => {
    const result = run({
      sections: [section('ART-1', 'ART', 'P4', 3, { seatsTaken: 1 })],
      students: ['S1', 'S2', 'S3', 'S4'].map((id) => student(id, 'ART')),
    });

    expect(result.sections[0]!.seatsTaken).toBe(3);
    expect(result.totals).toEqual({ requested: 4, placed: 2, unplaced: 2 });
    const unplaced = result.students.flatMap((one) => one.unplaced);
    expect(unplaced).toEqual([
      { courseId: 'ART', reason: 'all-full' },
      { courseId: 'ART', reason: 'all-full' },
    ]);
  });

  test('conflict: two courses whose only sections meet at the same time', () => {
    const result = run({
      sections: [section('CHEM-1', 'CHEM', 'P2', 30), section('BAND-1', 'BAND', 'P2', 30)],
      students: [student('S1', 'CHEM', 'BAND')],
    });

    expect(placementsOf(result, 'S1')).toMatchObject({
      placed: [{ courseId: 'CHEM', sectionId: 'CHEM-1' }],
      unplaced: [{ courseId: 'BAND', reason: 'conflict' }],
      totals: { requested: 2, placed: 1, unplaced: 1 },
    });
  });

  test('conflict with a section the student already has; the existing section counts as placed', () => {
    const result = run({
      sections: [section('CHEM-1', 'CHEM', 'P2', 30), section('BAND-1', 'BAND', 'P2', 30)],
      students: [
        {
          ...student('S1', 'BAND', 'CHEM'),
          existingSections: [{ sectionId: 'CHEM-1', courseId: 'CHEM', slots: section('CHEM-1', 'CHEM', 'P2', 30).slots }],
        },
      ],
    });

    expect(placementsOf(result, 'S1')).toMatchObject({
      placed: [{ courseId: 'CHEM', sectionId: 'CHEM-1', existing: true }],
      unplaced: [{ courseId: 'BAND', reason: 'conflict' }],
    });
    expect(result.sections.find((one) => one.id === 'CHEM-1')!.seatsTaken).toBe(0);
  });

  test('a rotation section and a weekday section of the same period conflict; A and B sections do not', () => {
    const rotating = (id: string, courseId: string, days: MeetingDay[]): SchedulerSection => ({
      ...section(id, courseId, 'P1', 30),
      slots: slotsOf([{ period: 'P1', days }]),
    });
    const result = run({
      sections: [rotating('BIO-A', 'BIO', ['A']), rotating('HIST-B', 'HIST', ['B']), section('PE-1', 'PE', 'P1', 30)],
      students: [student('S1', 'BIO', 'HIST', 'PE')],
    });

    expect(placementsOf(result, 'S1')).toMatchObject({
      placed: [
        { courseId: 'BIO', sectionId: 'BIO-A' },
        { courseId: 'HIST', sectionId: 'HIST-B' },
      ],
      unplaced: [{ courseId: 'PE', reason: 'conflict' }],
    });
  });

  test('alternates are tried in order when the course cannot be placed', () => {
    const result = run({
      sections: [
        section('FR-1', 'FRENCH', 'P3', 1, { seatsTaken: 1 }),
        section('DE-1', 'GERMAN', 'P3', 1, { seatsTaken: 1 }),
        section('ES-1', 'SPANISH', 'P5', 25),
      ],
      students: [
        { id: 'S1', gradeLevel: '10', requests: [{ courseId: 'FRENCH', priority: 1, alternates: ['LATIN', 'GERMAN', 'SPANISH'] }] },
      ],
    });

    expect(placementsOf(result, 'S1').placed).toEqual([{ courseId: 'SPANISH', sectionId: 'ES-1', viaAlternate: 'FRENCH' }]);
  });

  test('when the course and its alternates all fail, each reason is reported', () => {
    const result = run({
      sections: [section('FR-1', 'FRENCH', 'P3', 1, { seatsTaken: 1 }), section('DE-1', 'GERMAN', 'P3', 30)],
      courses: [{ id: 'GERMAN', code: 'GER2', gradeLevels: ['10'], prerequisites: ['GER1'], repeatable: false }],
      students: [{ id: 'S1', gradeLevel: '10', requests: [{ courseId: 'FRENCH', priority: 1, alternates: ['GERMAN', 'LATIN'] }] }],
    });

    expect(placementsOf(result, 'S1').unplaced).toEqual([
      {
        courseId: 'FRENCH',
        reason: 'all-full',
        alternates: [
          { courseId: 'GERMAN', reason: 'missing-prerequisite' },
          { courseId: 'LATIN', reason: 'no-section' },
        ],
      },
    ]);
  });

  test('a student’s requests are placed by priority (1 first), whatever order they were listed in', () => {
    const result = run({
      sections: [section('CHEM-1', 'CHEM', 'P2', 30), section('BAND-1', 'BAND', 'P2', 30)],
      students: [
        {
          id: 'S1',
          gradeLevel: '10',
          requests: [
            { courseId: 'CHEM', priority: 5 },
            { courseId: 'BAND', priority: 2 },
          ],
        },
      ],
    });

    expect(placementsOf(result, 'S1')).toMatchObject({
      placed: [{ courseId: 'BAND' }],
      unplaced: [{ courseId: 'CHEM', reason: 'conflict' }],
    });
  });

  test.each(SEEDS)('with seed %d, a first choice beats another student’s second choice for the last seat', (seed) => {
    const result = run(
      {
        sections: [section('ROBOT-1', 'ROBOT', 'P6', 1), section('ENG-1', 'ENG', 'P1', 30)],
        students: [student('S1', 'ENG', 'ROBOT'), student('S2', 'ROBOT')],
      },
      seed,
    );

    expect(placementsOf(result, 'S2').placed).toEqual([{ courseId: 'ROBOT', sectionId: 'ROBOT-1' }]);
    expect(placementsOf(result, 'S1').unplaced).toEqual([{ courseId: 'ROBOT', reason: 'all-full' }]);
  });

  test('who gets the last seat among equals depends on the seed, not on the input order', () => {
    const winners = new Set<string>();
    for (let seed = 0; seed < 40; seed += 1) {
      const students = ['S1', 'S2', 'S3', 'S4'].map((id) => student(id, 'ROBOT'));
      const forward = run({ sections: [section('ROBOT-1', 'ROBOT', 'P6', 1)], students }, seed);
      const backward = run({ sections: [section('ROBOT-1', 'ROBOT', 'P6', 1)], students: [...students].reverse() }, seed);
      const winner = forward.students.find((one) => one.placed.length > 0)!.studentId;
      expect(backward.students.find((one) => one.placed.length > 0)!.studentId).toBe(winner);
      winners.add(winner);
    }

    expect(winners.size).toBe(4);
  });

  test('balances: each student goes to the least-filled section by share of seats', () => {
    const result = run({
      sections: [
        section('ENG-1', 'ENG', 'P1', 20, { seatsTaken: 5 }),
        section('ENG-2', 'ENG', 'P2', 10),
        section('ENG-3', 'ENG', 'P3', 30, { status: 'cancelled' }),
      ],
      students: Array.from({ length: 15 }, (_, index) => student(`S${index}`, 'ENG')),
    });

    // 20 of 30 seats end up taken (two thirds): ENG-1 at 13/20 (65%), ENG-2 at 7/10 (70%); the cancelled section gets nobody.
    expect(result.sections).toEqual([
      { id: 'ENG-1', capacity: 20, seatsTaken: 13 },
      { id: 'ENG-2', capacity: 10, seatsTaken: 7 },
      { id: 'ENG-3', capacity: 30, seatsTaken: 0 },
    ]);
  });

  test('balancing skips a section that conflicts with the student’s other placements', () => {
    const result = run({
      sections: [
        section('ENG-1', 'ENG', 'P1', 30),
        section('ENG-2', 'ENG', 'P2', 30, { seatsTaken: 10 }),
        section('ALG-1', 'ALG', 'P1', 30),
      ],
      students: [student('S1', 'ALG', 'ENG')],
    });

    expect(placementsOf(result, 'S1').placed).toEqual([
      { courseId: 'ALG', sectionId: 'ALG-1' },
      { courseId: 'ENG', sectionId: 'ENG-2' },
    ]);
  });

  test('a singleton is not lost to an earlier choice: the earlier course moves to another of its sections', () => {
    // ENG goes first, to the least-filled ENG-1 (P1); the band's only section meets in P1 too.
    const result = run({
      sections: [
        section('ENG-1', 'ENG', 'P1', 30),
        section('ENG-2', 'ENG', 'P2', 30, { seatsTaken: 1 }),
        section('BAND-1', 'BAND', 'P1', 30),
      ],
      students: [student('S1', 'ENG', 'BAND')],
    });

    expect(placementsOf(result, 'S1').placed).toEqual([
      { courseId: 'ENG', sectionId: 'ENG-2' },
      { courseId: 'BAND', sectionId: 'BAND-1' },
    ]);
    expect(result.sections).toEqual([
      { id: 'ENG-1', capacity: 30, seatsTaken: 0 },
      { id: 'ENG-2', capacity: 30, seatsTaken: 2 },
      { id: 'BAND-1', capacity: 30, seatsTaken: 1 },
    ]);
  });

  test('moves go as deep as they must, but never move a section the student had before the run', () => {
    const sections = [
      section('ENG-1', 'ENG', 'P1', 30),
      section('ENG-2', 'ENG', 'P2', 30, { seatsTaken: 1 }),
      section('ALG-1', 'ALG', 'P2', 30),
      section('ALG-2', 'ALG', 'P3', 30, { seatsTaken: 1 }),
      section('BAND-1', 'BAND', 'P1', 30),
    ];
    // BAND needs P1 (ENG there), ENG can go to P2 only if ALG leaves it for P3: a path of two moves.
    const moved = run({ sections, students: [student('S1', 'ENG', 'ALG', 'BAND')] });
    expect(placementsOf(moved, 'S1').placed).toEqual([
      { courseId: 'ENG', sectionId: 'ENG-2' },
      { courseId: 'ALG', sectionId: 'ALG-2' },
      { courseId: 'BAND', sectionId: 'BAND-1' },
    ]);

    // The same with ENG-1 a section the student already had: it stays, and BAND is told conflict.
    const kept = run({
      sections,
      students: [
        { ...student('S1', 'ALG', 'BAND'), existingSections: [{ sectionId: 'ENG-1', courseId: 'ENG', slots: sections[0]!.slots }] },
      ],
    });
    expect(placementsOf(kept, 'S1').placed).toEqual([{ courseId: 'ALG', sectionId: 'ALG-1' }]);
    expect(placementsOf(kept, 'S1').unplaced).toEqual([{ courseId: 'BAND', reason: 'conflict' }]);
  });

  test('course rules: grade levels, prerequisites and courses already passed', () => {
    const courses: SchedulerCourse[] = [
      { id: 'AP-CALC', code: 'APCALC', gradeLevels: ['11', '12'], prerequisites: [], repeatable: false },
      { id: 'ALG2', code: 'ALG2', gradeLevels: ['10'], prerequisites: ['ALG1'], repeatable: false },
      { id: 'GEO', code: 'GEO', gradeLevels: ['10'], prerequisites: [], repeatable: false },
      { id: 'CHOIR', code: 'CHOIR', gradeLevels: ['10'], prerequisites: [], repeatable: true },
    ];
    const result = run({
      sections: [
        section('CALC-1', 'AP-CALC', 'P1', 30),
        section('ALG2-1', 'ALG2', 'P2', 30),
        section('GEO-1', 'GEO', 'P3', 30),
        section('CH-1', 'CHOIR', 'P4', 30),
      ],
      courses,
      students: [
        {
          ...student('S1', 'AP-CALC', 'ALG2', 'GEO', 'CHOIR'),
          completions: [
            { courseCode: 'geo', passed: true },
            { courseCode: 'CHOIR', passed: true },
            { courseCode: 'ALG1', passed: false },
          ],
        },
      ],
    });

    expect(placementsOf(result, 'S1')).toMatchObject({
      placed: [{ courseId: 'CHOIR', sectionId: 'CH-1' }],
      unplaced: [
        { courseId: 'AP-CALC', reason: 'grade-not-allowed' },
        { courseId: 'ALG2', reason: 'missing-prerequisite' },
        { courseId: 'GEO', reason: 'already-passed' },
      ],
    });
  });

  test('a course without active sections is no-section', () => {
    const result = run({
      sections: [section('LAT-1', 'LATIN', 'P1', 30, { status: 'cancelled' })],
      students: [student('S1', 'LATIN', 'GREEK')],
    });

    expect(placementsOf(result, 'S1').unplaced).toEqual([
      { courseId: 'LATIN', reason: 'no-section' },
      { courseId: 'GREEK', reason: 'no-section' },
    ]);
  });

  test('students come back in input order, and an empty school gives empty totals', () => {
    const result = run({ sections: [], students: [student('S2'), student('S1')] });

    expect(result.students.map((one) => one.studentId)).toEqual(['S2', 'S1']);
    expect(result.totals).toEqual({ requested: 0, placed: 0, unplaced: 0 });
    expect(run({ sections: [], students: [] }).totals).toEqual({ requested: 0, placed: 0, unplaced: 0 });
  });
});
