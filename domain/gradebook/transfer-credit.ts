import * as z from 'zod';
import { LongText, ShortText } from '../schemas/common';
import { COURSE_LEVELS, MARK_LETTERS } from './marks';

const SchoolYear = z.string().regex(/^\d{4}-\d{4}$/, { error: 'must be a school year such as 2025-2026' });
const Region = z.string().regex(/^[A-Z]{2}$/, { error: 'must be a two-letter code (US state or ISO country)' });

/**
 * A course a student completed at another school, as the counselor reads it off the prior school's
 * transcript: on this student's transcript beside the district's own marks, with the prior school
 * named. Its credits count toward the credits earned; its mark counts toward the GPA unless the
 * counselor says it does not (a pass/fail course, a school whose marks the district does not weigh).
 * The mark is the district's letter for it: a mark of another scale is converted by the counselor.
 */
export const TransferCreditSchema = z.strictObject({
  sourceSchool: z.strictObject({
    name: ShortText,
    city: ShortText.optional(),
    state: Region.optional(),
    country: Region.default('US'),
    /** The College Board's six-digit school code, when the prior school has one. */
    ceebCode: z
      .string()
      .regex(/^\d{6}$/, { error: 'must be six digits' })
      .optional(),
  }),
  schoolYear: SchoolYear,
  /** The prior school's term, as its transcript names it (S1, Fall, Year…). */
  termCode: z.string().regex(/^[A-Za-z0-9-]{1,10}$/, { error: 'must be 1 to 10 letters, digits or dashes' }),
  courseCode: z.string().regex(/^[A-Za-z0-9 .-]{1,20}$/, { error: 'must be 1 to 20 letters, digits, spaces, dots or dashes' }),
  courseTitle: ShortText,
  courseLevel: z.enum(COURSE_LEVELS, { error: `must be one of: ${COURSE_LEVELS.join(', ')}` }).default('regular'),
  credits: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be at least 0' })
    .max(10, { error: 'must be at most 10' })
    .multipleOf(0.25, { error: 'must be in steps of 0.25' }),
  mark: z.enum(MARK_LETTERS, { error: `must be a district mark: ${MARK_LETTERS.join(', ')}` }),
  countsTowardGpa: z.boolean().default(true),
  note: LongText.optional(),
});
export type TransferCredit = z.infer<typeof TransferCreditSchema>;
