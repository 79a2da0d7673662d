import { assess, markContribution } from '../../domain/early-warning/indicators';

const period = (gradingPeriod: string, marks: number, points: number, failing = 0) => ({ gradingPeriod, marks, points, failing });

describe('early-warning indicators', () => {
  test('no signals, or signals below every threshold: on track', () => {
    expect(assess({}).tier).toBe('on-track');
    expect(
      assess({
        attendance: { daysEnrolled: 40, daysAbsent: 3 },
        behavior: { incidents: 3, asOffender: 1, exclusions: 0, daysExcluded: 0 },
        marks: [period('Q1', 6, 18), period('Q2', 6, 16)],
      }),
    ).toMatchObject({ tier: 'on-track', reasons: [] });
  });

  test('an absence rate needs two weeks enrolled; 10 % is chronic, 20 % severe (intensive on its own)', () => {
    expect(assess({ attendance: { daysEnrolled: 5, daysAbsent: 3 } }).tier).toBe('on-track');
    expect(assess({ attendance: { daysEnrolled: 50, daysAbsent: 5 } })).toMatchObject({
      tier: 'targeted',
      reasons: [{ code: 'chronic-absence', severe: false, text: 'absent 5 of 50 days enrolled (10 %)' }],
    });
    expect(assess({ attendance: { daysEnrolled: 50, daysAbsent: 10 } }).tier).toBe('intensive');
  });

  test('a GPA that drops half a point from one grading period to the next flags course performance', () => {
    const dropped = assess({ marks: [period('Q1', 5, 16.5), period('Q2', 5, 12.5)] });
    expect(dropped).toMatchObject({ tier: 'targeted', indicators: ['courses'] });
    expect(dropped.reasons[0]!.text).toBe('GPA 2.5 in Q2, down from 3.3 in Q1');
    // Two indicators make the intensive tier.
    expect(
      assess({
        marks: [period('Q1', 5, 16.5), period('Q2', 5, 12.5)],
        behavior: { incidents: 2, asOffender: 2, exclusions: 0, daysExcluded: 0 },
      }).tier,
    ).toBe('intensive');
  });

  test('a posted mark counts by grading period, in tenths of a grade point; drafts and incompletes count for nothing', () => {
    expect(markContribution({ letter: 'B+', status: 'posted', gradingPeriod: 'Q1' })).toEqual({ 'marks:Q1': 1, 'points10:Q1': 33 });
    expect(markContribution({ letter: 'F', status: 'posted', gradingPeriod: 'Q1' })).toEqual({
      'marks:Q1': 1,
      'points10:Q1': 0,
      'failing:Q1': 1,
    });
    expect(markContribution({ letter: 'NP', status: 'posted', gradingPeriod: 'S1' })).toEqual({ 'failing:S1': 1 });
    expect(markContribution({ letter: 'I', status: 'posted', gradingPeriod: 'S1' })).toEqual({});
    expect(markContribution({ letter: 'A', status: 'draft', gradingPeriod: 'S1' })).toEqual({});
  });
});
