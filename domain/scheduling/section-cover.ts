import * as z from 'zod';
import type { FieldIssue } from '../errors';
import { IsoDate, LongText, RecordId } from '../schemas/common';

/** The longest cover one record grants: a long-term substitute's semester, renewed past it by a new cover. */
export const MAX_COVER_DAYS = 200;

/**
 * A substitute's cover of a section (decision 0147): from its first day to its last, both included,
 * the staff member named takes the section's attendance and reads its roster and gradebook as its
 * teacher does; they post scores only when `postGrades` grants it. Outside the days, nothing.
 */
export const SectionCoverSchema = z.strictObject({
  /** The substitute: a staff member whose sign-in carries this staff id. */
  staffId: RecordId,
  startDate: IsoDate,
  endDate: IsoDate,
  /** Whether the substitute may create assignments and post scores (a long-term substitute); read-only otherwise. */
  postGrades: z.boolean().default(false),
  /** Why (the teacher's leave, a training day): shown to the office and the section's teachers. */
  note: LongText.optional(),
});
export type SectionCover = z.infer<typeof SectionCoverSchema>;

const DAY_MS = 86_400_000;

export function checkSectionCover(cover: SectionCover): FieldIssue[] {
  const days = (Date.parse(cover.endDate) - Date.parse(cover.startDate)) / DAY_MS + 1;
  if (days < 1) return [{ field: 'endDate', message: `must not be before startDate (${cover.startDate})` }];
  if (days > MAX_COVER_DAYS)
    return [{ field: 'endDate', message: `must be within ${MAX_COVER_DAYS} days of startDate; a longer cover is a new record` }];
  return [];
}

/** Whether the cover grants anything on `date` (the school's local date): its days, and it is not deleted. */
export const coverHolds = (cover: { readonly data: SectionCover; readonly deletedAt?: string }, date: string): boolean =>
  cover.deletedAt === undefined && cover.data.startDate <= date && date <= cover.data.endDate;
