import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { AttributeValue as LambdaAttributeValue, Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DomainEvent } from '../../events/catalog';
import { eventOfOutboxItem } from '../../events/outbox';
import type { EventPublisher } from '../../events/publisher';
import { ENV } from '../names';
import { requireEnv } from '../platform/config';
import { EventBridgePublisher } from '../platform/event-bridge-publisher';
import { count, METRIC, observabilityFor } from '../platform/observability';

const observability = observabilityFor('outboxRelay');

/** Reads the domain event out of an outbox item's stream record, refusing unknown events; an earlier version is upgraded. */
export function eventOf(record: DynamoDBRecord): DomainEvent | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue | LambdaAttributeValue> as Record<string, AttributeValue>);
  if (item.entity !== 'outbox') return undefined; // the event source filter already drops these
  return eventOfOutboxItem(item);
}

/** Publishes one outbox record; a rejected entry fails the record so the stream retries it. */
export function relayWith(publisher: EventPublisher) {
  return async (record: DynamoDBRecord): Promise<void> => {
    const event = eventOf(record);
    if (!event) return;
    const failed = await publisher.publish([event]);
    if (failed.length > 0) throw new Error(`the bus refused event ${String(event.detail.eventId)}`);
    count(observability, METRIC.eventsRelayed);
  };
}

const relay = relayWith(new EventBridgePublisher(requireEnv(ENV.bus)));

/**
 * Stream → bus. Delivery is at least once (a retried batch may publish an event twice), so every
 * event carries its `eventId` and consumers are idempotent on it.
 */
export const handler = middy(async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, relay, new BatchProcessor(EventType.DynamoDBStreams), { context }),
).use(observability.middlewares());
