/**
 * The SIS records as OneRoster 1.2 REST objects (rostering and gradebook). Pure mapping: each
 * function takes a stored record's data and bookkeeping and returns the object the binding
 * names. Composite sourcedIds join the SIS ids with `.` (see docs/oneroster.md, "## REST").
 */
import type { SchoolYear } from '../schemas/calendar';
import type { School } from '../schemas/school';
import type { ApplicationProfile, Guardian, GuardianLink, Staff, Student } from '../schemas/people';
import type { Course, Section } from '../scheduling/schemas';

import { GRADEBOOK_BASE, ROSTERING_BASE } from './rest-paths';

export { GRADEBOOK_BASE, ROSTERING_BASE };

/** The district's own org: the parent of every school. */
export const DISTRICT_ORG_ID = 'district';

/** A stored record as the mapping needs it. */
export interface Source<T> {
  readonly id: string;
  readonly data: T;
  readonly updatedAt: string;
  readonly deletedAt?: string;
}

export type GuidRefType =
  | 'org'
  | 'academicSession'
  | 'course'
  | 'class'
  | 'user'
  | 'student'
  | 'teacher'
  | 'guardian'
  | 'enrollment'
  | 'demographics'
  | 'category'
  | 'lineItem'
  | 'result';

export interface GuidRef {
  readonly href: string;
  readonly sourcedId: string;
  readonly type: GuidRefType;
}

const COLLECTION_OF: Record<GuidRefType, string> = {
  org: `${ROSTERING_BASE}/orgs`,
  academicSession: `${ROSTERING_BASE}/academicSessions`,
  course: `${ROSTERING_BASE}/courses`,
  class: `${ROSTERING_BASE}/classes`,
  user: `${ROSTERING_BASE}/users`,
  student: `${ROSTERING_BASE}/students`,
  teacher: `${ROSTERING_BASE}/teachers`,
  guardian: `${ROSTERING_BASE}/users`,
  enrollment: `${ROSTERING_BASE}/enrollments`,
  demographics: `${ROSTERING_BASE}/demographics`,
  category: `${GRADEBOOK_BASE}/categories`,
  lineItem: `${GRADEBOOK_BASE}/lineItems`,
  result: `${GRADEBOOK_BASE}/results`,
};

export const ref = (type: GuidRefType, sourcedId: string): GuidRef => ({
  href: `${COLLECTION_OF[type]}/${encodeURIComponent(sourcedId)}`,
  sourcedId,
  type,
});

/** The fields every OneRoster object carries. */
function base(source: Source<unknown>, sourcedId = source.id) {
  return {
    sourcedId,
    status: source.deletedAt ? ('tobedeleted' as const) : ('active' as const),
    dateLastModified: source.deletedAt ?? source.updatedAt,
  };
}

/** The `schoolYear` of the binding: the calendar year the school year ends in (`2026-2027` → `2027`). */
export const endingYear = (schoolYear: string) => schoolYear.slice(5);

// ── composite sourcedIds ──────────────────────────────────────────────────────

export const sessionIds = {
  schoolYear: (schoolId: string, schoolYear: string) => `${schoolId}.${schoolYear}`,
  term: (schoolId: string, schoolYear: string, code: string) => `${schoolId}.${schoolYear}.term.${code}`,
  gradingPeriod: (schoolId: string, schoolYear: string, code: string) => `${schoolId}.${schoolYear}.gp.${code}`,
};

export type ParsedSessionId =
  | { readonly kind: 'schoolYear'; readonly schoolId: string; readonly schoolYear: string }
  | { readonly kind: 'term' | 'gradingPeriod'; readonly schoolId: string; readonly schoolYear: string; readonly code: string };

export function parseSessionId(sourcedId: string): ParsedSessionId | undefined {
  const parts = sourcedId.split('.');
  const [schoolId, schoolYear, kind, code] = parts;
  if (!schoolId || !schoolYear || !/^\d{4}-\d{4}$/.test(schoolYear)) return undefined;
  if (parts.length === 2) return { kind: 'schoolYear', schoolId, schoolYear };
  if (parts.length === 4 && code && (kind === 'term' || kind === 'gp')) {
    return { kind: kind === 'term' ? 'term' : 'gradingPeriod', schoolId, schoolYear, code };
  }
  return undefined;
}

/** `<sectionId>.<userId>` for enrollments, `<sectionId>.<categoryId>` for categories, `<sectionId>.<assignmentId>` for line items. */
export const pairId = (first: string, second: string) => `${first}.${second}`;
export function parsePairId(sourcedId: string): [string, string] | undefined {
  const parts = sourcedId.split('.');
  return parts.length === 2 && parts[0] && parts[1] ? [parts[0], parts[1]] : undefined;
}
/** `<sectionId>.<assignmentId>.<studentId>` for results. */
export const resultId = (sectionId: string, assignmentId: string, studentId: string) => `${sectionId}.${assignmentId}.${studentId}`;
export function parseResultId(sourcedId: string): [string, string, string] | undefined {
  const parts = sourcedId.split('.');
  return parts.length === 3 && parts.every(Boolean) ? (parts as [string, string, string]) : undefined;
}

// ── rostering ─────────────────────────────────────────────────────────────────

export function districtOrg(schoolIds: readonly string[], lastModified: string) {
  return {
    sourcedId: DISTRICT_ORG_ID,
    status: 'active' as const,
    dateLastModified: lastModified,
    name: 'District',
    type: 'district' as const,
    identifier: DISTRICT_ORG_ID,
    children: schoolIds.map((id) => ref('org', id)),
  };
}

export function schoolOrg(source: Source<School>) {
  const school = source.data;
  return {
    ...base(source),
    name: school.name,
    type: 'school' as const,
    identifier: school.code,
    parent: ref('org', DISTRICT_ORG_ID),
    children: [] as GuidRef[],
    metadata: { 'sis.schoolType': school.type, 'sis.grades': school.gradeLevels.join(',') },
  };
}

/** A school year and its terms and grading periods as academic sessions (parents and children linked). */
export function academicSessions(source: Source<SchoolYear>, schoolId: string) {
  const year = source.data;
  const yearId = sessionIds.schoolYear(schoolId, year.schoolYear);
  const school = ref('org', schoolId);
  const schoolYear = endingYear(year.schoolYear);
  const common = { ...base(source, yearId), schoolYear, org: school };
  const terms = year.terms.map((term) => ({
    ...common,
    sourcedId: sessionIds.term(schoolId, year.schoolYear, term.code),
    title: term.name,
    type: 'term' as const,
    startDate: term.startDate,
    endDate: term.endDate,
    parent: ref('academicSession', yearId),
    children: year.gradingPeriods
      .filter((period) => period.termCode === term.code)
      .map((period) => ref('academicSession', sessionIds.gradingPeriod(schoolId, year.schoolYear, period.code))),
    metadata: { 'sis.code': term.code },
  }));
  const periods = year.gradingPeriods.map((period) => ({
    ...common,
    sourcedId: sessionIds.gradingPeriod(schoolId, year.schoolYear, period.code),
    title: period.name,
    type: 'gradingPeriod' as const,
    startDate: period.startDate,
    endDate: period.endDate,
    parent: year.terms.some((term) => term.code === period.termCode)
      ? ref('academicSession', sessionIds.term(schoolId, year.schoolYear, period.termCode))
      : ref('academicSession', yearId),
    children: [] as GuidRef[],
    metadata: { 'sis.code': period.code },
  }));
  const yearSession = {
    ...common,
    title: year.schoolYear,
    type: 'schoolYear' as const,
    startDate: year.startDate,
    endDate: year.endDate,
    children: terms.map((term) => ref('academicSession', term.sourcedId)),
    metadata: { 'sis.status': year.status },
  };
  return [yearSession, ...terms, ...periods];
}

export function course(source: Source<Course>) {
  const data = source.data;
  return {
    ...base(source),
    title: data.title,
    courseCode: data.code,
    grades: [...data.gradeLevels],
    subjects: [data.subject],
    org: ref('org', data.schoolId),
    metadata: { 'sis.credits': data.credits },
  };
}

/** The terms a section is taught in, as academic session refs. */
export const classTerms = (section: Pick<Section, 'schoolId' | 'schoolYear' | 'termCode'>) => [
  ref('academicSession', sessionIds.term(section.schoolId, section.schoolYear, section.termCode)),
];

export function klass(source: Source<Section>, courseTitle: string | undefined, courseCode: string | undefined) {
  const section = source.data;
  return {
    ...base(source),
    title: `${courseTitle ?? courseCode ?? 'Class'} ${section.sectionNumber}`,
    classCode: `${courseCode ?? section.courseId}-${section.sectionNumber}`,
    classType: 'scheduled' as const,
    ...(section.room ? { location: section.room } : {}),
    course: ref('course', section.courseId),
    school: ref('org', section.schoolId),
    terms: classTerms(section),
    periods: [...new Set(section.meetings.map((meeting) => meeting.period))],
    ...(section.status === 'cancelled' ? { metadata: { 'sis.status': 'cancelled' } } : {}),
  };
}

const SEX = { female: 'female', male: 'male', nonbinary: 'other', unspecified: 'unspecified' } as const;

/** OneRoster's userProfiles of a person: their accounts at other applications, credentials without passwords. */
const userProfilesOf = (profiles: readonly ApplicationProfile[] | undefined) =>
  (profiles ?? []).map((profile) => ({
    profileId: profile.profileId,
    profileType: profile.profileType,
    vendorId: profile.vendorId,
    ...(profile.applicationId ? { applicationId: profile.applicationId } : {}),
    ...(profile.description ? { description: profile.description } : {}),
    credentials: [{ type: profile.credentialType, ...(profile.username ? { username: profile.username } : {}) }],
  }));

const userBase = (source: Source<{ applicationProfiles?: ApplicationProfile[] }>) => ({
  ...base(source),
  enabledUser: source.deletedAt ? 'false' : 'true',
  userMasterIdentifier: source.id,
  userProfiles: userProfilesOf(source.data.applicationProfiles),
});

export function studentUser(source: Source<Student>, guardianIds: readonly string[] = []) {
  const student = source.data;
  return {
    ...userBase(source),
    username: student.districtStudentId,
    userIds: [{ type: 'districtStudentId', identifier: student.districtStudentId }],
    givenName: student.legalName.first,
    familyName: student.legalName.last,
    ...(student.legalName.middle ? { middleName: student.legalName.middle } : {}),
    ...(student.preferredName?.first ? { preferredFirstName: student.preferredName.first } : {}),
    ...(student.preferredName?.last ? { preferredLastName: student.preferredName.last } : {}),
    roles: [{ roleType: 'primary' as const, role: 'student' as const, org: ref('org', student.schoolId) }],
    agents: guardianIds.map((id) => ref('user', id)),
    primaryOrg: ref('org', student.schoolId),
    identifier: student.districtStudentId,
    ...(student.email ? { email: student.email } : {}),
    grades: [student.gradeLevel],
    metadata: { 'sis.homeLanguage': student.homeLanguage },
  };
}

const STAFF_ROLE = {
  teacher: 'teacher',
  counselor: 'counselor',
  nurse: 'aide',
  administrator: 'siteAdministrator',
  support: 'aide',
} as const;

export function staffUser(source: Source<Staff>) {
  const staff = source.data;
  const primary = staff.assignments.find((assignment) => assignment.primary) ?? staff.assignments[0]!;
  return {
    ...userBase(source),
    username: staff.email,
    userIds: [{ type: 'employeeId', identifier: staff.employeeId }],
    givenName: staff.name.first,
    familyName: staff.name.last,
    ...(staff.name.middle ? { middleName: staff.name.middle } : {}),
    roles: staff.assignments.map((assignment) => ({
      roleType: assignment === primary ? ('primary' as const) : ('secondary' as const),
      role: STAFF_ROLE[staff.staffType],
      org: ref('org', assignment.schoolId),
    })),
    agents: [] as GuidRef[],
    primaryOrg: ref('org', primary.schoolId),
    identifier: staff.employeeId,
    email: staff.email,
    ...(staff.phone ? { phone: staff.phone } : {}),
    grades: [] as string[],
  };
}

const GUARDIAN_ROLE: Record<GuardianLink['relationship'], 'parent' | 'guardian' | 'relative'> = {
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

/** A guardian, with a role per school of the children they are linked to. */
export function guardianUser(
  source: Source<Guardian>,
  children: readonly { studentId: string; schoolId: string; relationship: GuardianLink['relationship'] }[],
) {
  const guardian = source.data;
  const schools = [...new Map(children.map((child) => [child.schoolId, child])).values()];
  return {
    ...userBase(source),
    username: guardian.email ?? source.id,
    userIds: [] as { type: string; identifier: string }[],
    givenName: guardian.name.first,
    familyName: guardian.name.last,
    ...(guardian.name.middle ? { middleName: guardian.name.middle } : {}),
    roles: schools.map((child, index) => ({
      roleType: index === 0 ? ('primary' as const) : ('secondary' as const),
      role: GUARDIAN_ROLE[child.relationship],
      org: ref('org', child.schoolId),
    })),
    agents: children.map((child) => ref('user', child.studentId)),
    ...(schools[0] ? { primaryOrg: ref('org', schools[0].schoolId) } : {}),
    identifier: source.id,
    ...(guardian.email ? { email: guardian.email } : {}),
    ...(guardian.phone ? { phone: guardian.phone } : {}),
    grades: [] as string[],
    metadata: { 'sis.preferredLanguage': guardian.preferredLanguage },
  };
}

export function demographics(source: Source<Student>) {
  return { ...base(source), birthDate: source.data.birthDate, sex: SEX[source.data.gender] };
}

export interface EnrollmentSource {
  readonly sectionId: string;
  readonly schoolId: string;
  readonly userId: string;
  readonly role: 'student' | 'teacher';
  readonly primary: boolean;
  readonly updatedAt: string;
  readonly deletedAt?: string;
  readonly beginDate?: string;
  readonly endDate?: string;
}

export function enrollment(source: EnrollmentSource) {
  return {
    sourcedId: pairId(source.sectionId, source.userId),
    status: source.deletedAt ? ('tobedeleted' as const) : ('active' as const),
    dateLastModified: source.deletedAt ?? source.updatedAt,
    user: ref('user', source.userId),
    class: ref('class', source.sectionId),
    school: ref('org', source.schoolId),
    role: source.role,
    primary: source.primary ? 'true' : 'false',
    ...(source.beginDate ? { beginDate: source.beginDate } : {}),
    ...(source.endDate ? { endDate: source.endDate } : {}),
  };
}

export type OrgObject = ReturnType<typeof schoolOrg> | ReturnType<typeof districtOrg>;
export type AcademicSessionObject = ReturnType<typeof academicSessions>[number];
export type UserObject = ReturnType<typeof studentUser> | ReturnType<typeof staffUser> | ReturnType<typeof guardianUser>;
