/**
 * What the district does, second by second, on its first day of school (7:00 to 10:00) and on a
 * report-card evening (18:00 to 21:00). The volumes are the capacity model's and docs/cost.md's
 * (first-week day); the shapes (when bells ring, when people sign in) are this module's
 * assumptions, each written where it is made. Nothing here is a quota or a stack setting.
 */
import type { HandlerId } from '../../../functions/manifest';
import { DISTRICT, PEAK_RATES } from '../../stacks/capacity';

export type ScenarioId = 'firstDay' | 'reportCardEvening';

/** Per-second demand series of one scenario; index = seconds since the scenario's start. */
export interface DemandSeries {
  readonly staffSignIns: Float64Array;
  /** Staff who stop working (sign out or close the app): they no longer refresh tokens. */
  readonly staffSignOuts: Float64Array;
  /** Family app opens that are not prompted by a notice (a refresh token, or a sign-in when it has expired). */
  readonly familyOpens: Float64Array;
  readonly attendanceSubmissions: Float64Array;
  readonly officeEntries: Float64Array;
  readonly placements: Float64Array;
  readonly scorePosts: Float64Array;
  readonly intakeRequests: Float64Array;
  readonly recordWrites: Float64Array;
  /** Staff reads across the staff API's functions (split by {@link STAFF_READ_SHARES}). */
  readonly staffReads: Float64Array;
}

export interface Scenario {
  readonly id: ScenarioId;
  readonly label: string;
  /** Wall clock of second 0, for the table and the chart. */
  readonly startClock: string;
  readonly seconds: number;
  readonly demand: DemandSeries;
  /** Families who open the portal after a notice reaches them, and how soon (exponential, mean). */
  readonly opensPerNotice: number;
  readonly openDelaySeconds: number;
}

/** Staff reads by function: record look-ups, rosters and lists, grade views (docs/cost.md's mix). */
export const STAFF_READ_SHARES: Partial<Record<HandlerId, number>> = {
  students: 0.25,
  attendance: 0.2,
  schools: 0.15,
  scheduling: 0.15,
  gradebook: 0.15,
  guardians: 0.05,
  staff: 0.05,
};

/** What one family's visit to the portal reads, by route (the routes are the manifest's). */
export const FAMILY_VISIT: Record<ScenarioId, Readonly<Record<string, number>>> = {
  firstDay: {
    'GET /v1/me/children': 1,
    'GET /v1/me/children/{studentId}/attendance': 1,
    'GET /v1/me/notifications': 0.3,
  },
  reportCardEvening: {
    'GET /v1/me/children': 1,
    'GET /v1/me/children/{studentId}/report-cards': 1,
    'GET /v1/me/children/{studentId}/grades': 1,
    'GET /v1/me/notifications': 0.3,
  },
};

/** Share of family visits that need a full sign-in (new device, refresh token older than 30 days). */
export const FAMILY_SIGN_IN_SHARE = 0.1;

const MINUTE = 60;
const HOUR = 3_600;

class Series {
  readonly values: Float64Array;
  constructor(seconds: number) {
    this.values = new Float64Array(seconds);
  }
  /** `total` spread evenly over [from, to). */
  uniform(from: number, to: number, total: number): this {
    for (let t = Math.max(0, from); t < Math.min(to, this.values.length); t++) this.values[t]! += total / (to - from);
    return this;
  }
  /** `total` rising linearly from `from` to a peak at `peak`, then falling to zero at `to`. */
  triangle(from: number, peak: number, to: number, total: number): this {
    const height = (2 * total) / (to - from);
    for (let t = Math.max(0, from); t < Math.min(to, this.values.length); t++) {
      this.values[t]! += t < peak ? (height * (t - from)) / (peak - from) : (height * (to - t)) / (to - peak);
    }
    return this;
  }
  /**
   * A bell: `total` class submissions in the 5 minutes after it, the busiest minute holding 60%
   * (3 × the 5-minute average, the capacity model's first period: PEAK_RATES).
   */
  bell(at: number, total: number): this {
    const minuteShares = [0.1, 0.6, 0.15, 0.1, 0.05];
    minuteShares.forEach((share, minute) => this.uniform(at + minute * MINUTE, at + (minute + 1) * MINUTE, total * share));
    return this;
  }
  /** `total` arriving from `from` on, falling off exponentially with mean `meanSeconds` (cut at the end of the series). */
  decay(from: number, total: number, meanSeconds: number): this {
    for (let t = Math.max(0, from); t < this.values.length; t++)
      this.values[t]! += (total / meanSeconds) * Math.exp(-(t - from) / meanSeconds);
    return this;
  }
}

/** Sections that take attendance at first period (the capacity model's 20,000 in 5 minutes); later periods are the secondary schools'. */
const FIRST_PERIOD_SECTIONS = (PEAK_RATES.attendanceSubmissions * 5 * MINUTE) / 3;
const LATER_PERIOD_SECTIONS = 12_000;

/**
 * 7:00 to 10:00 on the first day: 95% of staff sign in between 7:10 and 8:10 (busiest at 7:45);
 * bells at 8:00 (every school), 8:55 and 9:50 (secondary schools); families open the portal after
 * absence notices (see {@link Scenario.opensPerNotice}) and 60,000 more through the morning; the
 * first week's daily volumes (docs/cost.md) of office entries, placements, enrollments and edits,
 * mostly in these hours; staff reads climbing to 800/s at the first bell.
 */
export function firstDay(): Scenario {
  const seconds = 3 * HOUR;
  const s = () => new Series(seconds);
  const at = (hours: number, minutes = 0) => (hours - 7) * HOUR + minutes * MINUTE;
  const staffReads = s().triangle(at(7), at(8, 5), at(10, 30), 800 * (at(10, 30) - at(7)) * 0.5);
  return {
    id: 'firstDay',
    label: 'First day, 7:00-10:00',
    startClock: '07:00',
    seconds,
    opensPerNotice: 0.35,
    openDelaySeconds: 10 * MINUTE,
    demand: {
      staffSignIns: s().triangle(at(7, 10), at(7, 45), at(8, 10), DISTRICT.staffAccounts * 0.95).values,
      // Families: the district's students' guardians, of whom DISTRICT.parentAccounts have accounts.
      staffSignOuts: s().values,
      familyOpens: s().uniform(at(7), at(10), 60_000).values,
      attendanceSubmissions: s()
        .bell(at(8), FIRST_PERIOD_SECTIONS)
        .bell(at(8, 55), LATER_PERIOD_SECTIONS)
        .bell(at(9, 50), LATER_PERIOD_SECTIONS).values,
      officeEntries: s().triangle(at(7, 30), at(8, 10), at(10), 4_000).values,
      placements: s().uniform(at(7, 30), at(10), 8_000).values,
      scorePosts: s().uniform(at(9), at(10), 500).values,
      // The walk-ins of the day and, at 7:00, a school's summer registrations posted by a bulk tool.
      intakeRequests: s().uniform(at(7, 30), at(10), 5_000).uniform(at(7), at(7, 5), 3_000).values,
      recordWrites: s().uniform(at(7), at(10), 40_000).values,
      staffReads: staffReads.values,
    },
  };
}

/**
 * 18:00 to 21:00 when report cards are released: 600,000 families open the portal, the busiest
 * at 18:00 and falling off over an hour (mean); 5,000 staff work from home; 10,000 late score
 * and mark posts set off their notices.
 */
export function reportCardEvening(): Scenario {
  const seconds = 3 * HOUR;
  const s = () => new Series(seconds);
  return {
    id: 'reportCardEvening',
    label: 'Report-card evening, 18:00-21:00',
    startClock: '18:00',
    seconds,
    opensPerNotice: 0.1,
    openDelaySeconds: 20 * MINUTE,
    demand: {
      staffSignIns: s().uniform(0, 2 * HOUR, 5_000).values,
      staffSignOuts: s().uniform(HOUR, 3 * HOUR, 4_000).values,
      familyOpens: s().decay(0, 600_000, HOUR).values,
      attendanceSubmissions: s().values,
      officeEntries: s().values,
      placements: s().values,
      scorePosts: s().uniform(0, 3 * HOUR, 10_000).values,
      intakeRequests: s().uniform(0, 3 * HOUR, 500).values,
      recordWrites: s().uniform(0, 3 * HOUR, 5_000).values,
      staffReads: s().uniform(0, 3 * HOUR, 100 * 3 * HOUR).values,
    },
  };
}

export const SCENARIOS = { firstDay, reportCardEvening } as const;
