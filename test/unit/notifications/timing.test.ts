import fc from 'fast-check';
import { DEFAULT_PREFERENCES, kindEnabled, PreferencesSchema } from '../../../domain/notifications/preferences';
import { localTime, nextLocalClock, planSend, quietUntil, zonedInstant } from '../../../domain/notifications/timing';

const LA = 'America/Los_Angeles';
const night = { start: '21:00', end: '07:00' };

describe('quiet hours', () => {
  test('a notice at 22:30 in Los Angeles waits until 07:00 the next morning there', () => {
    // 2026-11-30 22:30 PST is 2026-12-01 06:30 UTC.
    const until = quietUntil(new Date('2026-12-01T06:30:00Z'), night, LA);
    expect(until?.toISOString()).toBe('2026-12-01T15:00:00.000Z');
  });

  test('a notice at 05:10 waits until 07:00 the same morning; one at noon goes at once', () => {
    expect(quietUntil(new Date('2026-12-01T13:10:00Z'), night, LA)?.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(quietUntil(new Date('2026-12-01T20:00:00Z'), night, LA)).toBeUndefined();
  });

  test('a daytime window (13:00–14:00) holds only what falls inside it', () => {
    const lunch = { start: '13:00', end: '14:00' };
    expect(quietUntil(new Date('2026-12-01T21:30:00Z'), lunch, LA)?.toISOString()).toBe('2026-12-01T22:00:00.000Z');
    expect(quietUntil(new Date('2026-12-01T22:00:00Z'), lunch, LA)).toBeUndefined();
  });

  test('the end of quiet hours follows daylight saving time (the night clocks go back)', () => {
    // 2026-11-01: PDT ends at 02:00 local. 22:00 PDT on Oct 31 is 05:00 UTC; 07:00 PST is 15:00 UTC.
    expect(quietUntil(new Date('2026-11-01T05:00:00Z'), night, LA)?.toISOString()).toBe('2026-11-01T15:00:00.000Z');
    // And in spring: 07:00 PDT on 2027-03-14 is 14:00 UTC.
    expect(quietUntil(new Date('2027-03-14T06:00:00Z'), night, LA)?.toISOString()).toBe('2027-03-14T14:00:00.000Z');
  });

  test('a wall time inside the spring-forward gap lands just after it, never before', () => {
    // 02:30 does not exist in Los Angeles on 2027-03-14; 03:30 PDT is 10:30 UTC.
    expect(zonedInstant('2027-03-14', 150, LA).toISOString()).toBe('2027-03-14T10:30:00.000Z');
  });

  test('when the quiet-free hour falls in the spring-forward gap, the notice waits for the next day’s (a property run found it)', () => {
    // Quiet from 03:00 to 02:00 in New York; on 2026-03-08 the clocks go from 02:00 to 03:00, so that day has no free
    // hour: a notice at 03:00 EST on the 7th goes at 02:00 EDT on the 9th (06:00 UTC), not at 03:00 EDT on the 8th.
    const until = quietUntil(new Date('2026-03-07T08:00:00Z'), { start: '03:00', end: '02:00' }, 'America/New_York');
    expect(until?.toISOString()).toBe('2026-03-09T06:00:00.000Z');
  });

  test('property: a deferred notice is released at an instant that is itself outside quiet hours, within a day (two when a DST gap eats the free time)', () => {
    const zones = ['America/Los_Angeles', 'America/New_York', 'Europe/Madrid', 'Asia/Kolkata', 'UTC'];
    const clock = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        clock,
        clock,
        (instant, zone, start, end) => {
          fc.pre(start !== end);
          const until = quietUntil(instant, { start, end }, zone);
          if (!until) return;
          expect(until.getTime()).toBeGreaterThan(instant.getTime());
          expect(until.getTime() - instant.getTime()).toBeLessThanOrEqual(49 * 3600_000);
          expect(quietUntil(until, { start, end }, zone)).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('send plans', () => {
  const now = new Date('2026-12-01T17:00:00Z'); // 09:00 in Los Angeles
  test('immediate outside quiet hours: now', () => {
    expect(planSend(now, { ...DEFAULT_PREFERENCES, quietHours: night }, LA)).toEqual({ at: 'now' });
  });

  test('a daily digest goes at the digest time, today when it is still ahead, else tomorrow', () => {
    const plan = planSend(now, { ...DEFAULT_PREFERENCES, delivery: 'dailyDigest', digestTime: '18:00' }, LA);
    expect(plan).toEqual({ at: 'later', reason: 'digest', sendAfter: new Date('2026-12-02T02:00:00Z') });
    const late = planSend(new Date('2026-12-02T03:00:00Z'), { ...DEFAULT_PREFERENCES, delivery: 'dailyDigest', digestTime: '18:00' }, LA);
    expect(late).toMatchObject({ sendAfter: new Date('2026-12-03T02:00:00Z') });
  });

  test('a digest time inside quiet hours moves to their end', () => {
    const plan = planSend(now, { ...DEFAULT_PREFERENCES, delivery: 'dailyDigest', digestTime: '22:00', quietHours: night }, LA);
    expect(plan).toEqual({ at: 'later', reason: 'digest', sendAfter: new Date('2026-12-02T15:00:00Z') });
  });

  test('nextLocalClock and localTime agree on the local day', () => {
    const at = nextLocalClock(now, '08:15', 'Europe/Madrid');
    expect(localTime(at, 'Europe/Madrid')).toEqual({ date: '2026-12-02', minutes: 8 * 60 + 15 });
  });
});

describe('preferences', () => {
  test('defaults: email on, SMS off, every kind on, immediate', () => {
    expect(DEFAULT_PREFERENCES).toMatchObject({ channels: { email: true, sms: false }, delivery: 'immediate' });
    expect(kindEnabled(DEFAULT_PREFERENCES, 'absence')).toBe(true);
  });

  test('a kind turned off is off; the others stay on', () => {
    const preferences = PreferencesSchema.parse({ kinds: { tardy: false } });
    expect(kindEnabled(preferences, 'tardy')).toBe(false);
    expect(kindEnabled(preferences, 'absence')).toBe(true);
  });

  test('refuses an unknown zone, an unknown kind, a malformed time and an empty quiet window, naming the field', () => {
    const issues = (input: unknown) => PreferencesSchema.safeParse(input).error?.issues.map((issue) => issue.path.join('.'));
    expect(issues({ timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(issues({ kinds: { birthday: true } })).toEqual(['kinds']);
    expect(issues({ quietHours: { start: '9pm', end: '07:00' } })).toEqual(['quietHours.start']);
    expect(issues({ quietHours: { start: '07:00', end: '07:00' } })).toEqual(['quietHours.end']);
  });
});
