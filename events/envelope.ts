import type * as z from 'zod';
import { newId } from '../domain/ids';
import type { CatalogEntry, DomainEvent } from './catalog';

/** The fields the builder fills in itself. */
type Generated = 'eventId' | 'eventVersion';

/** What a caller gives for an event of a catalog entry: its detail without the generated fields. */
export type EventInput<S extends z.ZodType> = Omit<z.input<S>, Generated>;

/**
 * The one envelope builder: every domain event is made here, from its catalog entry and its
 * detail. It gives the event a new id (consumers are idempotent on it) and the entry's schema
 * version, and validates the detail against the catalog, so an event that its consumers could
 * not read is refused where it is written, not found later on the bus.
 */
export function buildEvent<S extends z.ZodType>(entry: CatalogEntry & { readonly schema: S }, input: EventInput<S>): DomainEvent {
  const detail = entry.schema.parse({ ...input, eventId: newId(), eventVersion: entry.version }) as Record<string, unknown>;
  return { source: entry.source, detailType: entry.detailType, detail };
}
