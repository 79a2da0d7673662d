/**
 * The OneRoster CSV binding's file tables, as data: for each file of a set, its columns in the
 * published order, which are required, what kind of value each holds, and which file a reference
 * column names. Version 1.2 (IMS OneRoster: CSV Binding 1.2.1, §3 "CSV Files") is what this system
 * reads and writes; version 1.1 (IMS OneRoster v1.1 CSV tables) is read and converted to 1.2
 * (csv-v11.ts). Everything the importer checks about a header or a value is derived from here.
 */

/** What a column holds (CSV binding 1.2, §3.1 "Data Types" and each file's table). */
export type ColumnType =
  | 'id' // GUID: a non-blank string of the producer's choosing
  | 'ref' // GUID Reference: the sourcedId of a row of another file
  | 'refs' // List of GUID References, comma-separated
  | 'string'
  | 'strings' // List of Strings, comma-separated
  | 'status' // active | tobedeleted (the binding's StatusEnum)
  | 'datetime' // DateTime: ISO 8601 with a time and a zone, e.g. 2023-05-01T18:25:43.511Z
  | 'date' // Date: YYYY-MM-DD
  | 'year' // Year: YYYY
  | 'bool' // true | false
  | 'number'
  | 'userIds' // List of {type:identifier}
  | { readonly enum: readonly string[]; readonly extensible?: boolean };

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  /** For a reference: the file whose rows it names. */
  readonly names?: string;
}

const col = (name: string, type: ColumnType, required = false, names?: string): ColumnSpec => ({
  name,
  type,
  required,
  ...(names ? { names } : {}),
});
const head = (): ColumnSpec[] => [col('sourcedId', 'id', true), col('status', 'status'), col('dateLastModified', 'datetime')];

// §4.1.x vocabularies (OneRoster 1.2 Base Data Model, "Enumerated Vocabularies"); "ext:" tokens
// extend the extensible ones (CSV binding §3.1: "the extension mechanism ... prefix 'ext:'").
export const ORG_TYPES = ['department', 'school', 'district', 'local', 'state', 'national'] as const;
export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
export const ROLES_V12 = [
  'aide',
  'counselor',
  'districtAdministrator',
  'guardian',
  'parent',
  'principal',
  'proctor',
  'relative',
  'siteAdministrator',
  'student',
  'systemAdministrator',
  'teacher',
] as const;
/** OneRoster 1.1's RoleType (users.csv `role`), which 1.2 replaced by roles.csv. */
export const ROLES_V11 = ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'] as const;
export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const;
export const SEXES = ['male', 'female', 'other', 'unspecified'] as const;
export const SCORE_STATUSES = ['exempt', 'fully graded', 'not submitted', 'partially graded', 'submitted'] as const;

const RACE_FLAGS = [
  'americanIndianOrAlaskaNative',
  'asian',
  'blackOrAfricanAmerican',
  'nativeHawaiianOrOtherPacificIslander',
  'white',
  'demographicRaceTwoOrMoreRaces',
  'hispanicOrLatinoEthnicity',
];

/** The 1.2 files this system reads, with their columns in the binding's order. */
export const FILES_V12 = {
  // §3.6 orgs.csv
  orgs: [
    ...head(),
    col('name', 'string', true),
    col('type', { enum: ORG_TYPES, extensible: true }, true),
    col('identifier', 'string'),
    col('parentSourcedId', 'ref', false, 'orgs'),
  ],
  // §3.2 academicSessions.csv
  academicSessions: [
    ...head(),
    col('title', 'string', true),
    col('type', { enum: SESSION_TYPES, extensible: true }, true),
    col('startDate', 'date', true),
    col('endDate', 'date', true),
    col('parentSourcedId', 'ref', false, 'academicSessions'),
    col('schoolYear', 'year', true),
  ],
  // §3.5 courses.csv
  courses: [
    ...head(),
    col('schoolYearSourcedId', 'ref', false, 'academicSessions'),
    col('title', 'string', true),
    col('courseCode', 'string'),
    col('grades', 'strings'),
    col('orgSourcedId', 'ref', true, 'orgs'),
    col('subjects', 'strings'),
    col('subjectCodes', 'strings'),
  ],
  // §3.4 classes.csv
  classes: [
    ...head(),
    col('title', 'string', true),
    col('grades', 'strings'),
    col('courseSourcedId', 'ref', true, 'courses'),
    col('classCode', 'string'),
    col('classType', { enum: ['homeroom', 'scheduled'], extensible: true }, true),
    col('location', 'string'),
    col('schoolSourcedId', 'ref', true, 'orgs'),
    col('termSourcedIds', 'refs', true, 'academicSessions'),
    col('subjects', 'strings'),
    col('subjectCodes', 'strings'),
    col('periods', 'strings'),
  ],
  // §3.12 users.csv
  users: [
    ...head(),
    col('enabledUser', 'bool', true),
    col('username', 'string', true),
    col('userIds', 'userIds'),
    col('givenName', 'string', true),
    col('familyName', 'string', true),
    col('middleName', 'string'),
    col('identifier', 'string'),
    col('email', 'string'),
    col('sms', 'string'),
    col('phone', 'string'),
    col('agentSourcedIds', 'refs', false, 'users'),
    col('grades', 'strings'),
    col('password', 'string'),
    col('userMasterIdentifier', 'string'),
    col('resourceSourcedIds', 'refs'),
    col('preferredGivenName', 'string'),
    col('preferredMiddleName', 'string'),
    col('preferredFamilyName', 'string'),
    col('primaryOrgSourcedId', 'ref', false, 'orgs'),
    col('pronouns', 'string'),
  ],
  // §3.10 roles.csv
  roles: [
    ...head(),
    col('userSourcedId', 'ref', true, 'users'),
    col('roleType', { enum: ['primary', 'secondary'] }, true),
    col('role', { enum: ROLES_V12, extensible: true }, true),
    col('beginDate', 'date'),
    col('endDate', 'date'),
    col('orgSourcedId', 'ref', true, 'orgs'),
    col('userProfileSourcedId', 'ref', false, 'userProfiles'),
  ],
  // §3.13 userProfiles.csv
  userProfiles: [
    ...head(),
    col('userSourcedId', 'ref', true, 'users'),
    col('profileType', 'string', true),
    col('vendorId', 'string', true),
    col('applicationId', 'string'),
    col('description', 'string'),
    col('credentialType', 'string', true),
    col('username', 'string', true),
    col('password', 'string'),
  ],
  // §3.8 enrollments.csv
  enrollments: [
    ...head(),
    col('classSourcedId', 'ref', true, 'classes'),
    col('schoolSourcedId', 'ref', true, 'orgs'),
    col('userSourcedId', 'ref', true, 'users'),
    col('role', { enum: ENROLLMENT_ROLES, extensible: true }, true),
    col('primary', 'bool'),
    col('beginDate', 'date'),
    col('endDate', 'date'),
  ],
  // §3.7 demographics.csv: its sourcedId is the user's.
  demographics: [
    col('sourcedId', 'ref', true, 'users'),
    col('status', 'status'),
    col('dateLastModified', 'datetime'),
    col('birthDate', 'date'),
    col('sex', { enum: SEXES, extensible: true }),
    ...RACE_FLAGS.map((name) => col(name, 'bool')),
    col('countryOfBirthCode', 'string'),
    col('stateOfBirthAbbreviation', 'string'),
    col('cityOfBirth', 'string'),
    col('publicSchoolResidenceStatus', 'string'),
  ],
  // §3.3 categories.csv
  categories: [...head(), col('title', 'string', true), col('weight', 'number')],
  // §3.9 lineItems.csv
  lineItems: [
    ...head(),
    col('title', 'string', true),
    col('description', 'string'),
    col('assignDate', 'datetime', true),
    col('dueDate', 'datetime', true),
    col('classSourcedId', 'ref', true, 'classes'),
    col('categorySourcedId', 'ref', true, 'categories'),
    col('gradingPeriodSourcedId', 'ref', false, 'academicSessions'),
    col('academicSessionSourcedId', 'ref', false, 'academicSessions'),
    col('resultValueMin', 'number'),
    col('resultValueMax', 'number'),
    col('schoolSourcedId', 'ref', false, 'orgs'),
  ],
  // §3.11 results.csv
  results: [
    ...head(),
    col('lineItemSourcedId', 'ref', true, 'lineItems'),
    col('studentSourcedId', 'ref', true, 'users'),
    col('scoreStatus', { enum: SCORE_STATUSES, extensible: true }, true),
    col('score', 'number'),
    col('scoreDate', 'date'),
    col('comment', 'string'),
    col('classSourcedId', 'ref', false, 'classes'),
  ],
} as const satisfies Record<string, readonly ColumnSpec[]>;

export type CsvFile = keyof typeof FILES_V12;
export const CSV_FILES = Object.keys(FILES_V12) as CsvFile[];

/**
 * The 1.2 files this system does not read (resources, score scales, learning objectives): a set
 * may list them, and they are reported as not imported.
 */
export const UNREAD_FILES_V12 = [
  'classResources',
  'courseResources',
  'resources',
  'userResources',
  'scoreScales',
  'lineItemScoreScales',
  'resultScoreScales',
  'lineItemLearningObjectiveIds',
  'resultLearningObjectiveIds',
] as const;

/**
 * OneRoster 1.1's files where they differ from 1.2 (IMS OneRoster v1.1 CSV, §3): users.csv has
 * `orgSourcedIds` and `role` instead of roles.csv and `primaryOrgSourcedId`; there is no roles.csv
 * nor userProfiles.csv; lineItems.csv has no academicSessionSourcedId/schoolSourcedId and its dates
 * are Dates; results.csv has no classSourcedId. The other files have the same columns.
 */
export const FILES_V11: Partial<Record<CsvFile, readonly ColumnSpec[]>> = {
  users: [
    ...head(),
    col('enabledUser', 'bool', true),
    col('orgSourcedIds', 'refs', true, 'orgs'),
    col('role', { enum: ROLES_V11 }, true),
    col('username', 'string', true),
    col('userIds', 'userIds'),
    col('givenName', 'string', true),
    col('familyName', 'string', true),
    col('middleName', 'string'),
    col('identifier', 'string'),
    col('email', 'string'),
    col('sms', 'string'),
    col('phone', 'string'),
    col('agentSourcedIds', 'refs', false, 'users'),
    col('grades', 'strings'),
    col('password', 'string'),
  ],
  lineItems: [
    ...head(),
    col('title', 'string', true),
    col('description', 'string'),
    col('assignDate', 'date', true),
    col('dueDate', 'date', true),
    col('classSourcedId', 'ref', true, 'classes'),
    col('categorySourcedId', 'ref', true, 'categories'),
    col('gradingPeriodSourcedId', 'ref', true, 'academicSessions'),
    col('resultValueMin', 'number', true),
    col('resultValueMax', 'number', true),
  ],
  results: FILES_V12.results.filter((spec) => spec.name !== 'classSourcedId'),
};
export const FILES_NOT_IN_V11: readonly CsvFile[] = ['roles', 'userProfiles'];

export type OneRosterVersion = '1.1' | '1.2';

/** A file's columns under a version. */
export function columnsFor(file: CsvFile, version: OneRosterVersion): readonly ColumnSpec[] {
  return (version === '1.1' ? FILES_V11[file] : undefined) ?? FILES_V12[file];
}

/** The 1.2 column names of a file, in the binding's order. */
export const STANDARD_COLUMNS: Readonly<Record<CsvFile, readonly string[]>> = CSV_FILES.reduce(
  (columns, file) => ({ ...columns, [file]: FILES_V12[file].map((spec: ColumnSpec) => spec.name) }),
  {} as Record<CsvFile, readonly string[]>,
);

/** Extension columns: the binding allows `metadata.*` columns after the standard ones (§3.1, "metadata"). */
export const isExtensionColumn = (name: string): boolean => /^metadata\.[^\s]+$/.test(name);
