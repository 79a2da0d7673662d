import * as z from 'zod';
import { Address, GradeLevel, Phone, ShortText } from './common';
import type { FieldIssue } from '../errors';
import { REGION_ID_PATTERN } from '../principal';

export const RegionId = z.string().regex(REGION_ID_PATTERN, { error: 'must be 1 to 40 letters, digits, dashes or underscores' });

export const SchoolSchema = z.strictObject({
  name: ShortText,
  /** The state's school code; unique across the district. */
  code: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'must be 1 to 20 letters, digits or dashes' }),
  type: z.enum(['elementary', 'middle', 'high', 'k8', 'k12', 'alternative', 'other']),
  gradeLevels: z.array(GradeLevel).min(1, { error: 'must list at least one grade level' }),
  address: Address,
  phone: Phone.optional(),
  principalName: ShortText.optional(),
  /** IANA time zone used for attendance days and bell times. */
  timeZone: z
    .string()
    .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/, { error: 'must be an IANA time zone such as America/Chicago' })
    .default('America/New_York'),
  status: z.enum(['active', 'closed']).default('active'),
  /** The region the school belongs to; staff with the region in `custom:regionIds` serve it. */
  regionId: RegionId.optional(),
});
export type School = z.infer<typeof SchoolSchema>;

export function checkSchool(school: School): FieldIssue[] {
  return new Set(school.gradeLevels).size === school.gradeLevels.length
    ? []
    : [{ field: 'gradeLevels', message: 'must not repeat a grade level' }];
}
