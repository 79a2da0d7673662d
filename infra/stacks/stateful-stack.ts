import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DeadLetterQueue, WorkQueue } from '../constructs/queues';
import { SisIdentity } from '../constructs/identity';
import { BUS_RULES, FUNCTIONS, QUEUES, STREAM_CONSUMERS, type QueueId } from '../../functions/manifest';
import { TABLE } from '../../domain/table';
import { toEventPattern } from './cdk-event-pattern';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
  /** Alarm notifications go to this address. @default no subscription */
  readonly alarmEmail?: string;
  /** @default Duration.days(365) */
  readonly archiveRetention?: Duration;
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
  readonly identity: { readonly issuer: string; readonly clientId: string };
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
  readonly table: dynamodb.TableV2;
  readonly identity: SisIdentity;
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly queues: Record<QueueId, WorkQueue>;
  readonly streamFailureQueues: Record<string, DeadLetterQueue>;
  readonly ruleDeadLetterQueues: Record<string, DeadLetterQueue>;
  readonly rules: Record<string, events.Rule>;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { terminationProtection: true, ...props });

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: `SIS (${props.stage}): encrypts the student records table`,
      alias: `alias/sis-${props.stage}-data`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: TABLE.globalIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      dynamoStream: dynamodb.StreamViewType[TABLE.streamViewType],
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.dataKey),
      // Shows the most accessed and most throttled keys: how a hot partition would be found.
      contributorInsightsSpecification: { enabled: true },
    });

    this.identity = new SisIdentity(this, 'Identity');

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

    this.queues = {} as Record<QueueId, WorkQueue>;
    for (const spec of QUEUES) {
      const consumer = FUNCTIONS[spec.consumer];
      this.queues[spec.id] = new WorkQueue(this, `Queue-${spec.id}`, {
        spec,
        consumerTimeout: Duration.seconds(consumer.timeoutSeconds ?? 10),
        alarmTopic: this.alarmTopic,
      });
    }

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

    this.bus = new events.EventBus(this, 'Bus', { description: `SIS ${props.stage} domain events` });
    this.archive = this.bus.archive('Archive', {
      description: 'Every event on the bus, for replay after a consumer bug or a new consumer',
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

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The single table' });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName, description: 'The domain event bus' });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId, description: 'Cognito user pool of staff and parents' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.identity.webClient.userPoolClientId,
      description: 'Web app client of the user pool',
    });
    for (const [id, workQueue] of Object.entries(this.queues) as [QueueId, WorkQueue][]) {
      const name = id.charAt(0).toUpperCase() + id.slice(1);
      new CfnOutput(this, `${name}QueueUrl`, { value: workQueue.queue.queueUrl, description: `The ${id} queue` });
      // `npm run redrive -- ${id} --dlq-arn <this>` moves its dead letters back.
      new CfnOutput(this, `${name}DlqArn`, {
        value: workQueue.deadLetter.queue.queueArn,
        description: `Dead-letter queue of the ${id} queue`,
      });
    }
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
      identity: { issuer: this.identity.issuer, clientId: this.identity.webClient.userPoolClientId },
    };
  }
}
