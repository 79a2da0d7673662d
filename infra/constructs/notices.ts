import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHANNEL_RATE_ENV, channelRatesFrom, type ChannelRates } from '../../functions/platform/channel-rates';

/**
 * SES's reputation thresholds ("Why is my Amazon SES sending account under review or paused?",
 * AWS re:Post; the SES developer guide's reputation metrics messages): an account is put under
 * review at a 5% bounce rate or a 0.1% complaint rate, and its sending may be paused at 10% and
 * 0.5%. The alarms fire well before review.
 */
export const SES_REPUTATION = {
  bounceReview: 0.05,
  complaintReview: 0.001,
  bounceAlarm: 0.025,
  complaintAlarm: 0.0005,
} as const;

/** The share of the month's SMS spend limit at which someone is paged (SNS stops sending SMS at the limit). */
export const SMS_SPEND_ALARM_SHARE = 0.8;

/**
 * The notices' channel rates from CDK context (`sis:notifyEmailPerSecond`, `sis:notifySmsPartsPerSecond`,
 * `sis:notifySmsOrigination`, `sis:notifySmsMonthlySpendUsd`): the account's own figures, checked
 * against what AWS can grant (functions/platform/channel-rates.ts has the defaults and the sources).
 */
export function noticeRatesFrom(get: (key: string) => unknown): ChannelRates {
  const text = (key: string) => {
    const value = get(key);
    return value === undefined || value === null ? undefined : String(value);
  };
  const env: Record<string, string | undefined> = {
    [CHANNEL_RATE_ENV.emailPerSecond]: text('notifyEmailPerSecond'),
    [CHANNEL_RATE_ENV.smsPartsPerSecond]: text('notifySmsPartsPerSecond'),
    [CHANNEL_RATE_ENV.smsOrigination]: text('notifySmsOrigination'),
    [CHANNEL_RATE_ENV.smsMonthlySpendUsd]: text('notifySmsMonthlySpendUsd'),
  };
  return channelRatesFrom(env);
}

/** The environment the notifier and its sweep read their rates from. */
export const noticeRateEnvironment = (rates: ChannelRates): Record<string, string> => ({
  [CHANNEL_RATE_ENV.emailPerSecond]: String(rates.emailPerSecond),
  [CHANNEL_RATE_ENV.smsPartsPerSecond]: String(rates.smsPartsPerSecond),
  [CHANNEL_RATE_ENV.smsOrigination]: rates.smsOrigination,
  [CHANNEL_RATE_ENV.smsMonthlySpendUsd]: String(rates.smsMonthlySpendUsd),
});

export interface NoticeDeliveryProps {
  readonly stage: string;
  /** Where SES's events go: the manifest's `noticeFeedback` queue. */
  readonly feedbackQueue: sqs.IQueue;
  readonly alarmTopic: sns.ITopic;
  /** The account's monthly SMS spend limit, US dollars. */
  readonly smsMonthlySpendUsd: number;
  /** @default `sis-<stage>-notices` */
  readonly configurationSetName?: string;
}

/** The configuration set's name: the configured one, or `sis-<stage>-notices`. */
export const noticeConfigurationSetName = (stage: string, configured?: string) => configured ?? `sis-${stage}-notices`;

/**
 * How family notices are heard back from, and watched (decision 0117): the SES configuration set
 * every notice is sent with, its event destination (deliveries, bounces, complaints and rejects to
 * an encrypted SNS topic, on to the feedback queue as raw messages), and the alarms on SMS spend,
 * failed notices, and the bounce and complaint rates AWS reviews an account by.
 */
export class NoticeDelivery extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  /** Its name as a plain string (the functions' environment and IAM grants name it). */
  readonly configurationSetName: string;
  readonly feedbackTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: NoticeDeliveryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSetName = noticeConfigurationSetName(props.stage, props.configurationSetName);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      // Bounce and complaint rates per configuration set, beside the account's.
      reputationMetrics: true,
      // SES's own suppression list too: an address that bounced or complained is not even tried.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });

    // The events name addresses: the topic is encrypted, and SES must be allowed to use its key.
    const key = new kms.Key(this, 'FeedbackTopicKey', {
      description: `SIS (${props.stage}): encrypts SES's delivery, bounce and complaint events`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(
      new iam.ServicePrincipal('ses.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.feedbackTopic = new sns.Topic(this, 'FeedbackTopic', {
      displayName: `SIS ${props.stage} notice feedback`,
      masterKey: key,
      enforceSSL: true,
    });
    this.feedbackTopic.addSubscription(new subscriptions.SqsSubscription(props.feedbackQueue, { rawMessageDelivery: true }));
    this.configurationSet.addEventDestination('ToFeedbackQueue', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });

    const action = new cloudwatchActions.SnsAction(props.alarmTopic);
    const alarm = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, alarmId, { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...alarmProps });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };
    const spendLimit = props.smsMonthlySpendUsd;
    alarm('SmsSpend', {
      alarmDescription:
        `SMS spend this month passed ${SMS_SPEND_ALARM_SHARE * 100}% of the account's $${spendLimit} limit: at the limit SNS stops sending SMS ` +
        '(the notifier stops at 90% and keeps notices in the inbox and email). Raise the spend limit (a Service Quotas request) and sis:notifySmsMonthlySpendUsd.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.hours(1),
      }),
      threshold: spendLimit * SMS_SPEND_ALARM_SHARE,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
    // METRIC.notificationsFailed (functions/platform/observability.ts), as the notifier and its sweep report it.
    const failed = (service: string) =>
      new cloudwatch.Metric({
        namespace: 'Sis',
        metricName: 'NotificationsFailed',
        dimensionsMap: { service },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      });
    alarm('NotificationsFailed', {
      alarmDescription:
        'Notices are failing to send (more than 10 in 5 minutes, twice in 15): not one bad address (that goes to the notifications DLQ), ' +
        'but a refused identity, a paused account or a broken template. See the notifier and sweep logs.',
      metric: new cloudwatch.MathExpression({
        expression: 'notifier + sweep',
        usingMetrics: { notifier: failed('notifier'), sweep: failed('notificationSweep') },
        label: 'notices failed',
        period: Duration.minutes(5),
      }),
      threshold: 10,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) });
    alarm('BounceRate', {
      alarmDescription: `The account's email bounce rate is above ${SES_REPUTATION.bounceAlarm * 100}% (SES reviews at ${SES_REPUTATION.bounceReview * 100}%): look at the suppression list and the families' addresses.`,
      metric: reputation('Reputation.BounceRate'),
      threshold: SES_REPUTATION.bounceAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    alarm('ComplaintRate', {
      alarmDescription: `The account's email complaint rate is above ${SES_REPUTATION.complaintAlarm * 100}% (SES reviews at ${SES_REPUTATION.complaintReview * 100}%): families are marking notices as spam.`,
      metric: reputation('Reputation.ComplaintRate'),
      threshold: SES_REPUTATION.complaintAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
  }
}
