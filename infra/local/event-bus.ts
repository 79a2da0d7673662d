/**
 * EventBridge emulation: PutEvents builds the EventBridge envelope, matches it against the bus
 * rules (the same `BusRuleSpec`s the CDK stack turns into rules) and sends the envelope, as JSON,
 * to each matching rule's target queue in LocalQueues. Accepted events can be archived to a JSON
 * Lines file and observed by listeners.
 *
 * A delivery to a target that fails (here only when `targetFaults` injects it) is retried with
 * backoff under the target's retry policy, which mirrors the stack's (infra/stacks/stateful-stack.ts:
 * 185 attempts, 24 h); when the policy is exhausted the event goes to the rule's dead-letter queue,
 * as EventBridge does. Each delivery reaches the target or its dead-letter queue, never both.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BusRuleSpec, QueueId } from '../../functions/manifest';
import { assertSupportedPattern, matchesPattern } from './event-pattern-matcher';
import type { LocalQueues } from './local-queues';
import { LOCAL_ACCOUNT_ID } from './sqs-shapes';

export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Time?: Date;
  readonly Resources?: readonly string[];
}

export type PutEventsResultEntry = { readonly EventId: string } | { readonly ErrorCode: string; readonly ErrorMessage: string };

/** An event as EventBridge delivers it to targets. */
export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

/** Target deliveries that fail at `failRate` (a target refusing the send), for the fault benchmark. */
export interface TargetFaults {
  readonly failRate: number;
  /** @default Math.random */
  readonly random?: () => number;
  /** Counts the failed delivery attempts, for the report. */
  readonly injected?: { targetFailed: number };
}

/** A rule target's retry policy (the CDK target's `retryAttempts` and `maxEventAge`). */
export interface TargetRetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeMs: number;
  /** First backoff, doubled per attempt up to `maxDelayMs`; local, so milliseconds rather than EventBridge's minutes. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** What the stack configures on every rule target: 185 retries within 24 h. */
export const STACK_TARGET_RETRY_POLICY: TargetRetryPolicy = {
  maximumRetryAttempts: 185,
  maximumEventAgeMs: 24 * 60 * 60 * 1000,
  baseDelayMs: 5,
  maxDelayMs: 200,
};

/** An entry as accepted: its result, and when valid its envelope, the envelope's JSON and the rules it matched. */
interface Accepted {
  readonly result: PutEventsResultEntry;
  readonly event?: EventEnvelope;
  readonly body?: string;
  readonly rules: readonly BusRuleSpec[];
}

export type EventListener = (event: EventEnvelope, matchedRuleIds: readonly string[]) => void;

export interface LocalEventBusOptions {
  readonly queues: LocalQueues;
  readonly rules: readonly BusRuleSpec[];
  /** The LocalQueues name of a rule's target queue. */
  readonly queueNameOf: (queue: QueueId) => string;
  /** Entries naming another bus are rejected, as AWS would. @default 'default' */
  readonly busName?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Append every accepted event as one JSON line to this file. */
  readonly archivePath?: string;
  /** The LocalQueues name of a rule's target dead-letter queue; without it, an exhausted delivery fails the entry. */
  readonly deadLetterQueueOf?: (ruleId: string) => string;
  /** @default STACK_TARGET_RETRY_POLICY */
  readonly retryPolicy?: TargetRetryPolicy;
  /** Fault injection for the benchmark and tests; never set by `npm start`. */
  readonly targetFaults?: TargetFaults;
}

export class LocalEventBus {
  private readonly listeners = new Set<EventListener>();
  private archiveWrites: Promise<void> = Promise.resolve();
  readonly busName: string;
  readonly region: string;

  constructor(private readonly options: LocalEventBusOptions) {
    this.busName = options.busName ?? 'default';
    this.region = options.region ?? 'us-east-1';
    for (const rule of options.rules) assertSupportedPattern(rule.pattern);
  }

  get arn(): string {
    return `arn:aws:events:${this.region}:${LOCAL_ACCOUNT_ID}:event-bus/${this.busName}`;
  }

  /**
   * Publishes the entries; each result is in the same position as its entry. The request's
   * deliveries are grouped by target queue and each queue's written at once (LocalQueues.sendMany);
   * when target faults are injected each delivery goes on its own, with the rule's retry policy. The
   * archive and the listeners see the accepted events in entry order.
   */
  async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResultEntry[]> {
    const accepted = entries.map((entry) => this.accept(entry));
    const failures = this.options.targetFaults ? await this.deliverEach(accepted) : await this.deliverGrouped(accepted);
    const outcomes = accepted.map((outcome, index) => {
      const failure = failures.get(index);
      if (failure === undefined) return outcome;
      // EventBridge reports the entry as failed; the publisher retries (delivery is at least once).
      return { result: { ErrorCode: 'InternalFailure', ErrorMessage: `delivery to a rule target failed: ${failure}` }, rules: [] };
    });
    for (const outcome of outcomes) {
      if (!outcome.event) continue;
      if (this.options.archivePath) this.archive(this.options.archivePath, JSON.stringify(outcome.event));
      for (const listener of this.listeners)
        listener(
          outcome.event,
          outcome.rules.map((rule) => rule.id),
        );
    }
    return outcomes.map((outcome) => outcome.result);
  }

  /** Calls `listener` for every accepted event; returns the function that unsubscribes it. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the archive writes issued so far are on disk. */
  flush(): Promise<void> {
    return this.archiveWrites;
  }

  /** The entry checked and, when valid, its envelope and the rules it matches (nothing delivered yet). */
  private accept(entry: PutEventsEntry): Accepted {
    const invalid = this.validate(entry);
    if (invalid) return { result: invalid, rules: [] };
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType!,
      source: entry.Source!,
      account: LOCAL_ACCOUNT_ID,
      time: (entry.Time && !Number.isNaN(entry.Time.getTime()) ? entry.Time : new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: [...(entry.Resources ?? [])],
      detail: JSON.parse(entry.Detail!),
    };
    const rules = this.options.rules.filter((rule) => matchesPattern(rule.pattern, event));
    return { result: { EventId: event.id }, event, body: JSON.stringify(event), rules };
  }

  /** Every accepted entry's deliveries, one target queue's in one write; a failed write fails its entries. */
  private async deliverGrouped(accepted: readonly Accepted[]): Promise<Map<number, string>> {
    const byQueue = new Map<string, { indexes: number[]; messages: { body: string }[] }>();
    accepted.forEach((outcome, index) => {
      for (const rule of outcome.rules) {
        const queue = this.options.queueNameOf(rule.target.queue);
        const group = byQueue.get(queue) ?? { indexes: [], messages: [] };
        group.indexes.push(index);
        group.messages.push({ body: outcome.body! });
        byQueue.set(queue, group);
      }
    });
    const failures = new Map<number, string>();
    await Promise.all(
      [...byQueue].map(async ([queue, group]) => {
        try {
          await this.options.queues.sendMany(queue, group.messages);
        } catch {
          // One message refused (its size) or the write failed: each sent alone, so only its own entry fails.
          await Promise.all(
            group.indexes.map(async (index, at) => {
              try {
                await this.options.queues.send(queue, group.messages[at]!.body);
              } catch (error) {
                failures.set(index, (error as Error).message);
              }
            }),
          );
        }
      }),
    );
    return failures;
  }

  /** Each delivery on its own, under the target's retry policy (target faults injected). */
  private async deliverEach(accepted: readonly Accepted[]): Promise<Map<number, string>> {
    const failures = new Map<number, string>();
    await Promise.all(
      accepted.map(async (outcome, index) => {
        try {
          await Promise.all(outcome.rules.map((rule) => this.deliverToTarget(rule, outcome.body!)));
        } catch (error) {
          failures.set(index, (error as Error).message);
        }
      }),
    );
    return failures;
  }

  /**
   * One rule's delivery: retried with backoff while the target fails, then dead-lettered. An
   * injected failure happens before the send, so a retried delivery is never doubled; a failing
   * local queue store (not a target failure) still fails the entry and the publisher retries it.
   */
  private async deliverToTarget(rule: BusRuleSpec, body: string): Promise<void> {
    const policy = this.options.retryPolicy ?? STACK_TARGET_RETRY_POLICY;
    const faults = this.options.targetFaults;
    const acceptedAt = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      const failed = faults !== undefined && (faults.random ?? Math.random)() < faults.failRate;
      if (!failed) {
        await this.options.queues.send(this.options.queueNameOf(rule.target.queue), body);
        return;
      }
      if (faults.injected) faults.injected.targetFailed += 1;
      const exhausted = attempt >= policy.maximumRetryAttempts || Date.now() - acceptedAt >= policy.maximumEventAgeMs;
      if (exhausted) {
        if (!this.options.deadLetterQueueOf) throw new Error(`the target of rule ${rule.id} failed ${attempt + 1} times`);
        // EventBridge says why on the dead letter, in message attributes.
        const messageAttributes = {
          ERROR_CODE: { DataType: 'String', StringValue: 'SDK_CLIENT_ERROR' },
          ERROR_MESSAGE: { DataType: 'String', StringValue: 'injected: the target refused the event' },
          RULE_ARN: {
            DataType: 'String',
            StringValue: `arn:aws:events:${this.region}:${LOCAL_ACCOUNT_ID}:rule/${this.busName}/${rule.id}`,
          },
          RETRY_ATTEMPTS: { DataType: 'Number', StringValue: String(attempt) },
        };
        await this.options.queues.send(this.options.deadLetterQueueOf(rule.id), body, { messageAttributes });
        return;
      }
      await sleep(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
    }
  }

  private validate(entry: PutEventsEntry): PutEventsResultEntry | undefined {
    if (entry.EventBusName && entry.EventBusName !== this.busName && entry.EventBusName !== this.arn) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName} does not exist.` };
    }
    if (!entry.Source)
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' };
    if (!entry.DetailType)
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      };
    if (!entry.Detail)
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' };
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed: it must be a JSON object.' };
    }
    return undefined;
  }

  private archive(path: string, line: string): void {
    this.archiveWrites = this.archiveWrites
      .then(async () => {
        await mkdir(dirname(path), { recursive: true });
        await appendFile(path, `${line}\n`);
      })
      .catch((error: unknown) => console.error('[event-bus] archive write failed', error));
  }
}
