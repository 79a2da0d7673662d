import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The business figures on the dashboard: Powertools metrics in the `Sis` namespace, found by name
 * whatever function (service dimension) reports them, so a figure appears as soon as its
 * function starts reporting it.
 */
export const BUSINESS_METRICS = [
  { metricName: 'EnrollmentRequestsAccepted', label: 'Enrollments accepted' },
  { metricName: 'EnrollmentsCompleted', label: 'Enrolled' },
  { metricName: 'EnrollmentRequestsRejected', label: 'Enrollments rejected' },
  { metricName: 'EnrollmentRequestsFailed', label: 'Enrollments failed' },
  { metricName: 'AttendanceSubmitted', label: 'Attendance submitted' },
  { metricName: 'NotificationsSent', label: 'Notifications sent' },
  { metricName: 'NotificationsFailed', label: 'Notifications failed' },
] as const;

export interface ObservedApi {
  readonly name: string;
  readonly api: apigwv2.IHttpApi;
  /** The API's 429 count (ApiAlarms.throttled). */
  readonly throttled: cloudwatch.IMetric;
}

export interface SisDashboardProps {
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Route groups: the functions that serve routes (one per group). */
  readonly apiFunctions: readonly string[];
  readonly apis: readonly ObservedApi[];
  /** The stream relay, whose iterator age says how far behind the table's stream the bus is. */
  readonly streamRelay: lambda.IFunction;
  readonly queues: Readonly<Record<string, sqs.IQueue>>;
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  readonly table: dynamodb.ITableV2;
  readonly dashboardName: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * One dashboard of the whole system: requests, latency, errors and 429s by API, the route groups,
 * every function, the queues, the stream and the table, and the business figures. The alarms
 * live beside what they watch (constructs/alarms.ts).
 */
export class SisDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: SisDashboardProps) {
    super(scope, id);
    const iteratorAge = props.streamRelay.metric('IteratorAge', { period: FIVE_MINUTES, statistic: cloudwatch.Stats.MAXIMUM });

    const graph = (title: string, metrics: cloudwatch.IMetric[], width = 8, right?: cloudwatch.IMetric[]) =>
      new cloudwatch.GraphWidget({ title, left: metrics, ...(right ? { right } : {}), width, height: 6 });
    const perFunction = (make: (fn: lambda.IFunction, name: string) => cloudwatch.IMetric) =>
      Object.entries(props.functions).map(([name, fn]) => make(fn, name));
    const labelled = (metric: cloudwatch.Metric, label: string) => metric.with({ label });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '# Requests, latency and errors by API', width: 24, height: 1 }));
    for (const { name, api, throttled } of props.apis) {
      this.dashboard.addWidgets(
        graph(`${name} API: requests`, [labelled(api.metricCount({ statistic: cloudwatch.Stats.SUM }), 'requests')]),
        graph(`${name} API: latency`, [
          labelled(api.metricLatency({ statistic: cloudwatch.Stats.percentile(50) }), 'p50'),
          labelled(api.metricLatency({ statistic: cloudwatch.Stats.percentile(99) }), 'p99'),
        ]),
        graph(`${name} API: errors`, [
          labelled(api.metricClientError({ statistic: cloudwatch.Stats.SUM }), '4xx'),
          labelled(api.metricServerError({ statistic: cloudwatch.Stats.SUM }), '5xx'),
          throttled,
        ]),
      );
    }
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '# Route groups (one function each)', width: 24, height: 1 }));
    const groups = props.apiFunctions.map((name) => [name, props.functions[name]!] as const);
    this.dashboard.addWidgets(
      graph(
        'Route groups: requests',
        groups.map(([name, fn]) => labelled(fn.metricInvocations({ statistic: cloudwatch.Stats.SUM }), name)),
      ),
      graph('Route groups: p50 / p99 duration', [
        ...groups.map(([name, fn]) => labelled(fn.metricDuration({ statistic: cloudwatch.Stats.percentile(50) }), `${name} p50`)),
        ...groups.map(([name, fn]) => labelled(fn.metricDuration({ statistic: cloudwatch.Stats.percentile(99) }), `${name} p99`)),
      ]),
      graph(
        'Route groups: errors',
        groups.map(([name, fn]) => labelled(fn.metricErrors({ statistic: cloudwatch.Stats.SUM }), name)),
      ),
    );
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '# Functions', width: 24, height: 1 }));
    this.dashboard.addWidgets(
      graph(
        'Errors',
        perFunction((fn, name) => labelled(fn.metricErrors({ statistic: cloudwatch.Stats.SUM }), name)),
        6,
      ),
      graph(
        'Throttles',
        perFunction((fn, name) => labelled(fn.metricThrottles({ statistic: cloudwatch.Stats.SUM }), name)),
        6,
      ),
      graph(
        'Duration p99',
        perFunction((fn, name) => labelled(fn.metricDuration({ statistic: cloudwatch.Stats.percentile(99) }), name)),
        6,
      ),
      graph(
        'Concurrent executions',
        perFunction((fn, name) => labelled(fn.metric('ConcurrentExecutions', { statistic: cloudwatch.Stats.MAXIMUM }), name)),
        6,
      ),
    );
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '# Queues, stream and table', width: 24, height: 1 }));
    const queues = Object.entries(props.queues);
    this.dashboard.addWidgets(
      graph(
        'Queue depth',
        queues.map(([name, queue]) =>
          labelled(queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM }), name),
        ),
        6,
      ),
      graph(
        'Oldest message age (s)',
        queues.map(([name, queue]) => labelled(queue.metricApproximateAgeOfOldestMessage({ statistic: cloudwatch.Stats.MAXIMUM }), name)),
        6,
      ),
      graph(
        'Dead-letter queue depth',
        Object.entries(props.deadLetterQueues).map(([name, queue]) =>
          labelled(queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM }), name),
        ),
        6,
      ),
      graph('Stream iterator age (ms)', [labelled(iteratorAge, 'outbox relay')], 6),
    );
    this.dashboard.addWidgets(
      graph(
        'Table: consumed capacity (units/s)',
        [
          new cloudwatch.MathExpression({
            expression: 'r / PERIOD(r)',
            usingMetrics: { r: props.table.metricConsumedReadCapacityUnits({ statistic: cloudwatch.Stats.SUM }) },
            label: 'read units/s',
          }),
          new cloudwatch.MathExpression({
            expression: 'w / PERIOD(w)',
            usingMetrics: { w: props.table.metricConsumedWriteCapacityUnits({ statistic: cloudwatch.Stats.SUM }) },
            label: 'write units/s',
          }),
        ],
        12,
      ),
      graph(
        'Table: throttles',
        [
          labelled(props.table.metric('ReadThrottleEvents', { statistic: cloudwatch.Stats.SUM }), 'read throttles'),
          labelled(props.table.metric('WriteThrottleEvents', { statistic: cloudwatch.Stats.SUM }), 'write throttles'),
        ],
        12,
      ),
    );
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '# Business (Powertools metrics, namespace Sis)', width: 24, height: 1 }),
    );
    this.dashboard.addWidgets(
      graph('Enrollments', BUSINESS_METRICS.filter((metric) => metric.metricName.startsWith('Enrollment')).map(businessMetric), 12),
      graph(
        'Attendance and notifications',
        BUSINESS_METRICS.filter((metric) => !metric.metricName.startsWith('Enrollment')).map(businessMetric),
        12,
      ),
    );
  }
}

/** A business figure summed over every function that reports it (a search expression: no dimension to know in advance). */
function businessMetric(metric: (typeof BUSINESS_METRICS)[number]): cloudwatch.IMetric {
  return new cloudwatch.MathExpression({
    expression: `SUM(SEARCH('{Sis,service} MetricName="${metric.metricName}"', 'Sum', 300))`,
    usingMetrics: {},
    label: metric.label,
    period: FIVE_MINUTES,
  });
}
