import * as z from 'zod';
import { IsoDate, LongText, ShortText } from '../schemas/common';

/** A confidential counseling note: the school's counselors only. */
export const CounselingNoteInput = z.strictObject({
  kind: z.literal('note'),
  date: IsoDate,
  topic: ShortText,
  text: z.string().trim().min(1).max(5000),
});

/** A referral (to a psychologist, an outside agency, a student study team). */
export const ReferralInput = z.strictObject({
  kind: z.literal('referral'),
  date: IsoDate,
  referredTo: ShortText,
  reason: LongText,
  status: z.enum(['open', 'accepted', 'closed']),
});

export const CounselingRecordInput = z.discriminatedUnion('kind', [CounselingNoteInput, ReferralInput]);
export type CounselingRecordInput = z.infer<typeof CounselingRecordInput>;

const Service = z.strictObject({
  service: ShortText,
  minutesPerWeek: z.number().int().min(0).max(3000).optional(),
  provider: ShortText.optional(),
});

const planFields = {
  startDate: IsoDate,
  endDate: IsoDate,
  /** The staff member who manages the plan (a name or an id). */
  caseManager: ShortText,
  reviewDue: IsoDate,
  services: z.array(Service).max(30),
  /** What every teacher of the student must apply in class. */
  accommodations: z.array(ShortText).max(50),
  /** What the case manager keeps for the team (parents see the plan, not these notes). */
  counselorNotes: LongText.optional(),
};

/** A Section 504 plan or an IEP. */
export const SpecialEducationPlanInput = z
  .strictObject({ kind: z.enum(['504', 'iep']), ...planFields })
  .refine((plan) => plan.endDate >= plan.startDate, { path: ['endDate'], message: 'must not be before startDate' });

export const GraduationPlanInput = z.strictObject({
  kind: z.literal('graduation'),
  expectedGraduation: z.string().regex(/^\d{4}$/, { error: 'must be a year such as 2029' }),
  pathway: ShortText,
  plannedCourses: z.array(ShortText).max(60),
  reviewDue: IsoDate.optional(),
  counselorNotes: LongText.optional(),
});

/** Plans: 504, IEP and graduation plans. */
export const StudentPlanInput = z.discriminatedUnion('kind', [SpecialEducationPlanInput, GraduationPlanInput]);
export type StudentPlanInput = z.infer<typeof StudentPlanInput>;
