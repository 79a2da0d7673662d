import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { BUS_RULES, ENV, QUEUES, STREAM_CONSUMERS, type HandlerId, type QueueId } from '../manifest';
import { lambdaContext, startApiServer } from './api-server';
import { startAwsEndpoint } from './aws-endpoint';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient, startDynamoLocal, type DynamoLocal } from './dynamo-local';
import { LocalEventBus } from './event-bus';
import { loadFunctions, type LoadedFunction } from './handlers';
import type { LocalAuth } from './local-auth';
import { LocalQueues } from './local-queues';
import { QueuePoller } from './queue-poller';
import { StreamPoller } from './stream-poller';

export interface LocalRuntimeOptions {
  readonly auth: LocalAuth;
  /** API port; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Use a DynamoDB Local that is already running (tests); otherwise one is started. */
  readonly dynamoEndpoint?: string;
  /** Where a started DynamoDB Local keeps its data; undefined keeps it in memory. */
  readonly dynamoDataDir?: string;
  /** @default 'sis' */
  readonly tableName?: string;
  /** Append every event on the bus to this JSON Lines file (the archive). */
  readonly busArchivePath?: string;
  /** One line per request and per asynchronous failure. @default silent */
  readonly log?: (line: string) => void;
}

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
  /** Resolves when every queue is drained and the stream relay has caught up. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

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
  const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo = await startDynamoLocal({ inMemory: !options.dynamoDataDir, dataDir: options.dynamoDataDir })).endpoint;
  const dynamoClient = localDynamoClient(dynamoEndpoint);
  await ensureTable(dynamoClient, tableName);

  const queues = new LocalQueues({ client: dynamoClient, tableName: `${tableName}-local-sqs` });
  await queues.ensureTable();
  const names = (id: QueueId) => localQueueName(tableName, id);
  for (const spec of QUEUES) {
    const { queue, dlq } = names(spec.id);
    queues.declare(dlq, { visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds });
    queues.declare(queue, { visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds, maxReceives: spec.maxReceives, deadLetterQueue: dlq });
  }
  const relayFailures = `${tableName}-stream-failures`;
  queues.declare(relayFailures, { visibilityTimeoutSeconds: 30 });
  // Messages a previous run had in flight would otherwise stay hidden for a whole visibility
  // timeout; Lambda's pollers would be long gone too, so make them visible again now.
  for (const name of queues.queueNames()) await queues.releaseInFlight(name);

  const busName = `${tableName}-bus`;
  const bus = new LocalEventBus({ queues, rules: BUS_RULES, queueNameOf: (id) => names(id).queue, busName, archivePath: options.busArchivePath });
  const aws = await startAwsEndpoint({ queues, bus });

  // What Lambda's configuration would give each function: where the resources are.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: aws.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'sis',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    [ENV.table]: tableName,
    [ENV.bus]: busName,
    ...Object.fromEntries(QUEUES.map((spec) => [ENV.queueUrl(spec.id), `${aws.url}/000000000000/${names(spec.id).queue}`])),
  });
  const functions = await loadFunctions();
  const fn = (id: HandlerId) => functions.get(id)!;

  const pollers = QUEUES.map((spec) => {
    const consumer = fn(spec.consumer);
    return new QueuePoller({
      queues,
      queueName: names(spec.id).queue,
      batchSize: spec.batchSize,
      batchingWindowSeconds: spec.batchingWindowSeconds,
      maxConcurrency: spec.maxConcurrency,
      invoke: async (event: SQSEvent) =>
        (await consumer.handler(event, lambdaContext(consumer.functionName, consumer.timeoutSeconds))) as SQSBatchResponse | void,
      onError: (error) => log(`${consumer.functionName} failed a batch: ${(error as Error).message}`),
    });
  });

  const streamsClient = new DynamoDBStreamsClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const streamPollers = STREAM_CONSUMERS.map((spec) => {
    const consumer = fn(spec.handler);
    return new StreamPoller({
      streamsClient,
      dynamoClient,
      tableName,
      checkpoints: queues,
      consumerId: spec.id,
      batchSize: spec.batchSize,
      filter: spec.filter,
      maxRetries: spec.maxRetries,
      invoke: async (event: DynamoDBStreamEvent) =>
        (await consumer.handler(event, lambdaContext(consumer.functionName, consumer.timeoutSeconds))) as DynamoDBBatchResponse | void,
      onFailure: async (records, error) => {
        log(`${consumer.functionName} gave up on ${records.length} stream record(s): ${(error as Error)?.message ?? error}`);
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

  for (const poller of pollers) poller.start();
  for (const poller of streamPollers) poller.start();

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
    idle: async (timeoutMs = 30_000) => {
      // The relay first (it feeds the bus, which feeds the queues), then the queues.
      await Promise.all(streamPollers.map((poller) => poller.idle(timeoutMs)));
      await bus.flush();
      await Promise.all(pollers.map((poller) => poller.idle(timeoutMs)));
    },
    stop: async () => {
      await api.close();
      await Promise.all([...pollers, ...streamPollers].map((poller) => poller.stop()));
      await aws.close();
      streamsClient.destroy();
      dynamoClient.destroy();
      await dynamo?.stop();
    },
  };
}

