/**
 * When a notice may go out: quiet hours and daily digests, as pure functions of an instant, the
 * guardian's time zone and their preferences. Wall-clock times are converted with Intl, so
 * daylight-saving changes are the zone database's, not ours.
 */
import type { Preferences } from './preferences';

interface LocalTime {
  readonly date: string;
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall-clock parts of an instant in a zone. */
function partsOf(instant: Date, zone: string) {
  const parts = Object.fromEntries(
    formatterOf(zone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The local date (YYYY-MM-DD) and minutes since local midnight of an instant. */
export function localTime(instant: Date, zone: string): LocalTime {
  const p = partsOf(instant, zone);
  const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  return { date, minutes: p.hour * 60 + p.minute };
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: Date, zone: string): number {
  const p = partsOf(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant a local date and time names in a zone. A time that does not exist (skipped by a
 * spring-forward) is taken as the same time under the offset before the change, which lands just
 * after the gap, so a deferred notice is sent at the end of quiet hours, never before.
 */
export function zonedInstant(date: string, minutes: number, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  const first = naive - offsetAt(new Date(naive), zone);
  const second = naive - offsetAt(new Date(first), zone);
  const wall = (instant: number) => localTime(new Date(instant), zone);
  const named = [second, first].find((candidate) => {
    const local = wall(candidate);
    return local.date === date && local.minutes === minutes;
  });
  return new Date(named ?? Math.max(first, second));
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

function nextDate(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * When the quiet hours around an instant end, or undefined when the instant is not in them.
 * A window whose start is after its end crosses midnight (21:00–07:00).
 */
export function quietUntil(instant: Date, quietHours: Preferences['quietHours'], zone: string): Date | undefined {
  if (!quietHours) return undefined;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const until = quietEnd(instant, start, end, zone);
  // The end's wall time can fall in a spring-forward gap, which moves it to just after the gap; when the quiet-free
  // time is no longer than the gap (quiet from 03:00 to 02:00 on the night clocks go from 02:00 to 03:00), that
  // instant is quiet again, and the notice waits for the next day's end.
  return until && (quietEnd(until, start, end, zone) ?? until);
}

/** The end of the quiet hours `instant` falls in (minutes of the local day), or undefined outside them. */
function quietEnd(instant: Date, start: number, end: number, zone: string): Date | undefined {
  const local = localTime(instant, zone);
  if (start < end) return local.minutes >= start && local.minutes < end ? zonedInstant(local.date, end, zone) : undefined;
  if (local.minutes >= start) return zonedInstant(nextDate(local.date), end, zone);
  if (local.minutes < end) return zonedInstant(local.date, end, zone);
  return undefined;
}

/** The next instant at or after `instant` when the local clock shows `clock` (today's, or tomorrow's when passed). */
export function nextLocalClock(instant: Date, clock: string, zone: string): Date {
  const local = localTime(instant, zone);
  const today = zonedInstant(local.date, minutesOf(clock), zone);
  return today.getTime() >= instant.getTime() ? today : zonedInstant(nextDate(local.date), minutesOf(clock), zone);
}

/**
 * When a day's attendance summary goes: the guardian's digest time on that day, moved to the end
 * of their quiet hours when it falls in them.
 */
export function summaryTime(date: string, preferences: Pick<Preferences, 'digestTime' | 'quietHours'>, zone: string): Date {
  const at = zonedInstant(date, minutesOf(preferences.digestTime), zone);
  return quietUntil(at, preferences.quietHours, zone) ?? at;
}

/** How a notice to one guardian goes out by email or SMS. */
export type SendPlan =
  | { readonly at: 'now' }
  | { readonly at: 'later'; readonly sendAfter: Date; readonly reason: 'quietHours' | 'digest' };

/**
 * The plan for a notice occurring at `now`: at once; or at the next digest time; or when quiet
 * hours end (a digest time that falls in quiet hours moves to their end too). Never dropped.
 */
export function planSend(now: Date, preferences: Pick<Preferences, 'delivery' | 'digestTime' | 'quietHours'>, zone: string): SendPlan {
  if (preferences.delivery === 'dailyDigest') {
    const digestAt = nextLocalClock(now, preferences.digestTime, zone);
    return { at: 'later', sendAfter: quietUntil(digestAt, preferences.quietHours, zone) ?? digestAt, reason: 'digest' };
  }
  const until = quietUntil(now, preferences.quietHours, zone);
  return until ? { at: 'later', sendAfter: until, reason: 'quietHours' } : { at: 'now' };
}
