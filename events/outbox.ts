import { catalogEntry, currentDetail, type DomainEvent } from './catalog';

/**
 * The domain event an outbox item holds, as its current catalog version (an earlier version is
 * upgraded); throws for an event the catalog does not know. Used by the stream relay and the
 * replay tool, so a replayed event is exactly what the relay would have published.
 */
export function eventOfOutboxItem(item: Record<string, unknown>): DomainEvent {
  const entry = catalogEntry(String(item.source), String(item.detailType));
  if (!entry)
    throw new Error(
      `outbox item ${String(item.pk)}/${String(item.sk)} holds an event the catalog does not know: ${String(item.source)} / ${String(item.detailType)}`,
    );
  return { source: entry.source, detailType: entry.detailType, detail: currentDetail(entry, item.detail) };
}
