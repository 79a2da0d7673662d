import { DISTRICT, STAFF_TOKEN_MINUTES, reservedConcurrency } from '../../stacks/capacity';
import { FUNCTIONS, type HandlerId } from '../../../functions/manifest';
import { LAMBDA_LIMITS } from '../../../functions/platform/limits';
import { SCENARIOS } from './district';
import { simulate } from './engine';
import type { NotifierPacing, ScenarioResult, SimulationSettings } from './model';
import { loadQuotas, notifierPacingFor, type AccountQuotas } from './quotas';

export interface RunOptions {
  readonly students?: number;
  /** A quota file, `aws-defaults`, or the district's file. */
  readonly quotasFile?: string;
  readonly quotas?: AccountQuotas;
  readonly staffSignIn?: SimulationSettings['staffSignIn'];
  readonly staffTokenMinutes?: number;
  /**
   * The notifier's pacing, or `none` for a notifier that does not pace (as before issue 20).
   * @default the notifier's own pacing of the account's rates
   */
  readonly notifierPacing?: NotifierPacing | 'none';
}

/** The JSON summary's fields: the issue's, worst over both scenarios. */
export interface FirstDayRun {
  readonly quotasSource: string;
  readonly students: number;
  readonly deadLettered: number;
  readonly apiThrottled: number;
  readonly lambdaThrottled: number;
  readonly cognitoThrottled: number;
  readonly tableThrottledUnits: number;
  readonly putEventsThrottled: number;
  readonly unbudgetedThrottles: number;
  readonly maxQueueAgeSeconds: Record<string, number>;
  readonly noticeDelayP95Minutes: number;
  readonly attendanceNoticesWithin15Minutes: number;
  readonly bottleneck: string;
  readonly reservedConcurrency: number;
  readonly passes: boolean;
  readonly scenarios: readonly ScenarioResult[];
}

/** Runs both scenarios against the stack's settings and the quotas; `passes` is the bar. */
export function runFirstDay(options: RunOptions = {}): FirstDayRun {
  const loaded = options.quotas ? { quotas: options.quotas, source: 'given' } : loadQuotas(options.quotasFile);
  const settings: SimulationSettings = {
    quotas: loaded.quotas,
    students: options.students ?? DISTRICT.students,
    staffSignIn: options.staffSignIn ?? 'password',
    staffTokenMinutes: options.staffTokenMinutes ?? STAFF_TOKEN_MINUTES,
    ...(options.notifierPacing === 'none' ? {} : { notifierPacing: options.notifierPacing ?? notifierPacingFor(loaded.quotas) }),
  };
  const scenarios = Object.values(SCENARIOS).map((scenario) => simulate(scenario(), settings));
  const sum = (pick: (result: ScenarioResult) => number) => scenarios.reduce((total, result) => total + pick(result), 0);
  const max = (pick: (result: ScenarioResult) => number) => Math.max(...scenarios.map(pick));
  const reserved = (Object.keys(FUNCTIONS) as HandlerId[]).reduce((total, handlerId) => total + reservedConcurrency(handlerId), 0);
  const reservationsFit = reserved <= loaded.quotas.lambdaConcurrency - LAMBDA_LIMITS.unreservedMinimum.value;
  const maxQueueAgeSeconds: Record<string, number> = {};
  for (const result of scenarios) {
    for (const [queue, age] of Object.entries(result.maxQueueAgeSeconds))
      maxQueueAgeSeconds[queue] = Math.max(maxQueueAgeSeconds[queue] ?? 0, age);
  }
  const firstDay = scenarios.find((result) => result.id === 'firstDay')!;
  const worst = scenarios.map((result) => result.ranked[0]!).sort((a, b) => b.ratio - a.ratio)[0]!;
  const unbudgeted =
    sum((r) => r.apiThrottled) +
    sum((r) => r.lambdaThrottled) +
    sum((r) => r.cognitoThrottled) +
    sum((r) => r.tableThrottledUnits) +
    sum((r) => r.putEventsThrottled);
  const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
  const deadLettered = round(sum((r) => r.deadLettered));
  return {
    quotasSource: loaded.source,
    students: settings.students,
    deadLettered,
    apiThrottled: round(sum((r) => r.apiThrottled)),
    lambdaThrottled: round(sum((r) => r.lambdaThrottled)),
    cognitoThrottled: round(sum((r) => r.cognitoThrottled)),
    tableThrottledUnits: round(sum((r) => r.tableThrottledUnits)),
    putEventsThrottled: round(sum((r) => r.putEventsThrottled)),
    unbudgetedThrottles: round(unbudgeted),
    maxQueueAgeSeconds,
    noticeDelayP95Minutes: round(firstDay.noticeDelayP95Minutes, 1),
    attendanceNoticesWithin15Minutes: round(firstDay.attendanceNoticesWithin15Minutes, 4),
    bottleneck: `${worst.limit} (${Math.round(worst.ratio * 100)}% at its peak)`,
    reservedConcurrency: reserved,
    passes:
      reservationsFit &&
      deadLettered === 0 &&
      round(unbudgeted) === 0 &&
      firstDay.attendanceNoticesWithin15Minutes >= 0.95 &&
      max((r) => r.hotKeyThrottledUnits) === 0,
    scenarios,
  };
}
