/**
 * The OneRoster 1.2 CSV binding: the files of a set, their columns in the published order, and
 * the manifest. Every file written carries one extension column, `metadata.sis`, after the
 * standard ones (the binding allows `metadata.*` extension columns): the SIS fields OneRoster has
 * no column for, as JSON, so that an export imports back into the same records.
 */

export const STANDARD_COLUMNS = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
  academicSessions: ['sourcedId', 'status', 'dateLastModified', 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
  courses: [
    'sourcedId',
    'status',
    'dateLastModified',
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
  classes: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
  ],
  users: [
    'sourcedId',
    'status',
    'dateLastModified',
    'enabledUser',
    'username',
    'userIds',
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'password',
    'userMasterIdentifier',
    'resourceSourcedIds',
    'preferredGivenName',
    'preferredMiddleName',
    'preferredFamilyName',
    'primaryOrgSourcedId',
    'pronouns',
  ],
  roles: [
    'sourcedId',
    'status',
    'dateLastModified',
    'userSourcedId',
    'roleType',
    'role',
    'beginDate',
    'endDate',
    'orgSourcedId',
    'userProfileSourcedId',
  ],
  userProfiles: [
    'sourcedId',
    'status',
    'dateLastModified',
    'userSourcedId',
    'profileType',
    'vendorId',
    'applicationId',
    'description',
    'credentialType',
    'username',
    'password',
  ],
  enrollments: [
    'sourcedId',
    'status',
    'dateLastModified',
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
  demographics: [
    'sourcedId',
    'status',
    'dateLastModified',
    'birthDate',
    'sex',
    'americanIndianOrAlaskaNative',
    'asian',
    'blackOrAfricanAmerican',
    'nativeHawaiianOrOtherPacificIslander',
    'white',
    'demographicRaceTwoOrMoreRaces',
    'hispanicOrLatinoEthnicity',
    'countryOfBirthCode',
    'stateOfBirthAbbreviation',
    'cityOfBirth',
    'publicSchoolResidenceStatus',
  ],
  categories: ['sourcedId', 'status', 'dateLastModified', 'title', 'weight'],
  lineItems: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'description',
    'assignDate',
    'dueDate',
    'classSourcedId',
    'categorySourcedId',
    'gradingPeriodSourcedId',
    'academicSessionSourcedId',
    'resultValueMin',
    'resultValueMax',
    'schoolSourcedId',
  ],
  results: [
    'sourcedId',
    'status',
    'dateLastModified',
    'lineItemSourcedId',
    'studentSourcedId',
    'scoreStatus',
    'score',
    'scoreDate',
    'comment',
    'classSourcedId',
  ],
} as const;

export type CsvFile = keyof typeof STANDARD_COLUMNS;

/** The extension column holding the SIS-only fields as JSON. */
export const SIS_COLUMN = 'metadata.sis';

/** The columns this system writes, in order: the standard ones, then `metadata.sis`. */
export const columnsOf = (file: CsvFile): readonly string[] => [...STANDARD_COLUMNS[file], SIS_COLUMN];

/** The order the importer reads files in: what a row names must exist before it. */
export const IMPORT_ORDER: readonly CsvFile[] = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'roles',
  'demographics',
  'userProfiles',
  'users',
  'enrollments',
  'categories',
  'lineItems',
  'results',
];

/** The files the exporter writes (the others are absent from its manifest). */
export const EXPORTED_FILES: readonly CsvFile[] = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'roles',
  'userProfiles',
  'enrollments',
  'demographics',
  'categories',
  'lineItems',
  'results',
];

export const FILE_MODES = ['bulk', 'delta', 'absent'] as const;
export type FileMode = (typeof FILE_MODES)[number];

export interface Manifest {
  readonly files: Readonly<Record<CsvFile, FileMode>>;
  readonly properties: Readonly<Record<string, string>>;
}

const ALL_FILES = Object.keys(STANDARD_COLUMNS) as CsvFile[];

/** Reads manifest.csv's `propertyName,value` rows; a file not listed is absent. */
export function parseManifest(rows: readonly (readonly string[])[]): { manifest: Manifest; issues: string[] } {
  const properties: Record<string, string> = {};
  for (const [name, value] of rows) if (name !== undefined && name !== 'propertyName') properties[name] = value ?? '';
  const issues: string[] = [];
  const files = Object.fromEntries(
    ALL_FILES.map((file) => {
      const mode = (properties[`file.${file}`] ?? 'absent').trim().toLowerCase();
      if (!(FILE_MODES as readonly string[]).includes(mode)) {
        issues.push(`file.${file}: must be bulk, delta or absent, not "${mode}"`);
        return [file, 'absent'];
      }
      return [file, mode];
    }),
  ) as Record<CsvFile, FileMode>;
  if (properties['oneroster.version'] && properties['oneroster.version'] !== '1.2') {
    issues.push(`oneroster.version: this importer reads 1.2, not ${properties['oneroster.version']}`);
  }
  return { manifest: { files, properties }, issues };
}

/** manifest.csv for an export: every exported file in bulk mode, the rest absent. */
export function manifestRows(systemName: string): string[][] {
  return [
    ['propertyName', 'value'],
    ['manifest.version', '1.0'],
    ['oneroster.version', '1.2'],
    ...ALL_FILES.map((file) => [`file.${file}`, EXPORTED_FILES.includes(file) ? 'bulk' : 'absent']),
    ['source.systemName', systemName],
    ['source.systemCode', ''],
  ];
}
