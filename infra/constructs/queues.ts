import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueSpec } from '../../functions/manifest';

/**
 * Queues use SQS-managed server-side encryption (SSE-SQS) rather than the table's
 * customer-managed key: messages are transient copies (the record of truth is the table, under
 * the CMK), and a CMK on queues would need key-policy grants for EventBridge and for Lambda's
 * on-failure destinations, plus KMS calls on every batch, for no gain in who can read them
 * (access is governed by the queue policies and the consumers' roles).
 */
const QUEUE_DEFAULTS = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  // An accepted message is never lost by deleting a stack.
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/** A DLQ keeps messages longer than any source queue, since SQS keeps a message's original enqueue time. */
const DLQ_RETENTION = Duration.days(14);

export interface DeadLetterQueueProps {
  /** Human-readable purpose, used in the alarm description. */
  readonly purpose: string;
  /** Where the depth alarm notifies. @default no action */
  readonly alarmTopic?: sns.ITopic;
}

/** An encrypted, TLS-only dead-letter queue with an alarm as soon as anything lands in it. */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly depthAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', { ...QUEUE_DEFAULTS, retentionPeriod: DLQ_RETENTION });
    this.depthAlarm = new cloudwatch.Alarm(this, 'DepthAlarm', {
      alarmDescription: `Messages are waiting in the dead-letter queue of ${props.purpose}: inspect them and redrive.`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.depthAlarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
  }
}

/**
 * AWS's rule for SQS event sources: the visibility timeout must be at least six times the
 * consumer's timeout, or a batch still being processed becomes visible again and runs twice.
 * Throws at synth time when the manifest breaks it.
 */
export function assertVisibilityTimeout(spec: QueueSpec, consumerTimeoutSeconds: number): void {
  const minimum = 6 * consumerTimeoutSeconds;
  if (spec.visibilityTimeoutSeconds < minimum) {
    throw new Error(
      `queue ${spec.id}: visibilityTimeoutSeconds ${spec.visibilityTimeoutSeconds} is below 6 × the consumer's timeout ` +
        `(${consumerTimeoutSeconds} s), i.e. ${minimum} s; raise it in functions/manifest.ts`,
    );
  }
}

export interface WorkQueueProps {
  readonly spec: QueueSpec;
  /** Timeout of the queue's consumer function; the visibility timeout is checked against it. */
  readonly consumerTimeout: Duration;
  /** Alarm when the oldest message has waited longer than this. @default 10 minutes */
  readonly maxMessageAge?: Duration;
  /** @default Duration.days(4) */
  readonly retentionPeriod?: Duration;
  /** Where the alarms notify. @default no action */
  readonly alarmTopic?: sns.ITopic;
}

/** A manifest queue: the queue, its DLQ (after `maxReceives`), and alarms on DLQ depth and backlog age. */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetter: DeadLetterQueue;
  readonly oldestMessageAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const { spec } = props;
    assertVisibilityTimeout(spec, props.consumerTimeout.toSeconds());
    this.deadLetter = new DeadLetterQueue(this, 'DeadLetter', {
      purpose: `queue ${spec.id}`,
      ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...QUEUE_DEFAULTS,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetter.queue, maxReceiveCount: spec.maxReceives },
    });
    const maxAge = props.maxMessageAge ?? Duration.minutes(10);
    this.oldestMessageAlarm = new cloudwatch.Alarm(this, 'OldestMessageAlarm', {
      alarmDescription: `Queue ${spec.id} is falling behind: its oldest message is older than ${maxAge.toHumanString()}.`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: maxAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.oldestMessageAlarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
  }
}
