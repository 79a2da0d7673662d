/**
 * The SIS's students, staff and guardians as OneRoster rows: users.csv, roles.csv,
 * userProfiles.csv and (for a student) demographics.csv, for the people the district's files did
 * not give and for what the SIS changed in those they did (view.ts). `metadata.sis` holds what the
 * columns cannot say, so that importing the rows makes the same person (realize-people.ts).
 */
import type { ApplicationProfile } from '../schemas/people';
import { canonicalJson } from '../validation';
import { residual } from './csv-merge';
import type { CsvRow } from './csv-rows';
import { guardianFrom, staffFrom, studentFrom, type UserRole } from './realize-people';

type Data = Record<string, unknown>;
type SourcedOf = (kind: 'org' | 'user', sisId: string) => string;

/** The OneRoster role of a staff type (1.2's vocabulary: a nurse or other support staff is an aide). */
export const ROLE_OF_STAFF: Readonly<Record<string, string>> = {
  teacher: 'teacher',
  administrator: 'siteAdministrator',
  counselor: 'counselor',
  nurse: 'aide',
  support: 'aide',
};
/** The OneRoster role of a guardian link's relationship. */
export const ROLE_OF_RELATIONSHIP: Readonly<Record<string, string>> = {
  mother: 'parent',
  father: 'parent',
  parent: 'parent',
  stepparent: 'parent',
  foster_parent: 'guardian',
  legal_guardian: 'guardian',
  grandparent: 'relative',
  relative: 'relative',
  other: 'relative',
};
export const GENDER_TO_SEX: Readonly<Record<string, string>> = {
  male: 'male',
  female: 'female',
  nonbinary: 'other',
  unspecified: 'unspecified',
};

/** The rows one SIS person is exported as. */
export interface PersonRows {
  readonly user: CsvRow;
  readonly roles: CsvRow[];
  /** userProfiles.csv rows. */
  readonly profiles: CsvRow[];
  readonly demographic?: CsvRow;
}

const compactRow = (row: Record<string, string | undefined>): CsvRow =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value ?? '']));
const userRow = (sourcedId: string, columns: Record<string, string | undefined>, sis: Data): CsvRow =>
  compactRow({ sourcedId, enabledUser: 'true', ...columns, 'metadata.sis': Object.keys(sis).length > 0 ? canonicalJson(sis) : '' });
const roleRow = (userSourcedId: string, orgSourcedId: string, role: string, roleType: string): CsvRow => ({
  sourcedId: `${userSourcedId}.${orgSourcedId}`,
  userSourcedId,
  roleType,
  role,
  orgSourcedId,
});

/** A profile's userProfiles.csv row (the password column left empty). */
export const profileRowOf = (userSourcedId: string, profile: ApplicationProfile): CsvRow =>
  compactRow({
    sourcedId: profile.profileId,
    userSourcedId,
    profileType: profile.profileType,
    vendorId: profile.vendorId,
    applicationId: profile.applicationId,
    description: profile.description,
    credentialType: profile.credentialType,
    username: profile.username,
  });
const profileRows = (userSourcedId: string, data: Data): CsvRow[] =>
  ((data.applicationProfiles ?? []) as ApplicationProfile[]).map((profile) => profileRowOf(userSourcedId, profile));

const asRoles = (rows: readonly CsvRow[]): UserRole[] =>
  rows.map((row) => ({ role: row.role!, roleType: row.roleType!, orgSourcedId: row.orgSourcedId! }));

export function studentRows(
  id: string,
  data: Data,
  links: readonly { guardianId: string; data: Data }[],
  sourcedOf: SourcedOf,
): PersonRows {
  const legal = data.legalName as Record<string, string>;
  const preferred = (data.preferredName ?? {}) as Record<string, string>;
  const sourcedId = sourcedOf('user', id);
  const schoolId = String(data.schoolId);
  const schoolSourcedId = sourcedOf('org', schoolId);
  const agents = links
    .map((link) => ({ agent: sourcedOf('user', link.guardianId), data: link.data }))
    .sort((a, b) => (a.agent < b.agent ? -1 : 1));
  const user = compactRow({
    sourcedId,
    username: String(data.districtStudentId),
    givenName: legal.first,
    familyName: legal.last,
    middleName: legal.middle,
    identifier: String(data.districtStudentId),
    email: data.email as string | undefined,
    agentSourcedIds: agents.map((entry) => entry.agent).join(','),
    grades: String(data.gradeLevel),
    preferredGivenName: preferred.first,
    preferredFamilyName: preferred.last,
    primaryOrgSourcedId: schoolSourcedId,
  });
  const roles = [roleRow(sourcedId, schoolSourcedId, 'student', 'primary')];
  const demographic = compactRow({ sourcedId, birthDate: String(data.birthDate), sex: GENDER_TO_SEX[String(data.gender)] });
  const profiles = profileRows(sourcedId, data);
  const derived = studentFrom({
    row: user,
    roles: asRoles(roles),
    demographic,
    profiles,
    schoolOf: (org) => (org === schoolSourcedId ? schoolId : undefined),
  }).data;
  // The home language is always said: the SIS's 'en' when a file says none is a default, not a fact.
  const { homeLanguage: _language, ...columns } = derived ?? {};
  const sis = residual(data, columns);
  if (agents.length > 0) {
    sis.guardianLinks = Object.fromEntries(
      agents.map(({ agent, data: link }) => {
        const { guardianId: _guardianId, ...terms } = link;
        return [agent, terms];
      }),
    );
  }
  return { user: userRow(sourcedId, user, sis), roles, profiles, demographic };
}

export function staffRows(id: string, data: Data, sourcedOf: SourcedOf): PersonRows {
  const person = data.name as Record<string, string>;
  const sourcedId = sourcedOf('user', id);
  const role = ROLE_OF_STAFF[String(data.staffType)] ?? 'aide';
  const assignments = data.assignments as { schoolId: string; primary: boolean }[];
  const ordered = [...assignments].sort((a, b) => (a.primary === b.primary ? 0 : a.primary ? -1 : 1));
  const roles = ordered.map((assignment, index) =>
    roleRow(sourcedId, sourcedOf('org', assignment.schoolId), role, index === 0 ? 'primary' : 'secondary'),
  );
  const user = compactRow({
    sourcedId,
    username: String(data.email),
    givenName: person.first,
    familyName: person.last,
    middleName: person.middle,
    identifier: String(data.employeeId),
    email: String(data.email),
    phone: data.phone as string | undefined,
    primaryOrgSourcedId: sourcedOf('org', ordered[0]!.schoolId),
  });
  const profiles = profileRows(sourcedId, data);
  const bySourcedId = new Map(assignments.map((assignment) => [sourcedOf('org', assignment.schoolId), assignment.schoolId]));
  const derived = staffFrom({ row: user, roles: asRoles(roles), profiles, schoolOf: (org) => bySourcedId.get(org) }).data;
  return { user: userRow(sourcedId, user, residual(data, derived ?? {})), roles, profiles };
}

/** A guardian's rows; `children` are their linked students with the link's relationship and the child's school. */
export function guardianRows(
  id: string,
  data: Data,
  children: readonly { studentId: string; schoolId: string; relationship: string }[],
  districtSourcedId: string,
  sourcedOf: SourcedOf,
): PersonRows {
  const person = data.name as Record<string, string>;
  const sourcedId = sourcedOf('user', id);
  const user = compactRow({
    sourcedId,
    username: (data.email as string | undefined) ?? sourcedId,
    givenName: person.first,
    familyName: person.last,
    middleName: person.middle,
    email: data.email as string | undefined,
    phone: data.phone as string | undefined,
    agentSourcedIds: children
      .map((child) => sourcedOf('user', child.studentId))
      .sort()
      .join(','),
  });
  const role = ROLE_OF_RELATIONSHIP[children[0]?.relationship ?? ''] ?? 'guardian';
  const orgs = [...new Set(children.map((child) => sourcedOf('org', child.schoolId)))];
  const roles = (orgs.length > 0 ? orgs : [districtSourcedId]).map((org, index) =>
    roleRow(sourcedId, org, role, index === 0 ? 'primary' : 'secondary'),
  );
  const profiles = profileRows(sourcedId, data);
  const { preferredLanguage: _language, ...derived } =
    guardianFrom({ row: user, roles: asRoles(roles), profiles, schoolOf: () => undefined }).data ?? {};
  return { user: userRow(sourcedId, user, residual(data, derived)), roles, profiles };
}
