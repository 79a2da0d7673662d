/** What the first-day simulation is given and what it answers for each scenario (engine.ts runs it). */
import type { PacedRates } from '../../../functions/platform/channel-rates';
import type { UtilizationLog } from './pipeline';
import type { AccountQuotas } from './quotas';

/** The rates the notifier's shared buckets send at (functions/platform/channel-rates.ts, decision 0115). */
export type NotifierPacing = PacedRates;

export interface SimulationSettings {
  readonly quotas: AccountQuotas;
  readonly students: number;
  /** Staff sign in with a password and TOTP (SRP: 1 InitiateAuth + 2 RespondToAuthChallenge) or through the district's SAML/OIDC provider. */
  readonly staffSignIn: 'password' | 'federated';
  readonly staffTokenMinutes: number;
  /** The notifier's pacing; unset models a notifier that does not pace (a refused send fails its message). */
  readonly notifierPacing?: NotifierPacing;
}

/** One point of the chart: a 60-second bin. */
export interface SamplePoint {
  readonly second: number;
  readonly queueAgeSeconds: Record<string, number>;
  readonly throttledPerSecond: number;
  readonly noticeDelayMinutes: number;
}

export interface ScenarioResult {
  readonly id: string;
  readonly label: string;
  readonly startClock: string;
  readonly deadLettered: number;
  readonly apiThrottled: number;
  readonly apiRefusedByAccount: number;
  readonly lambdaThrottled: number;
  readonly cognitoThrottled: number;
  readonly tableThrottledUnits: number;
  readonly hotKeyThrottledUnits: number;
  readonly putEventsThrottled: number;
  readonly channelRefusals: number;
  readonly maxQueueAgeSeconds: Record<string, number>;
  readonly noticeDelayP95Minutes: number;
  readonly attendanceNoticesWithin15Minutes: number;
  readonly notices: number;
  readonly emails: number;
  readonly smsParts: number;
  /** What the scenario needed of each quota at its peak (the go-live checklist's "needs"). */
  readonly peaks: Record<string, number>;
  readonly ranked: ReturnType<UtilizationLog['ranked']>;
  readonly samples: SamplePoint[];
}
