import * as path from 'node:path';
import { ArnFormat, AssetHashType, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, type FunctionSpec, type QueueId, type WriteScope } from '../../functions/manifest';
import { DEFAULT_CHANNEL_RATES, type ChannelRates } from '../../functions/platform/channel-rates';
import { noticeRateEnvironment } from './notices';
import { NOTIFY_ENV } from '../../functions/platform/notification-channels';
import { ENCRYPTION_CONTEXT, FIELD_KEY_ENV } from '../../functions/platform/field-encryption';
import { BACKLOG_METRICS_ENV, type BacklogMetrics } from '../../functions/platform/backlog-cloudwatch';
import { TABLE } from '../../domain/table';
import { REPO_ROOT } from '../repo-root';
import { LocalEsbuild } from './bundling';

export interface SisFunctionProps {
  /** Handler source file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Extra environment variables, on top of the defaults every function gets. */
  readonly environment?: Record<string, string>;
  /** Concurrent executions reserved for (and capping) this function. @default none: the account's unreserved pool */
  readonly reservedConcurrency?: number;
  /** A name known before deployment, so other stacks can address the function without a reference. @default generated */
  readonly functionName?: string;
  /** The role's name, for a role a resource policy names before it exists (the field key's). @default generated */
  readonly roleName?: string;
}

/** Table access levels a function can be given (manifest `FunctionSpec.table`). */
export type TableAccess = 'read' | 'readWrite';

/**
 * Item-level actions only. `Scan` is deliberately absent: no API path may scan the table
 * (ARCHITECTURE.md), so IAM enforces it; `ConditionCheckItem` backs transactions' checks.
 */
const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
/** What DynamoDB needs from the caller to use the table's customer-managed key (CDK's grant set, wildcards spelled out). */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
];
/**
 * The table's write actions, held to the manifest's partitions: IAM evaluates
 * `dynamodb:LeadingKeys` against the partition key of every item a request writes, a transaction's
 * included, and `ForAllValues:StringLike` lets `*` stand for an id (IAM User Guide, "Using IAM
 * policy conditions for fine-grained access control"; DynamoDB Developer Guide, "Condition keys").
 */
function tableWrites(table: dynamodb.ITableV2, writes: WriteScope): iam.PolicyStatement {
  if ('anywhere' in writes) return new iam.PolicyStatement({ actions: TABLE_WRITE_ACTIONS, resources: [table.tableArn] });
  return new iam.PolicyStatement({
    actions: TABLE_WRITE_ACTIONS,
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(writes.partitions)] } },
  });
}
const STREAM_READ_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

/**
 * Every Lambda function of the system, with every default in one place: Node.js 22 on arm64,
 * X-Ray tracing, JSON logs to a log group with retention, source maps, a minified and
 * tree-shaken ESM bundle built by the locally installed esbuild (never Docker), its own role,
 * and `bind*` methods that grant least-privilege access and set the matching environment
 * variable together, so a function can never have the permission without the variable or the
 * reverse.
 */
export class SisFunction extends lambda.Function {
  /** Builds a function from its manifest entry. */
  static fromSpec(
    scope: Construct,
    id: string,
    spec: FunctionSpec,
    options: { reservedConcurrency?: number; functionName?: string; roleName?: string } = {},
  ): SisFunction {
    return new SisFunction(scope, id, {
      entry: spec.entry,
      description: spec.description,
      ...(options.roleName !== undefined ? { roleName: options.roleName } : {}),
      ...(options.functionName !== undefined ? { functionName: options.functionName } : {}),
      ...(options.reservedConcurrency !== undefined ? { reservedConcurrency: options.reservedConcurrency } : {}),
      ...(spec.memoryMb !== undefined ? { memorySize: spec.memoryMb } : {}),
      ...(spec.timeoutSeconds !== undefined ? { timeout: Duration.seconds(spec.timeoutSeconds) } : {}),
    });
  }

  /** The function's own role (never shared), so grants stay per function. */
  override readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SisFunctionProps) {
    const role = new iam.Role(scope, `${id}Role`, {
      ...(props.roleName !== undefined ? { roleName: props.roleName } : {}),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}: ${props.description}`.slice(0, 1000),
    });
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The role writes only to its own log group: no AWSLambdaBasicExecutionRole managed policy.
    logGroup.grantWrite(role);

    const entry = path.join(REPO_ROOT, props.entry);
    super(scope, id, {
      // Bundled by esbuild with the options `npm run bench:bundles` measures (bundling.ts), the
      // asset hashed by its output as NodejsFunction does.
      code: lambda.Code.fromAsset(REPO_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: { image: lambda.Runtime.NODEJS_22_X.bundlingImage, local: new LocalEsbuild(entry, REPO_ROOT) },
      }),
      handler: 'index.handler',
      ...(props.functionName !== undefined ? { functionName: props.functionName } : {}),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        // Each function logs, traces and counts under its own name (the manifest id).
        POWERTOOLS_SERVICE_NAME: id,
        POWERTOOLS_METRICS_NAMESPACE: 'Sis',
        ...props.environment,
      },
    });
    this.role = role;

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only statements whose actions have no resource-level permissions use Resource "*": X-Ray tracing ' +
        '(xray:PutTraceSegments, xray:PutTelemetryRecords, added by tracing: ACTIVE), for stream consumers, ' +
        'dynamodb:ListStreams, and for the notifier, sns:Publish of SMS to phone numbers (which have no ARN; a Deny on ' +
        'every topic ARN keeps it to phone numbers). The infra tests assert that no other action is granted on "*".',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime the team builds, tests and bundles for (esbuild target node22, Powertools 2 support ' +
        'matrix); moving to nodejs24.x is a deliberate upgrade with its own test run, not a silent default.',
    });
  }

  /**
   * Grants item-level access to the table (and its indexes and customer-managed key) and sets
   * TABLE_NAME. Queries may use the GSIs listed in the table definition; no Scan. Writes are held
   * to the partitions the manifest names (`dynamodb:LeadingKeys`, decision 0135) unless it says why
   * they may not be.
   */
  bindTable(
    table: dynamodb.ITableV2,
    access: TableAccess,
    writes?: WriteScope,
    indexNames: readonly string[] = TABLE.globalIndexes.map((index) => index.indexName),
  ): this {
    this.addEnvironment(ENV.table, table.tableName);
    const writable = access === 'readWrite';
    if (writable && !writes) throw new Error(`${this.node.id} writes the table: its manifest entry must say where (writes)`);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: TABLE_READ_ACTIONS, resources: [table.tableArn] }));
    if (writable && writes) this.role.addToPrincipalPolicy(tableWrites(table, writes));
    if (indexNames.length > 0) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: indexNames.map((name) => `${table.tableArn}/index/${name}`) }),
      );
    }
    if (table.encryptionKey) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: writable ? [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS] : KEY_READ_ACTIONS,
          resources: [table.encryptionKey.keyArn],
        }),
      );
    }
    return this;
  }

  /**
   * Grants reading the table's stream (for a stream event source mapping); sets no variable,
   * since the function receives the records in its event.
   */
  bindTableStream(table: dynamodb.ITableV2): this {
    if (!table.tableStreamArn) throw new Error(`table ${table.node.path} has no stream`);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: STREAM_READ_ACTIONS, resources: [table.tableStreamArn] }));
    // ListStreams has no resource-level permissions (the managed AWSLambdaDynamoDBExecutionRole grants it on "*" too).
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }));
    if (table.encryptionKey) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: KEY_READ_ACTIONS, resources: [table.encryptionKey.keyArn] }));
    }
    return this;
  }

  /** Grants sending to the queue and sets QUEUE_URL_<ID>. */
  bindQueue(id: QueueId, queue: sqs.IQueue): this {
    queue.grantSendMessages(this);
    this.addEnvironment(ENV.queueUrl(id), queue.queueUrl);
    return this;
  }

  /**
   * Grants sending family notices and sets NOTIFY_FROM_ADDRESS (and NOTIFY_SES_CONFIGURATION_SET):
   * ses:SendEmail from the one SES identity of the from address's domain (and its configuration
   * set), only with that From address; sns:Publish for SMS to phone numbers, which IAM can only
   * name as "*", with a Deny on every topic ARN so that "*" means phone numbers and nothing else.
   */
  bindNotifications(notify: { readonly fromAddress: string; readonly configurationSet?: string; readonly rates?: ChannelRates }): this {
    const stack = Stack.of(this);
    const domain = notify.fromAddress.split('@')[1]!;
    const sesArn = (resource: string) => stack.formatArn({ service: 'ses', resource, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          sesArn(`identity/${domain}`),
          ...(notify.configurationSet ? [sesArn(`configuration-set/${notify.configurationSet}`)] : []),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': notify.fromAddress } },
      }),
    );
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['sns:Publish'], resources: ['arn:aws:sns:*:*:*'] }),
    );
    this.addEnvironment(NOTIFY_ENV.fromAddress, notify.fromAddress);
    if (notify.configurationSet) this.addEnvironment(NOTIFY_ENV.configurationSet, notify.configurationSet);
    // The channels' rates the notices are paced to (decision 0115).
    for (const [name, value] of Object.entries(noticeRateEnvironment(notify.rates ?? DEFAULT_CHANNEL_RATES)))
      this.addEnvironment(name, value);
    return this;
  }

  /**
   * Grants generating and decrypting data keys under the field key, only with its purpose and the
   * function's record kinds in the encryption context (decision 0136), and decrypting the data keys
   * sealed before the kinds were in it; sets FIELD_KEY_ID. The key's own policy says the same, by
   * the role's name: the functions that keep confidential records, and no other.
   */
  bindFieldKey(key: kms.IKey, kinds: readonly string[]): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: {
          StringEquals: { 'kms:EncryptionContext:purpose': ENCRYPTION_CONTEXT.purpose, 'kms:EncryptionContext:kind': [...kinds] },
        },
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: {
          StringEquals: { 'kms:EncryptionContext:purpose': ENCRYPTION_CONTEXT.purpose },
          'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': Object.keys(ENCRYPTION_CONTEXT) },
        },
      }),
    );
    this.addEnvironment(FIELD_KEY_ENV.keyId, key.keyArn);
    return this;
  }

  /**
   * Lets the function read the backlog's metrics and tells it which (decision 0149). GetMetricData
   * has no resource-level permissions, so `*` is its only resource; it reads metrics, no data.
   */
  bindBacklogMetrics(metrics: BacklogMetrics): this {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    // Queue names are tokens until deployment: the stack renders the JSON around them.
    this.addEnvironment(BACKLOG_METRICS_ENV, Stack.of(this).toJsonString(metrics));
    return this;
  }

  /** Grants events:PutEvents on the bus and sets EVENT_BUS_NAME. */
  bindBus(bus: events.IEventBus): this {
    bus.grantPutEventsTo(this);
    this.addEnvironment(ENV.bus, bus.eventBusName);
    return this;
  }
}
