import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as backup from 'aws-cdk-lib/aws-backup';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DeadLetterQueue, WorkQueue } from '../constructs/queues';
import { SisIdentity, type FamilyFeaturePlan } from '../constructs/identity';
import { NoticeDelivery, noticeConfigurationSetName } from '../constructs/notices';
import { DEFAULT_CHANNEL_RATES, type ChannelRates } from '../../functions/platform/channel-rates';
import { BUS_RULES, FUNCTIONS, QUEUES, STREAM_CONSUMERS, type QueueId } from '../../functions/manifest';
import { INDEX_PROJECTION, TABLE } from '../../domain/table';
import { toEventPattern } from './cdk-event-pattern';
import { tableSettings } from './table-settings';
import { addDataAlarms } from './stateful-alarms';
import { addTableBackups, type BackupCopy } from './stateful-backups';
import { addFieldKey, addFieldKeyAlarms } from './field-key-custody';
import { addStatefulOutputs } from './stateful-outputs';
import { ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS, addAccessLogArchive, type AccessLogArchive } from './access-log-archive';
import type { StaffIdentityProvider } from './config';
import type { OneRosterVendor } from './oneroster-vendors';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
  /** Alarm notifications go to this address. @default no subscription */
  readonly alarmEmail?: string;
  /** @default Duration.days(365) */
  readonly archiveRetention?: Duration;
  /** Pre-warm the table and cap its throughput from the capacity model (infra/stacks/capacity.ts). @default false */
  readonly districtCapacity?: boolean;
  /** The SES identity the user pools send from. @default Cognito's own sender */
  readonly sesEmail?: { readonly fromEmail: string; readonly identity: string };
  readonly staffIdentityProvider?: StaffIdentityProvider;
  /** Web-app origins (the staff app's, for the federated sign-in callback). */
  readonly callbackOrigins?: readonly string[];
  /** @default 'plus' */
  readonly familyFeaturePlan?: FamilyFeaturePlan;
  /** Days an archived access-log object is locked (decision 0158). @default ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS */
  readonly accessLogArchiveRetentionDays?: number;
  /** A copy of every backup to a vault in another Region or account (decision 0137). @default no copy */
  readonly backupCopy?: BackupCopy;
  /** Role ARNs that administer the field key without using it (decision 0136). @default the account, through IAM */
  readonly keyAdministrators?: readonly string[];
  /** Family notices' SES configuration set name and channel rates (infra/constructs/notices.ts). @default generated name, default rates */
  readonly notify?: { readonly configurationSet?: string; readonly rates?: ChannelRates };
  /** The OneRoster vendors: a client-credentials client and a rotated secret each (decision 0155). */
  readonly oneRosterVendors: readonly OneRosterVendor[];
}

/** A pool's JWT issuer, its web client, and the clients of other systems (client credentials). */
export interface ApiIdentity {
  readonly issuer: string;
  readonly clientId: string;
  /** @default none */
  readonly machineClientIds?: readonly string[];
}

/** What the stateless stack needs from the stateful one. */
export interface SisData {
  readonly table: dynamodb.ITableV2;
  readonly queues: Readonly<Record<QueueId, sqs.IQueue>>;
  /** Each queue's dead-letter queue (for the manifest's dead-letter consumers). */
  readonly deadLetterQueues: Readonly<Record<QueueId, sqs.IQueue>>;
  /** On-failure destinations of the stream consumers, by manifest id. */
  readonly streamFailureQueues: Readonly<Record<string, sqs.IQueue>>;
  readonly bus: events.IEventBus;
  /** The bus's own dead-letter queue (events it could not encrypt or decrypt), for the operations dashboard. */
  readonly busFailureQueue: sqs.IQueue;
  /** The key-encryption key of confidential records' contents (decision 0066). */
  readonly fieldKey: kms.IKey;
  /** The two pools' JWT issuers and web clients (decision 0062). */
  readonly identity: {
    readonly staff: ApiIdentity;
    readonly family: ApiIdentity;
  };
  readonly alarmTopic: sns.ITopic;
  /** What the rotation of the vendors' secrets works on: the staff pool, the secrets and their key (decision 0155). */
  readonly oneRosterSecrets: {
    readonly userPoolArn: string;
    readonly secrets: readonly secretsmanager.ISecret[];
    readonly key: kms.IKey;
  };
  /** The SES configuration set family notices are sent with (its events come back to the noticeFeedback queue). */
  readonly noticeConfigurationSet: string;
}

/**
 * Everything that holds data or identity and must outlive any deployment: the CMK, the table,
 * the user pool, the queues and DLQs, the bus with its archive and rules. Deletion protection
 * and RETAIN everywhere; termination protection on the stack.
 *
 * Stateful and stateless resources are separate stacks (rather than two constructs in one
 * stack) so the stateless one can be deployed, rolled back or even destroyed and recreated
 * freely while this one changes rarely, under termination protection. The price is a handful of
 * cross-stack exports (names and ARNs of long-lived resources, which never change).
 */
export class StatefulStack extends Stack {
  readonly dataKey: kms.Key;
  /**
   * Wraps the data keys of health, counseling and special-education contents (field-level
   * envelope encryption, decision 0066): only the functions that keep those records may use it,
   * so a role that reads the table (and its table key) still cannot open them.
   */
  readonly fieldKey: kms.Key;
  /** Opens confidential records when the application cannot: MFA, an hour, alarmed (decision 0136). */
  readonly fieldKeyBreakGlass: iam.Role;
  /** CloudTrail rules that page when the break-glass role is assumed or used, or the field key's custody changes. */
  readonly fieldKeyAlarms: events.Rule[];
  readonly table: dynamodb.TableV2;
  readonly identity: SisIdentity;
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly queues: Record<QueueId, WorkQueue>;
  readonly streamFailureQueues: Record<string, DeadLetterQueue>;
  readonly ruleDeadLetterQueues: Record<string, DeadLetterQueue>;
  /** Events the bus could not encrypt or decrypt (its key disabled or unreachable). */
  readonly busDeadLetterQueue: DeadLetterQueue;
  readonly rules: Record<string, events.Rule>;
  readonly alarmTopic: sns.Topic;
  /** Encrypts the event bus and its archive (events carry student and guardian ids and names). */
  readonly eventsKey: kms.Key;
  /** Encrypts the archive: disabling it makes every archived event unreadable. */
  readonly archiveKey: kms.Key;
  readonly backupPlan: backup.BackupPlan;
  readonly backupVault: backup.BackupVault;
  /** Pages on a failed, aborted or expired backup or copy job. */
  readonly backupJobAlarm: events.Rule;
  /** DynamoDB throttles and system errors, EventBridge rules' failed invocations. */
  readonly alarms: cloudwatch.Alarm[] = [];
  /** Family notices' SES configuration set, its feedback topic and their alarms. */
  readonly notices: NoticeDelivery;
  /** The Object Lock bucket the record of access is archived to, under its own key (decision 0158). */
  readonly accessLogArchive: AccessLogArchive;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { terminationProtection: true, ...props });

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: `SIS (${props.stage}): encrypts the student records table`,
      alias: `alias/sis-${props.stage}-data`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const fieldKey = addFieldKey(this, {
      stage: props.stage,
      ...(props.keyAdministrators ? { administrators: props.keyAdministrators } : {}),
    });
    this.fieldKey = fieldKey.key;
    this.fieldKeyBreakGlass = fieldKey.breakGlass;

    // What a restore must put back is read from one place (table-settings.ts; the restore runbook re-applies it).
    const settings = tableSettings({ stage: props.stage, districtCapacity: props.districtCapacity ?? false });
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: TABLE.globalIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType[INDEX_PROJECTION],
        ...(settings.capacity ? { warmThroughput: settings.capacity.warmIndex } : {}),
      })),
      billing: settings.capacity
        ? dynamodb.Billing.onDemand({
            maxReadRequestUnits: settings.capacity.max.readRequestUnits,
            maxWriteRequestUnits: settings.capacity.max.writeRequestUnits,
          })
        : dynamodb.Billing.onDemand(),
      // A new on-demand table takes about 4,000 writes/s at once; the first morning needs more (capacity.ts).
      ...(settings.capacity ? { warmThroughput: settings.capacity.warm } : {}),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: settings.pointInTimeRecovery },
      deletionProtection: settings.deletionProtection,
      removalPolicy: RemovalPolicy.RETAIN,
      dynamoStream: dynamodb.StreamViewType[settings.streamViewType],
      timeToLiveAttribute: settings.timeToLiveAttribute,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.dataKey),
      // Shows the most accessed and most throttled keys: how a hot partition would be found.
      contributorInsightsSpecification: { enabled: true },
      tags: Object.entries(settings.tags).map(([key, value]) => ({ key, value })),
    });

    this.identity = new SisIdentity(this, 'Identity', {
      stage: props.stage,
      oneRosterVendors: props.oneRosterVendors,
      ...(props.sesEmail ? { sesEmail: props.sesEmail } : {}),
      ...(props.staffIdentityProvider ? { staffIdentityProvider: props.staffIdentityProvider } : {}),
      ...(props.callbackOrigins ? { callbackOrigins: props.callbackOrigins } : {}),
      ...(props.familyFeaturePlan ? { familyFeaturePlan: props.familyFeaturePlan } : {}),
    });

    // Alarm notifications carry no records, but the topic is encrypted all the same, with its own
    // key: CloudWatch must be allowed to use it, and that grant has no business on the data key.
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      description: `SIS (${props.stage}): encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    alarmKey.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      'kms:Decrypt',
      'kms:GenerateDataKey',
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `SIS ${props.stage} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    // EventBridge delivers the custody and backup alarms (CloudTrail and AWS Backup events) to the encrypted topic.
    alarmKey.grant(
      new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      'kms:Decrypt',
      'kms:GenerateDataKey',
    );
    this.fieldKeyAlarms = addFieldKeyAlarms(this, { key: this.fieldKey, breakGlass: this.fieldKeyBreakGlass, alarmTopic: this.alarmTopic });

    this.queues = {} as Record<QueueId, WorkQueue>;
    for (const spec of QUEUES) {
      const consumer = FUNCTIONS[spec.consumer];
      this.queues[spec.id] = new WorkQueue(this, `Queue-${spec.id}`, {
        spec,
        consumerTimeout: Duration.seconds(consumer.timeoutSeconds ?? 10),
        alarmTopic: this.alarmTopic,
      });
    }

    this.notices = new NoticeDelivery(this, 'Notices', {
      stage: props.stage,
      feedbackQueue: this.queues.noticeFeedback.queue,
      alarmTopic: this.alarmTopic,
      smsMonthlySpendUsd: (props.notify?.rates ?? DEFAULT_CHANNEL_RATES).smsMonthlySpendUsd,
      configurationSetName: noticeConfigurationSetName(props.stage, props.notify?.configurationSet),
    });

    this.streamFailureQueues = {};
    for (const consumer of STREAM_CONSUMERS) {
      const dlq = new DeadLetterQueue(this, `StreamFailures-${consumer.id}`, {
        purpose: `stream consumer ${consumer.id}`,
        alarmTopic: this.alarmTopic,
      });
      Validations.of(dlq.queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself a dead-letter queue: the on-failure destination of the ${consumer.id} stream mapping. Nothing consumes it automatically, so it needs no DLQ of its own; its depth alarm pages on the first message.`,
      });
      this.streamFailureQueues[consumer.id] = dlq;
    }

    // Events name students and guardians: the bus and the year-long archive are encrypted with a
    // customer-managed key, so access to them is logged and can be revoked, and disabling the key
    // makes every event in it unreadable (the erasure story for the archive, decision 0063).
    this.eventsKey = new kms.Key(this, 'EventsKey', {
      description: `SIS (${props.stage}): encrypts the event bus and its archive`,
      alias: `alias/sis-${props.stage}-events`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What the bus itself cannot process: with a customer-managed key, EventBridge sends an event that meets a
    // non-retriable encryption or decryption error on the bus (the key disabled or its grant gone) to the bus's
    // dead-letter queue, and AWS recommends one for every such bus (EventBridge User Guide, "Using dead-letter queues
    // to capture encrypted event errors"). Without it, those events are dropped. The rules' own DLQs (below) hold
    // what a target refused.
    const busName = `sis-${props.stage}-events`;
    this.busDeadLetterQueue = new DeadLetterQueue(this, 'BusFailures', {
      purpose: 'the event bus (encryption errors)',
      alarmTopic: this.alarmTopic,
    });
    Validations.of(this.busDeadLetterQueue.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the event bus sends here the events it could not encrypt or decrypt. Nothing consumes it automatically; its depth alarm pages on the first message, and `npm run replay` republishes from the outbox once the key is fixed.',
    });
    // EventBridge sends as its service principal, for this bus only (the permission the rules' DLQs get from their targets).
    this.busDeadLetterQueue.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.busDeadLetterQueue.queue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.formatArn({ service: 'events', resource: 'event-bus', resourceName: busName }) } },
      }),
    );
    // A fixed name: the key policy names the bus by ARN, which must not depend on the bus itself.
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: busName,
      description: `SIS ${props.stage} domain events`,
      kmsKey: this.eventsKey,
      deadLetterQueue: this.busDeadLetterQueue.queue,
    });
    // The archive has a key of its own: its key policy names the bus by its resource ARN.
    this.archiveKey = new kms.Key(this, 'ArchiveKey', {
      description: `SIS (${props.stage}): encrypts the event archive`,
      alias: `alias/sis-${props.stage}-event-archive`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Built directly rather than with bus.archive(), which drops the key.
    this.archive = new events.Archive(this.bus, 'Archive', {
      sourceEventBus: this.bus,
      description: 'Every event on the bus, for replay after a consumer bug or a new consumer',
      kmsKey: this.archiveKey,
      // An archive needs a pattern; every event on this bus carries this account.
      eventPattern: { account: [this.account] },
      retention: props.archiveRetention ?? Duration.days(365),
    });

    this.rules = {};
    this.ruleDeadLetterQueues = {};
    for (const spec of BUS_RULES) {
      const dlq = new DeadLetterQueue(this, `RuleFailures-${spec.id}`, { purpose: `bus rule ${spec.id}`, alarmTopic: this.alarmTopic });
      Validations.of(dlq.queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself a dead-letter queue: events the ${spec.id} rule could not deliver after EventBridge's retries. Nothing consumes it automatically, so it needs no DLQ of its own; its depth alarm pages on the first message (the archive allows replay).`,
      });
      this.ruleDeadLetterQueues[spec.id] = dlq;
      this.rules[spec.id] = new events.Rule(this, `Rule-${spec.id}`, {
        eventBus: this.bus,
        description: spec.description,
        eventPattern: toEventPattern(spec.pattern),
        targets: [
          new targets.SqsQueue(this.queues[spec.target.queue].queue, {
            deadLetterQueue: dlq.queue,
            retryAttempts: 185,
            maxEventAge: Duration.hours(24),
          }),
        ],
      });
    }

    this.alarms.push(...addDataAlarms(this, { table: this.table, bus: this.bus, rules: this.rules, alarmTopic: this.alarmTopic }));

    const backups = addTableBackups(this, this.table, {
      stage: props.stage,
      alarmTopic: this.alarmTopic,
      ...(props.backupCopy ? { copy: props.backupCopy } : {}),
    });
    this.backupVault = backups.vault;
    this.backupPlan = backups.plan;
    this.backupJobAlarm = backups.jobAlarm;
    this.alarms.push(backups.missingAlarm);

    this.accessLogArchive = addAccessLogArchive(this, {
      stage: props.stage,
      retentionDays: props.accessLogArchiveRetentionDays ?? ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS,
    });

    addStatefulOutputs(this);
  }

  /** The typed handle the stateless stack is built from. */
  get data(): SisData {
    const queues = {} as Record<QueueId, sqs.IQueue>;
    const deadLetterQueues = {} as Record<QueueId, sqs.IQueue>;
    for (const [id, workQueue] of Object.entries(this.queues) as [QueueId, WorkQueue][]) {
      queues[id] = workQueue.queue;
      deadLetterQueues[id] = workQueue.deadLetter.queue;
    }
    const streamFailureQueues: Record<string, sqs.IQueue> = {};
    for (const [id, dlq] of Object.entries(this.streamFailureQueues)) streamFailureQueues[id] = dlq.queue;
    return {
      table: this.table,
      queues,
      deadLetterQueues,
      streamFailureQueues,
      bus: this.bus,
      busFailureQueue: this.busDeadLetterQueue.queue,
      fieldKey: this.fieldKey,
      identity: {
        staff: {
          issuer: this.identity.staffIssuer,
          clientId: this.identity.staffClient.userPoolClientId,
          // Every vendor's client, and only those: the OneRoster routes' authorizer (decision 0155).
          machineClientIds: this.identity.oneRoster.clients.map(({ client }) => client.userPoolClientId),
        },
        family: { issuer: this.identity.familyIssuer, clientId: this.identity.familyClient.userPoolClientId },
      },
      alarmTopic: this.alarmTopic,
      oneRosterSecrets: {
        userPoolArn: this.identity.staffPool.userPoolArn,
        secrets: this.identity.oneRoster.clients.map(({ secret }) => secret),
        key: this.identity.oneRoster.key,
      },
      // A name, not a reference: the stateless stack is deployed after this one, and the name is fixed.
      noticeConfigurationSet: this.notices.configurationSetName,
    };
  }
}
