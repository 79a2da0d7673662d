import type { GradeLevel } from '../schemas/common';
import type { Exemption, Immunization, Vaccine } from './schemas';

/**
 * The district's immunization requirements, kept as data: for each grade band, the doses of each
 * vaccine a student must have. A later rule set (a state change) is a new entry, not new code.
 */
export interface ImmunizationRule {
  readonly vaccine: Vaccine;
  readonly doses: number;
}
export interface ImmunizationRuleSet {
  readonly id: string;
  readonly effectiveFrom: string;
  /** Required doses by grade level; a grade not listed requires nothing. */
  readonly byGrade: Partial<Record<GradeLevel, readonly ImmunizationRule[]>>;
}

const KINDERGARTEN: readonly ImmunizationRule[] = [
  { vaccine: 'DTaP', doses: 5 },
  { vaccine: 'Polio', doses: 4 },
  { vaccine: 'MMR', doses: 2 },
  { vaccine: 'HepB', doses: 3 },
  { vaccine: 'Varicella', doses: 2 },
];
const SEVENTH_UP: readonly ImmunizationRule[] = [...KINDERGARTEN.filter((rule) => rule.vaccine !== 'DTaP'), { vaccine: 'Tdap', doses: 1 }];
const TWELFTH: readonly ImmunizationRule[] = [...SEVENTH_UP, { vaccine: 'MenACWY', doses: 2 }];

export const DISTRICT_IMMUNIZATION_RULES: ImmunizationRuleSet = {
  id: 'district-2026',
  effectiveFrom: '2026-07-01',
  byGrade: {
    TK: KINDERGARTEN,
    KG: KINDERGARTEN,
    '01': KINDERGARTEN,
    '02': KINDERGARTEN,
    '03': KINDERGARTEN,
    '04': KINDERGARTEN,
    '05': KINDERGARTEN,
    '06': KINDERGARTEN,
    '07': SEVENTH_UP,
    '08': SEVENTH_UP,
    '09': SEVENTH_UP,
    '10': SEVENTH_UP,
    '11': SEVENTH_UP,
    '12': TWELFTH,
  },
};

export type ComplianceStatus = 'compliant' | 'exempt' | 'non-compliant';

export interface VaccineCompliance {
  readonly vaccine: Vaccine;
  readonly required: number;
  readonly received: number;
  readonly status: ComplianceStatus;
  /** The exemption in force, when there is one. */
  readonly exemption?: { readonly type: Exemption['type']; readonly expiresOn?: string };
}

export interface Compliance {
  readonly status: ComplianceStatus;
  readonly ruleSet: string;
  readonly vaccines: readonly VaccineCompliance[];
}

/**
 * A student's compliance on a day: each required vaccine is met by enough distinct doses given
 * on or before the day, or by an exemption in force (not expired); the student is non-compliant
 * when any vaccine is neither, exempt when an exemption carries a vaccine, compliant otherwise.
 */
export function immunizationCompliance(
  gradeLevel: GradeLevel,
  doses: readonly Pick<Immunization, 'vaccine' | 'doseNumber' | 'date'>[],
  exemptions: readonly Pick<Exemption, 'vaccine' | 'type' | 'date' | 'expiresOn'>[],
  today: string,
  rules: ImmunizationRuleSet = DISTRICT_IMMUNIZATION_RULES,
): Compliance {
  const vaccines = (rules.byGrade[gradeLevel] ?? []).map((rule): VaccineCompliance => {
    const received = new Set(doses.filter((dose) => dose.vaccine === rule.vaccine && dose.date <= today).map((dose) => dose.doseNumber))
      .size;
    if (received >= rule.doses) return { vaccine: rule.vaccine, required: rule.doses, received, status: 'compliant' };
    const exemption = exemptions.find(
      (candidate) =>
        candidate.vaccine === rule.vaccine && candidate.date <= today && (!candidate.expiresOn || candidate.expiresOn >= today),
    );
    if (exemption) {
      return {
        vaccine: rule.vaccine,
        required: rule.doses,
        received,
        status: 'exempt',
        exemption: { type: exemption.type, ...(exemption.expiresOn ? { expiresOn: exemption.expiresOn } : {}) },
      };
    }
    return { vaccine: rule.vaccine, required: rule.doses, received, status: 'non-compliant' };
  });
  const status: ComplianceStatus = vaccines.some((vaccine) => vaccine.status === 'non-compliant')
    ? 'non-compliant'
    : vaccines.some((vaccine) => vaccine.status === 'exempt')
      ? 'exempt'
      : 'compliant';
  return { status, ruleSet: rules.id, vaccines };
}
