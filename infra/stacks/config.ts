import type { Environment } from 'aws-cdk-lib';
import type { Node } from 'constructs';

/** Deployment settings, read from CDK context (`cdk synth -c sis:stage=prod ...`) with safe defaults. */
export interface SisConfig {
  /** Short stage name, part of the stack names. @default 'dev' */
  readonly stage: string;
  /**
   * Account and region. Both may be left unset so that `cdk synth` works offline without
   * credentials; the region defaults to us-east-1.
   */
  readonly env: Environment;
  /** Origins of the staff and parent web apps allowed by CORS. @default local dev servers */
  readonly corsAllowOrigins: readonly string[];
  /** Default-stage throttling of the HTTP API. @default 1000 rps steady, 2000 burst */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Where alarm notifications are e-mailed; none when unset. */
  readonly alarmEmail?: string;
  /**
   * Family notices: the address they are sent from (its domain must be a verified SES identity;
   * the notifier may send from that identity only) and an SES configuration set, if any.
   * @default notices@district.example, no configuration set
   */
  readonly notify: { readonly fromAddress: string; readonly configurationSet?: string };
}

export const DEFAULT_CONFIG: SisConfig = {
  stage: 'dev',
  env: { region: 'us-east-1' },
  corsAllowOrigins: ['http://localhost:3000', 'http://localhost:5173'],
  throttle: { rateLimit: 1000, burstLimit: 2000 },
  notify: { fromAddress: 'notices@district.example' },
};

const list = (value: unknown): string[] | undefined =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : Array.isArray(value)
      ? value.map(String)
      : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const int = (value: unknown): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`expected a positive integer in CDK context, got ${String(value)}`);
  return parsed;
};

/** Reads the `sis:*` context keys, falling back to the defaults above. */
export function readConfig(node: Node): SisConfig {
  const get = (key: string): unknown => node.tryGetContext(`sis:${key}`);
  const stage = text(get('stage')) ?? DEFAULT_CONFIG.stage;
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) throw new Error(`sis:stage must be a short lower-case name, got ${stage}`);
  const alarmEmail = text(get('alarmEmail'));
  const fromAddress = text(get('notifyFromAddress')) ?? DEFAULT_CONFIG.notify.fromAddress;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(fromAddress))
    throw new Error(`sis:notifyFromAddress must be an email address, got ${fromAddress}`);
  const configurationSet = text(get('notifyConfigurationSet'));
  return {
    stage,
    env: {
      account: text(get('account')) ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: text(get('region')) ?? process.env.CDK_DEFAULT_REGION ?? DEFAULT_CONFIG.env.region,
    },
    corsAllowOrigins: list(get('corsAllowOrigins')) ?? DEFAULT_CONFIG.corsAllowOrigins,
    throttle: {
      rateLimit: int(get('throttleRateLimit')) ?? DEFAULT_CONFIG.throttle.rateLimit,
      burstLimit: int(get('throttleBurstLimit')) ?? DEFAULT_CONFIG.throttle.burstLimit,
    },
    ...(alarmEmail ? { alarmEmail } : {}),
    notify: { fromAddress, ...(configurationSet ? { configurationSet } : {}) },
  };
}
