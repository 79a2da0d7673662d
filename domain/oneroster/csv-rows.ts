/**
 * Validation of one CSV row against the OneRoster 1.2 CSV binding: required columns, enumerations,
 * dates and booleans. A row that fails is reported (file, line, field, reason) and skipped; the
 * SIS's own rules are checked after mapping, by the same use cases the API calls.
 */
import * as z from 'zod';
import type { CsvFile, FileMode } from './csv-files';

export type CsvRow = Readonly<Record<string, string>>;

export interface RowIssue {
  readonly field: string;
  readonly reason: string;
}

const required = z.string().trim().min(1, { error: 'is required' });
const optional = z.string().optional();
const date = z.union([z.literal(''), z.iso.date({ error: 'must be a date as YYYY-MM-DD' })]).optional();
const bool = z.enum(['true', 'false'], { error: 'must be true or false' });
const optionalBool = z.union([z.literal(''), bool]).optional();
const enumOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of: ${values.join(', ')}` });

export const ORG_TYPES = ['department', 'school', 'district', 'local', 'state', 'national'] as const;
export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
export const ROLE_NAMES = [
  'administrator',
  'aide',
  'guardian',
  'parent',
  'proctor',
  'relative',
  'student',
  'teacher',
  'districtAdministrator',
  'principal',
  'siteAdministrator',
  'systemAdministrator',
] as const;
export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const;
export const SEXES = ['male', 'female', 'other', 'unspecified'] as const;

const ROW_SCHEMAS: Record<CsvFile, z.ZodObject> = {
  orgs: z.object({ name: required, type: enumOf(ORG_TYPES), identifier: optional, parentSourcedId: optional }),
  academicSessions: z.object({
    title: required,
    type: enumOf(SESSION_TYPES),
    startDate: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
    endDate: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
    parentSourcedId: optional,
    schoolYear: z.string().regex(/^\d{4}$/, { error: 'must be a year as YYYY' }),
  }),
  courses: z.object({ title: required, courseCode: required, orgSourcedId: required, grades: optional, subjects: optional }),
  classes: z.object({
    title: required,
    courseSourcedId: required,
    classCode: required,
    classType: enumOf(['homeroom', 'scheduled'] as const),
    schoolSourcedId: required,
    termSourcedIds: required,
    location: optional,
    periods: optional,
  }),
  users: z.object({ enabledUser: bool, givenName: required, familyName: required, email: optional, phone: optional, grades: optional }),
  roles: z.object({
    userSourcedId: required,
    roleType: enumOf(['primary', 'secondary'] as const),
    role: enumOf(ROLE_NAMES),
    orgSourcedId: required,
    beginDate: date,
    endDate: date,
  }),
  userProfiles: z.object({ userSourcedId: required, profileType: required, vendorId: required, credentialType: required }),
  enrollments: z.object({
    classSourcedId: required,
    schoolSourcedId: required,
    userSourcedId: required,
    role: enumOf(ENROLLMENT_ROLES),
    primary: optionalBool,
    beginDate: date,
    endDate: date,
  }),
  demographics: z.object({ birthDate: date, sex: z.union([z.literal(''), enumOf(SEXES)]).optional() }),
  categories: z.object({ title: required, weight: optional }),
  lineItems: z.object({ title: required, classSourcedId: required, categorySourcedId: required, gradingPeriodSourcedId: optional }),
  results: z.object({ lineItemSourcedId: required, studentSourcedId: required, scoreStatus: required }),
};

/**
 * The row's problems under the binding: sourcedId always required; in a bulk file status and
 * dateLastModified are blank (or active), in a delta file both are required.
 */
export function rowIssues(file: CsvFile, mode: FileMode, row: CsvRow): RowIssue[] {
  const issues: RowIssue[] = [];
  if (!row.sourcedId?.trim()) issues.push({ field: 'sourcedId', reason: 'is required' });
  const status = row.status ?? '';
  if (mode === 'delta') {
    if (status !== 'active' && status !== 'tobedeleted')
      issues.push({ field: 'status', reason: 'must be active or tobedeleted in a delta file' });
    if (!row.dateLastModified) issues.push({ field: 'dateLastModified', reason: 'is required in a delta file' });
  } else if (status !== '' && status !== 'active') {
    issues.push({ field: 'status', reason: 'must be blank (or active) in a bulk file' });
  }
  if (row.dateLastModified && Number.isNaN(Date.parse(row.dateLastModified))) {
    issues.push({ field: 'dateLastModified', reason: 'must be an ISO 8601 date-time' });
  }
  const parsed = ROW_SCHEMAS[file].safeParse(row);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ field: issue.path.map(String).join('.') || 'row', reason: issue.message });
  }
  const sis = row['metadata.sis'];
  if (sis) {
    try {
      const value: unknown = JSON.parse(sis);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        issues.push({ field: 'metadata.sis', reason: 'must be a JSON object' });
    } catch {
      issues.push({ field: 'metadata.sis', reason: 'must be a JSON object' });
    }
  }
  return issues;
}

/** A comma-separated list column (grades, termSourcedIds, agentSourcedIds, periods), blank entries dropped. */
export const listOf = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The `metadata.sis` object of a row (already checked by rowIssues), or an empty one. */
export const sisOf = (row: CsvRow): Record<string, unknown> =>
  row['metadata.sis'] ? (JSON.parse(row['metadata.sis']) as Record<string, unknown>) : {};
