/**
 * The OneRoster 1.2 REST objects (rostering and gradebook), made of the rows the CSV export writes
 * (view.ts): each object carries the same values and the same sourcedIds as its CSV row, with the
 * binding's JSON shapes (IMS OneRoster Rostering/Gradebook Service REST Binding 1.2: lists as arrays,
 * references as GUIDRefs `{href, sourcedId, type}`, a user's roles and profiles inside it). Pure.
 */
import { isExtensionColumn, type CsvFile } from './binding';
import { listOf, type CsvRow } from './csv-rows';
import { GRADEBOOK_BASE, ROSTERING_BASE } from './rest-paths';
import type { View, ViewRow } from './view';

export { GRADEBOOK_BASE, ROSTERING_BASE };

export type GuidRefType =
  | 'org'
  | 'academicSession'
  | 'course'
  | 'class'
  | 'user'
  | 'student'
  | 'teacher'
  | 'enrollment'
  | 'demographics'
  | 'category'
  | 'lineItem'
  | 'result'
  | 'userProfile';

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
  enrollment: `${ROSTERING_BASE}/enrollments`,
  demographics: `${ROSTERING_BASE}/demographics`,
  userProfile: `${ROSTERING_BASE}/users`,
  category: `${GRADEBOOK_BASE}/categories`,
  lineItem: `${GRADEBOOK_BASE}/lineItems`,
  result: `${GRADEBOOK_BASE}/results`,
};

export const ref = (type: GuidRefType, sourcedId: string): GuidRef => ({
  href: `${COLLECTION_OF[type]}/${encodeURIComponent(sourcedId)}`,
  sourcedId,
  type,
});

export type OneRosterObject = Record<string, unknown>;

/** The parts of a composite sourcedId this system gives a calendar's sessions (`<school>.<2026-2027>[.term.<code>]`). */
export function parseSessionId(sourcedId: string): { schoolId: string; schoolYear: string } | undefined {
  const [schoolId, schoolYear] = sourcedId.split('.');
  return schoolId && schoolYear && /^\d{4}-\d{4}$/.test(schoolYear) ? { schoolId, schoolYear } : undefined;
}

/** The fields every object has, and its extension columns as `metadata` (metadata.sis as the object it holds). */
function base(entry: ViewRow): OneRosterObject {
  const metadata: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(entry.row)) {
    if (!isExtensionColumn(column) || value === '') continue;
    const key = column.slice('metadata.'.length);
    try {
      metadata[key] = key === 'sis' ? JSON.parse(value) : value;
    } catch {
      metadata[key] = value;
    }
  }
  return {
    sourcedId: entry.row.sourcedId,
    status: entry.status,
    dateLastModified: entry.lastModified,
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

/** The given columns of a row, blank ones left out, renamed where the REST binding names them otherwise. */
function fields(row: CsvRow, columns: readonly string[], rename: Readonly<Record<string, string>> = {}): OneRosterObject {
  const out: OneRosterObject = {};
  for (const column of columns) if (row[column]) out[rename[column] ?? column] = row[column];
  return out;
}
const refs = (type: GuidRefType, value: string | undefined) => listOf(value).map((sourcedId) => ref(type, sourcedId));
const optionalRef = (type: GuidRefType, value: string | undefined) => (value ? ref(type, value) : undefined);
const number = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));
const defined = (object: OneRosterObject): OneRosterObject =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

/** Every REST object of a file, from the view. */
export type RestObjects = Partial<Record<CsvFile, OneRosterObject[]>>;

export function restObjects(view: Partial<View>, districtSourcedId: string): RestObjects {
  const rows = (file: CsvFile) => view[file] ?? [];
  const group = (file: CsvFile, column: string) => {
    const map = new Map<string, ViewRow[]>();
    for (const entry of rows(file)) map.set(entry.row[column] ?? '', [...(map.get(entry.row[column] ?? '') ?? []), entry]);
    return map;
  };
  const children = group('orgs', 'parentSourcedId');
  const subSessions = group('academicSessions', 'parentSourcedId');
  const rolesOf = group('roles', 'userSourcedId');
  const profilesOf = group('userProfiles', 'userSourcedId');
  const orgIds = new Set(rows('orgs').map((entry) => entry.row.sourcedId!));
  const live = (list: ViewRow[] | undefined) => (list ?? []).filter((entry) => entry.status === 'active');
  const all: RestObjects = {
    orgs: rows('orgs').map((entry) =>
      defined({
        ...base(entry),
        ...fields(entry.row, ['name', 'type', 'identifier']),
        parent: optionalRef('org', entry.row.parentSourcedId),
        children: live(children.get(entry.row.sourcedId!)).map((child) => ref('org', child.row.sourcedId!)),
      }),
    ),
    academicSessions: rows('academicSessions').map((entry) => {
      const own = parseSessionId(entry.row.sourcedId!);
      return defined({
        ...base(entry),
        ...fields(entry.row, ['title', 'startDate', 'endDate', 'type', 'schoolYear']),
        parent: optionalRef('academicSession', entry.row.parentSourcedId),
        children: live(subSessions.get(entry.row.sourcedId!)).map((child) => ref('academicSession', child.row.sourcedId!)),
        // CSV sessions name no org: the district's own are the district's, a school calendar's its school's.
        org: ref('org', own && orgIds.has(own.schoolId) ? own.schoolId : districtSourcedId),
      });
    }),
    courses: rows('courses').map((entry) =>
      defined({
        ...base(entry),
        ...fields(entry.row, ['title', 'courseCode']),
        schoolYear: optionalRef('academicSession', entry.row.schoolYearSourcedId),
        grades: listOf(entry.row.grades),
        subjects: listOf(entry.row.subjects),
        subjectCodes: listOf(entry.row.subjectCodes),
        org: ref('org', entry.row.orgSourcedId!),
      }),
    ),
    classes: rows('classes').map((entry) =>
      defined({
        ...base(entry),
        ...fields(entry.row, ['title', 'classCode', 'classType', 'location']),
        grades: listOf(entry.row.grades),
        subjects: listOf(entry.row.subjects),
        course: ref('course', entry.row.courseSourcedId!),
        school: ref('org', entry.row.schoolSourcedId!),
        terms: refs('academicSession', entry.row.termSourcedIds),
        subjectCodes: listOf(entry.row.subjectCodes),
        periods: listOf(entry.row.periods),
      }),
    ),
    users: rows('users').map((entry) => {
      const { row } = entry;
      return defined({
        ...base(entry),
        ...fields(row, ['userMasterIdentifier', 'username'], {}),
        userIds: listOf(row.userIds).map((value) => {
          const [type, ...rest] = value.slice(1, -1).split(':');
          return { type, identifier: rest.join(':') };
        }),
        enabledUser: entry.status === 'tobedeleted' ? 'false' : (row.enabledUser ?? 'true'),
        ...fields(
          row,
          ['givenName', 'familyName', 'middleName', 'preferredGivenName', 'preferredMiddleName', 'preferredFamilyName', 'pronouns'],
          {
            preferredGivenName: 'preferredFirstName',
            preferredFamilyName: 'preferredLastName',
          },
        ),
        roles: (rolesOf.get(row.sourcedId!) ?? [])
          .filter((role) => role.status === 'active' || entry.status === 'tobedeleted')
          .map((role) =>
            defined({
              roleType: role.row.roleType,
              role: role.row.role,
              org: ref('org', role.row.orgSourcedId!),
              userProfile: role.row.userProfileSourcedId || undefined,
              beginDate: role.row.beginDate || undefined,
              endDate: role.row.endDate || undefined,
            }),
          ),
        userProfiles: live(profilesOf.get(row.sourcedId!)).map((profile) =>
          defined({
            profileId: profile.row.sourcedId,
            profileType: profile.row.profileType,
            vendorId: profile.row.vendorId,
            applicationId: profile.row.applicationId || undefined,
            description: profile.row.description || undefined,
            // The SIS keeps no passwords (decision 0092): a credential is its type and user name.
            credentials: [defined({ type: profile.row.credentialType, username: profile.row.username || undefined })],
          }),
        ),
        ...fields(row, ['identifier', 'email', 'sms', 'phone']),
        agents: refs('user', row.agentSourcedIds),
        grades: listOf(row.grades),
        primaryOrg: optionalRef('org', row.primaryOrgSourcedId),
      });
    }),
    enrollments: rows('enrollments').map((entry) =>
      defined({
        ...base(entry),
        user: ref('user', entry.row.userSourcedId!),
        class: ref('class', entry.row.classSourcedId!),
        school: ref('org', entry.row.schoolSourcedId!),
        role: entry.row.role,
        primary: entry.row.primary || 'false',
        beginDate: entry.row.beginDate || undefined,
        endDate: entry.row.endDate || undefined,
      }),
    ),
    demographics: rows('demographics').map((entry) => {
      const { sourcedId: _s, status: _st, dateLastModified: _d, ...rest } = entry.row;
      return defined({
        ...base(entry),
        ...fields(
          rest,
          Object.keys(rest).filter((column) => !isExtensionColumn(column)),
        ),
      });
    }),
    categories: rows('categories').map((entry) => defined({ ...base(entry), title: entry.row.title, weight: number(entry.row.weight) })),
    lineItems: rows('lineItems').map((entry) =>
      defined({
        ...base(entry),
        ...fields(entry.row, ['title', 'description', 'assignDate', 'dueDate']),
        class: ref('class', entry.row.classSourcedId!),
        school: optionalRef('org', entry.row.schoolSourcedId),
        category: ref('category', entry.row.categorySourcedId!),
        gradingPeriod: optionalRef('academicSession', entry.row.gradingPeriodSourcedId),
        academicSession: optionalRef('academicSession', entry.row.academicSessionSourcedId),
        resultValueMin: number(entry.row.resultValueMin),
        resultValueMax: number(entry.row.resultValueMax),
      }),
    ),
    results: rows('results').map((entry) =>
      defined({
        ...base(entry),
        lineItem: ref('lineItem', entry.row.lineItemSourcedId!),
        student: ref('student', entry.row.studentSourcedId!),
        class: optionalRef('class', entry.row.classSourcedId),
        scoreStatus: entry.row.scoreStatus,
        score: number(entry.row.score),
        scoreDate: entry.row.scoreDate || undefined,
        comment: entry.row.comment || undefined,
      }),
    ),
  };
  // Only the files the view holds (a gradebook view has no users of its own).
  return Object.fromEntries(Object.entries(all).filter(([file]) => view[file as CsvFile] !== undefined));
}
