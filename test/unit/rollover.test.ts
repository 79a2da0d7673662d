import { nextGrade, nextSchoolYear, nextYearCalendar, planStudent } from '../../domain/enrollment/rollover';
import type { SchoolYear } from '../../domain/schemas/calendar';

const high = { type: 'high', gradeLevels: ['09', '10', '11', '12'] };
const elementary = { type: 'elementary', gradeLevels: ['KG', '01', '02', '03', '04', '05'] };
const none = { retain: [], exitCodes: {} };
const student = (gradeLevel: string, enrolledNextYear = false) => ({ studentId: 'S', gradeLevel, enrolledNextYear });

describe('year-end rollover rules', () => {
  test('grades follow the district order; years follow each other', () => {
    expect([nextGrade('PK'), nextGrade('TK'), nextGrade('KG'), nextGrade('09'), nextGrade('12')]).toEqual([
      'TK',
      'KG',
      '01',
      '10',
      undefined,
    ]);
    expect(nextSchoolYear('2026-2027')).toBe('2027-2028');
  });

  test("promote, retain, graduate a high school's last grade (its exit code), complete another school's", () => {
    expect(planStudent(student('09'), high, none)).toMatchObject({ outcome: 'promote', nextGrade: '10', exitReason: 'end-of-year' });
    expect(planStudent(student('09'), high, { retain: ['S'], exitCodes: {} })).toMatchObject({ outcome: 'retain', nextGrade: '09' });
    expect(planStudent(student('12'), high, none)).toMatchObject({ outcome: 'graduate', exitReason: 'graduated' });
    expect(planStudent(student('12'), high, { retain: [], exitCodes: { S: 'aged-out' } }).exitReason).toBe('aged-out');
    expect(planStudent(student('05'), elementary, none)).toMatchObject({ outcome: 'complete', exitReason: 'completed-school' });
    // A next-year enrollment recorded already (a transfer) is honoured, whatever the grade.
    expect(planStudent(student('11', true), high, { retain: ['S'], exitCodes: {} })).toMatchObject({ outcome: 'keep' });
  });

  test("next year's calendar: a year later, in planning, without this year's days off; February 29 becomes the 28th", () => {
    const year: SchoolYear = {
      schoolYear: '2027-2028',
      startDate: '2027-08-23',
      endDate: '2028-06-02',
      status: 'active',
      terms: [{ code: 'S2', name: 'Spring', startDate: '2028-01-18', endDate: '2028-02-29' }],
      gradingPeriods: [],
      nonInstructionalDays: [{ date: '2027-11-25', reason: 'Thanksgiving' }],
      gradeCapacities: { '09': 400 },
    };
    expect(nextYearCalendar(year)).toEqual({
      schoolYear: '2028-2029',
      startDate: '2028-08-23',
      endDate: '2029-06-02',
      status: 'planning',
      terms: [{ code: 'S2', name: 'Spring', startDate: '2029-01-18', endDate: '2029-02-28' }],
      gradingPeriods: [],
      nonInstructionalDays: [],
      gradeCapacities: { '09': 400 },
    });
  });
});
