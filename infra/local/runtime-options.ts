import type { LoadedFunction } from './handlers';
import type { LocalAuth } from './local-auth';
import type { TargetFaults } from './event-bus';
import type { FaultInjection, RelayFaults } from './fault-injection';

/** What `startLocalRuntime` (runtime.ts) is given: `npm start`'s settings, and the knobs only tests and benchmarks turn. */
export interface LocalRuntimeOptions {
  readonly auth: LocalAuth;
  /** API port; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Use a DynamoDB Local that is already running (tests); otherwise one is started. */
  readonly dynamoEndpoint?: string;
  /** Where a started DynamoDB Local keeps its data; undefined keeps it in memory. */
  readonly dynamoDataDir?: string;
  /**
   * Run the started DynamoDB Local in a process group of its own, out of reach of the terminal's
   * Ctrl-C: the runtime stops it last, after the requests and batches in flight (npm start).
   * @default false
   */
  readonly dynamoOwnProcessGroup?: boolean;
  /** @default 'sis' */
  readonly tableName?: string;
  /**
   * Where the notifier's email and SMS go instead of SES and SNS: one JSON line per message in
   * `<dir>/<UTC date>.ndjson`. @default .local/outbox (LOCAL_PATHS.outbox)
   */
  readonly outboxDir?: string;
  /** The local field key file (confidential records' key versions). @default .local/field-key.json (LOCAL_PATHS.fieldKey) */
  readonly fieldKeyFile?: string;
  /** Append every event on the bus to this JSON Lines file (the archive). */
  readonly busArchivePath?: string;
  /** One line per request and per asynchronous failure. @default silent */
  readonly log?: (line: string) => void;
  /**
   * Failed messages come back after this many seconds rather than after the queue's visibility
   * timeout (tests and benchmarks). Messages being processed keep the manifest's visibility
   * timeout (at least 6 × the consumer's timeout), as in AWS: shortening that would deliver a
   * slow but successful message again, and dead-letter it after maxReceives such deliveries.
   * @default the manifest's visibility timeout
   */
  readonly retryDelaySeconds?: number;
  /**
   * The longest a queue's poller gathers a batch that is not full (the manifest's windows are up to
   * 1 s, set for batches under load). The whole-system tests cap it: a write whose event reaches the
   * audit and notification queues waited out a window at each, about 1–2 s per step with the
   * machine idle. Never set by `npm start`. @default the manifest's batching window
   */
  readonly maxBatchingWindowSeconds?: number;
  /**
   * 'timers' runs the manifest's SCHEDULES every rateMinutes (as EventBridge would); 'manual'
   * runs them only through `runSchedule` (tests). @default 'timers'
   */
  readonly schedules?: 'timers' | 'manual';
  /**
   * Called when the runtime cannot go on (DynamoDB Local died and could not be restarted), after
   * it has stopped itself. @default logs the message
   */
  readonly onFatal?: (message: string) => void;
  /** Fault injection for the benchmark and fault tests; never set by `npm start`. */
  readonly faults?: FaultInjection;
  /**
   * The port of the AWS endpoint (SQS, EventBridge). A runtime started again in the same process
   * must reuse it: the functions' SDK clients keep the endpoint they were created with, as a
   * Lambda's keep theirs across a restart of the services behind them. @default a free port
   */
  readonly awsPort?: number;
  /** The stream relay failing (a bus outage): mutable, so a test can end the outage. Never set by `npm start`. */
  readonly relayFaults?: RelayFaults;
  /** The stream pollers' first retry delay (doubling, up to 5 s): a test of an outage shortens it. Never set by `npm start`. @default 100 */
  readonly streamRetryDelayMs?: number;
  /** EventBridge rule targets failing at a rate (retried, then dead-lettered). Never set by `npm start`. */
  readonly targetFaults?: TargetFaults;
  /**
   * The clock (ms) the functions' cache of a region's schools ages by (decision 0087), so a test
   * can step past its TTL without sleeping. Never set by `npm start`. @default Date.now
   */
  readonly regionCacheClock?: () => number;
  /** Wraps every function's handler (the units benchmark meters each function's DynamoDB calls). Never set by `npm start`. */
  readonly wrapHandler?: (fn: LoadedFunction) => LoadedFunction['handler'];
}
