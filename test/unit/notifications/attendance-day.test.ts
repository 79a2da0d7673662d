import {
  decideMark,
  summarized,
  summaryNeeded,
  summaryOf,
  type AttendanceDay,
  type IncomingMark,
} from '../../../domain/notifications/attendance-day';

const base = { guardianId: 'G1', studentId: 'S1', schoolId: 'SC1', date: '2026-12-08' };
const morning = new Date('2026-12-08T15:00:00Z');
const evening = new Date('2026-12-09T00:00:00Z'); // 18:00 in Chicago
let ids = 0;
const nextId = () => `N${++ids}`;
const mark = (sectionId: string, eventId: string, category: IncomingMark['category'], excused = false): IncomingMark => ({
  sectionId,
  eventId,
  category,
  excused,
  periods: [sectionId.replace('S', 'P')],
});

/** Marks one after the other for one guardian; each decision and the day after it. */
function run(marks: IncomingMark[], mode: 'oncePerDay' | 'everyPeriod' = 'oncePerDay', now = morning) {
  let day: AttendanceDay | undefined;
  return marks.map((incoming) => {
    const { decision, next } = decideMark(day, base, incoming, mode, evening, now, nextId);
    if (next) day = next;
    return { decision: decision.action, day: day! };
  });
}

describe('one attendance notice a student a day', () => {
  test('the first absence goes at once; later periods fold into the evening summary, which lists them all', () => {
    const steps = run([mark('S1', 'E1', 'absent'), mark('S2', 'E2', 'absent'), mark('S4', 'E4', 'tardy')]);
    expect(steps.map((step) => step.decision)).toEqual(['notify', 'fold', 'fold']);
    const day = steps.at(-1)!.day;
    expect(day.summary).toMatchObject({ state: 'pending', dueAt: evening.toISOString() });
    expect(summaryNeeded(day)).toBe(true);
    expect(summaryOf(day)).toEqual({ absentPeriods: ['P1', 'P2'], tardyPeriods: ['P4'], excusedCount: 0 });
    expect(summaryNeeded(summarized(day))).toBe(false);
  });

  test('a family who chose every period is told of each mark at once', () => {
    expect(run([mark('S1', 'E1', 'absent'), mark('S2', 'E2', 'absent')], 'everyPeriod').map((step) => step.decision)).toEqual([
      'notify',
      'notify',
    ]);
  });

  test('a mark after the summary time, or a day entered late, is told at once', () => {
    expect(
      run([mark('S1', 'E1', 'absent'), mark('S2', 'E2', 'absent')], 'oncePerDay', new Date('2026-12-09T01:00:00Z')).map(
        (step) => step.decision,
      ),
    ).toEqual(['notify', 'notify']);
  });

  test('a correction of what the family was told is a correction; to present it is a "please disregard"', () => {
    const steps = run([mark('S1', 'E1', 'absent'), mark('S1', 'E2', 'absent', true), mark('S1', 'E3', 'present')]);
    expect(steps.map((step) => step.decision)).toEqual(['notify', 'correct', 'correct']);
    const { decision } = decideMark(steps[1]!.day, base, mark('S1', 'E3', 'present'), 'oncePerDay', evening, morning, nextId);
    expect(decision).toEqual({ action: 'correct', was: { category: 'absent', excused: true } });
  });

  test('a correction to present of a mark nobody was told, or one still waiting for the summary, sends nothing', () => {
    expect(run([mark('S1', 'E1', 'present'), mark('S1', 'E2', 'present')]).map((step) => step.decision)).toEqual(['nothing', 'nothing']);
    const folded = run([mark('S1', 'E1', 'absent'), mark('S2', 'E2', 'absent'), mark('S2', 'E3', 'present')]);
    expect(folded.map((step) => step.decision)).toEqual(['notify', 'fold', 'nothing']);
    // The summary then has nothing the family was not told: it is not sent.
    expect(summaryNeeded(folded.at(-1)!.day)).toBe(false);
  });

  test('after "please disregard", the next absence of the day is news again and goes at once', () => {
    expect(run([mark('S1', 'E1', 'absent'), mark('S1', 'E2', 'present'), mark('S3', 'E3', 'absent')]).map((step) => step.decision)).toEqual(
      ['notify', 'correct', 'notify'],
    );
  });

  test('the same event again (a retry) repeats its decision and changes nothing', () => {
    const [first, second] = run([mark('S1', 'E1', 'absent'), mark('S1', 'E2', 'present')]);
    expect(decideMark(first!.day, base, mark('S1', 'E1', 'absent'), 'oncePerDay', evening, morning, nextId)).toEqual({
      decision: { action: 'notify' },
      next: undefined,
    });
    expect(decideMark(second!.day, base, mark('S1', 'E2', 'present'), 'oncePerDay', evening, morning, nextId).decision).toEqual({
      action: 'correct',
      was: { category: 'absent', excused: false },
    });
  });

  test('every change to what the summary will say gives it a new id, so a summary sent meanwhile is followed by the whole', () => {
    const steps = run([mark('S1', 'E1', 'absent'), mark('S2', 'E2', 'absent'), mark('S3', 'E3', 'tardy')]);
    expect(steps[1]!.day.summary!.noticeId).not.toBe(steps[2]!.day.summary!.noticeId);
  });
});
