import fc from 'fast-check';
import { checkMarks, codeTable, diffMarks, meetingDayIssue, rotationDayOf, type StoredMark } from '../../../domain/attendance/attendance';
import { SchoolYearSchema } from '../../../domain/schemas/calendar';

const year = SchoolYearSchema.parse({
  schoolYear: '2026-2027',
  startDate: '2026-08-24',
  endDate: '2027-06-04',
  terms: [{ code: 'S1', name: 'Fall', startDate: '2026-08-24', endDate: '2027-01-15' }],
  nonInstructionalDays: [{ date: '2026-09-07', reason: 'Labor Day' }],
});

describe('the days a section takes attendance', () => {
  test('a weekday section meets on its days only, and never on a day off or a weekend', () => {
    const mwf = [{ period: 'P2', days: ['MON', 'WED', 'FRI'] as ('MON' | 'WED' | 'FRI')[] }];
    expect(meetingDayIssue('2026-09-02', year, 'S1', mwf)).toBeUndefined();
    expect(meetingDayIssue('2026-09-01', year, 'S1', mwf)).toContain('TUE');
    expect(meetingDayIssue('2026-09-07', year, 'S1', mwf)).toContain('Labor Day');
    expect(meetingDayIssue('2026-09-05', year, 'S1', mwf)).toContain('weekend');
    expect(meetingDayIssue('2027-02-01', year, 'S1', mwf)).toContain('outside');
  });

  test('A and B days alternate over the instructional days, skipping days off', () => {
    // 2026-08-24 (Mon) is the first day of the term: A. Friday 09-04 is the 10th day: B. Monday 09-07 is
    // Labor Day, so Tuesday 09-08 is the 11th instructional day: A.
    expect(rotationDayOf('2026-08-24', year, '2026-08-24')).toBe('A');
    expect(rotationDayOf('2026-08-25', year, '2026-08-24')).toBe('B');
    expect(rotationDayOf('2026-09-04', year, '2026-08-24')).toBe('B');
    expect(rotationDayOf('2026-09-08', year, '2026-08-24')).toBe('A');
    expect(meetingDayIssue('2026-09-08', year, 'S1', [{ period: 'P1', days: ['A'] }])).toBeUndefined();
    expect(meetingDayIssue('2026-09-08', year, 'S1', [{ period: 'P1', days: ['B'] }])).toContain('A day');
  });
});

describe('marks', () => {
  const codes = codeTable([], 'S');
  test('unknown codes, students off the roster, repeated students and late minutes on a non-tardy code are named by field', () => {
    const issues = checkMarks(
      [
        { studentId: 'a', code: 'P' },
        { studentId: 'a', code: 'ZZ' },
        { studentId: 'x', code: 'A', minutesLate: 5 },
      ],
      codes,
      new Set(['a']),
      '2026-09-08',
    );
    expect(issues.map((issue) => issue.field)).toEqual([
      'marks[1].studentId',
      'marks[1].code',
      'marks[2].studentId',
      'marks[2].minutesLate',
    ]);
  });

  const mark = fc.record({
    code: fc.constantFrom('P', 'A', 'T'),
    category: fc.constantFrom('present', 'absent', 'tardy'),
  }) as fc.Arbitrary<StoredMark>;
  test('resubmitting the stored marks changes nothing; any other submission is exactly its new and changed marks', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('s1', 's2', 's3', 's4'), mark),
        fc.dictionary(fc.constantFrom('s1', 's2', 's3', 's4'), mark),
        (stored, submitted) => {
          expect(diffMarks(stored, stored)).toEqual({ added: [], changed: [], unchanged: Object.keys(stored).length });
          const diff = diffMarks(stored, submitted);
          expect(diff.added.length + diff.changed.length + diff.unchanged).toBe(Object.keys(submitted).length);
          for (const studentId of diff.added) expect(stored[studentId]).toBeUndefined();
        },
      ),
    );
  });
});
