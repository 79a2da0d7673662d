import type * as z from 'zod';
import {
  checkStaff,
  checkStudent,
  GuardianLinkSchema,
  GuardianSchema,
  StaffSchema,
  StudentSchema,
  type Staff,
  type Student,
} from '../../domain/schemas/people';

const SCHOOL_A = '01J9Z3K4M5N6P7Q8R9S0T1V2W3';
const SCHOOL_B = '01J9Z3K4M5N6P7Q8R9S0T1V2W4';
const GUARDIAN_ID = '01J9Z3K4M5N6P7Q8R9S0T1V2X5';

/** The dotted paths of a failed parse's issues ("" for the object itself), e.g. `address.postalCode`. */
function issuePaths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => issue.path.join('.'));
}

const student = {
  districtStudentId: 'S-2026-00417',
  schoolId: SCHOOL_A,
  legalName: { first: 'María', middle: 'José', last: 'García-López' },
  preferredName: { first: 'Majo' },
  birthDate: '2015-03-14',
  gender: 'female',
  gradeLevel: '05',
  homeLanguage: 'es',
  address: { line1: '1208 Elm Street', line2: 'Apt 3B', city: 'Springfield', state: 'IL', postalCode: '62704-1234' },
  email: 'maria.garcia@students.springfield.k12.il.us',
};

const guardian = {
  name: { first: 'Lucía', last: 'López' },
  email: 'lucia.lopez@example.com',
  phone: '+12175550123',
  address: { line1: '1208 Elm Street', city: 'Springfield', state: 'IL', postalCode: '62704' },
};

const link = {
  guardianId: GUARDIAN_ID,
  relationship: 'mother',
  custody: true,
  educationalRights: true,
  livesWith: true,
};

const staff = {
  name: { first: 'Daniel', last: 'Okafor' },
  employeeId: 'E-10442',
  email: 'dokafor@springfield.k12.il.us',
  staffType: 'counselor',
  assignments: [
    { schoolId: SCHOOL_A, title: 'School Counselor', primary: true },
    { schoolId: SCHOOL_B, title: 'School Counselor' },
  ],
};

describe('StudentSchema', () => {
  test('accepts a realistic student', () => {
    expect(StudentSchema.parse(student)).toEqual(student);
  });

  test.each<[what: string, input: unknown, path: string]>([
    ['a bad email', { ...student, email: 'maria.garcia@' }, 'email'],
    ['a US-style birth date', { ...student, birthDate: '03/14/2015' }, 'birthDate'],
    ['an impossible birth date', { ...student, birthDate: '2015-02-30' }, 'birthDate'],
    ['an unknown grade level', { ...student, gradeLevel: '13' }, 'gradeLevel'],
    ['grade level "K" rather than the OneRoster "KG"', { ...student, gradeLevel: 'K' }, 'gradeLevel'],
    ['a school id that is not a record id', { ...student, schoolId: 'lincoln-elementary' }, 'schoolId'],
    ['a ZIP code that is not five digits', { ...student, address: { ...student.address, postalCode: '6270' } }, 'address.postalCode'],
    ['a state that is not a two-letter code', { ...student, address: { ...student.address, state: 'Illinois' } }, 'address.state'],
    ['a blank first name', { ...student, legalName: { ...student.legalName, first: '   ' } }, 'legalName.first'],
    ['a language that is not a BCP 47 tag', { ...student, homeLanguage: 'Spanish' }, 'homeLanguage'],
    ['a district student id with spaces', { ...student, districtStudentId: 'S 2026 417' }, 'districtStudentId'],
    ['a missing last name', { ...student, legalName: { first: 'María' } }, 'legalName.last'],
    ['a missing birth date', (({ birthDate: _omitted, ...rest }) => rest)(student), 'birthDate'],
    ['an unknown top-level field', { ...student, nickname: 'Majo' }, ''],
    ['an unknown nested field', { ...student, legalName: { ...student.legalName, title: 'Ms' } }, 'legalName'],
  ])('rejects %s, with an issue at "%s"', (_what, input, path) => {
    expect(issuePaths(StudentSchema, input)).toEqual([path]);
  });

  test('trims surrounding spaces from names', () => {
    const parsed = StudentSchema.parse({ ...student, legalName: { first: '  María ', last: ' García-López' } });

    expect(parsed.legalName).toEqual({ first: 'María', last: 'García-López' });
  });
});

describe('checkStudent', () => {
  const withBirthDate = (birthDate: string): Student => StudentSchema.parse({ ...student, birthDate });
  const today = '2026-09-01';

  test('a ten-year-old has no issues', () => {
    expect(checkStudent(withBirthDate('2016-05-20'), today)).toEqual([]);
  });

  test.each([
    ['born tomorrow', '2026-09-02'],
    ['born today', '2026-09-01'],
    ['a year old', '2025-06-01'],
    ['thirty years old', '1996-01-15'],
  ])('a student %s has a birth date issue', (_what, birthDate) => {
    // Act
    const issues = checkStudent(withBirthDate(birthDate), today);

    // Assert
    expect(issues.map((issue) => issue.field)).toEqual(['birthDate']);
  });

  test('a future birth date is reported as such, not as an age', () => {
    expect(checkStudent(withBirthDate('2027-01-01'), today)[0]?.message).toMatch(/past/);
  });

  test('age counts whole years: 22 before the 23rd birthday is accepted, 1 year old is refused', () => {
    expect(checkStudent(withBirthDate('2003-12-31'), '2026-03-01')).toEqual([]);
    expect(checkStudent(withBirthDate('2024-12-31'), '2026-01-02')[0]?.field).toBe('birthDate');
  });
});

describe('GuardianSchema', () => {
  test('accepts a realistic guardian and defaults the notice language to English', () => {
    // Act
    const parsed = GuardianSchema.parse(guardian);

    // Assert
    expect(parsed).toEqual({ ...guardian, preferredLanguage: 'en' });
  });

  test('keeps a preferred language that is given', () => {
    expect(GuardianSchema.parse({ ...guardian, preferredLanguage: 'pt-BR' }).preferredLanguage).toBe('pt-BR');
  });

  test.each<[what: string, input: unknown, path: string]>([
    ['a phone number with no country code', { ...guardian, phone: '217-555-0123' }, 'phone'],
    ['a phone number with spaces', { ...guardian, phone: '+1 217 555 0123' }, 'phone'],
    ['a bad email', { ...guardian, email: 'lucia at example.com' }, 'email'],
    ['a missing name', { email: guardian.email }, 'name'],
    ['an unknown field', { ...guardian, ssn: '123-45-6789' }, ''],
  ])('rejects %s, with an issue at "%s"', (_what, input, path) => {
    expect(issuePaths(GuardianSchema, input)).toEqual([path]);
  });
});

describe('GuardianLinkSchema', () => {
  test('defaults: the guardian may be contacted and pick up, is first to call and not an emergency contact', () => {
    // Act
    const parsed = GuardianLinkSchema.parse(link);

    // Assert
    expect(parsed).toEqual({ ...link, mayContact: true, mayPickUp: true, emergencyContact: false, contactPriority: 1 });
  });

  test('keeps an explicit "do not contact"', () => {
    expect(GuardianLinkSchema.parse({ ...link, mayContact: false }).mayContact).toBe(false);
  });

  test.each<[what: string, input: unknown, path: string]>([
    ['an unknown relationship', { ...link, relationship: 'uncle' }, 'relationship'],
    ['a guardian id that is not a record id', { ...link, guardianId: 'guardian-1' }, 'guardianId'],
    ['a contact priority of 0', { ...link, contactPriority: 0 }, 'contactPriority'],
    ['a fractional contact priority', { ...link, contactPriority: 1.5 }, 'contactPriority'],
    ['custody given as a string', { ...link, custody: 'yes' }, 'custody'],
    ['missing educational rights', (({ educationalRights: _omitted, ...rest }) => rest)(link), 'educationalRights'],
    ['an unknown field', { ...link, studentId: '01J9Z3K4M5N6P7Q8R9S0T1V2Z9' }, ''],
  ])('rejects %s, with an issue at "%s"', (_what, input, path) => {
    expect(issuePaths(GuardianLinkSchema, input)).toEqual([path]);
  });
});

describe('StaffSchema', () => {
  test('accepts a counselor assigned to two schools; an assignment is not primary unless said', () => {
    // Act
    const parsed = StaffSchema.parse(staff);

    // Assert
    expect(parsed.assignments.map((assignment) => assignment.primary)).toEqual([true, false]);
  });

  test.each<[what: string, input: unknown, path: string]>([
    ['no school assignment', { ...staff, assignments: [] }, 'assignments'],
    ['an unknown staff type', { ...staff, staffType: 'janitor' }, 'staffType'],
    [
      'an assignment to a school id that is not a record id',
      { ...staff, assignments: [{ schoolId: 'lincoln' }] },
      'assignments.0.schoolId',
    ],
    ['a missing email', (({ email: _omitted, ...rest }) => rest)(staff), 'email'],
  ])('rejects %s, with an issue at "%s"', (_what, input, path) => {
    expect(issuePaths(StaffSchema, input)).toEqual([path]);
  });
});

describe('checkStaff', () => {
  const withAssignments = (assignments: unknown[]): Staff => StaffSchema.parse({ ...staff, assignments });

  test('a staff member at two schools with one primary has no issues', () => {
    expect(checkStaff(StaffSchema.parse(staff))).toEqual([]);
  });

  test('assigning the same school twice is an issue at the repeated assignment', () => {
    const issues = checkStaff(withAssignments([{ schoolId: SCHOOL_A }, { schoolId: SCHOOL_B }, { schoolId: SCHOOL_A }]));

    expect(issues.map((issue) => issue.field)).toEqual(['assignments[2].schoolId']);
  });

  test('two primary schools is an issue on the assignments', () => {
    const issues = checkStaff(
      withAssignments([
        { schoolId: SCHOOL_A, primary: true },
        { schoolId: SCHOOL_B, primary: true },
      ]),
    );

    expect(issues.map((issue) => issue.field)).toEqual(['assignments']);
  });

  test('no primary school at all is allowed', () => {
    expect(checkStaff(withAssignments([{ schoolId: SCHOOL_A }, { schoolId: SCHOOL_B }]))).toEqual([]);
  });
});
