/**
 * users.csv, roles.csv and demographics.csv rows <-> the SIS's students, staff and guardians.
 * A user's kind follows from its roles: a student role makes a student, a staff role a staff
 * member, a guardian, parent or relative role a guardian.
 */
import { GRADE_LEVELS } from '../schemas/common';
import type { RecordData } from '../records/record-types';
import { STAFF_TYPES, type ApplicationProfile } from '../schemas/people';
import { canonicalJson } from '../validation';
import { sisIdFor } from './csv-ids';
import { compact, merge, residual } from './csv-merge';
import { listOf, sisOf, type CsvRow } from './csv-rows';

export type UserKind = 'student' | 'staff' | 'guardian';
type StaffType = (typeof STAFF_TYPES)[number];

/** One roles.csv row, as the users pass needs it. */
export interface UserRole {
  readonly role: string;
  readonly roleType: 'primary' | 'secondary';
  readonly orgSourcedId: string;
}

const STAFF_ROLES: Readonly<Record<string, StaffType>> = {
  teacher: 'teacher',
  administrator: 'administrator',
  principal: 'administrator',
  siteAdministrator: 'administrator',
  districtAdministrator: 'administrator',
  systemAdministrator: 'administrator',
  aide: 'support',
  proctor: 'support',
};
const GUARDIAN_ROLES = ['guardian', 'parent', 'relative'];

/** The OneRoster role a staff type is exported as (the exact type rides in metadata.sis when it differs). */
export const ROLE_OF_STAFF: Readonly<Record<StaffType, string>> = {
  teacher: 'teacher',
  administrator: 'administrator',
  counselor: 'administrator',
  nurse: 'aide',
  support: 'aide',
};

export function kindOf(roles: readonly UserRole[]): UserKind | undefined {
  if (roles.some((role) => role.role === 'student')) return 'student';
  if (roles.some((role) => STAFF_ROLES[role.role])) return 'staff';
  if (roles.some((role) => GUARDIAN_ROLES.includes(role.role))) return 'guardian';
  return undefined;
}

const SEX_TO_GENDER: Readonly<Record<string, string>> = { male: 'male', female: 'female', other: 'nonbinary', unspecified: 'unspecified' };
export const GENDER_TO_SEX: Readonly<Record<string, string>> = {
  male: 'male',
  female: 'female',
  nonbinary: 'other',
  unspecified: 'unspecified',
};

/** What the demographics pass keeps of a row, per user sourcedId. */
export interface Demographic {
  readonly birthDate?: string;
  readonly sex?: string;
}

const name = (row: CsvRow) => compact({ first: row.givenName, middle: row.middleName, last: row.familyName });

/** A guardian link's terms when the file says nothing of them (a foreign file). */
export const DEFAULT_LINK = { relationship: 'parent', custody: true, educationalRights: true, livesWith: true };
/** What OneRoster cannot say about a student and the SIS requires: the language of the home. */
const STUDENT_DEFAULTS = { homeLanguage: 'en' };

const studentColumns = (row: CsvRow, roles: readonly UserRole[], demographic: Demographic | undefined): RecordData => {
  const preferred = compact({ first: row.preferredGivenName, last: row.preferredFamilyName });
  const schoolSourcedId = row.primaryOrgSourcedId || roles.find((role) => role.role === 'student')?.orgSourcedId;
  const grade = listOf(row.grades)[0];
  return compact({
    districtStudentId: row.identifier,
    schoolId: schoolSourcedId ? sisIdFor('org', schoolSourcedId) : undefined,
    legalName: name(row),
    preferredName: Object.keys(preferred).length > 0 ? preferred : undefined,
    birthDate: demographic?.birthDate,
    gender: demographic?.sex ? SEX_TO_GENDER[demographic.sex] : undefined,
    gradeLevel: grade,
    email: row.email,
  });
};

const staffColumns = (row: CsvRow, roles: readonly UserRole[]): RecordData => {
  const staffRoles = roles.filter((role) => STAFF_ROLES[role.role]);
  const primary = staffRoles.find((role) => role.roleType === 'primary') ?? staffRoles[0];
  return compact({
    name: name(row),
    employeeId: row.identifier,
    email: row.email,
    phone: row.phone,
    staffType: primary ? STAFF_ROLES[primary.role] : undefined,
    assignments: staffRoles.map((role) => ({ schoolId: sisIdFor('org', role.orgSourcedId), primary: role.roleType === 'primary' })),
  });
};

const guardianColumns = (row: CsvRow): RecordData => compact({ name: name(row), email: row.email, phone: row.phone });

/** A user row's SIS record data (and, for a student, the guardian links its agents name). */
export function userFromRow(
  kind: UserKind,
  row: CsvRow,
  roles: readonly UserRole[],
  demographic: Demographic | undefined,
  profiles?: readonly CsvRow[],
): { data: RecordData; links: { guardianId: string; data: RecordData }[] } {
  const { guardianLinks, ...sis } = sisOf(row) as { guardianLinks?: Record<string, RecordData> };
  const withProfiles = (data: RecordData): RecordData => {
    const applicationProfiles = profiles?.map(profileFromRow);
    return applicationProfiles?.length ? { ...data, applicationProfiles } : data;
  };
  if (kind === 'student') {
    const links = listOf(row.agentSourcedIds).map((agent) => {
      const guardianId = sisIdFor('user', agent);
      return { guardianId, data: { ...(guardianLinks?.[agent] ?? DEFAULT_LINK), guardianId } };
    });
    return { data: withProfiles(merge(merge(STUDENT_DEFAULTS, studentColumns(row, roles, demographic)), sis)), links };
  }
  if (kind === 'staff') return { data: withProfiles(merge(staffColumns(row, roles), sis)), links: [] };
  return { data: withProfiles(merge(guardianColumns(row), sis)), links: [] };
}

/** An application profile from its userProfiles.csv row; the password column is never kept (decision 0092). */
export function profileFromRow(row: CsvRow): ApplicationProfile {
  const optional = (column: string) => (row[column] ? { [column]: row[column] } : {});
  return {
    profileId: row.sourcedId!,
    profileType: row.profileType!,
    vendorId: row.vendorId!,
    ...optional('applicationId'),
    ...optional('description'),
    credentialType: row.credentialType!,
    ...optional('username'),
  };
}

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

const profileRows = (userSourcedId: string, data: RecordData): CsvRow[] =>
  ((data.applicationProfiles ?? []) as ApplicationProfile[]).map((profile) => profileRowOf(userSourcedId, profile));

/** What a person's columns and profile rows say, so that the residual (metadata.sis) leaves the profiles out. */
const withProfilesOf = (derived: RecordData, data: RecordData): RecordData =>
  data.applicationProfiles ? { ...derived, applicationProfiles: data.applicationProfiles } : derived;

/** Where a SIS field of a user comes from, for the bad-row report. */
export const USER_FIELD_COLUMNS: Readonly<Record<string, string>> = {
  districtStudentId: 'identifier',
  employeeId: 'identifier',
  schoolId: 'primaryOrgSourcedId',
  'legalName.first': 'givenName',
  'legalName.last': 'familyName',
  'legalName.middle': 'middleName',
  'name.first': 'givenName',
  'name.last': 'familyName',
  'name.middle': 'middleName',
  'preferredName.first': 'preferredGivenName',
  'preferredName.last': 'preferredFamilyName',
  birthDate: 'demographics.birthDate',
  gender: 'demographics.sex',
  gradeLevel: 'grades',
  email: 'email',
  phone: 'phone',
  staffType: 'roles.role',
  assignments: 'roles.orgSourcedId',
};

/** The rows one SIS person is exported as: users.csv, roles.csv and (for a student) demographics.csv. */
export interface PersonRows {
  readonly user: CsvRow;
  readonly roles: CsvRow[];
  /** userProfiles.csv rows. */
  readonly profiles: CsvRow[];
  readonly demographic?: CsvRow;
}

type SourcedOf = (kind: 'org' | 'user', sisId: string) => string;

const userRow = (sourcedId: string, columns: Record<string, string | undefined>, sis: RecordData): CsvRow =>
  compactRow({ sourcedId, enabledUser: 'true', ...columns, 'metadata.sis': Object.keys(sis).length > 0 ? canonicalJson(sis) : '' });

const compactRow = (row: Record<string, string | undefined>): CsvRow =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value ?? '']));

const roleRow = (userSourcedId: string, orgSourcedId: string, role: string, roleType: string): CsvRow => ({
  sourcedId: `${userSourcedId}.${orgSourcedId}`,
  userSourcedId,
  roleType,
  role,
  orgSourcedId,
});

export function studentRows(
  id: string,
  data: RecordData,
  links: readonly { guardianId: string; data: RecordData }[],
  sourcedOf: SourcedOf,
): PersonRows {
  const legal = data.legalName as Record<string, string>;
  const preferred = (data.preferredName ?? {}) as Record<string, string>;
  const sourcedId = sourcedOf('user', id);
  const schoolSourcedId = sourcedOf('org', String(data.schoolId));
  const agents = links
    .map((link) => ({ agent: sourcedOf('user', link.guardianId), data: link.data }))
    .sort((a, b) => (a.agent < b.agent ? -1 : 1));
  const user: Record<string, string | undefined> = {
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
  };
  const demographic: Demographic = { birthDate: String(data.birthDate), sex: GENDER_TO_SEX[String(data.gender)] };
  const derived = withProfilesOf(merge(STUDENT_DEFAULTS, studentColumns(compactRow(user), [], demographic)), data);
  const sis = residual(data, derived);
  const linkTerms = Object.fromEntries(
    agents.map(({ agent, data: link }) => {
      const { guardianId: _guardianId, ...terms } = link;
      return [agent, terms];
    }),
  );
  if (agents.length > 0) sis.guardianLinks = linkTerms;
  return {
    user: userRow(sourcedId, user, sis),
    roles: [roleRow(sourcedId, schoolSourcedId, 'student', 'primary')],
    profiles: profileRows(sourcedId, data),
    demographic: { sourcedId, birthDate: demographic.birthDate ?? '', sex: demographic.sex ?? '' },
  };
}

export function staffRows(id: string, data: RecordData, sourcedOf: SourcedOf): PersonRows {
  const person = data.name as Record<string, string>;
  const sourcedId = sourcedOf('user', id);
  const role = ROLE_OF_STAFF[data.staffType as StaffType];
  const assignments = data.assignments as { schoolId: string; primary: boolean }[];
  const roles = assignments.map((assignment) =>
    roleRow(sourcedId, sourcedOf('org', assignment.schoolId), role, assignment.primary ? 'primary' : 'secondary'),
  );
  const user = {
    username: String(data.email),
    givenName: person.first,
    familyName: person.last,
    middleName: person.middle,
    identifier: String(data.employeeId),
    email: String(data.email),
    phone: data.phone as string | undefined,
    primaryOrgSourcedId: sourcedOf('org', (assignments.find((a) => a.primary) ?? assignments[0])!.schoolId),
  };
  const derived = staffColumns(
    compactRow(user),
    roles.map((row) => ({ role: row.role!, roleType: row.roleType as 'primary', orgSourcedId: row.orgSourcedId! })),
  );
  return { user: userRow(sourcedId, user, residual(data, withProfilesOf(derived, data))), roles, profiles: profileRows(sourcedId, data) };
}

export function guardianRows(
  id: string,
  data: RecordData,
  children: readonly string[],
  districtSourcedId: string,
  sourcedOf: SourcedOf,
): PersonRows {
  const person = data.name as Record<string, string>;
  const sourcedId = sourcedOf('user', id);
  const user = {
    givenName: person.first,
    familyName: person.last,
    middleName: person.middle,
    email: data.email as string | undefined,
    phone: data.phone as string | undefined,
    agentSourcedIds: children
      .map((child) => sourcedOf('user', child))
      .sort()
      .join(','),
  };
  const derived = withProfilesOf(guardianColumns(compactRow(user)), data);
  return {
    user: userRow(sourcedId, user, residual(data, derived)),
    roles: [roleRow(sourcedId, districtSourcedId, 'guardian', 'primary')],
    profiles: profileRows(sourcedId, data),
  };
}

/** Grade codes OneRoster has and the SIS enrolls (others are reported). */
export const SIS_GRADES: readonly string[] = GRADE_LEVELS;
