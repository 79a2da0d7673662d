import { dayBefore } from '../enrollment/rules';
import type { RosterEntry } from './schemas';

/**
 * Effective-dated rosters (decision 0131): a roster entry says from which day to which day its
 * student is in the section, both days included, so a day's attendance and an assignment's scores
 * are checked against the roster as it was then. A student who left stays on the roster of the
 * days they were there; a student added mid-term is on it from their entry date only.
 */

/** Days on a section's roster, both included; no exit while the student is still in the section. */
export interface RosterStint {
  readonly entryDate: string;
  readonly exitDate?: string;
}

/** A roster entry as stored: its data and whether it was dropped (a soft delete). */
export interface DatedEntry {
  readonly data: Pick<RosterEntry, 'entryDate' | 'exitDate' | 'earlierStints'>;
  readonly deletedAt?: string;
}

/**
 * The stints of an entry. Entries written before rosters were dated have no dates: they count from
 * the first day of the term, and a dropped one until the day it was dropped.
 */
export function stintsOf(entry: DatedEntry, termStart: string): RosterStint[] {
  const exitDate = entry.data.exitDate ?? entry.deletedAt?.slice(0, 10);
  return [...(entry.data.earlierStints ?? []), { entryDate: entry.data.entryDate ?? termStart, ...(exitDate ? { exitDate } : {}) }];
}

/** Whether the entry had its student on the roster on some day from `from` to `to` (both included). */
export function onRosterDuring(entry: DatedEntry, from: string, to: string, termStart: string): boolean {
  return stintsOf(entry, termStart).some((stint) => stint.entryDate <= to && (stint.exitDate === undefined || from <= stint.exitDate));
}

/** Whether the entry had its student on the roster that day. */
export const onRosterOn = (entry: DatedEntry, date: string, termStart: string): boolean => onRosterDuring(entry, date, date, termStart);

/**
 * The exit date of a student leaving now: the day asked (the last day they were in the section),
 * else today; never before their entry (a student dropped before their first day leaves the day
 * before it, so they were never on a day's roster).
 */
export function exitDateOf(entry: DatedEntry, today: string, termStart: string, asked?: string): string {
  const entryDate = entry.data.entryDate ?? termStart;
  const exit = asked ?? today;
  return exit < entryDate ? dayBefore(entryDate) : exit;
}
