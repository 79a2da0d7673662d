/**
 * The rates family notices are paced to. Two kinds of numbers live here:
 *
 * - AWS's limits, as AWS publishes them (named, with their source), for the docs, the cost model
 *   and the checks that a configured rate is one AWS can grant;
 * - the configured rates of this deployment (the account's SES sending rate, the SMS origination
 *   identity's throughput and the account's SMS spend limit), read once from the environment.
 *
 * The project's limits module (AWS quotas as named numbers) is meant to hold the first kind for
 * every service; these are the notifier's, kept apart so the two can be joined.
 */

/**
 * SES sending quotas ("Service quotas in Amazon SES", SES developer guide): per account and
 * Region, counted in recipients. In the sandbox: 1 email per second and 200 per 24 hours; out of
 * it, a rate granted per account ("varies based on your specific use case"), read with
 * GetSendQuota (MaxSendRate). Over the rate, SendEmail fails with a throttling error ("Maximum
 * sending rate exceeded") and SES drops the message: the sender must retry.
 */
export const SES_LIMITS = {
  sandboxPerSecond: 1,
  sandboxPer24Hours: 200,
} as const;

/**
 * SMS throughput in message parts per second (MPS) by origination identity, for US recipients
 * ("What are the Message Parts per Second (MPS) limits", AWS End User Messaging SMS user guide):
 * a toll-free number 3 MPS; a 10DLC number 1 MPS by default, raised per campaign on request (4
 * to 75 MPS, by carrier, brand score and campaign type); a dedicated short code 100 MPS.
 */
export const SMS_MPS = {
  tollFree: 3,
  tenDlcDefault: 1,
  tenDlcVettedMin: 4,
  tenDlcVettedMax: 75,
  shortCode: 100,
} as const;
export type SmsOrigination = 'tollFree' | 'tenDlc' | 'shortCode';

/** The rate an identity of each type has until more is granted. */
const SMS_DEFAULT_MPS: Readonly<Record<SmsOrigination, number>> = {
  tollFree: SMS_MPS.tollFree,
  tenDlc: SMS_MPS.tenDlcDefault,
  shortCode: SMS_MPS.shortCode,
};

/** The highest rate an identity of each type can be granted. */
export const SMS_MAX_MPS: Readonly<Record<SmsOrigination, number>> = {
  tollFree: SMS_MPS.tollFree,
  tenDlc: SMS_MPS.tenDlcVettedMax,
  shortCode: SMS_MPS.shortCode,
};

/**
 * What a US SMS part costs with carrier fees (docs/cost.md prices; not re-read here): used to
 * turn the account's monthly spend limit into parts. When a send would exceed the limit, SNS
 * stops publishing SMS within minutes ("SMSMonthToDateSpentUSD", Amazon SNS metrics).
 */
export const SMS_PRICE_PER_PART_USD = 0.0088;

/** The notifier paces to this share of each configured rate, leaving room for a clock's drift and a late send. */
export const PACING_HEADROOM = 0.9;

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
 * The defaults: SES's long-standing starting production rate (14 emails/s), one toll-free number
 * (3 MPS), and a $1,000 monthly SMS spend limit. A deployment sets its own account's figures.
 */
export const DEFAULT_CHANNEL_RATES: ChannelRates = {
  emailPerSecond: 14,
  smsOrigination: 'tollFree',
  smsPartsPerSecond: SMS_MPS.tollFree,
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
