import { DISTRICT_IMMUNIZATION_RULES, immunizationCompliance } from '../../../domain/health/immunization-rules';
import type { Vaccine } from '../../../domain/health/schemas';

const doses = (vaccine: Vaccine, count: number, date = '2020-01-01') =>
  Array.from({ length: count }, (_, index) => ({ vaccine, doseNumber: index + 1, date }));
const KINDERGARTEN_SERIES = [...doses('DTaP', 5), ...doses('Polio', 4), ...doses('MMR', 2), ...doses('HepB', 3), ...doses('Varicella', 2)];

describe('immunization compliance against the district rule set', () => {
  test('a kindergartner with every required dose is compliant', () => {
    const result = immunizationCompliance('KG', KINDERGARTEN_SERIES, [], '2026-09-01');
    expect(result.status).toBe('compliant');
    expect(result.ruleSet).toBe(DISTRICT_IMMUNIZATION_RULES.id);
    expect(result.vaccines.map((vaccine) => vaccine.vaccine)).toEqual(['DTaP', 'Polio', 'MMR', 'HepB', 'Varicella']);
  });

  test('a missing dose makes the student non-compliant, naming the vaccine and the count', () => {
    const result = immunizationCompliance('KG', KINDERGARTEN_SERIES.slice(1), [], '2026-09-01');
    expect(result.status).toBe('non-compliant');
    expect(result.vaccines.find((vaccine) => vaccine.vaccine === 'DTaP')).toEqual({
      vaccine: 'DTaP',
      required: 5,
      received: 4,
      status: 'non-compliant',
    });
  });

  test('the same dose recorded twice counts once, and a dose dated after the day does not count yet', () => {
    const twice = [...KINDERGARTEN_SERIES.filter((dose) => dose.vaccine !== 'MMR'), ...doses('MMR', 1), ...doses('MMR', 1)];
    expect(immunizationCompliance('KG', twice, [], '2026-09-01').status).toBe('non-compliant');
    const future = [...KINDERGARTEN_SERIES.filter((dose) => dose.vaccine !== 'MMR'), ...doses('MMR', 2, '2026-10-01')];
    expect(immunizationCompliance('KG', future, [], '2026-09-01').status).toBe('non-compliant');
    expect(immunizationCompliance('KG', future, [], '2026-10-01').status).toBe('compliant');
  });

  test('an exemption in force makes the vaccine exempt; an expired one does not', () => {
    const withoutVaricella = KINDERGARTEN_SERIES.filter((dose) => dose.vaccine !== 'Varicella');
    const exemption = { vaccine: 'Varicella' as const, type: 'medical' as const, date: '2026-01-01', expiresOn: '2026-12-31' };
    const exempt = immunizationCompliance('KG', withoutVaricella, [exemption], '2026-09-01');
    expect(exempt.status).toBe('exempt');
    expect(exempt.vaccines.find((vaccine) => vaccine.vaccine === 'Varicella')).toMatchObject({
      status: 'exempt',
      exemption: { type: 'medical', expiresOn: '2026-12-31' },
    });
    expect(immunizationCompliance('KG', withoutVaricella, [exemption], '2027-01-05').status).toBe('non-compliant');
  });

  test('seventh grade and up need Tdap instead of the DTaP series; a grade the rules do not list needs nothing', () => {
    const seventh = immunizationCompliance('07', KINDERGARTEN_SERIES, [], '2026-09-01');
    expect(seventh.status).toBe('non-compliant');
    expect(seventh.vaccines.filter((vaccine) => vaccine.status === 'non-compliant').map((vaccine) => vaccine.vaccine)).toEqual(['Tdap']);
    expect(immunizationCompliance('07', [...KINDERGARTEN_SERIES, ...doses('Tdap', 1)], [], '2026-09-01').status).toBe('compliant');
    expect(immunizationCompliance('PK', [], [], '2026-09-01').status).toBe('compliant');
  });
});
