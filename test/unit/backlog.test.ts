import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { behind, QUEUE_AGE_DEGRADED_SECONDS, RELAY_LAG_DEGRADED_SECONDS } from '../../functions/platform/backlog';
import { BACKLOG_METRICS_ENV, backlogMetricsFromEnvironment, cloudWatchBacklog } from '../../functions/platform/backlog-cloudwatch';

describe('/health backlog thresholds', () => {
  const caughtUp = { relayLagSeconds: 0, queueOldestAgeSeconds: { audit: 0, notifications: 2 } };

  test('a relay and queues that keep up are not behind', () => {
    expect(behind(caughtUp)).toEqual([]);
    expect(behind({ ...caughtUp, relayLagSeconds: RELAY_LAG_DEGRADED_SECONDS })).toEqual([]);
  });

  test('a relay whose oldest unpublished record is past the threshold is behind', () => {
    expect(behind({ ...caughtUp, relayLagSeconds: RELAY_LAG_DEGRADED_SECONDS + 1 })).toEqual(['stream relay']);
  });

  test('each queue whose oldest message is past the threshold is named', () => {
    const report = { relayLagSeconds: 90, queueOldestAgeSeconds: { audit: QUEUE_AGE_DEGRADED_SECONDS + 1, notifications: 10 } };
    expect(behind(report)).toEqual(['stream relay', 'queue audit']);
  });
});

describe('/health backlog in AWS, from CloudWatch', () => {
  const cloudWatch = mockClient(CloudWatchClient);
  const metrics = {
    relayFunctionName: 'sis-prod-outbox-relay',
    queueNames: { audit: 'sis-prod-audit', notifications: 'sis-prod-notices' },
  };
  beforeEach(() => cloudWatch.reset());

  test('reads the relay’s iterator age and each queue’s oldest message in one call, newest minute first', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'relay', Values: [95_400, 12_000] },
        { Id: 'q0', Values: [412, 300] },
        { Id: 'q1', Values: [] },
      ],
    });
    let clock = Date.parse('2026-09-02T08:05:00Z');
    const source = cloudWatchBacklog(metrics, undefined, () => clock);

    const report = await source();

    expect(report).toEqual({ relayLagSeconds: 95, queueOldestAgeSeconds: { audit: 412, notifications: 0 } });
    expect(behind(report)).toEqual(['stream relay', 'queue audit']);
    const [call] = cloudWatch.commandCalls(GetMetricDataCommand);
    expect(call!.args[0].input).toMatchObject({
      StartTime: new Date('2026-09-02T08:00:00Z'),
      EndTime: new Date('2026-09-02T08:05:00Z'),
      MetricDataQueries: [
        {
          Id: 'relay',
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'IteratorAge',
              Dimensions: [{ Name: 'FunctionName', Value: 'sis-prod-outbox-relay' }],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
        {
          Id: 'q0',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/SQS',
              MetricName: 'ApproximateAgeOfOldestMessage',
              Dimensions: [{ Name: 'QueueName', Value: 'sis-prod-audit' }],
            },
          },
        },
        { Id: 'q1', MetricStat: { Metric: { Dimensions: [{ Name: 'QueueName', Value: 'sis-prod-notices' }] } } },
      ],
    });

    // A probe asking again within 30 seconds is answered from the last reading; after it, CloudWatch is read again.
    clock += 29_000;
    await source();
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    clock += 2_000;
    await source();
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(2);
  });

  test('the health function is told what to read by its environment, and nothing elsewhere', () => {
    expect(backlogMetricsFromEnvironment({ [BACKLOG_METRICS_ENV]: JSON.stringify(metrics) })).toEqual(metrics);
    expect(backlogMetricsFromEnvironment({})).toBeUndefined();
  });
});
