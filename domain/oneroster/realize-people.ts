/**
 * The SIS people the users file makes, with their roles, demographics and profiles (decision
 * 0105): a user with a student role becomes a student, with a staff role a staff member, with a
 * parent, guardian or relative role a guardian. Where the SIS needs what the row does not have (a
 * student's birth date and grade, a staff member's school), the person is kept as a OneRoster row
 * only and the note says what is missing for which SIS feature.
 */
import type { ApplicationProfile } from '../schemas/people';
import { merge } from './csv-merge';
import { listOf, sisOf, type CsvRow } from './csv-rows';
import { codeFrom, isE164, isEmail, isGradeLevel, shortText } from './realize-values';
import type { QualityNote } from './roster-rows';

type Data = Record<string, unknown>;
export type UserKind = 'student' | 'staff' | 'guardian';

/** A roles.csv row as the users pass needs it. */
export interface UserRole {
  readonly role: string;
  readonly roleType: string;
  readonly orgSourcedId: string;
}

export const STAFF_TYPE_OF_ROLE: Readonly<Record<string, string>> = {
  teacher: 'teacher',
  counselor: 'counselor',
  aide: 'support',
  proctor: 'support',
  principal: 'administrator',
  siteAdministrator: 'administrator',
  districtAdministrator: 'administrator',
  systemAdministrator: 'administrator',
};
export const GUARDIAN_ROLES = ['parent', 'guardian', 'relative'];
/** The relationship a guardian link gets from the guardian's role, when the file says nothing more. */
export const RELATIONSHIP_OF_ROLE: Readonly<Record<string, string>> = {
  parent: 'parent',
  guardian: 'legal_guardian',
  relative: 'relative',
};

const primaryFirst = (roles: readonly UserRole[]) =>
  [...roles].sort((a, b) => (a.roleType === b.roleType ? 0 : a.roleType === 'primary' ? -1 : 1));

/** What the SIS makes of a user: the first of student, staff, guardian its roles hold. */
export function kindOf(roles: readonly UserRole[]): UserKind | undefined {
  if (roles.some((role) => role.role === 'student')) return 'student';
  if (roles.some((role) => STAFF_TYPE_OF_ROLE[role.role])) return 'staff';
  if (roles.some((role) => GUARDIAN_ROLES.includes(role.role))) return 'guardian';
  return undefined;
}

export interface PersonInput {
  readonly row: CsvRow;
  readonly roles: readonly UserRole[];
  readonly demographic?: CsvRow;
  readonly profiles: readonly CsvRow[];
  /** The SIS school an org's sourcedId names, when it names one. */
  readonly schoolOf: (orgSourcedId: string) => string | undefined;
}

export interface PersonPlan {
  /** Undefined: the SIS cannot keep this user as a person (the notes say why). */
  readonly data?: Data;
  readonly notes: QualityNote[];
}

const SEX_TO_GENDER: Readonly<Record<string, string>> = { male: 'male', female: 'female', other: 'nonbinary', unspecified: 'unspecified' };

const nameOf = (row: CsvRow, notes: QualityNote[]) => ({
  first: shortText(row.givenName ?? '', 100, 'givenName', notes),
  ...(row.middleName ? { middle: shortText(row.middleName, 100, 'middleName', notes) } : {}),
  last: shortText(row.familyName ?? '', 100, 'familyName', notes),
});

/** A profile from its userProfiles.csv row; the password column is never kept (decision 0092). */
export function profileFromRow(row: CsvRow): ApplicationProfile {
  const optional = (column: string) => (row[column] ? { [column]: row[column].slice(0, 100) } : {});
  return {
    profileId: codeFrom(row.sourcedId, `profile:${row.sourcedId}`, 100, /^[A-Za-z0-9._:-]+$/),
    profileType: row.profileType!.slice(0, 100),
    vendorId: row.vendorId!.slice(0, 100),
    ...optional('applicationId'),
    ...optional('description'),
    credentialType: row.credentialType!.slice(0, 100),
    ...optional('username'),
  };
}

function contact(row: CsvRow, notes: QualityNote[], needsEmail: boolean): Data {
  const out: Data = {};
  if (row.email && isEmail(row.email)) out.email = row.email;
  else if (row.email || needsEmail) {
    notes.push({
      column: 'email',
      issue: row.email
        ? `"${row.email}" is not an email address the SIS can write to: no notices by email`
        : 'is blank: no notices by email',
    });
  }
  if (row.phone && isE164(row.phone)) out.phone = row.phone;
  else if (row.phone)
    notes.push({ column: 'phone', issue: `"${row.phone}" is not an E.164 number (+15555550123): no text messages nor calls from the SIS` });
  return out;
}

export function studentFrom(input: PersonInput): PersonPlan {
  const { row, roles, demographic } = input;
  const notes: QualityNote[] = [];
  const { guardianLinks: _links, ...sis } = sisOf(row);
  const orgs = [row.primaryOrgSourcedId, ...primaryFirst(roles.filter((role) => role.role === 'student')).map((role) => role.orgSourcedId)];
  const schoolId = orgs.map((org) => (org ? input.schoolOf(org) : undefined)).find(Boolean);
  const grade = listOf(row.grades).find(isGradeLevel);
  const birthDate = demographic?.birthDate;
  const gaps: string[] = [];
  if (!schoolId) gaps.push('none of its orgs is a school the SIS keeps');
  if (!birthDate) gaps.push('its birth date is not given (demographics.csv)');
  if (!grade) gaps.push(row.grades ? `its grades ("${row.grades}") hold no grade the SIS enrolls` : 'its grade is not given');
  if (gaps.length > 0) {
    notes.push({
      column: !schoolId ? 'primaryOrgSourcedId' : !birthDate ? 'demographics.birthDate' : 'grades',
      issue: `is kept as a OneRoster user only, not a SIS student: ${gaps.join('; ')} (no enrollment, schedule, attendance, grades or family portal)`,
    });
    return { notes };
  }
  const districtStudentId = codeFrom(row.identifier || row.username, `user:${row.sourcedId}`, 20);
  if (sis.districtStudentId === undefined && districtStudentId !== row.identifier) {
    notes.push({
      column: 'identifier',
      issue: row.identifier
        ? `"${row.identifier}" is not a SIS student number (1-20 letters, digits or dashes): the student's number is ${districtStudentId}`
        : `is blank: the SIS numbers every student; this one is ${districtStudentId}`,
    });
  }
  const sex = demographic?.sex;
  if (!sex || !SEX_TO_GENDER[sex]) {
    notes.push({ column: 'demographics.sex', issue: `${sex ? `"${sex}"` : 'is blank'}: recorded as unspecified (state reports by sex)` });
  }
  if (sis.homeLanguage === undefined)
    notes.push({
      column: 'metadata.sis',
      issue: 'no home language (OneRoster has no column for it): notices to the family are in English',
    });
  const preferred = {
    ...(row.preferredGivenName ? { first: row.preferredGivenName } : {}),
    ...(row.preferredFamilyName ? { last: row.preferredFamilyName } : {}),
  };
  const data = merge(
    {
      districtStudentId,
      schoolId,
      legalName: nameOf(row, notes),
      ...(Object.keys(preferred).length > 0 ? { preferredName: preferred } : {}),
      birthDate,
      gender: SEX_TO_GENDER[sex ?? ''] ?? 'unspecified',
      gradeLevel: grade,
      homeLanguage: 'en',
      ...(row.email && isEmail(row.email) ? { email: row.email } : {}),
      ...(input.profiles.length > 0 ? { applicationProfiles: input.profiles.slice(0, 20).map(profileFromRow) } : {}),
    },
    sis,
  );
  if (row.email && !isEmail(row.email))
    notes.push({ column: 'email', issue: `"${row.email}" is not an email address the SIS can write to` });
  return { data: { ...data, schoolId }, notes };
}

export function staffFrom(input: PersonInput): PersonPlan {
  const { row, roles } = input;
  const notes: QualityNote[] = [];
  const sis = sisOf(row);
  const staffRoles = primaryFirst(roles.filter((role) => STAFF_TYPE_OF_ROLE[role.role]));
  const schools = [...new Set(staffRoles.map((role) => input.schoolOf(role.orgSourcedId)).filter((id): id is string => id !== undefined))];
  const gaps: string[] = [];
  if (schools.length === 0) gaps.push('none of its staff roles is at a school the SIS keeps (the SIS assigns staff to schools)');
  if (!row.email || !isEmail(row.email))
    gaps.push(row.email ? `"${row.email}" is not an email address` : 'it has no email (staff sign in and get notices by email)');
  if (gaps.length > 0) {
    notes.push({
      column: schools.length === 0 ? 'roles.orgSourcedId' : 'email',
      issue: `is kept as a OneRoster user only, not a SIS staff member: ${gaps.join('; ')} (no sections, attendance or gradebook)`,
    });
    return { notes };
  }
  const employeeId = codeFrom(row.identifier || row.username, `user:${row.sourcedId}`, 20);
  if (sis.employeeId === undefined && employeeId !== row.identifier) {
    notes.push({
      column: 'identifier',
      issue: row.identifier
        ? `"${row.identifier}" is not a SIS employee number (1-20 letters, digits or dashes): the staff member's number is ${employeeId}`
        : `is blank: the SIS numbers every staff member; this one is ${employeeId}`,
    });
  }
  if (roles.some((role) => GUARDIAN_ROLES.includes(role.role)) || roles.some((role) => role.role === 'student')) {
    notes.push({ column: 'roles.role', issue: 'has staff and other roles: the SIS keeps one kind of person per user, a staff member' });
  }
  const primary = staffRoles[0]!;
  const data = merge(
    {
      name: nameOf(row, notes),
      employeeId,
      staffType: STAFF_TYPE_OF_ROLE[primary.role],
      assignments: schools.map((schoolId, index) => ({ schoolId, primary: index === 0 })),
      ...contact(row, notes, false),
      ...(input.profiles.length > 0 ? { applicationProfiles: input.profiles.slice(0, 20).map(profileFromRow) } : {}),
    },
    sis,
  );
  return { data, notes };
}

export function guardianFrom(input: PersonInput): PersonPlan {
  const notes: QualityNote[] = [];
  const sis = sisOf(input.row);
  if (sis.preferredLanguage === undefined) {
    notes.push({ column: 'metadata.sis', issue: 'no language (OneRoster has no column for it): notices are in English' });
  }
  const data = merge(
    {
      name: nameOf(input.row, notes),
      ...contact(input.row, notes, true),
      ...(input.profiles.length > 0 ? { applicationProfiles: input.profiles.slice(0, 20).map(profileFromRow) } : {}),
    },
    sis,
  );
  return { data, notes };
}

/** The guardian link terms the row's metadata.sis gives for an agent, or the OneRoster role's. */
export function linkFrom(student: CsvRow, agentSourcedId: string, guardianRole: string | undefined): Data {
  const terms = (sisOf(student).guardianLinks as Record<string, Data> | undefined)?.[agentSourcedId];
  return (
    terms ?? {
      relationship: RELATIONSHIP_OF_ROLE[guardianRole ?? ''] ?? 'parent',
      custody: true,
      educationalRights: true,
      livesWith: true,
    }
  );
}
