import { noticeRatesFrom, SMS_SPEND_ALARM_SHARE } from '../../infra/constructs/notices';
import { logicalIdOf, resourcesOf, statementsOfRole, synthSis, type CfnValue } from './support/synth';

const RATES = { emailPerSecond: 200, smsOrigination: 'shortCode' as const, smsPartsPerSecond: 100, smsMonthlySpendUsd: 20_000 };
const sis = synthSis({ config: { notify: { fromAddress: 'notices@district.example', rates: RATES } } });
const alarms = () => Object.values(resourcesOf(sis.statefulTemplate, 'AWS::CloudWatch::Alarm'));
const alarmOn = (metricName: string) =>
  alarms().find(
    (alarm) =>
      alarm.Properties.MetricName === metricName || JSON.stringify(alarm.Properties.Metrics ?? []).includes(`"MetricName":"${metricName}"`),
  );
const environmentOf = (handler: 'notifier' | 'notificationSweep') => {
  const fn = resourcesOf(sis.computeTemplate, 'AWS::Lambda::Function')[logicalIdOf(sis.compute.functions[handler])]!;
  return (fn.Properties.Environment as { Variables: Record<string, CfnValue> }).Variables;
};

describe('family notices: pacing, feedback and alarms', () => {
  it('sends with a configuration set whose deliveries, bounces, complaints and rejects go to the feedback queue, raw', () => {
    const [set] = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::SES::ConfigurationSet'));
    expect(set!.Properties).toMatchObject({ Name: 'sis-dev-notices', ReputationOptions: { ReputationMetricsEnabled: true } });
    const [destination] = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::SES::ConfigurationSetEventDestination'));
    const eventDestination = destination!.Properties.EventDestination as { MatchingEventTypes: string[]; SnsDestination: CfnValue };
    expect([...eventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery', 'reject']);
    const topicId = logicalIdOf(sis.stateful.notices.feedbackTopic);
    expect(eventDestination.SnsDestination).toEqual({ TopicARN: { Ref: topicId } });
    const [subscription] = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::SNS::Subscription')).filter(
      (candidate) => JSON.stringify(candidate.Properties.TopicArn) === JSON.stringify({ Ref: topicId }),
    );
    expect(subscription!.Properties).toMatchObject({ Protocol: 'sqs', RawMessageDelivery: true });
    expect(JSON.stringify(subscription!.Properties.Endpoint)).toContain(logicalIdOf(sis.stateful.queues.noticeFeedback.queue));
  });

  it('the feedback topic is encrypted with a key SES may use, and only SES of this account may publish to it', () => {
    const topic = resourcesOf(sis.statefulTemplate, 'AWS::SNS::Topic')[logicalIdOf(sis.stateful.notices.feedbackTopic)]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const policies = JSON.stringify(resourcesOf(sis.statefulTemplate, 'AWS::SNS::TopicPolicy'));
    expect(policies).toContain('ses.amazonaws.com');
    const keys = JSON.stringify(resourcesOf(sis.statefulTemplate, 'AWS::KMS::Key'));
    expect(keys).toMatch(/"Service":"ses\.amazonaws\.com"/);
  });

  it('alarms on SMS spend at 80% of the configured limit, failed notices, and the bounce and complaint rates SES reviews by', () => {
    expect(alarmOn('SMSMonthToDateSpentUSD')?.Properties).toMatchObject({
      Namespace: 'AWS/SNS',
      Threshold: RATES.smsMonthlySpendUsd * SMS_SPEND_ALARM_SHARE,
    });
    expect(alarmOn('NotificationsFailed')).toBeDefined();
    expect(alarmOn('Reputation.BounceRate')?.Properties).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.025 });
    expect(alarmOn('Reputation.ComplaintRate')?.Properties).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.0005 });
    for (const metric of ['SMSMonthToDateSpentUSD', 'NotificationsFailed', 'Reputation.BounceRate', 'Reputation.ComplaintRate']) {
      expect(JSON.stringify(alarmOn(metric)!.Properties.AlarmActions)).toContain('AlarmTopic');
    }
  });

  it.each(['notifier', 'notificationSweep'] as const)(
    '%s paces to the configured rates and sends with the configuration set',
    (handler) => {
      expect(environmentOf(handler)).toMatchObject({
        NOTIFY_EMAIL_PER_SECOND: '200',
        NOTIFY_SMS_PARTS_PER_SECOND: '100',
        NOTIFY_SMS_ORIGINATION: 'shortCode',
        NOTIFY_SMS_MONTHLY_SPEND_USD: '20000',
        NOTIFY_SES_CONFIGURATION_SET: 'sis-dev-notices',
      });
    },
  );

  it('the notifier may put a paced notice back on its own queue, delayed', () => {
    const statements = statementsOfRole(sis.computeTemplate, logicalIdOf(sis.compute.functions.notifier.role));
    expect(statements.some((statement) => [statement.Action].flat().includes('sqs:SendMessage'))).toBe(true);
    expect(environmentOf('notifier').QUEUE_URL_NOTIFICATIONS).toBeDefined();
  });

  it('refuses a rate no origination identity of its kind can have', () => {
    const context = (values: Record<string, string>) => (key: string) => values[key];
    expect(() => noticeRatesFrom(context({ notifySmsOrigination: 'tollFree', notifySmsPartsPerSecond: '10' }))).toThrow(/at most 3 parts/);
    expect(noticeRatesFrom(context({ notifySmsOrigination: 'tenDlc', notifySmsPartsPerSecond: '40' }))).toMatchObject({
      smsPartsPerSecond: 40,
    });
    expect(noticeRatesFrom(context({}))).toMatchObject({ emailPerSecond: 14, smsOrigination: 'tollFree', smsPartsPerSecond: 3 });
  });
});
