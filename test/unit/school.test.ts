import type * as z from 'zod';
import { checkSchool, SchoolSchema } from '../../domain/schemas/school';

/** The dotted paths of a failed parse's issues ("" for the object itself), e.g. `address.postalCode`. */
function issuePaths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => issue.path.join('.'));
}

const school = {
  name: 'Lincoln Elementary School',
  code: 'IL-150-0417',
  type: 'elementary',
  gradeLevels: ['PK', 'KG', '01', '02', '03', '04', '05'],
  address: { line1: '300 N 2nd Street', city: 'Springfield', state: 'IL', postalCode: '62702' },
  phone: '+12175253000',
  principalName: 'Dr. Angela Reyes',
  timeZone: 'America/Chicago',
  status: 'active',
};

describe('SchoolSchema', () => {
  test('accepts a realistic school as given', () => {
    expect(SchoolSchema.parse(school)).toEqual(school);
  });

  test('a new school is active and on Eastern time unless told otherwise', () => {
    // Arrange
    const { timeZone: _timeZone, status: _status, ...withoutDefaults } = school;

    // Act
    const parsed = SchoolSchema.parse(withoutDefaults);

    // Assert
    expect(parsed.status).toBe('active');
    expect(parsed.timeZone).toBe('America/New_York');
  });

  test.each(['America/Chicago', 'America/Indiana/Indianapolis', 'Pacific/Honolulu', 'America/Port-au-Prince'])(
    'accepts the IANA time zone %s',
    (timeZone) => {
      expect(SchoolSchema.safeParse({ ...school, timeZone }).success).toBe(true);
    },
  );

  test.each<[what: string, input: unknown, path: string]>([
    ['a time-zone abbreviation', { ...school, timeZone: 'CST' }, 'timeZone'],
    ['no grade levels', { ...school, gradeLevels: [] }, 'gradeLevels'],
    ['an unknown grade level', { ...school, gradeLevels: ['KG', '1'] }, 'gradeLevels.1'],
    ['an unknown school type', { ...school, type: 'university' }, 'type'],
    ['an unknown status', { ...school, status: 'archived' }, 'status'],
    ['a school code with a space', { ...school, code: 'IL 150' }, 'code'],
    ['a phone number not in E.164 form', { ...school, phone: '(217) 525-3000' }, 'phone'],
    ['a ZIP code with letters', { ...school, address: { ...school.address, postalCode: 'K1A 0B1' } }, 'address.postalCode'],
    ['a blank name', { ...school, name: '  ' }, 'name'],
    ['a name over 100 characters', { ...school, name: 'L'.repeat(101) }, 'name'],
    ['a missing address', (({ address: _omitted, ...rest }) => rest)(school), 'address'],
    ['a missing code', (({ code: _omitted, ...rest }) => rest)(school), 'code'],
    ['an unknown field', { ...school, mascot: 'Lions' }, ''],
    ['an unknown address field', { ...school, address: { ...school.address, country: 'US' } }, 'address'],
  ])('rejects %s, with an issue at "%s"', (_what, input, path) => {
    expect(issuePaths(SchoolSchema, input)).toEqual([path]);
  });
});

describe('checkSchool', () => {
  test('a school with distinct grade levels has no issues', () => {
    expect(checkSchool(SchoolSchema.parse(school))).toEqual([]);
  });

  test('a grade level listed twice is an issue at gradeLevels', () => {
    // Arrange
    const repeated = SchoolSchema.parse({ ...school, gradeLevels: ['KG', '01', 'KG'] });

    // Act
    const issues = checkSchool(repeated);

    // Assert
    expect(issues.map((issue) => issue.field)).toEqual(['gradeLevels']);
  });
});
