import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../../events/catalog';
import type { EventPublisher } from '../../events/publisher';
import { traced } from './aws-clients';
import { EVENTBRIDGE } from './limits';

/**
 * Bytes an entry counts towards PutEvents' size limit, by EventBridge's rule (Time 14 bytes;
 * Source, DetailType, Detail and each resource their UTF-8 bytes:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html), plus the JSON
 * keys and quotes of the entry, which a stand-in that measures the request body counts too.
 */
export function putEventsEntryBytes(entry: PutEventsRequestEntry): number {
  const utf8 = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  const awsRule =
    (entry.Time ? 14 : 0) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + utf8(resource), 0);
  return awsRule + ENTRY_JSON_OVERHEAD_BYTES + utf8(entry.EventBusName);
}

/** `{"Source":"","DetailType":"","Detail":"","EventBusName":""}` and the escapes a JSON detail gains inside a string, generously. */
const ENTRY_JSON_OVERHEAD_BYTES = 256;

/** PutEvents requests one call keeps in flight: a relay batch of 100 goes out at once, a replay of thousands does not open a socket per request. */
const REQUESTS_IN_FLIGHT = 10;

/**
 * Splits entries into PutEvents requests of at most 10 entries and 256 KB each (EventBridge's
 * fixed quotas, functions/platform/limits.ts), keeping their order; returns the index ranges. An
 * entry too large on its own gets a request of its own, which EventBridge refuses and the caller
 * reports as failed.
 */
export function putEventsChunks(sizes: readonly number[]): { start: number; end: number }[] {
  const chunks: { start: number; end: number }[] = [];
  let start = 0;
  let bytes = 0;
  sizes.forEach((size, index) => {
    const full = index - start >= EVENTBRIDGE.entriesPerPutEvents.value || bytes + size > EVENTBRIDGE.putEventsBytes.value;
    if (index > start && full) {
      chunks.push({ start, end: index });
      start = index;
      bytes = 0;
    }
    bytes += size;
  });
  if (sizes.length > start) chunks.push({ start, end: sizes.length });
  return chunks;
}

/**
 * EventBridge adapter (the local runtime serves the same PutEvents API on loopback). The requests
 * of one call go out together; an entry the bus refused, and every entry of a request that failed
 * as a whole (throttled, timed out), is reported by index for the caller to retry.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly busName: string,
    private readonly client = traced(new EventBridgeClient({})),
    /** Told why a whole request failed (its entries are reported as failed). @default writes to console.error */
    private readonly onRequestFailed: (error: unknown) => void = (error) => console.error('PutEvents failed', error),
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<number[]> {
    const entries = events.map((event): PutEventsRequestEntry => ({
      EventBusName: this.busName,
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
    }));
    const chunks = putEventsChunks(entries.map(putEventsEntryBytes));
    const failed: number[] = [];
    let next = 0;
    const worker = async () => {
      for (let chunk = chunks[next++]; chunk; chunk = chunks[next++]) failed.push(...(await this.send(entries, chunk)));
    };
    await Promise.all(Array.from({ length: Math.min(REQUESTS_IN_FLIGHT, chunks.length) }, worker));
    return failed.sort((a, b) => a - b);
  }

  /** Sends one request; returns the indexes (into `entries`) of its entries that were not accepted. */
  private async send(entries: readonly PutEventsRequestEntry[], { start, end }: { start: number; end: number }): Promise<number[]> {
    const indexes = Array.from({ length: end - start }, (_, offset) => start + offset);
    try {
      const result = await this.client.send(new PutEventsCommand({ Entries: entries.slice(start, end) }));
      if (!result.FailedEntryCount) return [];
      // Results are in the order of the entries; a refused one carries an ErrorCode instead of an EventId.
      return indexes.filter((_, offset) => !result.Entries?.[offset]?.EventId);
    } catch (error) {
      this.onRequestFailed(error);
      return indexes;
    }
  }
}
