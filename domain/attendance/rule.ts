import * as z from 'zod';

/**
 * A school's rule for a student's day from the period marks: an absent day when absent from more
 * than `absentWhenMoreThan` of the periods marked that day, or (with `minimumPeriodsPresent`) when
 * present in fewer periods than that. Kept as data on the school year (`attendanceRule`).
 */
export const AttendanceRuleSchema = z.strictObject({
  absentWhenMoreThan: z.number().min(0).max(0.99),
  minimumPeriodsPresent: z.number().int().min(1).max(12).optional(),
});
export type AttendanceRule = z.infer<typeof AttendanceRuleSchema>;

/** The district's rule for a school that sets none: absent from more than half of the periods is an absent day. */
export const DISTRICT_ATTENDANCE_RULE: AttendanceRule = { absentWhenMoreThan: 0.5 };
