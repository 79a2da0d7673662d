/** Realistic request bodies, so tests read like what a district's apps send. */
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}`.toUpperCase();

export const schoolBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Lincoln Elementary',
  code: `LIN-${unique()}`.slice(0, 20),
  type: 'elementary',
  gradeLevels: ['KG', '01', '02', '03', '04', '05'],
  address: { line1: '100 Lincoln Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
  timeZone: 'America/Chicago',
  ...overrides,
});

export const studentBody = (schoolId: string, overrides: Record<string, unknown> = {}) => ({
  districtStudentId: `S-${unique()}`.slice(0, 20),
  schoolId,
  legalName: { first: 'Maria', last: 'Garcia' },
  preferredName: { first: 'Mari' },
  birthDate: '2017-04-12',
  gender: 'female',
  gradeLevel: '03',
  homeLanguage: 'es',
  ...overrides,
});

export const guardianBody = (overrides: Record<string, unknown> = {}) => ({
  name: { first: 'Ana', last: 'Garcia' },
  email: 'ana.garcia@example.com',
  phone: '+12175550123',
  preferredLanguage: 'es',
  ...overrides,
});

export const linkBody = (guardianId: string, overrides: Record<string, unknown> = {}) => ({
  guardianId,
  relationship: 'mother',
  custody: true,
  educationalRights: true,
  livesWith: true,
  ...overrides,
});

export const staffBody = (schoolIds: string[], overrides: Record<string, unknown> = {}) => ({
  name: { first: 'Robert', last: 'Chen' },
  employeeId: `E-${unique()}`.slice(0, 20),
  email: 'robert.chen@district.example',
  staffType: 'teacher',
  assignments: schoolIds.map((schoolId, index) => ({ schoolId, primary: index === 0 })),
  ...overrides,
});

export const schoolYearBody = (overrides: Record<string, unknown> = {}) => ({
  schoolYear: '2026-2027',
  startDate: '2026-08-24',
  endDate: '2027-06-04',
  status: 'active',
  terms: [
    { code: 'S1', name: 'Fall semester', startDate: '2026-08-24', endDate: '2027-01-15' },
    { code: 'S2', name: 'Spring semester', startDate: '2027-01-19', endDate: '2027-06-04' },
  ],
  gradingPeriods: [
    { code: 'Q1', name: 'Quarter 1', termCode: 'S1', startDate: '2026-08-24', endDate: '2026-10-23' },
    { code: 'Q2', name: 'Quarter 2', termCode: 'S1', startDate: '2026-10-26', endDate: '2027-01-15' },
  ],
  nonInstructionalDays: [
    { date: '2026-09-07', reason: 'Labor Day' },
    { date: '2026-11-26', reason: 'Thanksgiving' },
  ],
  ...overrides,
});

let child = 0;
/** A new family's online enrollment: a child who has never been in the district, and a parent. */
export const newEnrollmentBody = (schoolId: string, overrides: Record<string, unknown> = {}) => {
  child += 1;
  return {
    kind: 'new',
    schoolId,
    schoolYear: '2026-2027',
    gradeLevel: '01',
    entryDate: '2026-08-24',
    student: {
      legalName: { first: `Child${child}${unique()}`.replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!), last: 'Nguyen' },
      birthDate: '2019-05-10',
      gender: 'male',
      homeLanguage: 'vi',
    },
    guardians: [
      {
        guardian: {
          name: { first: 'Lan', last: 'Nguyen' },
          email: 'lan.nguyen@example.com',
          phone: '+12175550188',
          preferredLanguage: 'vi',
        },
        link: { relationship: 'mother', custody: true, educationalRights: true, livesWith: true },
      },
    ],
    ...overrides,
  };
};
