import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  API_GATEWAY,
  COGNITO_LIMITS,
  DYNAMODB,
  EVENTBRIDGE,
  LAMBDA_LIMITS,
  SES,
  SMS,
  type OriginationIdentityType,
} from '../../../functions/platform/limits';
import { pacedRates, type ChannelRates, type PacedRates } from '../../../functions/platform/channel-rates';
import { REPO_ROOT } from '../../repo-root';

/** One account's quotas in one Region: what the simulation runs against and what preflight reads. */
export interface AccountQuotas {
  readonly apiRequestsPerSecond: number;
  readonly lambdaConcurrency: number;
  readonly tableWriteUnitsPerSecond: number;
  readonly tableReadUnitsPerSecond: number;
  readonly putEventsRequestsPerSecond: number;
  /** 1 out of the SES sandbox, 0 in it. */
  readonly sesProductionAccess: number;
  readonly sesSendsPerSecond: number;
  readonly sesSendsPer24Hours: number;
  readonly smsOriginationType: OriginationIdentityType;
  readonly smsOriginationIdentities: number;
  readonly smsMonthlySpendLimitUsd: number;
  readonly cognitoUserAuthenticationPerSecond: number;
  readonly cognitoRespondToAuthChallengePerSecond: number;
  readonly cognitoUserFederationPerSecond: number;
}

export type QuotaKey = keyof AccountQuotas;

/** A new account's quotas: AWS's defaults (functions/platform/limits.ts), SES in the sandbox, one toll-free number. */
export const AWS_DEFAULT_QUOTAS: AccountQuotas = {
  apiRequestsPerSecond: API_GATEWAY.accountRequestsPerSecond.value,
  lambdaConcurrency: LAMBDA_LIMITS.accountConcurrency.value,
  tableWriteUnitsPerSecond: DYNAMODB.tableWriteUnitsPerSecond.value,
  tableReadUnitsPerSecond: DYNAMODB.tableReadUnitsPerSecond.value,
  putEventsRequestsPerSecond: EVENTBRIDGE.putEventsRequestsPerSecond.value,
  sesProductionAccess: 0,
  sesSendsPerSecond: SES.sandboxSendsPerSecond.value,
  sesSendsPer24Hours: SES.sandboxSendsPer24Hours.value,
  smsOriginationType: 'tollFree',
  smsOriginationIdentities: 1,
  smsMonthlySpendLimitUsd: SMS.accountMonthlySpendLimitUsd.value,
  cognitoUserAuthenticationPerSecond: COGNITO_LIMITS.userAuthenticationPerSecond.value,
  cognitoRespondToAuthChallengePerSecond: COGNITO_LIMITS.respondToAuthChallengePerSecond.value,
  cognitoUserFederationPerSecond: COGNITO_LIMITS.userFederationPerSecond.value,
};

/** The documented file of the values a district requests (the default `--quotas`). */
export const DISTRICT_QUOTAS_FILE = path.join(REPO_ROOT, 'infra', 'ops', 'simulation', 'district-quotas.json');

/** Why the district asks for each value, as its file says. */
export type QuotaReasons = Partial<Record<QuotaKey, string>>;

const ORIGINATION_TYPES: readonly OriginationIdentityType[] = ['tollFree', 'tenDlc', 'shortCode'];

/** Reads a quota file: each key a number (or an origination type) or `{ value, why }`; unknown keys are refused. */
export function parseQuotas(text: string, origin: string): { quotas: AccountQuotas; reasons: QuotaReasons } {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const quotas: Record<string, number | string> = { ...AWS_DEFAULT_QUOTAS };
  const reasons: QuotaReasons = {};
  for (const [key, entry] of Object.entries(raw)) {
    if (key.startsWith('$')) continue;
    if (!(key in AWS_DEFAULT_QUOTAS)) throw new Error(`${origin}: unknown quota ${key}`);
    const value = typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : entry;
    const why = typeof entry === 'object' && entry !== null ? (entry as { why?: unknown }).why : undefined;
    if (key === 'smsOriginationType') {
      if (!ORIGINATION_TYPES.includes(value as OriginationIdentityType)) {
        throw new Error(`${origin}: smsOriginationType must be one of ${ORIGINATION_TYPES.join(', ')}`);
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`${origin}: ${key} must be a number ≥ 0`);
    }
    quotas[key] = value as number | string;
    if (typeof why === 'string') reasons[key as QuotaKey] = why;
  }
  return { quotas: quotas as unknown as AccountQuotas, reasons };
}

/** The quotas of `--quotas <file>`, `aws-defaults`, or the district's file when none is given. */
export function loadQuotas(file?: string): { quotas: AccountQuotas; reasons: QuotaReasons; source: string } {
  if (file === 'aws-defaults') return { quotas: AWS_DEFAULT_QUOTAS, reasons: {}, source: 'AWS defaults' };
  const source = file ?? DISTRICT_QUOTAS_FILE;
  return { ...parseQuotas(readFileSync(source, 'utf8'), source), source: path.relative(REPO_ROOT, path.resolve(source)) };
}

/** Message parts per second the account's SMS origination identities send together. */
export function smsPartsPerSecond(quotas: AccountQuotas): number {
  const perIdentity =
    quotas.smsOriginationType === 'tenDlc' ? SMS.tenDlcVettedMaxPartsPerSecond.value : SMS.partsPerSecond[quotas.smsOriginationType].value;
  // Toll-free numbers may not be pooled for throughput (carriers filter it): count one.
  const identities = quotas.smsOriginationType === 'tollFree' ? 1 : quotas.smsOriginationIdentities;
  return perIdentity * identities;
}

/** The SES rate the account may send at: the sandbox's 1/s whatever the grant says. */
export function sesSendsPerSecond(quotas: AccountQuotas): number {
  return quotas.sesProductionAccess ? quotas.sesSendsPerSecond : Math.min(quotas.sesSendsPerSecond, SES.sandboxSendsPerSecond.value);
}

/**
 * The notifier's configured rates for an account: its grants, as the go-live checklist has them
 * set (`sis:notifyEmailPerSecond`, `sis:notifySmsPartsPerSecond`, … in docs/deploy.md).
 */
export function notifierRatesFor(quotas: AccountQuotas): ChannelRates {
  return {
    emailPerSecond: sesSendsPerSecond(quotas),
    smsOrigination: quotas.smsOriginationType,
    smsPartsPerSecond: smsPartsPerSecond(quotas),
    smsMonthlySpendUsd: quotas.smsMonthlySpendLimitUsd,
  };
}

/** What the notifier sends at on an account: its configured rates through the notifier's own pacing (channel-rates.ts). */
export const notifierPacingFor = (quotas: AccountQuotas): PacedRates => pacedRates(notifierRatesFor(quotas));
