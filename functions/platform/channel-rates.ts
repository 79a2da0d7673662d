/**
 * The rates family notices are paced to: this deployment's configured rates (the account's SES
 * sending rate, the SMS origination identity's throughput and the account's SMS spend limit), read
 * once from the environment, and the share of them the notifier's shared buckets admit. AWS's own
 * numbers (the sandbox, the MPS of each identity type) are in functions/platform/limits.ts, the one
 * source the stacks, the first-day simulation and preflight read too.
 */
import { SES, SMS, type OriginationIdentityType } from './limits';

/** tollFree, tenDlc or shortCode (AWS End User Messaging SMS origination identities). */
export type SmsOrigination = OriginationIdentityType;

/** The rate an identity of each type has until more is granted (functions/platform/limits.ts). */
const SMS_DEFAULT_MPS: Readonly<Record<SmsOrigination, number>> = {
  tollFree: SMS.partsPerSecond.tollFree.value,
  tenDlc: SMS.partsPerSecond.tenDlc.value,
  shortCode: SMS.partsPerSecond.shortCode.value,
};

/**
 * The highest rate a configured identity may claim: a toll-free number's 3 parts/s is fixed, a
 * 10DLC campaign reaches 75 at most; a short code's 100 is raised on request, so it has no cap here.
 */
export const SMS_MAX_MPS: Readonly<Record<SmsOrigination, number>> = {
  tollFree: SMS.partsPerSecond.tollFree.value,
  tenDlc: SMS.tenDlcVettedMaxPartsPerSecond.value,
  shortCode: Number.POSITIVE_INFINITY,
};

/**
 * What a US SMS part costs with carrier fees (docs/cost.md prices; not re-read here): used to
 * turn the account's monthly spend limit into parts. When a send would exceed the limit, SNS
 * stops publishing SMS within minutes ("SMSMonthToDateSpentUSD", Amazon SNS metrics).
 */
export const SMS_PRICE_PER_PART_USD = 0.0088;

/** The notifier paces to this share of each configured rate, leaving room for a clock's drift and a late send. */
export const PACING_HEADROOM = 0.9;

/** What the notifier's shared buckets admit of configured rates: emails and SMS parts a second (decision 0115). */
export interface PacedRates {
  readonly emailPerSecond: number;
  readonly smsPartsPerSecond: number;
}

/** The rates every notifier instance together sends at: the configured ones less the headroom. */
export const pacedRates = (rates: ChannelRates): PacedRates => ({
  emailPerSecond: rates.emailPerSecond * PACING_HEADROOM,
  smsPartsPerSecond: rates.smsPartsPerSecond * PACING_HEADROOM,
});

/** Where each configured rate comes from (the stack sets them from CDK context; see docs/deploy.md). */
export const CHANNEL_RATE_ENV = {
  /** The account's SES sending rate (GetSendQuota MaxSendRate), emails per second. */
  emailPerSecond: 'NOTIFY_EMAIL_PER_SECOND',
  /** The SMS origination identity's throughput, message parts per second. */
  smsPartsPerSecond: 'NOTIFY_SMS_PARTS_PER_SECOND',
  /** tollFree, tenDlc or shortCode. */
  smsOrigination: 'NOTIFY_SMS_ORIGINATION',
  /** The account's monthly SMS spend limit, US dollars. */
  smsMonthlySpendUsd: 'NOTIFY_SMS_MONTHLY_SPEND_USD',
} as const;

export interface ChannelRates {
  /**
   * Whose rates these are: senders with another scope (another SES account or Region, another
   * origination identity, a tool working on a clock of its own) keep buckets of their own.
   * @default one deployment, one bucket per channel
   */
  readonly scope?: string;
  /** Emails per second the account may send. */
  readonly emailPerSecond: number;
  readonly smsOrigination: SmsOrigination;
  /** SMS message parts per second the origination identity may send. */
  readonly smsPartsPerSecond: number;
  readonly smsMonthlySpendUsd: number;
}

/**
 * The defaults: SES's first production grant (14 emails/s), one toll-free number (3 MPS), and a
 * $1,000 monthly SMS spend limit. A deployment sets its own account's figures (docs/deploy.md).
 */
export const DEFAULT_CHANNEL_RATES: ChannelRates = {
  emailPerSecond: SES.productionStartSendsPerSecond.value,
  smsOrigination: 'tollFree',
  smsPartsPerSecond: SMS.partsPerSecond.tollFree.value,
  smsMonthlySpendUsd: 1000,
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** The configured rates, checked against what AWS can grant; throws on a rate no identity of its type has. */
export function channelRatesFrom(env: NodeJS.ProcessEnv = process.env): ChannelRates {
  const origination = (env[CHANNEL_RATE_ENV.smsOrigination] || DEFAULT_CHANNEL_RATES.smsOrigination) as SmsOrigination;
  if (!(origination in SMS_MAX_MPS)) throw new Error(`${CHANNEL_RATE_ENV.smsOrigination} must be tollFree, tenDlc or shortCode`);
  const smsPartsPerSecond = positive(env, CHANNEL_RATE_ENV.smsPartsPerSecond, SMS_DEFAULT_MPS[origination]);
  if (smsPartsPerSecond > SMS_MAX_MPS[origination]) {
    throw new Error(`a ${origination} identity sends at most ${SMS_MAX_MPS[origination]} parts/s; ${smsPartsPerSecond} was configured`);
  }
  return {
    emailPerSecond: positive(env, CHANNEL_RATE_ENV.emailPerSecond, DEFAULT_CHANNEL_RATES.emailPerSecond),
    smsOrigination: origination,
    smsPartsPerSecond,
    smsMonthlySpendUsd: positive(env, CHANNEL_RATE_ENV.smsMonthlySpendUsd, DEFAULT_CHANNEL_RATES.smsMonthlySpendUsd),
  };
}

let rates: ChannelRates | undefined;

/** This execution environment's configured rates (read once). */
export function getChannelRates(): ChannelRates {
  rates ??= channelRatesFrom();
  return rates;
}
