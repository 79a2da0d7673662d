import {
  joinSitting,
  SITTING_LONGEST_MINUTES,
  SITTING_QUIET_MINUTES,
  sittingChanged,
  type ScheduleSitting,
} from '../../../domain/notifications/schedule-sitting';

const at = (minutes: number) => new Date(Date.parse('2026-12-08T16:00:00Z') + minutes * 60_000);
let ids = 0;
const change = (eventId: string, added: string[], dropped: string[] = []) => ({
  eventId,
  studentId: 'S1',
  schoolId: 'SC1',
  added,
  dropped,
});

describe('schedule changes of one sitting', () => {
  test('four placements made in one sitting are one notice of four classes, due a quiet spell after the last', () => {
    let sitting: ScheduleSitting | undefined;
    ['A', 'B', 'C', 'D'].forEach((section, index) => {
      sitting = joinSitting(sitting, change(`E${index}`, [section]), at(index), () => `N${++ids}`) ?? sitting;
    });
    expect(sitting).toMatchObject({ added: ['A', 'B', 'C', 'D'], dropped: [], dueAt: at(3 + SITTING_QUIET_MINUTES).toISOString() });
  });

  test('a class added and dropped again in the sitting is no change at all; a swap is one added and one dropped', () => {
    const added = joinSitting(undefined, change('E1', ['A']), at(0), () => 'N1')!;
    const undone = joinSitting(added, change('E2', [], ['A']), at(1), () => 'N2')!;
    expect(sittingChanged(undone)).toBe(false);
    const swap = joinSitting(undone, change('E3', ['B'], ['C']), at(2), () => 'N3')!;
    expect(swap).toMatchObject({ added: ['B'], dropped: ['C'] });
  });

  test('a repeated event changes nothing; a sitting that never stops is told an hour after its first change', () => {
    const first = joinSitting(undefined, change('E1', ['A']), at(0), () => 'N1')!;
    expect(joinSitting(first, change('E1', ['A']), at(1), () => 'N2')).toBeUndefined();
    let sitting = first;
    for (let minute = 5; minute <= 50; minute += 5)
      sitting = joinSitting(sitting, change(`E${minute}`, [`S${minute}`]), at(minute), () => `N${minute}`)!;
    // Changes every 5 minutes: without the cap it would never be due.
    expect(sitting.dueAt).toBe(at(SITTING_LONGEST_MINUTES).toISOString());
    // Past the hour, each further change leaves it due at once.
    sitting = joinSitting(sitting, change('E70', ['S70']), at(70), () => 'N70')!;
    expect(sitting.dueAt).toBe(at(70).toISOString());
  });
});
