import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AttributeValue as LambdaAttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { DomainEvent } from '../../events/catalog';
import { eventOfOutboxItem } from '../../events/outbox';
import type { EventPublisher } from '../../events/publisher';
import { ENV } from '../names';
import { requireEnv } from '../platform/config';
import { EventBridgePublisher } from '../platform/event-bridge-publisher';
import { count, METRIC, observabilityFor, type Log } from '../platform/observability';

const observability = observabilityFor('outboxRelay');

/** Reads the domain event out of an outbox item's stream record, refusing unknown events; an earlier version is upgraded. */
export function eventOf(record: DynamoDBRecord): DomainEvent | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue | LambdaAttributeValue> as Record<string, AttributeValue>);
  if (item.entity !== 'outbox') return undefined; // the event source filter already drops these
  return eventOfOutboxItem(item);
}

export interface RelayOptions {
  /** Publishing attempts within one invocation before the entries still refused go back to the stream. @default 3 */
  readonly attempts?: number;
  /** Wait before the second attempt, doubled for each further one. @default 100 */
  readonly backoffMs?: number;
  /** Event ids this instance published lately, skipped when the stream delivers their records again. @default 10,000 */
  readonly rememberedEvents?: number;
  readonly log?: Log;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Stream → bus, a batch at a time: the batch's events go out in PutEvents requests of up to 10
 * entries within 256 KB (EventBridgePublisher), and only the entries the bus refused are sent
 * again. What is still refused after `attempts` is reported in `batchItemFailures`; the stream
 * then retries the batch from the first failed record (Lambda's ReportBatchItemFailures), so no
 * event is lost. Records after it that were published come again: this instance skips the events
 * it remembers publishing, and consumers are idempotent on `eventId` for the rest (another
 * instance, a restart), so nothing is filed or sent twice.
 */
export function relayWith(publisher: EventPublisher, options: RelayOptions = {}) {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const published = new RecentIds(options.rememberedEvents ?? 10_000);

  return async (streamEvent: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failed: DynamoDBRecord[] = [];
    let pending: { record: DynamoDBRecord; event: DomainEvent }[] = [];
    for (const record of streamEvent.Records) {
      try {
        const event = eventOf(record);
        if (event && !published.has(String(event.detail.eventId))) pending.push({ record, event });
      } catch (error) {
        // An event the catalog does not know: retried, then given to the on-failure destination.
        options.log?.error('an outbox record holds no event the catalog knows', { error, sequenceNumber: record.dynamodb?.SequenceNumber });
        failed.push(record);
      }
    }
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const refused = new Set(await publisher.publish(pending.map(({ event }) => event)));
      const accepted = pending.filter((_, index) => !refused.has(index));
      for (const { event } of accepted) published.add(String(event.detail.eventId));
      if (accepted.length > 0) count(observability, METRIC.eventsRelayed, accepted.length);
      pending = pending.filter((_, index) => refused.has(index));
      if (pending.length === 0 || attempt >= attempts) break;
      await sleep(backoffMs * 2 ** (attempt - 1));
    }
    if (pending.length > 0) options.log?.warn('the bus refused events; the stream retries their records', { refused: pending.length });
    return {
      batchItemFailures: [...failed, ...pending.map(({ record }) => record)].map((record) => ({
        itemIdentifier: record.dynamodb!.SequenceNumber!,
      })),
    };
  };
}

/** The last `capacity` ids added, oldest forgotten first. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
  }
}

const relay = relayWith(
  new EventBridgePublisher(requireEnv(ENV.bus), undefined, (error) => observability.logger.warn('a PutEvents request failed', { error })),
  { log: observability.logger },
);

/** Stream → bus (delivery at least once: every event carries its `eventId`, and consumers are idempotent on it). */
export const handler = middy(async (event: DynamoDBStreamEvent) => relay(event)).use(observability.middlewares());
