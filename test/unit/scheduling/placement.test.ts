import { assignmentRefusals, blockingRefusals, type AssignmentFacts } from '../../../domain/scheduling/placement';
import { slotsOf } from '../../../domain/scheduling/slots';

const SCHOOL = 'SCHOOL-1';

/** A grade 10 student enrolled at the school, asking for a seat in an open Geometry section meeting P3 MWF. */
const facts = (change: Partial<AssignmentFacts> = {}): AssignmentFacts => ({
  section: {
    id: 'SEC-GEO-01',
    sectionNumber: '01',
    courseId: 'C-GEO',
    schoolId: SCHOOL,
    schoolYear: '2026-2027',
    termCode: 'S1',
    status: 'active',
    capacity: 28,
    seatsTaken: 10,
    slots: slotsOf([{ period: 'P3', days: ['MON', 'WED', 'FRI'] }]),
  },
  course: { code: 'GEO', gradeLevels: ['09', '10'], prerequisites: ['ALG1'], repeatable: false },
  student: { gradeLevel: '10', enrolledSchoolId: SCHOOL },
  currentSections: [
    {
      id: 'SEC-ENG-02',
      sectionNumber: '02',
      courseId: 'C-ENG',
      courseCode: 'ENG10',
      slots: slotsOf([{ period: 'P1', days: ['MON', 'WED'] }]),
    },
  ],
  completions: [{ courseCode: 'alg1', schoolYear: '2025-2026', termCode: 'S2', passed: true, mark: 'B+' }],
  ...change,
});

const codes = (input: AssignmentFacts) => assignmentRefusals(input).map((refusal) => refusal.code);

describe('assignmentRefusals', () => {
  test('an eligible student has no refusals', () => {
    expect(assignmentRefusals(facts())).toEqual([]);
  });

  test('not-enrolled: no active enrollment that year, or at another school', () => {
    expect(codes(facts({ student: { gradeLevel: '10' } }))).toEqual(['not-enrolled']);
    const elsewhere = assignmentRefusals(facts({ student: { gradeLevel: '10', enrolledSchoolId: 'SCHOOL-2' } }));
    expect(elsewhere.map((refusal) => refusal.code)).toEqual(['not-enrolled']);
    expect(elsewhere[0]!.message).toContain('another school');
  });

  test('section-full names the capacity', () => {
    const [refusal] = assignmentRefusals(facts({ section: { ...facts().section, seatsTaken: 28 } }));

    expect(refusal).toMatchObject({ code: 'section-full' });
    expect(refusal!.message).toBe('GEO section 01 is full (28 of 28 seats taken).');
  });

  test('period-conflict names the other section and the shared period', () => {
    const band = {
      id: 'SEC-BAND-01',
      sectionNumber: '01',
      courseId: 'C-BAND',
      courseCode: 'BAND',
      slots: slotsOf([{ period: 'P3', days: ['FRI'] }]),
    };

    const [refusal, ...rest] = assignmentRefusals(facts({ currentSections: [...facts().currentSections, band] }));

    expect(rest).toEqual([]);
    expect(refusal).toMatchObject({
      code: 'period-conflict',
      sectionId: 'SEC-BAND-01',
      overlaps: [{ period: 'P3', days: ['FRI'], rotationDays: ['A', 'B'] }],
    });
    expect(refusal!.message).toBe("GEO section 01 meets at the same time as the student's BAND section 01 (period P3 on FRI).");
  });

  test('a weekday section conflicts with a rotation section in the same period', () => {
    const lab = { id: 'SEC-LAB-01', sectionNumber: '01', courseId: 'C-LAB', slots: slotsOf([{ period: 'P3', days: ['B'] }]) };

    const refusals = assignmentRefusals(facts({ currentSections: [lab] }));

    expect(refusals.map((refusal) => refusal.code)).toEqual(['period-conflict']);
    expect(refusals[0]!.message).toContain('C-LAB section 01');
  });

  test('already-in-section, without also reporting a conflict with itself or a full section', () => {
    const section = { ...facts().section, seatsTaken: 28 };

    expect(codes(facts({ section, currentSections: [section] }))).toEqual(['already-in-section']);
  });

  test('already-in-course: a second section of the same course', () => {
    const other = { id: 'SEC-GEO-02', sectionNumber: '02', courseId: 'C-GEO', slots: slotsOf([{ period: 'P5', days: ['MON'] }]) };

    const refusals = assignmentRefusals(facts({ currentSections: [other] }));

    expect(refusals.map((refusal) => refusal.code)).toEqual(['already-in-course']);
    expect(refusals[0]!.message).toContain('GEO section 02');
  });

  test('missing-prerequisite names each course not passed (a failed attempt does not count)', () => {
    const course = { ...facts().course, prerequisites: ['ALG1', 'PRE-GEO'] };
    const completions = [{ courseCode: 'ALG1', schoolYear: '2025-2026', termCode: 'S2', passed: false }];

    const refusals = assignmentRefusals(facts({ course, completions }));

    expect(refusals.map((refusal) => refusal.message)).toEqual([
      'GEO requires ALG1, which the student has not passed.',
      'GEO requires PRE-GEO, which the student has not passed.',
    ]);
  });

  test('already-passed for a course that cannot be repeated, not for one that can', () => {
    const completions = [...facts().completions, { courseCode: 'GEO', schoolYear: '2025-2026', termCode: 'S1', passed: true, mark: 'A' }];

    const refusals = assignmentRefusals(facts({ completions }));
    const repeatable = assignmentRefusals(facts({ completions, course: { ...facts().course, repeatable: true } }));

    expect(refusals.map((refusal) => refusal.code)).toEqual(['already-passed']);
    expect(refusals[0]!.message).toBe('The student passed GEO in 2025-2026 S1 with A, and it cannot be repeated.');
    expect(repeatable).toEqual([]);
  });

  test('grade-not-allowed names the course grades and the student grade', () => {
    const [refusal] = assignmentRefusals(facts({ student: { gradeLevel: '12', enrolledSchoolId: SCHOOL } }));

    expect(refusal).toEqual({ code: 'grade-not-allowed', message: 'GEO is for grade 09, 10; the student is in grade 12.' });
  });

  test('section-cancelled', () => {
    expect(codes(facts({ section: { ...facts().section, status: 'cancelled' } }))).toEqual(['section-cancelled']);
  });

  test('every reason at once is reported, not just the first', () => {
    const refusals = codes(
      facts({
        section: { ...facts().section, seatsTaken: 30, status: 'cancelled' },
        student: { gradeLevel: '12' },
        completions: [],
      }),
    );

    expect(refusals).toEqual(['not-enrolled', 'section-cancelled', 'section-full', 'grade-not-allowed', 'missing-prerequisite']);
  });
});

describe('blockingRefusals', () => {
  test('staff may override capacity, grade and course history, but not enrollment or a conflict', () => {
    const refusals = assignmentRefusals(
      facts({
        section: { ...facts().section, seatsTaken: 28 },
        student: { gradeLevel: '12' },
        completions: [],
      }),
    );

    const remaining = blockingRefusals(refusals, ['section-full', 'grade-not-allowed', 'missing-prerequisite']);

    expect(remaining.map((refusal) => refusal.code)).toEqual(['not-enrolled']);
    expect(blockingRefusals(refusals)).toEqual(refusals);
  });
});
