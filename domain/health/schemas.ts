import * as z from 'zod';
import { IsoDate, LongText, ShortText } from '../schemas/common';

/** The vaccines the district's immunization rules name. */
export const VACCINES = ['DTaP', 'Tdap', 'Polio', 'MMR', 'HepB', 'Varicella', 'MenACWY'] as const;
export const Vaccine = z.enum(VACCINES, { error: `must be one of ${VACCINES.join(', ')}` });
export type Vaccine = z.infer<typeof Vaccine>;

const DateTime = z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-09-02T10:15:00Z' });
/** What only the school's nurses and administrators read (parents do not). */
const NurseNotes = { nurseNotes: LongText.optional() };

/** A dose given. */
export const ImmunizationInput = z.strictObject({
  kind: z.literal('immunization'),
  vaccine: Vaccine,
  doseNumber: z.number().int().min(1).max(10),
  date: IsoDate,
  source: ShortText,
  ...NurseNotes,
});

/** An exemption from a vaccine's requirement, until it expires (if it does). */
export const ExemptionInput = z.strictObject({
  kind: z.literal('exemption'),
  vaccine: Vaccine,
  type: z.enum(['medical', 'religious', 'personal-belief']),
  date: IsoDate,
  expiresOn: IsoDate.optional(),
  ...NurseNotes,
});

export const SEVERITIES = ['mild', 'moderate', 'severe', 'life-threatening'] as const;

/** A condition or an allergy; `alert` is the flag text a teacher of the student sees, and nothing else of it. */
export const ConditionInput = z.strictObject({
  kind: z.literal('condition'),
  category: z.enum(['allergy', 'condition']),
  name: ShortText,
  severity: z.enum(SEVERITIES),
  emergencyActionPlan: LongText.optional(),
  alert: ShortText.optional(),
  date: IsoDate,
  ...NurseNotes,
});

export const MedicationInput = z.strictObject({
  kind: z.literal('medication'),
  name: ShortText,
  dose: ShortText,
  schedule: ShortText,
  authorizedBy: ShortText,
  stockOnHand: z.number().int().min(0).max(10_000),
  date: IsoDate,
  ...NurseNotes,
});

export const VisitInput = z
  .strictObject({
    kind: z.literal('visit'),
    timeIn: DateTime,
    timeOut: DateTime.optional(),
    complaint: ShortText,
    treatment: LongText,
    outcome: z.enum(['returned-to-class', 'sent-home', 'emergency-services']),
    ...NurseNotes,
  })
  .refine((visit) => visit.timeOut === undefined || Date.parse(visit.timeOut) >= Date.parse(visit.timeIn), {
    path: ['timeOut'],
    message: 'must not be before timeIn',
  });

export const ScreeningInput = z.strictObject({
  kind: z.literal('screening'),
  type: z.enum(['vision', 'hearing']),
  date: IsoDate,
  result: z.enum(['pass', 'refer']),
  details: LongText.optional(),
  ...NurseNotes,
});

/** Every kind of health record a nurse keeps. */
export const HealthRecordInput = z.discriminatedUnion('kind', [
  ImmunizationInput,
  ExemptionInput,
  ConditionInput,
  MedicationInput,
  VisitInput,
  ScreeningInput,
]);
export type HealthRecordInput = z.infer<typeof HealthRecordInput>;
export type Immunization = z.infer<typeof ImmunizationInput>;
export type Exemption = z.infer<typeof ExemptionInput>;

/** The day a health record is filed under (lists are by kind and date). */
export function healthRecordDate(record: HealthRecordInput): string {
  return record.kind === 'visit' ? record.timeIn.slice(0, 10) : record.date;
}
