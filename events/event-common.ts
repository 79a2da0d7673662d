import * as z from 'zod';

/** Who did it: the caller's subject and roles. */
export const ActorSchema = z.object({ sub: z.string(), roles: z.array(z.string()) });

/**
 * What every event carries, so the audit trail and other generic consumers can file it. Any
 * version: a generic consumer reads the common part of every event it is given.
 */
export const EventCommonSchema = z.object({
  eventId: z.string(),
  eventVersion: z.number().int().positive(),
  occurredAt: z.string(),
  actor: ActorSchema,
  reason: z.string().optional(),
  recordType: z.string(),
  ids: z.record(z.string(), z.string()),
  schoolIds: z.array(z.string()),
  changedFields: z.array(z.string()),
});

/** The common part of one event version. */
export const eventCommon = <V extends number>(version: V) => EventCommonSchema.extend({ eventVersion: z.literal(version) });
export const V1 = eventCommon(1);
export const V2 = eventCommon(2);

export interface CatalogEntry {
  readonly source: string;
  readonly detailType: string;
  readonly version: number;
  readonly schema: z.ZodType;
  /** An earlier version still read (archive, outbox items written before it), and how it becomes the current one. */
  readonly previous?: {
    readonly version: number;
    readonly schema: z.ZodType;
    upgrade(detail: Record<string, unknown>): Record<string, unknown>;
  };
}
