/**
 * The backlog in AWS, from the metrics AWS keeps of it (decision 0149): the stream relay's lag is
 * its event source mapping's `IteratorAge` (AWS/Lambda: "the age of the last record in the batch"
 * when the function was invoked, in milliseconds), each queue's is `ApproximateAgeOfOldestMessage`
 * (AWS/SQS, seconds). Both are one-minute metrics, read in one GetMetricData call over the last
 * five minutes and kept for 30 seconds per execution environment, so a probe polling `/health`
 * every few seconds costs one call per half minute. The CloudWatch client is imported at the first
 * read, not with the function.
 */
import type { QueueId } from '../names';
import type { BacklogReport, BacklogSource } from './backlog';
import { TtlCache } from './ttl-cache';

/** What the stack tells the health function: the relay's function name and each queue's name. */
export interface BacklogMetrics {
  readonly relayFunctionName: string;
  readonly queueNames: Readonly<Partial<Record<QueueId, string>>>;
}

/** The environment variable holding `BacklogMetrics` as JSON (set on the health function only). */
export const BACKLOG_METRICS_ENV = 'BACKLOG_METRICS';

/** One metric query of GetMetricData, as the CloudWatch client takes it. */
export interface MetricQuery {
  readonly Id: string;
  readonly MetricStat: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: { Name: string; Value: string }[] };
    readonly Period: number;
    readonly Stat: string;
  };
}

/** What the source needs of CloudWatch: GetMetricData's newest values per query id. */
export type MetricReader = (queries: readonly MetricQuery[], start: Date, end: Date) => Promise<Record<string, number | undefined>>;

const WINDOW_MS = 5 * 60_000;
const CACHE_MS = 30_000;

/** The queries for the relay and every queue; query ids are `relay` and `q<index>` (GetMetricData ids start with a lower-case letter). */
export function backlogQueries(metrics: BacklogMetrics): { queries: MetricQuery[]; queueOfId: Record<string, QueueId> } {
  const maximum = (Namespace: string, MetricName: string, Name: string, Value: string) => ({
    Metric: { Namespace, MetricName, Dimensions: [{ Name, Value }] },
    Period: 60,
    Stat: 'Maximum',
  });
  const queries: MetricQuery[] = [
    { Id: 'relay', MetricStat: maximum('AWS/Lambda', 'IteratorAge', 'FunctionName', metrics.relayFunctionName) },
  ];
  const queueOfId: Record<string, QueueId> = {};
  Object.entries(metrics.queueNames).forEach(([queue, name], index) => {
    queries.push({ Id: `q${index}`, MetricStat: maximum('AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', name!) });
    queueOfId[`q${index}`] = queue as QueueId;
  });
  return { queries, queueOfId };
}

/** A backlog source over CloudWatch's metrics; a metric with no value in the window counts as 0 (nothing waiting). */
export function cloudWatchBacklog(
  metrics: BacklogMetrics,
  read: MetricReader = readWithCloudWatch,
  now: () => number = Date.now,
): BacklogSource {
  const { queries, queueOfId } = backlogQueries(metrics);
  const cache = new TtlCache<BacklogReport>({ ttlMs: CACHE_MS, maxEntries: 1, now });
  return () =>
    cache.get('backlog', async () => {
      const end = now();
      const values = await read(queries, new Date(end - WINDOW_MS), new Date(end));
      const queueOldestAgeSeconds: Partial<Record<QueueId, number>> = {};
      for (const [id, queue] of Object.entries(queueOfId)) queueOldestAgeSeconds[queue] = Math.round(values[id] ?? 0);
      return { relayLagSeconds: Math.round((values.relay ?? 0) / 1000), queueOldestAgeSeconds };
    });
}

/** The settings the stack put in the environment, or undefined where none are (the local runtime registers its own source). */
export function backlogMetricsFromEnvironment(env: NodeJS.ProcessEnv = process.env): BacklogMetrics | undefined {
  const raw = env[BACKLOG_METRICS_ENV];
  return raw ? (JSON.parse(raw) as BacklogMetrics) : undefined;
}

/** GetMetricData, newest value first (its default order), so each query's first value is its latest minute. */
async function readWithCloudWatch(queries: readonly MetricQuery[], start: Date, end: Date): Promise<Record<string, number | undefined>> {
  const { CloudWatchClient, GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
  client ??= new CloudWatchClient({});
  const answer = await client.send(
    new GetMetricDataCommand({
      MetricDataQueries: queries.map((query) => ({ ...query, ReturnData: true })),
      StartTime: start,
      EndTime: end,
    }),
  );
  return Object.fromEntries((answer.MetricDataResults ?? []).map((result) => [result.Id!, result.Values?.[0]]));
}

let client: import('@aws-sdk/client-cloudwatch').CloudWatchClient | undefined;
