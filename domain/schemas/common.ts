import * as z from 'zod';

/** Grade levels, as OneRoster 1.2 codes them (the subset a K-12 district enrolls). */
export const GRADE_LEVELS = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
export const GradeLevel = z.enum(GRADE_LEVELS, { error: `must be a grade level: ${GRADE_LEVELS.join(', ')}` });
export type GradeLevel = z.infer<typeof GradeLevel>;

/** A school year's label, e.g. `2026-2027`. */
export const SchoolYearLabel = z.string().regex(/^\d{4}-\d{4}$/, { error: 'must be a school year such as 2026-2027' });
export const IsoDate = z.iso.date({ error: 'must be a calendar date as YYYY-MM-DD' });
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a 24-hour time as HH:MM' });

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });
export const ShortText = text(100);
export const LongText = text(500);

/** A BCP 47 language tag such as `en`, `es`, `zh-Hant` or `pt-BR`. */
export const LanguageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a BCP 47 language tag such as "en", "es" or "pt-BR"' });

export const Email = z.email({ error: 'must be an email address' }).max(254);
export const Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'must be an E.164 phone number such as +15555550123' });

export const Address = z.strictObject({
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  state: z.string().regex(/^[A-Z]{2}$/, { error: 'must be a two-letter state code' }),
  postalCode: z.string().regex(/^\d{5}(-\d{4})?$/, { error: 'must be a ZIP code (12345 or 12345-6789)' }),
});

export const PersonName = z.strictObject({
  first: text(100),
  middle: text(100).optional(),
  last: text(100),
  suffix: text(20).optional(),
});

/** A record id as the API issues them (ULID). */
export const RecordId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a record id' });

/** Why a change was made, kept in the record's history. */
export const Reason = z.string().trim().min(1).max(500);

/** A page of a list: how many items, and where to resume (an opaque cursor the API issued). */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});
export type PageRequest = z.infer<typeof PageQuery>;
