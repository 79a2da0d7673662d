import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/** A construct whose alarms all notify one topic, missing data counting as fine. */
abstract class AlarmSet extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: cloudwatchActions.SnsAction;

  protected constructor(scope: Construct, id: string, alarmTopic: sns.ITopic) {
    super(scope, id);
    this.action = new cloudwatchActions.SnsAction(alarmTopic);
  }

  protected alarm(alarmId: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const created = new cloudwatch.Alarm(this, alarmId, { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...props });
    created.addAlarmAction(this.action);
    this.alarms.push(created);
    return created;
  }
}

export interface FunctionAlarmsProps {
  readonly alarmTopic: sns.ITopic;
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The stream relay, whose iterator age says how far behind the table's stream the bus is. */
  readonly streamRelay: lambda.IFunction;
}

/** Alarms on every function (errors, throttles) and on the stream relay's iterator age. */
export class FunctionAlarms extends AlarmSet {
  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id, props.alarmTopic);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`Errors-${name}`, {
        alarmDescription: `Function ${name} is failing (unhandled errors in 3 of the last 5 minutes): see its logs and traces.`,
        metric: fn.metricErrors({ period: ONE_MINUTE, statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
      });
      this.alarm(`Throttles-${name}`, {
        alarmDescription: `Function ${name} is throttled: it reached its reserved concurrency (infra/stacks/capacity.ts).`,
        metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
    this.alarm('StreamIteratorAge', {
      alarmDescription:
        'The stream relay is more than 10 minutes behind the table: events are late, and records older than 24 hours leave the stream. ' +
        "Check the relay's errors and the stream on-failure queue.",
      metric: props.streamRelay.metric('IteratorAge', { period: ONE_MINUTE, statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: Duration.minutes(10).toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
  }
}

export interface ApiAlarmsProps {
  readonly alarmTopic: sns.ITopic;
  /** The API's name in alarm texts (staff, family). */
  readonly name: string;
  readonly api: apigwv2.IHttpApi;
  /** The stage's JSON access log (the `status` field): the only place API Gateway reports a 429 of an HTTP API. */
  readonly accessLogs: logs.ILogGroup;
  /** Namespace and name of the metric counting the API's 429s, unique per API and stage. */
  readonly throttledMetric: { readonly namespace: string; readonly metricName: string };
  /** @default 3 seconds */
  readonly latencyP99?: Duration;
}

/**
 * The API's 5xx rate, p99 latency and 429s. HTTP APIs publish no throttle metric (only 4xx, which
 * also counts every 401 and 404), so a metric filter counts the access log's 429s. API Gateway may
 * skip logging "excessive" 429s (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-monitor.html),
 * so the count is a floor: the alarm fires early, never late.
 */
export class ApiAlarms extends AlarmSet {
  readonly throttled: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id, props.alarmTopic);
    const { name, api } = props;
    const latencyP99 = props.latencyP99 ?? Duration.seconds(3);
    this.alarm('ServerErrors', {
      alarmDescription: `The ${name} API answered 5xx more than 1% of its requests for 5 minutes.`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests > 50, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: api.metricServerError({ period: ONE_MINUTE, statistic: cloudwatch.Stats.SUM }),
          requests: api.metricCount({ period: ONE_MINUTE, statistic: cloudwatch.Stats.SUM }),
        },
        label: '5xx %',
        period: ONE_MINUTE,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
    });
    this.alarm('LatencyP99', {
      alarmDescription: `The ${name} API's p99 latency has been above ${latencyP99.toSeconds()} s for 5 minutes.`,
      metric: api.metricLatency({ period: ONE_MINUTE, statistic: cloudwatch.Stats.percentile(99) }),
      threshold: latencyP99.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
    });
    const filter = new logs.MetricFilter(this, 'ThrottledFilter', {
      logGroup: props.accessLogs,
      filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: props.throttledMetric.namespace,
      metricName: props.throttledMetric.metricName,
      metricValue: '1',
      unit: cloudwatch.Unit.COUNT,
    });
    this.throttled = filter.metric({ period: ONE_MINUTE, statistic: cloudwatch.Stats.SUM, label: '429' });
    // The throttle budget (infra/stacks/capacity.ts) is sized so the modelled first day answers no
    // 429 (the first-day simulation's apiThrottled = 0): 429s in 3 of 5 minutes mean a client or
    // a day the model did not plan for.
    this.alarm('Throttled', {
      alarmDescription:
        `The ${name} API refused requests with 429 (its route limits) in 3 of the last 5 minutes: a route's budget ` +
        "is exhausted. See the access log's routeKey and sub for which route and which caller (docs/deploy.md).",
      metric: this.throttled,
      threshold: 10,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
  }
}

export interface WafAlarmsProps {
  readonly alarmTopic: sns.ITopic;
  /** The web ACL's name (the metric's WebACL dimension). */
  readonly webAclName: string;
  /** `Region` dimension of a REGIONAL web ACL; a CLOUDFRONT one has none. */
  readonly region?: string;
  /** Metric names of the rate rules to watch. */
  readonly rules: readonly string[];
  /** In count mode the rules count what they would block: the alarm watches the counts. */
  readonly mode: 'count' | 'block';
}

/** An alarm per rate rule of a web ACL on the requests it blocks (or, in count mode, would block). */
export class WafAlarms extends AlarmSet {
  constructor(scope: Construct, id: string, props: WafAlarmsProps) {
    super(scope, id, props.alarmTopic);
    const metricName = props.mode === 'block' ? 'BlockedRequests' : 'CountedRequests';
    for (const rule of props.rules) {
      this.alarm(`Rate-${rule}`, {
        alarmDescription:
          `WAF rule ${rule} of ${props.webAclName} ${props.mode === 'block' ? 'blocked' : 'would have blocked (count mode)'} requests ` +
          'in the last 5 minutes. Look up the keys in the WAF log (aws-waf-logs-*): a district address missing from ' +
          'sis:districtEgressCidrs, a client in a loop, or an attack (docs/deploy.md).',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/WAFV2',
          metricName,
          dimensionsMap: { WebACL: props.webAclName, Rule: rule, ...(props.region ? { Region: props.region } : {}) },
          period: FIVE_MINUTES,
          statistic: cloudwatch.Stats.SUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
  }
}
