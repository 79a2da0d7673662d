import type { Environment } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import type { FamilyFeaturePlan } from '../constructs/identity';
import type { ChannelRates } from '../../functions/platform/channel-rates';
import { noticeRatesFrom } from '../constructs/notices';
import type { BackupCopy } from './stateful-backups';
import { ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS } from './access-log-archive';
import { DEFAULT_ONEROSTER_VENDORS, parseVendors, type OneRosterVendor } from './oneroster-vendors';

/** The staff's own identity provider, federated into the staff user pool. */
export type StaffIdentityProvider =
  | { readonly kind: 'saml'; readonly name: string; readonly metadataUrl: string }
  | {
      readonly kind: 'oidc';
      readonly name: string;
      readonly issuerUrl: string;
      readonly clientId: string;
      /** Name of the Secrets Manager secret holding the client secret (resolved at deploy time, never in the template). */
      readonly clientSecretName: string;
    };

/** What a WAF rate rule does with requests above its limit. */
export type WafRuleMode = 'count' | 'block';

/** The APIs' host names and the certificate covering both. */
export interface CustomDomain {
  readonly staff: string;
  readonly family: string;
  readonly certificateArn: string;
}

/** Deployment settings, read from CDK context (`cdk synth -c sis:stage=prod ...`) with safe defaults. */
export interface SisConfig {
  /** Short stage name, part of the stack names. @default 'dev' */
  readonly stage: string;
  /**
   * A production deployment: alarm subscriber and SES sender required, table pre-warmed for the
   * district's peak, front door on. @default true when the stage is `prod`, else false
   */
  readonly production: boolean;
  /**
   * Account and region. Both may be left unset so that `cdk synth` works offline without
   * credentials; the region defaults to us-east-1.
   */
  readonly env: Environment;
  /** Origins of the staff and parent web apps allowed by CORS. @default local dev servers */
  readonly corsAllowOrigins: readonly string[];
  /** Default-stage throttling of each HTTP API (per-route limits are in infra/stacks/capacity.ts). @default 1000 rps steady, 2000 burst */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Where alarm notifications are e-mailed. Required in production. */
  readonly alarmEmail?: string;
  /**
   * The SES identity (verified domain or address) the user pools send their e-mail from, and the
   * From address. Required in production (Cognito's own sender is capped at about 50 messages a day).
   */
  readonly sesEmail?: { readonly fromEmail: string; readonly identity: string };
  /** The district's identity provider for staff sign-in. @default none (staff sign in with a password and TOTP) */
  readonly staffIdentityProvider?: StaffIdentityProvider;
  /** CloudFront + WAF in front of the APIs, and a WAF on both user pools (the edge stack). @default true in production */
  readonly frontDoor: boolean;
  /**
   * Requests one address outside the district's egress ranges may make in 5 minutes before the
   * front door's WAF refuses it. @default 3000
   */
  readonly clientRateLimitPer5Minutes: number;
  /** Requests one bearer token (one signed-in session) may make in 5 minutes, from anywhere. @default 3000 */
  readonly tokenRateLimitPer5Minutes: number;
  /** Requests to a user pool one address outside the district's egress ranges may make in 5 minutes. @default 300 */
  readonly signInRateLimitPer5Minutes: number;
  /**
   * The district's egress ranges (CIDR): the few filtered addresses every school leaves through.
   * They are scoped out of the per-address rules, so 25,000 teachers behind them are limited per
   * token instead. @default none
   */
  readonly districtEgressCidrs: readonly string[];
  /** What the WAF's rate rules do: `count` for the first deployment, `block` once the counts are understood. @default 'block' */
  readonly wafRateRules: WafRuleMode;
  /**
   * The APIs' own host names and their ACM certificate (in us-east-1 when the front door is on):
   * with them, clients use the front door and the execute-api endpoints are disabled. @default none
   */
  readonly customDomain?: CustomDomain;
  /** The family pool's Cognito plan (docs/cost.md). @default 'plus' */
  readonly familyFeaturePlan?: FamilyFeaturePlan;
  /** The account's Lambda concurrency quota in the region; reservations must leave 100 unreserved. @default 1000 */
  readonly accountConcurrency: number;
  /**
   * Family notices: the address they are sent from (its domain must be a verified SES identity;
   * the notifier may send from that identity only) and an SES configuration set, if any.
   * @default notices@district.example, no configuration set
   */
  /**
   * A copy of every backup to a vault in another Region or account (`sis:backupCopyVaultArn`,
   * `sis:backupCopyDeleteAfterDays`; docs/deploy.md). @default no copy (a production deployment needs one)
   */
  readonly backupCopy?: BackupCopy;
  /**
   * Days each archived access-log object is locked in compliance mode (`sis:accessLogArchiveRetentionDays`,
   * decision 0158). @default ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS (seven years)
   */
  readonly accessLogArchiveRetentionDays: number;
  /**
   * Role ARNs that administer the confidential records' field key without using it (decision 0136);
   * the deployment's CloudFormation role must be among them. @default the account, through IAM
   */
  readonly keyAdministrators?: readonly string[];
  readonly notify: { readonly fromAddress: string; readonly configurationSet?: string; readonly rates?: ChannelRates };
  /**
   * The OneRoster vendors, each with its own client-credentials app client holding exactly its scopes and a
   * rotated secret (`sis:oneRosterVendors`, decision 0155). @default DEFAULT_ONEROSTER_VENDORS (a learning platform, a library)
   */
  readonly oneRosterVendors: readonly OneRosterVendor[];
}

export const DEFAULT_CONFIG: SisConfig = {
  stage: 'dev',
  production: false,
  env: { region: 'us-east-1' },
  corsAllowOrigins: ['http://localhost:3000', 'http://localhost:5173'],
  throttle: { rateLimit: 1000, burstLimit: 2000 },
  frontDoor: false,
  clientRateLimitPer5Minutes: 3000,
  tokenRateLimitPer5Minutes: 3000,
  signInRateLimitPer5Minutes: 300,
  districtEgressCidrs: [],
  wafRateRules: 'block',
  accountConcurrency: 1000,
  notify: { fromAddress: 'notices@district.example' },
  oneRosterVendors: DEFAULT_ONEROSTER_VENDORS,
  accessLogArchiveRetentionDays: ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS,
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
const flag = (value: unknown): boolean | undefined => {
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`expected true or false in CDK context, got ${String(value)}`);
};

const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-f:]+:[0-9a-f:]*\/\d{1,3})$/i;

function customDomain(get: (key: string) => unknown): CustomDomain | undefined {
  const staff = text(get('staffApiDomain'));
  const family = text(get('familyApiDomain'));
  const certificateArn = text(get('apiCertificateArn'));
  if (!staff && !family && !certificateArn) return undefined;
  if (!staff || !family || !certificateArn) {
    throw new Error('set sis:staffApiDomain, sis:familyApiDomain and sis:apiCertificateArn together (one certificate covering both names)');
  }
  return { staff, family, certificateArn };
}

function staffIdentityProvider(get: (key: string) => unknown): StaffIdentityProvider | undefined {
  const name = text(get('staffIdpName')) ?? 'District';
  const metadataUrl = text(get('staffSamlMetadataUrl'));
  const issuerUrl = text(get('staffOidcIssuer'));
  if (metadataUrl && issuerUrl) throw new Error('set either sis:staffSamlMetadataUrl or sis:staffOidcIssuer, not both');
  if (metadataUrl) return { kind: 'saml', name, metadataUrl };
  if (!issuerUrl) return undefined;
  const clientId = text(get('staffOidcClientId'));
  const clientSecretName = text(get('staffOidcClientSecretName'));
  if (!clientId || !clientSecretName) {
    throw new Error('sis:staffOidcIssuer needs sis:staffOidcClientId and sis:staffOidcClientSecretName (a Secrets Manager secret name)');
  }
  return { kind: 'oidc', name, issuerUrl, clientId, clientSecretName };
}

/**
 * What a production deployment cannot do without. Throws one error naming every missing key, so
 * `cdk synth` and `cdk deploy` stop before anything is created.
 */
export function assertDeployable(config: SisConfig): void {
  if (!config.production) return;
  const missing: string[] = [];
  if (!config.alarmEmail) missing.push('sis:alarmEmail (who is paged when an alarm fires)');
  if (!config.sesEmail) missing.push('sis:sesFromEmail and sis:sesIdentity (a verified SES identity for invitations and password resets)');
  if (!config.backupCopy) missing.push('sis:backupCopyVaultArn (a vault in another Region or account that every backup is copied to)');
  if (missing.length > 0) {
    throw new Error(`A production deployment (stage ${config.stage}) needs ${missing.join('; ')}. Set them with -c, see docs/deploy.md.`);
  }
}

/** Reads the `sis:*` context keys, falling back to the defaults above. */
export function readConfig(node: Node): SisConfig {
  const get = (key: string): unknown => node.tryGetContext(`sis:${key}`);
  const stage = text(get('stage')) ?? DEFAULT_CONFIG.stage;
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) throw new Error(`sis:stage must be a short lower-case name, got ${stage}`);
  const production = flag(get('production')) ?? stage === 'prod';
  const alarmEmail = text(get('alarmEmail'));
  const fromEmail = text(get('sesFromEmail'));
  const identity = text(get('sesIdentity'));
  if ((fromEmail === undefined) !== (identity === undefined)) throw new Error('set sis:sesFromEmail and sis:sesIdentity together');
  const idp = staffIdentityProvider(get);
  const familyFeaturePlan = text(get('familyFeaturePlan'));
  if (familyFeaturePlan !== undefined && !['lite', 'essentials', 'plus'].includes(familyFeaturePlan)) {
    throw new Error(`sis:familyFeaturePlan must be lite, essentials or plus, got ${familyFeaturePlan}`);
  }
  const fromAddress = text(get('notifyFromAddress')) ?? DEFAULT_CONFIG.notify.fromAddress;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(fromAddress))
    throw new Error(`sis:notifyFromAddress must be an email address, got ${fromAddress}`);
  const configurationSet = text(get('notifyConfigurationSet'));
  const districtEgressCidrs = list(get('districtEgressCidrs')) ?? DEFAULT_CONFIG.districtEgressCidrs;
  const notCidr = districtEgressCidrs.filter((cidr) => !CIDR.test(cidr));
  if (notCidr.length > 0) throw new Error(`sis:districtEgressCidrs must be CIDR ranges (203.0.113.0/28), got ${notCidr.join(', ')}`);
  const wafRateRules = text(get('wafRateRules')) ?? DEFAULT_CONFIG.wafRateRules;
  if (wafRateRules !== 'count' && wafRateRules !== 'block') throw new Error(`sis:wafRateRules must be count or block, got ${wafRateRules}`);
  const domain = customDomain(get);
  const keyAdministrators = list(get('keyAdministrators'));
  const backupCopyVaultArn = text(get('backupCopyVaultArn'));
  if (backupCopyVaultArn !== undefined && !/^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:.+/.test(backupCopyVaultArn)) {
    throw new Error(`sis:backupCopyVaultArn must be a backup vault ARN, got ${backupCopyVaultArn}`);
  }
  const backupCopyDeleteAfterDays = int(get('backupCopyDeleteAfterDays'));
  const notRole = (keyAdministrators ?? []).filter((arn) => !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(arn));
  if (notRole.length > 0) throw new Error(`sis:keyAdministrators must be IAM role ARNs, got ${notRole.join(', ')}`);
  return {
    stage,
    production,
    env: {
      account: text(get('account')) ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: text(get('region')) ?? process.env.CDK_DEFAULT_REGION ?? DEFAULT_CONFIG.env.region,
    },
    corsAllowOrigins: list(get('corsAllowOrigins')) ?? DEFAULT_CONFIG.corsAllowOrigins,
    throttle: {
      rateLimit: int(get('throttleRateLimit')) ?? DEFAULT_CONFIG.throttle.rateLimit,
      burstLimit: int(get('throttleBurstLimit')) ?? DEFAULT_CONFIG.throttle.burstLimit,
    },
    frontDoor: flag(get('frontDoor')) ?? production,
    clientRateLimitPer5Minutes: int(get('clientRateLimitPer5Minutes')) ?? DEFAULT_CONFIG.clientRateLimitPer5Minutes,
    tokenRateLimitPer5Minutes: int(get('tokenRateLimitPer5Minutes')) ?? DEFAULT_CONFIG.tokenRateLimitPer5Minutes,
    signInRateLimitPer5Minutes: int(get('signInRateLimitPer5Minutes')) ?? DEFAULT_CONFIG.signInRateLimitPer5Minutes,
    districtEgressCidrs,
    wafRateRules,
    ...(domain ? { customDomain: domain } : {}),
    accountConcurrency: int(get('accountConcurrency')) ?? DEFAULT_CONFIG.accountConcurrency,
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(fromEmail && identity ? { sesEmail: { fromEmail, identity } } : {}),
    ...(idp ? { staffIdentityProvider: idp } : {}),
    ...(familyFeaturePlan ? { familyFeaturePlan: familyFeaturePlan as FamilyFeaturePlan } : {}),
    ...(keyAdministrators?.length ? { keyAdministrators } : {}),
    ...(backupCopyVaultArn
      ? {
          backupCopy: {
            vaultArn: backupCopyVaultArn,
            ...(backupCopyDeleteAfterDays !== undefined ? { deleteAfterDays: backupCopyDeleteAfterDays } : {}),
          },
        }
      : {}),
    notify: { fromAddress, ...(configurationSet ? { configurationSet } : {}), rates: noticeRatesFrom(get) },
    oneRosterVendors: parseVendors(get('oneRosterVendors')) ?? DEFAULT_CONFIG.oneRosterVendors,
    accessLogArchiveRetentionDays: int(get('accessLogArchiveRetentionDays')) ?? DEFAULT_CONFIG.accessLogArchiveRetentionDays,
  };
}
