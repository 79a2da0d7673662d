import * as z from 'zod';
import { GradeLevel, IsoDate, RecordId, ShortText, SchoolYearLabel } from '../schemas/common';
import { GuardianLinkSchema, GuardianSchema, StudentSchema } from '../schemas/people';

/** A guardian named in an enrollment: an existing guardian record, or a new one. */
export const EnrollmentGuardianSchema = z
  .strictObject({
    guardianId: RecordId.optional(),
    guardian: GuardianSchema.optional(),
    link: GuardianLinkSchema.omit({ guardianId: true }),
  })
  .refine((entry) => (entry.guardianId === undefined) !== (entry.guardian === undefined), {
    error: 'must give either guardianId (an existing guardian) or guardian (a new one), not both',
  });
export type EnrollmentGuardian = z.infer<typeof EnrollmentGuardianSchema>;

/** Up to ten guardians, each named once. */
const Guardians = z
  .array(EnrollmentGuardianSchema)
  .max(10)
  .default([])
  .superRefine((guardians, context) => {
    const seen = new Set<string>();
    guardians.forEach((entry, index) => {
      if (entry.guardianId === undefined) return;
      if (seen.has(entry.guardianId))
        context.addIssue({ code: 'custom', path: [index, 'guardianId'], message: 'names the same guardian twice' });
      seen.add(entry.guardianId);
    });
  });

/** The new student: the district student id is assigned by the district when not given. */
export const NewStudentSchema = StudentSchema.omit({ schoolId: true, gradeLevel: true }).extend({
  districtStudentId: StudentSchema.shape.districtStudentId.optional(),
});

const Placement = {
  schoolId: RecordId,
  /** e.g. 2026-2027; the school must have this school year open (planning or active). */
  schoolYear: SchoolYearLabel,
  gradeLevel: GradeLevel,
  entryDate: IsoDate,
  priorSchool: z
    .strictObject({
      name: ShortText,
      district: ShortText.optional(),
      state: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .optional(),
    })
    .optional(),
};

export const EnrollmentRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('new'),
    ...Placement,
    student: NewStudentSchema,
    guardians: Guardians,
  }),
  z.strictObject({
    kind: z.literal('transfer'),
    ...Placement,
    /** The existing student moving to this school. */
    studentId: RecordId,
    guardians: Guardians,
  }),
]);
export type EnrollmentRequest = z.infer<typeof EnrollmentRequestSchema>;

export const ENROLLMENT_STATUSES = ['PENDING', 'ENROLLED', 'REJECTED', 'FAILED'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** Why an enrollment was refused, in terms a counselor can act on. */
export const REJECTION_CODES = [
  'possible-duplicate',
  'grade-full',
  'grade-not-offered',
  'missing-guardian',
  'school-not-open',
  'entry-date-outside-year',
  'student-not-found',
  'already-enrolled',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
  /** For possible duplicates: the existing students that look like this one. */
  readonly candidates?: readonly { studentId: string; matchedOn: 'districtStudentId' | 'nameAndBirthDate' }[];
}

/** How a counselor settles a possible duplicate. */
export const ResolutionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('merge'), studentId: RecordId, reason: ShortText.optional() }),
  z.strictObject({ action: z.literal('confirm-new'), reason: ShortText.optional() }),
]);
export type Resolution = z.infer<typeof ResolutionSchema>;

export const WITHDRAWAL_REASONS = [
  'moved-out-of-district',
  'private-school',
  'homeschool',
  'graduated',
  'dropped-out',
  'deceased',
  'other',
] as const;

export const WithdrawalSchema = z.strictObject({
  schoolYear: Placement.schoolYear,
  exitDate: IsoDate,
  reasonCode: z.enum(WITHDRAWAL_REASONS),
  note: z.string().trim().max(500).optional(),
});
export type Withdrawal = z.infer<typeof WithdrawalSchema>;

/** District student ids assigned by the system: the year and the request's own unique id. */
export function assignedDistrictStudentId(requestId: string, schoolYear: string): string {
  return `${schoolYear.slice(2, 4)}${requestId.slice(-12)}`;
}
