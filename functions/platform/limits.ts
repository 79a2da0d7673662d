/**
 * AWS's quotas and channel rates that bind this system, as named numbers (limits as code). The
 * stacks, the first-day simulation (infra/ops/simulation/), the preflight check and the tests read
 * them from here; the notifier's configured send rates (issue 20) read the channel quotas below.
 *
 * Every figure is AWS's published default for one account in one Region (us-east-1 where the
 * Region matters), with the page it comes from. What a district asks AWS to raise is not here: it
 * is in the simulation's quota file (infra/ops/simulation/district-quotas.json). No zod and no SDK:
 * Lambda code may import this module.
 */
import { SMS_PART_CHARACTERS } from '../../domain/notifications/sms-segments';

/** A quota AWS lets an account raise through Service Quotas or Support (`adjustable`), or one fixed by the service. */
export interface Quota {
  readonly value: number;
  readonly adjustable: boolean;
  /** The AWS page the default comes from. */
  readonly source: string;
}

const quota = (value: number, adjustable: boolean, source: string): Quota => ({ value, adjustable, source });

const APIGW = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html';
const APIGW_HTTP = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html';
const LAMBDA = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html';
const LAMBDA_DDB = 'https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html';
const DDB = 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html';
const DDB_PARTITIONS = 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html';
const DDB_STREAMS = 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html';
const EVENTS = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html';
const SQS = 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html';
const SES_QUOTAS = 'https://docs.aws.amazon.com/ses/latest/dg/quotas.html';
const SES_SANDBOX = 'https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html';
const SMS_MPS = 'https://docs.aws.amazon.com/sms-voice/latest/userguide/sms-limitations-mps.html';
const SMS_10DLC = 'https://aws.amazon.com/blogs/messaging-and-targeting/amazon-pinpoint-10dlc-campaign-types-and-quotas-for-sms';
const SMS_SPEND = 'https://docs.aws.amazon.com/sms-voice/latest/userguide/awssupport-spend-threshold.html';
const SMS_CHARS = 'https://docs.aws.amazon.com/sms-voice/latest/userguide/sms-limitations-character.html';
const COGNITO = 'https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html';
const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html';
const WAF = 'https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html';

/** API Gateway, per account and Region, across HTTP, REST and WebSocket APIs. */
export const API_GATEWAY = {
  /** Steady requests per second across every API of the account (2,500 in the newer Regions). */
  accountRequestsPerSecond: quota(10_000, true, APIGW),
  /** The token bucket behind it; set by AWS from the steady quota, not requested separately. */
  accountBurst: quota(5_000, false, APIGW),
  /** Routes per HTTP API. */
  routesPerHttpApi: quota(300, true, APIGW_HTTP),
  /** The longest an HTTP API waits for its integration. */
  integrationTimeoutSeconds: quota(30, false, APIGW_HTTP),
} as const;

/** Lambda, per account and Region. */
export const LAMBDA_LIMITS = {
  /** Concurrent executions of all functions together. */
  accountConcurrency: quota(1_000, true, LAMBDA),
  /** Lambda keeps this much of the account's concurrency unreserved: reservations must leave it. */
  unreservedMinimum: quota(100, false, LAMBDA),
  /** Each function may add this many concurrent executions every 10 seconds (scaling rate). */
  scalingPer10Seconds: quota(1_000, false, LAMBDA),
  /** Concurrent batches per DynamoDB stream shard (the event source's ParallelizationFactor, 1 to 10; 1 by default). */
  batchesPerShardDefault: quota(1, false, LAMBDA_DDB),
} as const;

/** DynamoDB, per table and per partition (on-demand). */
export const DYNAMODB = {
  /** Write request units per second one partition serves; a key that needs more is throttled whatever the table's capacity. */
  partitionWriteUnitsPerSecond: quota(1_000, false, DDB_PARTITIONS),
  /** Read request units per second one partition serves (strongly consistent; eventually consistent reads cost half). */
  partitionReadUnitsPerSecond: quota(3_000, false, DDB_PARTITIONS),
  /** On-demand write request units per second one table (and each of its indexes) may reach. */
  tableWriteUnitsPerSecond: quota(40_000, true, DDB),
  /** On-demand read request units per second one table (and each of its indexes) may reach. */
  tableReadUnitsPerSecond: quota(40_000, true, DDB),
  /** A new on-demand table serves this many writes per second at once; warm throughput raises it. */
  newTableWriteUnitsPerSecond: quota(4_000, false, DDB),
  /** Items in one TransactWriteItems. */
  transactionItems: quota(100, false, DDB),
  /** Simultaneous readers of one stream shard; Lambda's event source mapping is one of them. */
  streamReadersPerShard: quota(2, false, DDB_STREAMS),
} as const;

/**
 * DynamoDB Streams keep one shard per table partition (a partition split splits its shard), so the
 * partitions a table's warm throughput needs are the shards its relay reads at once.
 */
export function partitionsFor(writeUnitsPerSecond: number, readUnitsPerSecond: number): number {
  return Math.max(
    Math.ceil(writeUnitsPerSecond / DYNAMODB.partitionWriteUnitsPerSecond.value),
    Math.ceil(readUnitsPerSecond / DYNAMODB.partitionReadUnitsPerSecond.value),
    1,
  );
}

/** EventBridge, per account, us-east-1 (us-west-2 and eu-west-1 alike; 400 to 2,400 in other Regions). */
export const EVENTBRIDGE = {
  /** PutEvents requests per second, whatever the entries each carries. */
  putEventsRequestsPerSecond: quota(10_000, true, EVENTS),
  /** Entries in one PutEvents request. */
  entriesPerPutEvents: quota(10, false, EVENTS),
  /** One PutEvents request's total size. */
  putEventsBytes: quota(262_144, false, EVENTS),
  /** Rule target invocations per second; above it deliveries are delayed, not lost. */
  invocationsPerSecond: quota(18_750, true, EVENTS),
} as const;

/** SQS standard queues. */
export const SQS_LIMITS = {
  /** Messages in one SendMessageBatch or ReceiveMessage. */
  messagesPerBatch: quota(10, false, SQS),
  /** The longest a message may be delayed or hidden. */
  maxDelaySeconds: quota(900, false, SQS),
  maxVisibilityTimeoutSeconds: quota(43_200, false, SQS),
} as const;

/** Amazon SES, per account and Region. Out of the sandbox, AWS grants a rate per use case. */
export const SES = {
  /** Sandbox: 1 e-mail a second, 200 in 24 hours, to verified addresses only. */
  sandboxSendsPerSecond: quota(1, false, SES_SANDBOX),
  sandboxSendsPer24Hours: quota(200, false, SES_SANDBOX),
  /** A first production grant is typically 14 a second and 50,000 a day; AWS raises it on request as reputation grows. */
  productionStartSendsPerSecond: quota(14, true, SES_QUOTAS),
  productionStartSendsPer24Hours: quota(50_000, true, SES_QUOTAS),
} as const;

/** Kinds of SMS origination identity (AWS End User Messaging SMS) that can send to US numbers. */
export type OriginationIdentityType = 'tollFree' | 'tenDlc' | 'shortCode';

/** Message parts per second one origination identity sends to US numbers. */
export const SMS = {
  partsPerSecond: {
    /** A registered toll-free number: 3 MPS, fixed; spreading a load over several is "snowshoeing" and gets filtered. */
    tollFree: quota(3, false, SMS_MPS),
    /** A 10DLC campaign: 1 MPS a number by default; 4 to 75 MPS once the brand is vetted and an increase is granted. */
    tenDlc: quota(1, true, SMS_MPS),
    /** A dedicated short code: 100 MPS. */
    shortCode: quota(100, true, SMS_MPS),
  } satisfies Record<OriginationIdentityType, Quota>,
  /** The highest 10DLC rate a campaign can qualify for (vetting score 76-100, AT&T). */
  tenDlcVettedMaxPartsPerSecond: quota(75, false, SMS_10DLC),
  /** A new account's monthly SMS spend limit, in US dollars: SMS stops entirely when it is reached. */
  accountMonthlySpendLimitUsd: quota(1, true, SMS_SPEND),
  /** Characters of one part: GSM-7 160 alone or 153 in a multi-part message; UCS-2 (any non-GSM character) 70 or 67. */
  gsm7CharactersPerPart: quota(SMS_PART_CHARACTERS['GSM-7'].split, false, SMS_CHARS),
  ucs2CharactersPerPart: quota(SMS_PART_CHARACTERS['UCS-2'].split, false, SMS_CHARS),
} as const;

/**
 * Amazon Cognito user pools: requests per second of each category, for all user pools of the
 * account together. `RespondToAuthChallenge` has its own quota, 3 × UserAuthentication's.
 */
export const COGNITO_LIMITS = {
  /** InitiateAuth (sign-in and REFRESH_TOKEN_AUTH) and AdminInitiateAuth. */
  userAuthenticationPerSecond: quota(120, true, COGNITO),
  /** RespondToAuthChallenge (password verifier, MFA code): 3 × UserAuthentication. */
  respondToAuthChallengePerSecond: quota(360, true, COGNITO),
  /** Sign-in through a SAML or OIDC provider (the managed login's authorize, IdP response and token endpoints). */
  userFederationPerSecond: quota(25, true, COGNITO),
  /** SignUp, AdminCreateUser and their confirmations. */
  userCreationPerSecond: quota(50, true, COGNITO),
  /** Forgot-password and resend-code calls. */
  userAccountRecoveryPerSecond: quota(30, true, COGNITO),
} as const;

/** CloudFormation. */
export const CLOUDFORMATION = {
  /** Resources in one stack. */
  resourcesPerStack: quota(500, false, CFN),
  outputsPerStack: quota(200, false, CFN),
} as const;

/** AWS WAF rate-based rules. */
export const WAF_LIMITS = {
  /** The smallest limit a rate-based rule accepts, per evaluation window. */
  rateRuleMinimum: quota(10, false, WAF),
} as const;
