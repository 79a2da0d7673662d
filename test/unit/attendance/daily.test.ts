import { codeTable } from '../../../domain/attendance/attendance';
import {
  checkOfficeEntry,
  dailyStatus,
  isChronicallyAbsent,
  sameOfficeEntry,
  schoolDayIssue,
  storedOfficeEntry,
  summarizeDays,
  yearDelta,
} from '../../../domain/attendance/daily';
import { DISTRICT_ATTENDANCE_RULE } from '../../../domain/attendance/rule';

const P = { category: 'present' as const };
const A = { category: 'absent' as const, excused: false };
const AE = { category: 'absent' as const, excused: true };
const T = { category: 'tardy' as const };

describe("a student's day from the period marks and the office entry", () => {
  test('under the district rule, a day is absent when more than half of the periods marked are missed', () => {
    expect(dailyStatus([A, A, P, P], undefined)).toEqual({ status: 'present', periodsMarked: 4, periodsAbsent: 2 });
    expect(dailyStatus([A, A, A, P], undefined)).toEqual({ status: 'absent', excused: false, periodsMarked: 4, periodsAbsent: 3 });
    expect(dailyStatus([AE, AE, P], undefined)?.excused).toBe(true);
    expect(dailyStatus([AE, A, P], undefined)?.excused).toBe(false);
  });

  test("a school's own rule decides instead: a stricter fraction, or a minimum of periods present", () => {
    expect(dailyStatus([A, P, P, P], undefined, { absentWhenMoreThan: 0.2 })?.status).toBe('absent');
    expect(dailyStatus([A, A, P, P, P, P], undefined, { absentWhenMoreThan: 0.5, minimumPeriodsPresent: 5 })?.status).toBe('absent');
    expect(dailyStatus([A, P, P, P, P, P], undefined, { absentWhenMoreThan: 0.5, minimumPeriodsPresent: 5 })?.status).toBe('present');
  });

  test('a tardy mark or a late arrival makes an attended day late; an all-day absence from the office wins over any mark', () => {
    expect(dailyStatus([T, P], undefined)?.status).toBe('tardy');
    const codes = codeTable([], 'S1');
    expect(dailyStatus([P], storedOfficeEntry({ lateArrival: { time: '09:10', code: 'T' } }, codes))?.status).toBe('tardy');
    expect(dailyStatus([P, P], storedOfficeEntry({ absence: { code: 'MED' } }, codes))).toEqual({
      status: 'absent',
      excused: true,
      periodsMarked: 2,
      periodsAbsent: 0,
    });
    expect(dailyStatus([], undefined)).toBeUndefined();
    expect(dailyStatus([], {}, DISTRICT_ATTENDANCE_RULE)).toBeUndefined();
  });

  test('a changed status moves the counters out of the old and into the new; the same status moves nothing', () => {
    const absent = { status: 'absent' as const, excused: false, periodsMarked: 1, periodsAbsent: 1 };
    const excused = { ...absent, excused: true };
    const present = { status: 'present' as const, periodsMarked: 1, periodsAbsent: 0 };
    expect(yearDelta(undefined, absent)).toEqual({ daysEnrolled: 1, daysAbsent: 1, excusedAbsences: 0, unexcusedAbsences: 1, tardies: 0 });
    expect(yearDelta(absent, excused)).toEqual({ daysEnrolled: 0, daysAbsent: 0, excusedAbsences: 1, unexcusedAbsences: -1, tardies: 0 });
    expect(yearDelta(absent, present)).toEqual({ daysEnrolled: 0, daysAbsent: -1, excusedAbsences: 0, unexcusedAbsences: -1, tardies: 0 });
    expect(yearDelta(present, { ...present, periodsMarked: 2 })).toBeUndefined();
  });

  test('a student who missed 10% of the days enrolled is chronically absent', () => {
    expect(isChronicallyAbsent({ daysEnrolled: 20, daysAbsent: 2 })).toBe(true);
    expect(isChronicallyAbsent({ daysEnrolled: 20, daysAbsent: 1 })).toBe(false);
    expect(isChronicallyAbsent({ daysEnrolled: 0, daysAbsent: 0 })).toBe(false);
  });

  test('the summary counts the days by their status', () => {
    expect(
      summarizeDays([
        { date: '2026-09-02', status: 'absent', excused: true, periodsAbsent: 4 },
        { date: '2026-09-03', status: 'tardy', periodsAbsent: 0 },
        { date: '2026-09-04', status: 'present', periodsAbsent: 1 },
      ]),
    ).toEqual({
      daysMarked: 3,
      daysPresent: 2,
      excusedAbsences: 1,
      unexcusedAbsences: 0,
      tardies: 1,
      periodsAbsent: 5,
      attendanceRate: 66.7,
    });
  });
});

describe('office entries', () => {
  const codes = codeTable([], 'S1');
  test('codes of the wrong kind, unknown codes and an absence with an arrival are named by field', () => {
    const issues = checkOfficeEntry({ absence: { code: 'T' }, lateArrival: { time: '09:00', code: 'NOPE' } }, codes);
    expect(issues.map((issue) => issue.field).sort()).toEqual(['absence.code', 'lateArrival', 'lateArrival.code']);
    expect(checkOfficeEntry({ lateArrival: { time: '10:00', code: 'T' }, earlyDismissal: { time: '09:00', code: 'AE' } }, codes)).toEqual([
      expect.objectContaining({ field: 'earlyDismissal.time' }),
    ]);
  });

  test('the same entry in another key order is the same entry', () => {
    const entry = storedOfficeEntry({ lateArrival: { time: '09:10', code: 'T' }, comment: 'bus' }, codes);
    expect(sameOfficeEntry(entry, { comment: 'bus', lateArrival: { time: '09:10', category: 'tardy', code: 'T' } })).toBe(true);
    expect(sameOfficeEntry(undefined, {})).toBe(true);
  });

  test('only instructional days of the calendar, from the day the student entered', () => {
    const year = { startDate: '2026-08-24', endDate: '2027-06-10', nonInstructionalDays: [{ date: '2026-09-07', reason: 'Labor Day' }] };
    expect(schoolDayIssue('2026-09-07', year, '2026-08-24')).toContain('Labor Day');
    expect(schoolDayIssue('2026-09-05', year, '2026-08-24')).toContain('weekend');
    expect(schoolDayIssue('2026-09-08', year, '2026-09-10')).toContain('enrolled from');
    expect(schoolDayIssue('2026-09-08', year, '2026-08-24')).toBeUndefined();
  });
});
