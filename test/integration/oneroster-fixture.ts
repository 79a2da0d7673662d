/**
 * A small OneRoster 1.2 set a district could send: everything the binding allows that the SIS
 * holds differently (a school identifier with a space, a district-owned course with a code with a
 * space and no grades, a class taught in two semesters with no periods, a teacher on both semesters'
 * rows, a phone that is not E.164, a student identifier with a dot, a student with no guardian and a
 * birth date outside the SIS's ages, sessions without a parent, race flags, a profile with a password).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STANDARD_COLUMNS, type CsvFile } from '../../domain/oneroster/binding';

type Rows = Record<string, string>[];

export const FIXTURE: Partial<Record<CsvFile, Rows>> = {
  orgs: [
    { sourcedId: 'dist', name: 'Lincoln Unified', type: 'district', identifier: 'LUSD-1' },
    { sourcedId: 'sch', name: 'Lincoln High', type: 'school', identifier: 'Lincoln High', parentSourcedId: 'dist' },
  ],
  academicSessions: [
    { sourcedId: 'y2026', title: '2026-2027', type: 'schoolYear', startDate: '2026-08-24', endDate: '2027-06-04', schoolYear: '2027' },
    { sourcedId: 'fall', title: 'Fall', type: 'semester', startDate: '2026-08-24', endDate: '2027-01-15', schoolYear: '2027' },
    { sourcedId: 'spring', title: 'Spring', type: 'semester', startDate: '2027-01-19', endDate: '2027-06-04', schoolYear: '2027' },
    {
      sourcedId: 'q1',
      title: 'Quarter 1',
      type: 'gradingPeriod',
      startDate: '2026-08-24',
      endDate: '2026-10-23',
      parentSourcedId: 'fall',
      schoolYear: '2027',
    },
  ],
  courses: [
    {
      sourcedId: 'eng1',
      schoolYearSourcedId: 'y2026',
      title: 'English I',
      courseCode: 'ENG 1',
      orgSourcedId: 'dist',
      subjects: 'English',
      subjectCodes: 'ENG',
    },
  ],
  classes: [
    {
      sourcedId: 'eng1-a',
      title: 'English I - A',
      grades: '09',
      courseSourcedId: 'eng1',
      classCode: 'English I',
      classType: 'scheduled',
      location: 'Room 12',
      schoolSourcedId: 'sch',
      termSourcedIds: 'fall,spring',
      subjects: 'English',
      subjectCodes: 'ENG',
    },
  ],
  users: [
    {
      sourcedId: 't1',
      enabledUser: 'true',
      username: 'tina',
      givenName: 'Tina',
      familyName: 'Teach',
      identifier: 'T-1',
      email: 'tina@lincoln.example',
      phone: '6032221111',
      primaryOrgSourcedId: 'sch',
    },
    {
      sourcedId: 's1',
      enabledUser: 'true',
      username: 'ana.lopez',
      userIds: '{SIS:1001}',
      givenName: 'Ana',
      familyName: 'Lopez',
      identifier: 'ana.lopez',
      agentSourcedIds: 'g1',
      grades: '09',
      password: 'Hunter2!',
      preferredGivenName: 'Annie',
      primaryOrgSourcedId: 'sch',
      pronouns: 'she/her',
    },
    {
      sourcedId: 's2',
      enabledUser: 'true',
      username: 'ben',
      givenName: 'Ben',
      familyName: 'Older',
      identifier: 'B-2',
      grades: '12',
      primaryOrgSourcedId: 'sch',
    },
    {
      sourcedId: 'g1',
      enabledUser: 'true',
      username: 'gina',
      givenName: 'Gina',
      familyName: 'Lopez',
      email: 'gina@family.example',
      phone: '+15555550123',
      agentSourcedIds: 's1',
    },
  ],
  roles: [
    { sourcedId: 'r-t1', userSourcedId: 't1', roleType: 'primary', role: 'teacher', orgSourcedId: 'sch' },
    { sourcedId: 'r-s1', userSourcedId: 's1', roleType: 'primary', role: 'student', orgSourcedId: 'sch', userProfileSourcedId: 'p1' },
    { sourcedId: 'r-s2', userSourcedId: 's2', roleType: 'primary', role: 'student', orgSourcedId: 'sch' },
    { sourcedId: 'r-g1', userSourcedId: 'g1', roleType: 'primary', role: 'parent', orgSourcedId: 'sch' },
  ],
  userProfiles: [
    {
      sourcedId: 'p1',
      userSourcedId: 's1',
      profileType: 'lms',
      vendorId: 'vendor-x',
      applicationId: 'canvas',
      credentialType: 'password',
      username: 'ana.lopez',
      password: 's3cret!',
    },
  ],
  demographics: [
    {
      sourcedId: 's1',
      birthDate: '2011-03-04',
      sex: 'female',
      asian: 'true',
      white: 'false',
      hispanicOrLatinoEthnicity: 'true',
      countryOfBirthCode: 'MX',
    },
    { sourcedId: 's2', birthDate: '2000-01-01', sex: 'male' },
  ],
  enrollments: [
    {
      sourcedId: 'e-t-fall',
      classSourcedId: 'eng1-a',
      schoolSourcedId: 'sch',
      userSourcedId: 't1',
      role: 'teacher',
      primary: 'true',
      beginDate: '2026-08-24',
      endDate: '2027-01-15',
    },
    {
      sourcedId: 'e-t-spring',
      classSourcedId: 'eng1-a',
      schoolSourcedId: 'sch',
      userSourcedId: 't1',
      role: 'teacher',
      primary: 'true',
      beginDate: '2027-01-19',
      endDate: '2027-06-04',
    },
    {
      sourcedId: 'e-s1-fall',
      classSourcedId: 'eng1-a',
      schoolSourcedId: 'sch',
      userSourcedId: 's1',
      role: 'student',
      primary: 'false',
      beginDate: '2026-08-24',
      endDate: '2027-01-15',
    },
    {
      sourcedId: 'e-s1-spring',
      classSourcedId: 'eng1-a',
      schoolSourcedId: 'sch',
      userSourcedId: 's1',
      role: 'student',
      primary: 'false',
      beginDate: '2027-01-19',
      endDate: '2027-06-04',
    },
    { sourcedId: 'e-s2', classSourcedId: 'eng1-a', schoolSourcedId: 'sch', userSourcedId: 's2', role: 'student' },
  ],
  categories: [{ sourcedId: 'cat-hw', title: 'Homework', weight: '1' }],
  lineItems: [
    {
      sourcedId: 'li-1',
      title: 'Essay',
      assignDate: '2026-09-01T00:00:00.000Z',
      dueDate: '2026-09-08T00:00:00.000Z',
      classSourcedId: 'eng1-a',
      categorySourcedId: 'cat-hw',
      resultValueMin: '0',
      resultValueMax: '100',
      schoolSourcedId: 'sch',
    },
  ],
  results: [
    {
      sourcedId: 'res-1',
      lineItemSourcedId: 'li-1',
      studentSourcedId: 's1',
      scoreStatus: 'fully graded',
      score: '95',
      scoreDate: '2026-09-10',
      comment: 'Well argued',
      classSourcedId: 'eng1-a',
    },
    {
      sourcedId: 'res-2',
      lineItemSourcedId: 'li-1',
      studentSourcedId: 's2',
      scoreStatus: 'fully graded',
      score: '80',
      classSourcedId: 'eng1-a',
    },
  ],
};

const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Writes a set to a folder: the manifest (the files given in `modes`), each file with the binding's header. */
export function writeSet(
  folder: string,
  files: Partial<Record<CsvFile, Rows>>,
  modes: Partial<Record<CsvFile, 'bulk' | 'delta'>> = {},
  properties: Record<string, string> = { 'manifest.version': '1.0', 'oneroster.version': '1.2' },
): string {
  mkdirSync(folder, { recursive: true });
  const manifest = [
    'propertyName,value',
    ...Object.entries(properties).map(([name, value]) => `${name},${value}`),
    ...Object.keys(files).map((file) => `file.${file},${modes[file as CsvFile] ?? 'bulk'}`),
  ];
  writeFileSync(join(folder, 'manifest.csv'), `${manifest.join('\n')}\n`);
  for (const [file, rows] of Object.entries(files) as [CsvFile, Rows][]) {
    const columns = STANDARD_COLUMNS[file];
    const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column] ?? '')).join(','))];
    writeFileSync(join(folder, `${file}.csv`), `${lines.join('\n')}\n`);
  }
  return folder;
}
