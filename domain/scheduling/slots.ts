import { isWeekday, ROTATION_DAYS, WEEKDAYS, type MeetingDay, type RotationDay, type Weekday } from './schemas';

/** The part of a meeting that decides when a section meets. */
export interface MeetingTime {
  readonly period: string;
  readonly days: readonly MeetingDay[];
}

/**
 * Slots: the unit of "one thing at a time" for a student, a room and a teacher.
 *
 * A slot is one cell of the grid weekday × rotation day × period, written `MON#A#P3` ("period P3
 * on a Monday that is an A day"). A school that does not rotate simply never has a Monday that is
 * not also an A or B day in this model; a school that rotates never knows in advance which weekday
 * an A day falls on. So:
 *
 * - a weekday meeting (MON, P3) occupies that weekday in both rotations: `MON#A#P3`, `MON#B#P3`;
 * - a rotation meeting (A, P3) occupies that rotation on every weekday: `MON#A#P3` … `FRI#A#P3`.
 *
 * Which gives exactly the conflicts that can happen in a building:
 *
 * - MON P3 and TUE P3 never conflict (no shared cell); A P3 and B P3 never conflict either, which
 *   is what makes A/B block schedules work;
 * - MON P3 and MON P3 conflict, A P3 and A P3 conflict;
 * - MON P3 and A P3 (or B P3) always conflict (they share `MON#A#P3`): some Monday is an A day.
 *
 * The simpler rules (a rotation day occupies every weekday; or everything collapses to `P3` as
 * soon as a school rotates) would make A P3 and B P3 conflict, and no block schedule could be built.
 * The grid is the smallest set-of-cells model with the properties above (each weekday needs one
 * cell per rotation day), so `conflicts(a, b)` is exactly "the slot sets intersect" and DynamoDB
 * can hold it with one conditional item per cell (student slot, room slot, teacher slot).
 *
 * Cost: a weekday meeting day writes 2 cells and a rotation meeting day 5, so a daily section
 * writes 10 slot items per student. Period codes are the school's slot names: bell schedules of one
 * school (regular, early release) are expected to share them, and `bellScheduleId` plays no part.
 */
export function slotsOf(meetings: readonly MeetingTime[]): string[] {
  const slots = new Set<string>();
  for (const meeting of meetings) {
    for (const day of meeting.days) {
      if (isWeekday(day)) ROTATION_DAYS.forEach((rotation) => slots.add(slotCode(day, rotation, meeting.period)));
      else WEEKDAYS.forEach((weekday) => slots.add(slotCode(weekday, day, meeting.period)));
    }
  }
  return [...slots].sort();
}

export const slotCode = (weekday: Weekday, rotation: RotationDay, period: string): string => `${weekday}#${rotation}#${period}`;

/** Two meeting days can fall on the same calendar day: the same day, or a weekday and a rotation day. */
const canCoincide = (a: MeetingDay, b: MeetingDay): boolean => a === b || isWeekday(a) !== isWeekday(b);

/** Whether two sections' meetings can put them in the same room, teacher or student at once (same term assumed). */
export function conflicts(a: readonly MeetingTime[], b: readonly MeetingTime[]): boolean {
  return a.some((first) =>
    b.some((second) => first.period === second.period && first.days.some((day) => second.days.some((other) => canCoincide(day, other)))),
  );
}

/** The slots two slot lists share, sorted. */
export function sharedSlots(a: readonly string[], b: readonly string[]): string[] {
  const inB = new Set(b);
  return [...new Set(a)].filter((slot) => inB.has(slot)).sort();
}

interface ParsedSlot {
  weekday: string;
  rotation: string;
  period: string;
}

function parseSlot(slot: string): ParsedSlot {
  const [weekday = '', rotation = '', ...period] = slot.split('#');
  return { weekday, rotation, period: period.join('#') };
}

/**
 * Where two sections' times meet, as a timetable reads (what an answer shows; slot codes stay inside):
 * per period, the weekdays and the rotation days the shared slots fall on. A daily class against
 * an A-day class in P2 overlaps in `{ period: 'P2', days: [MON … FRI], rotationDays: ['A'] }`.
 */
export interface Overlap {
  readonly period: string;
  readonly days: readonly Weekday[];
  readonly rotationDays: readonly RotationDay[];
}

export function overlapsOf(slots: readonly string[]): Overlap[] {
  const byPeriod = new Map<string, ParsedSlot[]>();
  for (const slot of slots) {
    const parsed = parseSlot(slot);
    byPeriod.set(parsed.period, [...(byPeriod.get(parsed.period) ?? []), parsed]);
  }
  return [...byPeriod.entries()].map(([period, cells]) => ({
    period,
    days: WEEKDAYS.filter((weekday) => cells.some((cell) => cell.weekday === weekday)),
    rotationDays: ROTATION_DAYS.filter((rotation) => cells.some((cell) => cell.rotation === rotation)),
  }));
}

/**
 * Slots in words for a message, e.g. "period P3 on MON, WED", "period P3 on A days" or, for a
 * weekday section against a rotating one, "period P3 on A days that fall on MON".
 */
export function describeSlots(slots: readonly string[]): string {
  const byPeriod = new Map<string, ParsedSlot[]>();
  for (const slot of slots) {
    const parsed = parseSlot(slot);
    byPeriod.set(parsed.period, [...(byPeriod.get(parsed.period) ?? []), parsed]);
  }
  return [...byPeriod.entries()]
    .map(([period, cells]) => {
      const has = (weekday: string, rotation: string) => cells.some((cell) => cell.weekday === weekday && cell.rotation === rotation);
      const weekdays = WEEKDAYS.filter((weekday) => cells.some((cell) => cell.weekday === weekday));
      const rotations = ROTATION_DAYS.filter((rotation) => cells.some((cell) => cell.rotation === rotation));
      if (weekdays.every((weekday) => ROTATION_DAYS.every((rotation) => has(weekday, rotation)))) {
        return `period ${period} on ${weekdays.join(', ')}`;
      }
      if (rotations.every((rotation) => WEEKDAYS.every((weekday) => has(weekday, rotation)))) {
        return `period ${period} on ${rotations.join('/')} days`;
      }
      return `period ${period} on ${rotations.join('/')} days that fall on ${weekdays.join(', ')}`;
    })
    .join('; ');
}
