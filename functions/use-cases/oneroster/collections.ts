/**
 * The collections and objects of the OneRoster 1.2 REST binding, by route loader: each serves the
 * objects the view holds (sources.ts), the district's sourcedIds in every id and reference. Deleted
 * (tobedeleted) objects are served too, so that `filter=status='tobedeleted'` and a delta by
 * dateLastModified see them. A loader answers undefined when the object its path names does not
 * exist (404 unknownobject).
 */
import type { OneRosterObject, RestObjects } from '../../../domain/oneroster/rest-model';
import type { Served } from './sources';

export type { OneRosterObject };
export type CollectionLoader = (served: Served, params: Readonly<Record<string, string>>) => OneRosterObject[] | undefined;
export type SingleLoader = (served: Served, sourcedId: string) => OneRosterObject | undefined;

type Ref = { sourcedId: string };
const refId = (value: unknown) => (value as Ref | undefined)?.sourcedId;
const refIds = (value: unknown) => ((value as Ref[] | undefined) ?? []).map((entry) => entry.sourcedId);
const list = (objects: RestObjects, file: keyof RestObjects) => objects[file] ?? [];
const find = (objects: RestObjects, file: keyof RestObjects, sourcedId: string) =>
  list(objects, file).find((object) => object.sourcedId === sourcedId);
const hasRole = (user: OneRosterObject, role: string, org?: string) =>
  ((user.roles as { role: string; org: Ref }[] | undefined) ?? []).some(
    (entry) => entry.role === role && (org === undefined || entry.org.sourcedId === org),
  );

const isSchool = (org: OneRosterObject | undefined) => org?.type === 'school';
const isTerm = (session: OneRosterObject) => session.type === 'term';

/** Users enrolled in a class with a role (by the class's live enrollments). */
function enrolledIn(objects: RestObjects, classSourcedId: string, role: string): OneRosterObject[] {
  const ids = new Set(
    list(objects, 'enrollments')
      .filter((entry) => refId(entry.class) === classSourcedId && entry.role === role && entry.status === 'active')
      .map((entry) => refId(entry.user)),
  );
  return list(objects, 'users').filter((user) => ids.has(String(user.sourcedId)));
}

/** Classes a user is enrolled in with a role. */
function classesOf(objects: RestObjects, userSourcedId: string, role: string): OneRosterObject[] {
  const ids = new Set(
    list(objects, 'enrollments')
      .filter((entry) => refId(entry.user) === userSourcedId && entry.role === role && entry.status === 'active')
      .map((entry) => refId(entry.class)),
  );
  return list(objects, 'classes').filter((klass) => ids.has(String(klass.sourcedId)));
}

const existing = <T>(found: T | undefined, then: (value: T) => OneRosterObject[]) => (found === undefined ? undefined : then(found));
const school = (objects: RestObjects, sourcedId: string | undefined) => {
  const org = find(objects, 'orgs', sourcedId ?? '');
  return isSchool(org) ? org : undefined;
};

export const ROSTERING_COLLECTIONS: Readonly<Record<string, CollectionLoader>> = {
  orgs: ({ objects }) => list(objects, 'orgs'),
  schools: ({ objects }) => list(objects, 'orgs').filter(isSchool),
  academicSessions: ({ objects }) => list(objects, 'academicSessions'),
  terms: ({ objects }) => list(objects, 'academicSessions').filter(isTerm),
  gradingPeriods: ({ objects }) => list(objects, 'academicSessions').filter((session) => session.type === 'gradingPeriod'),
  courses: ({ objects }) => list(objects, 'courses'),
  classes: ({ objects }) => list(objects, 'classes'),
  users: ({ objects }) => list(objects, 'users'),
  students: ({ objects }) => list(objects, 'users').filter((user) => hasRole(user, 'student')),
  teachers: ({ objects }) => list(objects, 'users').filter((user) => hasRole(user, 'teacher')),
  enrollments: ({ objects }) => list(objects, 'enrollments'),
  demographics: ({ objects }) => list(objects, 'demographics'),
  schoolClasses: ({ objects }, { schoolSourcedId }) =>
    existing(school(objects, schoolSourcedId), (org) => list(objects, 'classes').filter((klass) => refId(klass.school) === org.sourcedId)),
  schoolStudents: ({ objects }, { schoolSourcedId }) =>
    existing(school(objects, schoolSourcedId), (org) =>
      list(objects, 'users').filter((user) => hasRole(user, 'student', String(org.sourcedId))),
    ),
  schoolTeachers: ({ objects }, { schoolSourcedId }) =>
    existing(school(objects, schoolSourcedId), (org) =>
      list(objects, 'users').filter((user) => hasRole(user, 'teacher', String(org.sourcedId))),
    ),
  schoolCourses: ({ objects }, { schoolSourcedId }) =>
    existing(school(objects, schoolSourcedId), (org) => {
      // A school's courses: its own, and the district's courses its classes are of.
      const taught = new Set(
        list(objects, 'classes')
          .filter((klass) => refId(klass.school) === org.sourcedId)
          .map((klass) => refId(klass.course)),
      );
      return list(objects, 'courses').filter((course) => refId(course.org) === org.sourcedId || taught.has(String(course.sourcedId)));
    }),
  schoolEnrollments: ({ objects }, { schoolSourcedId }) =>
    existing(school(objects, schoolSourcedId), (org) =>
      list(objects, 'enrollments').filter((entry) => refId(entry.school) === org.sourcedId),
    ),
  schoolTerms: ({ objects, districtSourcedId }, { schoolSourcedId }) =>
    existing(school(objects, schoolSourcedId), (org) =>
      list(objects, 'academicSessions').filter(
        (session) => isTerm(session) && [org.sourcedId, districtSourcedId].includes(refId(session.org)),
      ),
    ),
  classStudents: ({ objects }, { classSourcedId }) =>
    existing(find(objects, 'classes', classSourcedId ?? ''), (klass) => enrolledIn(objects, String(klass.sourcedId), 'student')),
  classTeachers: ({ objects }, { classSourcedId }) =>
    existing(find(objects, 'classes', classSourcedId ?? ''), (klass) => enrolledIn(objects, String(klass.sourcedId), 'teacher')),
  studentClasses: ({ objects }, { studentSourcedId }) =>
    existing(ROSTERING_SINGLES.student!({ objects, districtSourcedId: '' }, studentSourcedId ?? ''), (user) =>
      classesOf(objects, String(user.sourcedId), 'student'),
    ),
  teacherClasses: ({ objects }, { teacherSourcedId }) =>
    existing(ROSTERING_SINGLES.teacher!({ objects, districtSourcedId: '' }, teacherSourcedId ?? ''), (user) =>
      classesOf(objects, String(user.sourcedId), 'teacher'),
    ),
  termClasses: ({ objects }, { termSourcedId }) =>
    existing(
      list(objects, 'academicSessions').find((session) => session.sourcedId === termSourcedId && isTerm(session)),
      (term) => list(objects, 'classes').filter((klass) => refIds(klass.terms).includes(String(term.sourcedId))),
    ),
  courseClasses: ({ objects }, { courseSourcedId }) =>
    existing(find(objects, 'courses', courseSourcedId ?? ''), (course) =>
      list(objects, 'classes').filter((klass) => refId(klass.course) === course.sourcedId),
    ),
};

export const ROSTERING_SINGLES: Readonly<Record<string, SingleLoader>> = {
  org: ({ objects }, sourcedId) => find(objects, 'orgs', sourcedId),
  school: ({ objects }, sourcedId) => school(objects, sourcedId),
  academicSession: ({ objects }, sourcedId) => find(objects, 'academicSessions', sourcedId),
  term: ({ objects }, sourcedId) => list(objects, 'academicSessions').find((session) => session.sourcedId === sourcedId && isTerm(session)),
  gradingPeriod: ({ objects }, sourcedId) =>
    list(objects, 'academicSessions').find((session) => session.sourcedId === sourcedId && session.type === 'gradingPeriod'),
  course: ({ objects }, sourcedId) => find(objects, 'courses', sourcedId),
  class: ({ objects }, sourcedId) => find(objects, 'classes', sourcedId),
  user: ({ objects }, sourcedId) => find(objects, 'users', sourcedId),
  student: ({ objects }, sourcedId) => {
    const user = find(objects, 'users', sourcedId);
    return user && hasRole(user, 'student') ? user : undefined;
  },
  teacher: ({ objects }, sourcedId) => {
    const user = find(objects, 'users', sourcedId);
    return user && hasRole(user, 'teacher') ? user : undefined;
  },
  enrollment: ({ objects }, sourcedId) => find(objects, 'enrollments', sourcedId),
  demographicsOne: ({ objects }, sourcedId) => find(objects, 'demographics', sourcedId),
};

export const GRADEBOOK_COLLECTIONS: Readonly<Record<string, CollectionLoader>> = {
  categories: ({ objects }) => list(objects, 'categories'),
  lineItems: ({ objects }) => list(objects, 'lineItems'),
  results: ({ objects }) => list(objects, 'results'),
  classLineItems: ({ objects }, { classSourcedId }) =>
    existing(find(objects, 'classes', classSourcedId ?? ''), (klass) =>
      list(objects, 'lineItems').filter((item) => refId(item.class) === klass.sourcedId),
    ),
  classCategories: ({ objects }, { classSourcedId }) =>
    existing(find(objects, 'classes', classSourcedId ?? ''), (klass) => {
      // A class's categories: those its line items are in (a district's categories are shared by classes).
      const used = new Set(
        list(objects, 'lineItems')
          .filter((item) => refId(item.class) === klass.sourcedId)
          .map((item) => refId(item.category)),
      );
      return list(objects, 'categories').filter(
        (category) => used.has(String(category.sourcedId)) || String(category.sourcedId).startsWith(`${String(klass.sourcedId)}.`),
      );
    }),
  classResults: ({ objects }, { classSourcedId }) =>
    existing(find(objects, 'classes', classSourcedId ?? ''), (klass) => resultsOfClass(objects, String(klass.sourcedId))),
  classLineItemResults: ({ objects }, { classSourcedId, lineItemSourcedId }) => {
    const item = find(objects, 'lineItems', lineItemSourcedId ?? '');
    if (!find(objects, 'classes', classSourcedId ?? '') || !item || refId(item.class) !== classSourcedId) return undefined;
    return list(objects, 'results').filter((result) => refId(result.lineItem) === item.sourcedId);
  },
  classStudentResults: ({ objects }, { classSourcedId, studentSourcedId }) => {
    if (!find(objects, 'classes', classSourcedId ?? '') || !find(objects, 'users', studentSourcedId ?? '')) return undefined;
    return resultsOfClass(objects, classSourcedId!).filter((result) => refId(result.student) === studentSourcedId);
  },
};

function resultsOfClass(objects: RestObjects, classSourcedId: string): OneRosterObject[] {
  const items = new Set(
    list(objects, 'lineItems')
      .filter((item) => refId(item.class) === classSourcedId)
      .map((item) => String(item.sourcedId)),
  );
  return list(objects, 'results').filter((result) => refId(result.class) === classSourcedId || items.has(String(refId(result.lineItem))));
}

export const GRADEBOOK_SINGLES: Readonly<Record<string, SingleLoader>> = {
  category: ({ objects }, sourcedId) => find(objects, 'categories', sourcedId),
  lineItem: ({ objects }, sourcedId) => find(objects, 'lineItems', sourcedId),
  result: ({ objects }, sourcedId) => find(objects, 'results', sourcedId),
};
