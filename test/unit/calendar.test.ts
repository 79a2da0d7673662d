import {
  BellScheduleSchema,
  checkBellSchedule,
  checkSchoolYear,
  instructionalDays,
  SchoolYearSchema,
  type BellSchedule,
  type SchoolYear,
} from '../../domain/schemas/calendar';

/** A realistic, valid 2026-2027 calendar: two semesters, four quarters, a few holidays. */
function schoolYear(overrides: Partial<SchoolYear> = {}): SchoolYear {
  return SchoolYearSchema.parse({
    schoolYear: '2026-2027',
    startDate: '2026-08-17',
    endDate: '2027-06-04',
    status: 'planning',
    terms: [
      { code: 'S1', name: 'Fall Semester', startDate: '2026-08-17', endDate: '2026-12-18' },
      { code: 'S2', name: 'Spring Semester', startDate: '2027-01-05', endDate: '2027-06-04' },
    ],
    gradingPeriods: [
      { code: 'Q1', name: 'Quarter 1', termCode: 'S1', startDate: '2026-08-17', endDate: '2026-10-16' },
      { code: 'Q2', name: 'Quarter 2', termCode: 'S1', startDate: '2026-10-19', endDate: '2026-12-18' },
      { code: 'Q3', name: 'Quarter 3', termCode: 'S2', startDate: '2027-01-05', endDate: '2027-03-12' },
      { code: 'Q4', name: 'Quarter 4', termCode: 'S2', startDate: '2027-03-15', endDate: '2027-06-04' },
    ],
    nonInstructionalDays: [
      { date: '2026-09-07', reason: 'Labor Day' },
      { date: '2026-11-26', reason: 'Thanksgiving' },
      { date: '2026-11-27', reason: 'Thanksgiving break' },
    ],
    ...overrides,
  });
}

const fieldsOf = (issues: readonly { field: string }[]) => issues.map((issue) => issue.field);

describe('checkSchoolYear', () => {
  test('a valid school year has no issues', () => {
    expect(checkSchoolYear(schoolYear())).toEqual([]);
  });

  test.each<[what: string, overrides: Partial<SchoolYear>, field: string]>([
    ['a year label that is not two consecutive years', { schoolYear: '2026-2028' }, 'schoolYear'],
    ['a year label running backwards', { schoolYear: '2027-2026' }, 'schoolYear'],
    [
      'a year that ends before it starts',
      { startDate: '2027-06-04', endDate: '2026-08-17', terms: [], gradingPeriods: [], nonInstructionalDays: [] },
      'endDate',
    ],
    [
      'a term that starts before the year',
      { terms: [{ code: 'S1', name: 'Fall', startDate: '2026-08-01', endDate: '2026-12-18' }], gradingPeriods: [] },
      'terms[0]',
    ],
    [
      'a term that ends after the year',
      {
        terms: [
          { code: 'S1', name: 'Fall', startDate: '2026-08-17', endDate: '2026-12-18' },
          { code: 'S2', name: 'Spring', startDate: '2027-01-05', endDate: '2027-06-30' },
        ],
        gradingPeriods: [],
      },
      'terms[1]',
    ],
    [
      'a term that ends before it starts',
      { terms: [{ code: 'S1', name: 'Fall', startDate: '2026-12-18', endDate: '2026-08-17' }], gradingPeriods: [] },
      'terms[0].endDate',
    ],
    [
      'overlapping terms',
      {
        terms: [
          { code: 'S1', name: 'Fall', startDate: '2026-08-17', endDate: '2027-01-15' },
          { code: 'S2', name: 'Spring', startDate: '2027-01-05', endDate: '2027-06-04' },
        ],
        gradingPeriods: [],
      },
      'terms[1]',
    ],
    [
      'terms that share a code',
      {
        terms: [
          { code: 'S1', name: 'Fall', startDate: '2026-08-17', endDate: '2026-12-18' },
          { code: 'S1', name: 'Spring', startDate: '2027-01-05', endDate: '2027-06-04' },
        ],
        gradingPeriods: [],
      },
      'terms[1].code',
    ],
    [
      'a grading period outside its term',
      { gradingPeriods: [{ code: 'Q1', name: 'Quarter 1', termCode: 'S1', startDate: '2026-11-02', endDate: '2027-01-29' }] },
      'gradingPeriods[0]',
    ],
    [
      'a grading period naming an unknown term',
      { gradingPeriods: [{ code: 'Q1', name: 'Quarter 1', termCode: 'S3', startDate: '2026-08-17', endDate: '2026-10-16' }] },
      'gradingPeriods[0].termCode',
    ],
    [
      'overlapping grading periods',
      {
        gradingPeriods: [
          { code: 'Q1', name: 'Quarter 1', termCode: 'S1', startDate: '2026-08-17', endDate: '2026-10-30' },
          { code: 'Q2', name: 'Quarter 2', termCode: 'S1', startDate: '2026-10-19', endDate: '2026-12-18' },
        ],
      },
      'gradingPeriods[1]',
    ],
    [
      'a non-instructional day listed twice',
      {
        nonInstructionalDays: [
          { date: '2026-09-07', reason: 'Labor Day' },
          { date: '2026-09-07', reason: 'Labor Day (again)' },
        ],
      },
      'nonInstructionalDays[1].date',
    ],
    [
      'a non-instructional day outside the year',
      { nonInstructionalDays: [{ date: '2027-07-05', reason: 'Independence Day (observed)' }] },
      'nonInstructionalDays[0].date',
    ],
  ])('%s is an issue at %s', (_what, overrides, field) => {
    // Arrange
    const year = schoolYear(overrides);

    // Act
    const issues = checkSchoolYear(year);

    // Assert
    expect(fieldsOf(issues)).toContain(field);
    expect(issues.every((issue) => issue.message.length > 0)).toBe(true);
  });

  test('a term ending the day before the next one starts does not overlap it', () => {
    const year = schoolYear({
      terms: [
        { code: 'S1', name: 'Fall', startDate: '2026-08-17', endDate: '2027-01-04' },
        { code: 'S2', name: 'Spring', startDate: '2027-01-05', endDate: '2027-06-04' },
      ],
    });

    expect(checkSchoolYear(year)).toEqual([]);
  });

  test('terms sharing a single day overlap', () => {
    const year = schoolYear({
      terms: [
        { code: 'S1', name: 'Fall', startDate: '2026-08-17', endDate: '2027-01-05' },
        { code: 'S2', name: 'Spring', startDate: '2027-01-05', endDate: '2027-06-04' },
      ],
      gradingPeriods: [],
    });

    expect(fieldsOf(checkSchoolYear(year))).toEqual(['terms[1]']);
  });

  test("a grading period may not be coded like a term: final marks are keyed by the term code next to the periods' marks", () => {
    const year = schoolYear({
      gradingPeriods: [
        { code: 's1', name: 'Whole fall', termCode: 'S1', startDate: '2026-08-17', endDate: '2026-12-18' },
        { code: 'Q3', name: 'Quarter 3', termCode: 'S2', startDate: '2027-01-05', endDate: '2027-03-12' },
      ],
    });

    const issues = checkSchoolYear(year);

    expect(issues).toEqual([{ field: 'gradingPeriods[0].code', message: expect.stringContaining('term') }]);
  });
});

describe('SchoolYearSchema', () => {
  test('a new year with only its dates gets empty terms, periods and days and starts in planning', () => {
    const year = SchoolYearSchema.parse({ schoolYear: '2026-2027', startDate: '2026-08-17', endDate: '2027-06-04' });

    expect(year).toMatchObject({ status: 'planning', terms: [], gradingPeriods: [], nonInstructionalDays: [] });
  });

  test('rejects an impossible date at the field that holds it', () => {
    const result = SchoolYearSchema.safeParse({ schoolYear: '2026-2027', startDate: '2026-02-30', endDate: '2027-06-04' });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['startDate']);
  });
});

describe('checkBellSchedule', () => {
  function schedule(periods: BellSchedule['periods']): BellSchedule {
    return BellScheduleSchema.parse({ name: 'Regular Day', periods });
  }

  test('a regular day with passing periods has no issues', () => {
    const regular = schedule([
      { code: 'P1', name: 'Period 1', startTime: '08:00', endTime: '08:50' },
      { code: 'P2', name: 'Period 2', startTime: '08:55', endTime: '09:45' },
      { code: 'LUNCH', name: 'Lunch', startTime: '11:40', endTime: '12:10' },
      { code: 'P3', name: 'Period 3', startTime: '12:15', endTime: '13:05' },
    ]);

    expect(checkBellSchedule(regular)).toEqual([]);
  });

  test('back-to-back periods (one ends when the next starts) do not overlap', () => {
    const blocks = schedule([
      { code: 'A', name: 'Block A', startTime: '08:00', endTime: '09:30' },
      { code: 'B', name: 'Block B', startTime: '09:30', endTime: '11:00' },
    ]);

    expect(checkBellSchedule(blocks)).toEqual([]);
  });

  test.each<[what: string, periods: BellSchedule['periods'], field: string]>([
    [
      'overlapping periods',
      [
        { code: 'P1', name: 'Period 1', startTime: '08:00', endTime: '09:00' },
        { code: 'P2', name: 'Period 2', startTime: '08:45', endTime: '09:45' },
      ],
      'periods[1]',
    ],
    ['a period ending before it starts', [{ code: 'P1', name: 'Period 1', startTime: '09:00', endTime: '08:00' }], 'periods[0].endTime'],
    ['a period ending when it starts', [{ code: 'P1', name: 'Period 1', startTime: '09:00', endTime: '09:00' }], 'periods[0].endTime'],
    [
      'two periods with the same code',
      [
        { code: 'P1', name: 'Period 1', startTime: '08:00', endTime: '08:50' },
        { code: 'P1', name: 'Period 1 again', startTime: '09:00', endTime: '09:50' },
      ],
      'periods[1].code',
    ],
  ])('%s is an issue at %s', (_what, periods, field) => {
    expect(fieldsOf(checkBellSchedule(schedule(periods)))).toContain(field);
  });

  test('the schema rejects a time that is not HH:MM on a 24-hour clock', () => {
    const result = BellScheduleSchema.safeParse({
      name: 'Regular',
      periods: [{ code: 'P1', name: 'Period 1', startTime: '8:00', endTime: '24:00' }],
    });

    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['periods.0.endTime', 'periods.0.startTime']);
  });
});

describe('instructionalDays', () => {
  test('September 2026 has 22 weekdays, 21 once Labor Day is closed', () => {
    // Arrange: September 2026 starts on a Tuesday; Labor Day is Monday 7 September.
    const open = schoolYear({ startDate: '2026-09-01', endDate: '2026-09-30', terms: [], gradingPeriods: [], nonInstructionalDays: [] });
    const withLaborDay = schoolYear({
      startDate: '2026-09-01',
      endDate: '2026-09-30',
      terms: [],
      gradingPeriods: [],
      nonInstructionalDays: [{ date: '2026-09-07', reason: 'Labor Day' }],
    });

    // Act
    const openDays = instructionalDays(open);
    const daysWithHoliday = instructionalDays(withLaborDay);

    // Assert
    expect(openDays).toHaveLength(22);
    expect(daysWithHoliday).toHaveLength(21);
    expect(daysWithHoliday).not.toContain('2026-09-07');
    expect(daysWithHoliday[0]).toBe('2026-09-01');
    expect(daysWithHoliday.at(-1)).toBe('2026-09-30');
  });

  test('skips weekends and lists days in order', () => {
    const week = schoolYear({ startDate: '2026-09-04', endDate: '2026-09-08', terms: [], gradingPeriods: [], nonInstructionalDays: [] });

    // Friday 4th, (Saturday 5th, Sunday 6th skipped), Monday 7th, Tuesday 8th
    expect(instructionalDays(week)).toEqual(['2026-09-04', '2026-09-07', '2026-09-08']);
  });

  test('a holiday that falls on a weekend does not remove a school day', () => {
    const november = schoolYear({
      startDate: '2026-11-01',
      endDate: '2026-11-30',
      terms: [],
      gradingPeriods: [],
      nonInstructionalDays: [
        { date: '2026-11-11', reason: 'Veterans Day' },
        { date: '2026-11-26', reason: 'Thanksgiving' },
        { date: '2026-11-27', reason: 'Thanksgiving break' },
        { date: '2026-11-28', reason: 'Saturday event closure' },
      ],
    });

    // November 2026 (across the end of daylight saving time) has 21 weekdays; three are closed.
    expect(instructionalDays(november)).toHaveLength(18);
  });

  test('a whole realistic year counts every open weekday exactly once', () => {
    const days = instructionalDays(schoolYear());

    expect(new Set(days).size).toBe(days.length);
    expect(days).not.toContain('2026-11-26');
    expect(days.every((day) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()))).toBe(true);
  });
});
