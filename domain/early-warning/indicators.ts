import { CHRONIC_ABSENCE_THRESHOLD } from '../attendance/daily';
import { gradePoints, passed, DISTRICT_MARKS, type MarkLetter } from '../gradebook/marks';

/**
 * The early-warning indicators (issue 23 point 7, decision 0154): the ABCs that research ties to
 * leaving school without a diploma — Attendance, Behavior and Course performance (Balfanz, Herzog and
 * Mac Iver, "Preventing Student Disengagement and Keeping Students on the Graduation Path in Urban
 * Middle-Grades Schools", Educational Psychologist 42(4), 2007; the U.S. Department of Education's
 * Early Warning Systems guidance). Each indicator reads counters that the writes keep (attendance
 * days, behavior records, posted marks), so the list is as current as the last write.
 */
export const THRESHOLDS = {
  /** Chronic absence: missing 10 % or more of the days enrolled (the district's and ED's definition). */
  absenceRate: CHRONIC_ABSENCE_THRESHOLD,
  /** Severe chronic absence: 20 % or more. */
  severeAbsenceRate: 0.2,
  /** Days enrolled before an absence rate means anything (two school weeks). */
  minimumDaysEnrolled: 10,
  /** Incidents as the offender in a school year that flag behavior without any suspension. */
  offenderIncidents: 2,
  /** School days out of class (suspension, expulsion) in a year that make the behavior indicator severe. */
  severeDaysExcluded: 5,
  /** A drop of the grading period's GPA from the one before (unweighted, 4.0 scale). */
  gpaDrop: 0.5,
} as const;

export const INDICATORS = ['attendance', 'behavior', 'courses'] as const;
export type Indicator = (typeof INDICATORS)[number];
export const TIERS = ['intensive', 'targeted', 'on-track'] as const;
export type Tier = (typeof TIERS)[number];

export interface AttendanceCounts {
  readonly daysEnrolled: number;
  readonly daysAbsent: number;
}
export interface BehaviorCounts {
  readonly incidents: number;
  readonly asOffender: number;
  readonly exclusions: number;
  readonly daysExcluded: number;
}
/** A grading period's posted marks: how many count in GPAs, their grade points (summed), how many fail. */
export interface PeriodMarks {
  readonly marks: number;
  readonly points: number;
  readonly failing: number;
}

export interface Reason {
  readonly indicator: Indicator;
  readonly code: 'chronic-absence' | 'severe-absence' | 'suspension' | 'repeated-incidents' | 'failing-marks' | 'gpa-drop';
  readonly severe: boolean;
  readonly text: string;
}

/** A student's signals of one school year; a part is absent when no write has made its counters yet. */
export interface Signals {
  readonly attendance?: AttendanceCounts;
  readonly behavior?: BehaviorCounts;
  /** Posted marks by grading period, in the calendar's order (earliest first). */
  readonly marks?: readonly (PeriodMarks & { readonly gradingPeriod: string })[];
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10} %`;
const round2 = (value: number) => Math.round(value * 100) / 100;

function attendanceReasons(counts: AttendanceCounts | undefined): Reason[] {
  if (!counts || counts.daysEnrolled < THRESHOLDS.minimumDaysEnrolled) return [];
  const rate = counts.daysAbsent / counts.daysEnrolled;
  if (rate < THRESHOLDS.absenceRate) return [];
  const severe = rate >= THRESHOLDS.severeAbsenceRate;
  return [
    {
      indicator: 'attendance',
      code: severe ? 'severe-absence' : 'chronic-absence',
      severe,
      text: `absent ${counts.daysAbsent} of ${counts.daysEnrolled} days enrolled (${percent(rate)})`,
    },
  ];
}

function behaviorReasons(counts: BehaviorCounts | undefined): Reason[] {
  if (!counts) return [];
  if (counts.exclusions > 0) {
    return [
      {
        indicator: 'behavior',
        code: 'suspension',
        severe: counts.daysExcluded >= THRESHOLDS.severeDaysExcluded || counts.exclusions > 1,
        text: `${counts.exclusions} suspension(s) or expulsion(s), ${counts.daysExcluded} school day(s) out of class`,
      },
    ];
  }
  if (counts.asOffender >= THRESHOLDS.offenderIncidents)
    return [{ indicator: 'behavior', code: 'repeated-incidents', severe: false, text: `${counts.asOffender} incidents as the offender` }];
  return [];
}

function courseReasons(periods: Signals['marks']): Reason[] {
  const withMarks = (periods ?? []).filter((period) => period.marks > 0 || period.failing > 0);
  const latest = withMarks.at(-1);
  if (!latest) return [];
  const reasons: Reason[] = [];
  if (latest.failing > 0) {
    reasons.push({
      indicator: 'courses',
      code: 'failing-marks',
      severe: latest.failing > 1,
      text: `${latest.failing} failing mark(s) in ${latest.gradingPeriod}`,
    });
  }
  const previous = withMarks.at(-2);
  if (previous && previous.marks > 0 && latest.marks > 0) {
    const before = previous.points / previous.marks;
    const now = latest.points / latest.marks;
    if (before - now >= THRESHOLDS.gpaDrop) {
      reasons.push({
        indicator: 'courses',
        code: 'gpa-drop',
        severe: false,
        text: `GPA ${round2(now)} in ${latest.gradingPeriod}, down from ${round2(before)} in ${previous.gradingPeriod}`,
      });
    }
  }
  return reasons;
}

/**
 * The student's tier and its reasons: intensive with two indicators or more, or a severe one (absent
 * 20 % of days, five days out of class or two exclusions, two failing marks); targeted with one;
 * on track with none.
 */
export function assess(signals: Signals): { tier: Tier; indicators: Indicator[]; reasons: Reason[] } {
  const reasons = [...attendanceReasons(signals.attendance), ...behaviorReasons(signals.behavior), ...courseReasons(signals.marks)];
  const indicators = INDICATORS.filter((indicator) => reasons.some((reason) => reason.indicator === indicator));
  const tier: Tier =
    indicators.length >= 2 || reasons.some((reason) => reason.severe) ? 'intensive' : indicators.length === 1 ? 'targeted' : 'on-track';
  return { tier, indicators, reasons };
}

/** What a posted mark adds to its student's counters of its grading period (a draft adds nothing). */
export function markContribution(mark: { letter: string; status: string; gradingPeriod: string } | undefined): Record<string, number> {
  if (!mark || mark.status !== 'posted' || !(mark.letter in DISTRICT_MARKS)) return {};
  const letter = mark.letter as MarkLetter;
  const points = gradePoints(letter);
  const failing = !passed(letter) && DISTRICT_MARKS[letter].attempted;
  return {
    // Grade points in tenths (every mark's has one decimal): ADDed and subtracted, sums stay exact.
    ...(points !== null ? { [`marks:${mark.gradingPeriod}`]: 1, [`points10:${mark.gradingPeriod}`]: Math.round(points * 10) } : {}),
    ...(failing ? { [`failing:${mark.gradingPeriod}`]: 1 } : {}),
  };
}
