import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { BUS_RULES, ENV, QUEUES, SCHEDULES, STREAM_CONSUMERS, type HandlerId, type QueueId } from '../../functions/manifest';
import { lambdaContext, startApiServer } from './api-server';
import { startAwsEndpoint } from './aws-endpoint';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient, startDynamoLocal, type DynamoLocal } from './dynamo-local';
import { LocalEventBus } from './event-bus';
import { duplicateSends, faultyConsumer } from './fault-injection';
import { loadFunctions, type LoadedFunction } from './handlers';
import { LocalQueues } from './local-queues';
import { LOCAL_PATHS } from './paths';
import { behind, registerBacklogSource, type BacklogReport } from '../../functions/platform/backlog';
import { NOTIFY_ENV } from '../../functions/platform/notification-channels';
import { FIELD_KEY_ENV } from '../../functions/platform/field-encryption';
import { regionCacheSettings } from '../../functions/use-cases/region-schools';
import { QueuePoller } from './queue-poller';
import type { LocalRuntimeOptions } from './runtime-options';
import { TableCheckpointStore } from './stream-checkpoints';
import { StreamPoller } from './stream-poller';

export type { FaultInjection, RelayFaults } from './fault-injection';
export type { LocalRuntimeOptions } from './runtime-options';

export interface LocalRuntime {
  readonly apiUrl: string;
  readonly awsEndpoint: string;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly dynamoClient: DynamoDBClient;
  readonly queues: LocalQueues;
  readonly bus: LocalEventBus;
  readonly functions: ReadonlyMap<HandlerId, LoadedFunction>;
  /** Local queue names of each manifest queue. */
  queueNames(id: QueueId): { queue: string; dlq: string };
  /** Resolves when every queue is drained and the stream relay has caught up (within 60 s unless told). */
  idle(timeoutMs?: number): Promise<void>;
  /** Messages waiting in dead-letter queues (and stream records given up on), by queue; empty when none. */
  deadLetters(): Promise<Record<string, number>>;
  /** The stream relay's lag and each queue's oldest message (what /health reports). */
  backlog(): Promise<BacklogReport>;
  /** Invokes a scheduled function now, with its manifest input (or `input`), and returns its result. */
  runSchedule(id: string, input?: Record<string, unknown>): Promise<unknown>;
  /** The DynamoDB Local this runtime started (undefined when it was given an endpoint). */
  readonly dynamoLocal: DynamoLocal | undefined;
  stop(): Promise<void>;
}

/** How often the runtime logs a relay or queue that is past its /health threshold. */
const BACKLOG_LOG_INTERVAL_MS = 30_000;

export const localQueueName = (tableName: string, id: QueueId) => ({ queue: `${tableName}-${id}`, dlq: `${tableName}-${id}-dlq` });

/**
 * The whole system on one machine: DynamoDB Local, the API (API Gateway emulation), the
 * queues and their event source mappings, the stream relay and the event bus, all built from
 * the manifest, exactly as the CDK stack builds the AWS resources.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const tableName = options.tableName ?? 'sis';
  const log = options.log ?? (() => undefined);
  let dynamo: DynamoLocal | undefined;
  // While DynamoDB Local is being restarted, the pollers' connection errors say nothing new.
  let dynamoDown = false;
  const lifecycle: { stop?: () => Promise<void> } = {};
  const dynamoEndpoint =
    options.dynamoEndpoint ??
    (dynamo = await startDynamoLocal({
      inMemory: !options.dynamoDataDir,
      dataDir: options.dynamoDataDir,
      ownProcessGroup: options.dynamoOwnProcessGroup ?? false,
      supervise: {
        onExit: (code, signal) => {
          dynamoDown = true;
          log(`DynamoDB Local exited (${signal ?? code}); restarting it with the same data folder…`);
        },
        onRestarted: () => {
          dynamoDown = false;
          log('DynamoDB Local is running again; the queues, the stream relay and the API carry on.');
        },
        onGaveUp: (message) => {
          dynamoDown = true;
          log(message);
          void (lifecycle.stop?.() ?? Promise.resolve()).finally(() => (options.onFatal ?? log)(message));
        },
      },
    })).endpoint;
  const report = (line: string) => {
    if (!dynamoDown) log(line);
  };
  const dynamoClient = localDynamoClient(dynamoEndpoint);
  await ensureTable(dynamoClient, tableName);

  const queues = new LocalQueues({ client: dynamoClient, tableName: `${tableName}-local-sqs` });
  await queues.ensureTable();
  const names = (id: QueueId) => localQueueName(tableName, id);
  for (const spec of QUEUES) {
    const { queue, dlq } = names(spec.id);
    const { visibilityTimeoutSeconds } = spec;
    queues.declare(dlq, { visibilityTimeoutSeconds });
    queues.declare(queue, { visibilityTimeoutSeconds, maxReceives: spec.maxReceives, deadLetterQueue: dlq });
  }
  const relayFailures = `${tableName}-stream-failures`;
  queues.declare(relayFailures, { visibilityTimeoutSeconds: 30 });
  // Each bus rule's target dead-letter queue (the stack's RuleFailures-<rule> queues).
  const ruleFailures = (ruleId: string) => `${tableName}-rule-${ruleId}-failures`;
  for (const rule of BUS_RULES) queues.declare(ruleFailures(rule.id), { visibilityTimeoutSeconds: 30 });
  // Messages a previous run had in flight would otherwise stay hidden for a whole visibility
  // timeout; Lambda's pollers would be long gone too, so make them visible again now.
  for (const name of queues.queueNames()) await queues.releaseInFlight(name);

  const faults = options.faults;
  if (faults && faults.duplicateRate > 0) duplicateSends(queues, names(faults.queue).queue, faults);

  const busName = `${tableName}-bus`;
  const bus = new LocalEventBus({
    queues,
    rules: BUS_RULES,
    queueNameOf: (id) => names(id).queue,
    busName,
    archivePath: options.busArchivePath,
    deadLetterQueueOf: ruleFailures,
    ...(options.targetFaults ? { targetFaults: options.targetFaults } : {}),
  });
  const aws = await startAwsEndpoint({ queues, bus, ...(options.awsPort !== undefined ? { port: options.awsPort } : {}) });

  // What Lambda's configuration would give each function: where the resources are.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: aws.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // No X-Ray daemon here; EMF metrics are printed only when asked for (LOCAL_METRICS=1).
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: process.env.LOCAL_METRICS === '1' ? 'false' : 'true',
    [ENV.table]: tableName,
    [ENV.bus]: busName,
    [NOTIFY_ENV.outboxDir]: options.outboxDir ?? LOCAL_PATHS.outbox,
    [FIELD_KEY_ENV.keyFile]: options.fieldKeyFile ?? LOCAL_PATHS.fieldKey,
    ...Object.fromEntries(QUEUES.map((spec) => [ENV.queueUrl(spec.id), `${aws.url}/000000000000/${names(spec.id).queue}`])),
  });
  // The functions run in this process: their region cache ages by the runtime's clock.
  regionCacheSettings.now = options.regionCacheClock ?? (() => Date.now());
  const functions = await loadFunctions(() => streamPollers.forEach((poller) => poller.wake()));
  const wrap = options.wrapHandler;
  if (wrap) for (const [id, loaded] of functions) functions.set(id, { ...loaded, handler: wrap(loaded) });
  const fn = (id: HandlerId) => functions.get(id)!;

  const pollers: QueuePoller[] = QUEUES.map((spec) => {
    const consumer = fn(spec.consumer);
    const invoke = async (event: SQSEvent) =>
      (await consumer.handler(event, lambdaContext(consumer.functionName, consumer.timeoutSeconds))) as SQSBatchResponse | void;
    return new QueuePoller({
      queues,
      queueName: names(spec.id).queue,
      batchSize: spec.batchSize,
      batchingWindowSeconds: Math.min(spec.batchingWindowSeconds, options.maxBatchingWindowSeconds ?? Number.POSITIVE_INFINITY),
      maxConcurrency: spec.maxConcurrency,
      invoke: faults?.queue === spec.id && faults.failRate > 0 ? faultyConsumer(invoke, faults) : invoke,
      onError: (error) => report(`${consumer.functionName} failed a batch: ${(error as Error).message}`),
      ...(options.retryDelaySeconds !== undefined ? { retryDelaySeconds: options.retryDelaySeconds } : {}),
    });
  });
  // The consumers of dead-letter queues (they settle what died there).
  for (const spec of QUEUES) {
    if (!spec.deadLetterConsumer) continue;
    const consumer = fn(spec.deadLetterConsumer);
    pollers.push(
      new QueuePoller({
        queues,
        queueName: names(spec.id).dlq,
        batchSize: 10,
        maxConcurrency: 1,
        invoke: async (event: SQSEvent) =>
          (await consumer.handler(event, lambdaContext(consumer.functionName, consumer.timeoutSeconds))) as SQSBatchResponse | void,
        onError: (error) => report(`${consumer.functionName} failed a batch: ${(error as Error).message}`),
        ...(options.retryDelaySeconds !== undefined ? { retryDelaySeconds: options.retryDelaySeconds } : {}),
      }),
    );
  }

  // The manifest's schedules: EventBridge rules in AWS, timers here.
  const runSchedule = async (id: string, input?: Record<string, unknown>) => {
    const spec = SCHEDULES.find((candidate) => candidate.id === id);
    if (!spec) throw new Error(`no schedule ${id} in the manifest`);
    const target = fn(spec.handler);
    return target.handler(input ?? { ...spec.input }, lambdaContext(target.functionName, target.timeoutSeconds));
  };
  const timers =
    (options.schedules ?? 'timers') === 'timers'
      ? SCHEDULES.map((spec) =>
          setInterval(() => {
            if (dynamoDown) return;
            runSchedule(spec.id).catch((error: Error) => report(`schedule ${spec.id} failed: ${error.message}`));
          }, spec.rateMinutes * 60_000).unref(),
        )
      : [];

  const checkpoints = new TableCheckpointStore(dynamoClient, queues.tableName);
  const streamsClient = new DynamoDBStreamsClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const streamPollers = STREAM_CONSUMERS.map((spec) => {
    const consumer = fn(spec.handler);
    return new StreamPoller({
      streamsClient,
      dynamoClient,
      tableName,
      checkpoints,
      consumerId: spec.id,
      batchSize: spec.batchSize,
      filter: spec.filter,
      maxRetries: spec.maxRetries,
      ...(options.streamRetryDelayMs === undefined ? {} : { retryDelayMs: options.streamRetryDelayMs }),
      invoke: async (event: DynamoDBStreamEvent) => {
        const relayFaults = options.relayFaults;
        if (relayFaults && (relayFaults.failing || (relayFaults.random ?? Math.random)() < (relayFaults.failRate ?? 0))) {
          if (relayFaults.injected) relayFaults.injected.relayFailed += 1;
          throw new Error('injected: the relay failed');
        }
        return (await consumer.handler(
          event,
          lambdaContext(consumer.functionName, consumer.timeoutSeconds),
        )) as DynamoDBBatchResponse | void;
      },
      onError: (error) => report(`the stream relay could not poll: ${(error as Error).message}`),
      onFailure: async (records, error) => {
        report(`${consumer.functionName} gave up on ${records.length} stream record(s): ${(error as Error)?.message ?? error}`);
        await queues.send(relayFailures, JSON.stringify({ consumer: spec.id, error: String((error as Error)?.message ?? error), records }));
      },
    });
  });

  const api = await startApiServer({
    port: options.port ?? 3000,
    auth: options.auth,
    handlerOf: (route) => fn(route.handler),
    log,
  });

  // What /health and the start log report: the relay's checkpoint lag and each queue's oldest message.
  const backlog = async (): Promise<BacklogReport> => ({
    relayLagSeconds: Math.round(Math.max(0, ...streamPollers.map((poller) => poller.lagSeconds()))),
    queueOldestAgeSeconds: Object.fromEntries(
      await Promise.all(QUEUES.map(async (spec) => [spec.id, (await queues.stats(names(spec.id).queue)).oldestAgeSeconds] as const)),
    ),
  });
  registerBacklogSource(backlog);
  const backlogWatch = setInterval(() => {
    if (dynamoDown) return;
    backlog()
      .then((current) => {
        const late = behind(current);
        if (late.length > 0) report(`behind: ${late.join(', ')} (${JSON.stringify(current)})`);
      })
      .catch(() => undefined);
  }, BACKLOG_LOG_INTERVAL_MS).unref();

  for (const poller of pollers) poller.start();
  // A stream poller's start resolves once it has found the stream; it never rejects (errors go to its log).
  for (const poller of streamPollers) void poller.start();

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      // First of all: DynamoDB Local exiting now is part of the stop, not a crash to restart from.
      dynamo?.endSupervision();
      for (const timer of timers) clearInterval(timer);
      clearInterval(backlogWatch);
      registerBacklogSource(undefined);
      await api.close();
      // A consumer finishes the batch it has (what it did not finish comes back after its visibility timeout);
      // one that takes a while is named, so a slow stop does not look like a hang.
      const consumers = new Map<string, { stop(): Promise<void> }>([
        ...pollers.map((poller) => [poller.queueName, poller] as const),
        ...streamPollers.map((poller, index) => [`the stream relay (${STREAM_CONSUMERS[index]!.id})`, poller] as const),
      ]);
      const busy = new Set(consumers.keys());
      const waiting = setTimeout(() => log(`Stopping: waiting for ${[...busy].join(', ')} to finish the batch under way…`), 2_000);
      await Promise.all([...consumers].map(async ([name, poller]) => (await poller.stop(), busy.delete(name))));
      clearTimeout(waiting);
      queues.close();
      await aws.close();
      streamsClient.destroy();
      dynamoClient.destroy();
      await dynamo?.stop();
    })());
  lifecycle.stop = stop;

  return {
    apiUrl: api.url,
    awsEndpoint: aws.url,
    tableName,
    dynamoEndpoint,
    dynamoClient,
    queues,
    bus,
    functions,
    queueNames: names,
    // 60 s: a burst of enrollments sets off hundreds of events, which a loaded 2-core machine relays at ~20/s.
    idle: async (timeoutMs = 60_000) => {
      // The relay first (it feeds the bus, which feeds the queues), then the queues; again while
      // one queue fed another meanwhile (a message dead-lettered into a consumed DLQ).
      const polled = QUEUES.flatMap((spec) => [names(spec.id).queue, ...(spec.deadLetterConsumer ? [names(spec.id).dlq] : [])]);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const left = Math.max(1, deadline - Date.now());
        await Promise.all(streamPollers.map((poller) => poller.idle(left)));
        await bus.flush();
        await Promise.all(pollers.map((poller) => poller.idle(left)));
        const waiting = await Promise.all(polled.map(async (name) => queues.stats(name)));
        if (waiting.every((stats) => stats.visible + stats.inFlight + stats.delayed === 0)) return;
        if (Date.now() > deadline) throw new Error(`the queues did not drain within ${timeoutMs} ms`);
      }
    },
    deadLetters: async () => {
      const counts: Record<string, number> = {};
      for (const name of [...QUEUES.map((spec) => names(spec.id).dlq), relayFailures, ...BUS_RULES.map((rule) => ruleFailures(rule.id))]) {
        const stats = await queues.stats(name);
        const waiting = stats.visible + stats.inFlight + stats.delayed;
        if (waiting > 0) counts[name] = waiting;
      }
      return counts;
    },
    runSchedule,
    backlog,
    dynamoLocal: dynamo,
    stop,
  };
}
