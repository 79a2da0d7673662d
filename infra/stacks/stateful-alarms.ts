import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';

/** What the stateful stack's own alarms watch. */
export interface DataAlarmTargets {
  readonly table: dynamodb.TableV2;
  readonly bus: events.IEventBus;
  readonly rules: Readonly<Record<string, events.Rule>>;
  readonly alarmTopic: sns.ITopic;
}

/**
 * The alarms on what the stateful stack holds: the table's throttles and system errors, and each bus
 * rule's failed deliveries; every one notifies the alarm topic. Built in the stack's own scope, so
 * their logical ids are the ones the stack gave them when it built them itself.
 */
export function addDataAlarms(stack: Stack, data: DataAlarmTargets): cloudwatch.Alarm[] {
  const alarms: cloudwatch.Alarm[] = [];
  const alarmAction = new cloudwatchActions.SnsAction(data.alarmTopic);
  const alarm = (id: string, alarmProps: cloudwatch.AlarmProps) => {
    const created = new cloudwatch.Alarm(stack, id, { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...alarmProps });
    created.addAlarmAction(alarmAction);
    alarms.push(created);
    return created;
  };
  const fiveMinutes = { period: Duration.minutes(5) };
  alarm('TableThrottlesAlarm', {
    alarmDescription:
      'The table is throttling requests (reads or writes, table or index): a hot key or the throughput cap. See Contributor Insights.',
    metric: new cloudwatch.MathExpression({
      expression: 'r + w',
      usingMetrics: {
        r: data.table.metric('ReadThrottleEvents', { ...fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        w: data.table.metric('WriteThrottleEvents', { ...fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      },
      label: 'Throttle events',
      period: Duration.minutes(5),
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
  });
  alarm('TableSystemErrorsAlarm', {
    alarmDescription: 'DynamoDB answered 500s: retried by the SDK, but a run of them means an AWS-side event (check the Health Dashboard).',
    metric: data.table.metricSystemErrorsForOperations({
      ...fiveMinutes,
      operations: [
        dynamodb.Operation.GET_ITEM,
        dynamodb.Operation.QUERY,
        dynamodb.Operation.PUT_ITEM,
        dynamodb.Operation.UPDATE_ITEM,
        dynamodb.Operation.TRANSACT_WRITE_ITEMS,
        dynamodb.Operation.BATCH_GET_ITEM,
        dynamodb.Operation.GET_RECORDS,
      ],
    }),
    threshold: 5,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
  });
  for (const [ruleId, rule] of Object.entries(data.rules)) {
    alarm(`RuleFailedInvocations-${ruleId}`, {
      alarmDescription: `The ${ruleId} bus rule failed to deliver events to its target (they are retried for 24 hours, then land in its DLQ).`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { EventBusName: data.bus.eventBusName, RuleName: rule.ruleName },
        ...fiveMinutes,
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
  }
  return alarms;
}
