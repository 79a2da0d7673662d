import fc from 'fast-check';
import { conflicts, describeSlots, sharedSlots, slotsOf, type MeetingTime } from '../../../domain/scheduling/slots';
import { anyMeetings } from './generators';

const at = (period: string, ...days: MeetingTime['days']): MeetingTime[] => [{ period, days }];

describe('slotsOf', () => {
  test('a weekday meeting occupies that weekday on both rotation days', () => {
    expect(slotsOf(at('P3', 'MON'))).toEqual(['MON#A#P3', 'MON#B#P3']);
  });

  test('a rotation meeting occupies that rotation day on every weekday', () => {
    expect(slotsOf(at('P3', 'A'))).toEqual(['FRI#A#P3', 'MON#A#P3', 'THU#A#P3', 'TUE#A#P3', 'WED#A#P3']);
  });

  test('repeated meetings give each slot once, sorted', () => {
    const slots = slotsOf([...at('P1', 'MON', 'WED'), ...at('P1', 'WED')]);

    expect(slots).toEqual(['MON#A#P1', 'MON#B#P1', 'WED#A#P1', 'WED#B#P1']);
  });
});

describe('conflicts', () => {
  test.each<[string, MeetingTime[], MeetingTime[], boolean]>([
    ['the same weekday and period', at('P3', 'MON', 'WED'), at('P3', 'WED'), true],
    ['different weekdays in the same period', at('P3', 'MON', 'WED', 'FRI'), at('P3', 'TUE', 'THU'), false],
    ['the same weekday in different periods', at('P3', 'MON'), at('P4', 'MON'), false],
    ['the same rotation day and period', at('P1', 'A'), at('P1', 'A', 'B'), true],
    ['A and B days in the same period (a block schedule)', at('P1', 'A'), at('P1', 'B'), false],
    ['a weekday and a rotation day in the same period', at('P2', 'TUE'), at('P2', 'B'), true],
    ['a weekday and a rotation day in different periods', at('P2', 'TUE'), at('P3', 'B'), false],
  ])('%s: %j', (_case, a, b, expected) => {
    expect(conflicts(a, b)).toBe(expected);
    expect(conflicts(b, a)).toBe(expected);
    expect(sharedSlots(slotsOf(a), slotsOf(b)).length > 0).toBe(expected);
  });

  test('agree with shared slots for any meetings', () => {
    fc.assert(
      fc.property(anyMeetings, anyMeetings, (a, b) => {
        expect(conflicts(a, b)).toBe(sharedSlots(slotsOf(a), slotsOf(b)).length > 0);
      }),
      { numRuns: 500 },
    );
  });

  test('a section always conflicts with itself', () => {
    fc.assert(
      fc.property(anyMeetings, (meetings) => {
        expect(conflicts(meetings, meetings)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('describeSlots', () => {
  test.each<[string, MeetingTime[], MeetingTime[], string]>([
    ['weekday sections', at('P3', 'MON', 'WED'), at('P3', 'WED', 'MON'), 'period P3 on MON, WED'],
    ['rotation sections', at('P1', 'A'), at('P1', 'A'), 'period P1 on A days'],
    ['a weekday and a rotation section', at('P2', 'TUE'), at('P2', 'B'), 'period P2 on B days that fall on TUE'],
  ])('%s', (_case, a, b, expected) => {
    expect(describeSlots(sharedSlots(slotsOf(a), slotsOf(b)))).toBe(expected);
  });
});
