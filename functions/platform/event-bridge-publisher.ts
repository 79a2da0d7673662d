import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../../events/catalog';
import type { EventPublisher } from '../../events/publisher';
import { traced } from './aws-clients';

const PUT_EVENTS_LIMIT = 10;

/** EventBridge adapter (the local runtime serves the same PutEvents API on loopback). */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly busName: string,
    private readonly client = traced(new EventBridgeClient({})),
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<number[]> {
    const failed: number[] = [];
    for (let start = 0; start < events.length; start += PUT_EVENTS_LIMIT) {
      const chunk = events.slice(start, start + PUT_EVENTS_LIMIT);
      const result = await this.client.send(
        new PutEventsCommand({
          Entries: chunk.map((event) => ({
            EventBusName: this.busName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
          })),
        }),
      );
      result.Entries?.forEach((entry, index) => {
        if (entry.ErrorCode) failed.push(start + index);
      });
    }
    return failed;
  }
}
