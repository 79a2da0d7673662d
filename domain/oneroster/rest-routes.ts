/**
 * The routes of the OneRoster 1.2 REST binding this system serves (read only), as data: the
 * manifest makes API routes of them, the handler finds each route's collection or object here.
 */
import { GRADEBOOK_BASE, ROSTERING_BASE } from './rest-paths';
import type { ObjectKind } from './rest-fields';

/** The OAuth 2 scopes of the binding; Cognito names a custom scope `<resource server>/<scope>`, which gives these exact URIs. */
export const ONEROSTER_SCOPE_SERVER = 'https://purl.imsglobal.org/spec/or/v1p2/scope';
export const ONEROSTER_SCOPE_NAMES = ['roster-core.readonly', 'roster.readonly', 'gradebook.readonly'] as const;
export type OneRosterScopeName = (typeof ONEROSTER_SCOPE_NAMES)[number];
export const oneRosterScope = (name: OneRosterScopeName) => `${ONEROSTER_SCOPE_SERVER}/${name}`;

/** Which scopes open a route: core rostering with either roster scope, demographics with roster.readonly alone. */
export type ScopeGroup = 'rosterCore' | 'demographics' | 'gradebook';
export const SCOPES_OF: Record<ScopeGroup, readonly string[]> = {
  rosterCore: [oneRosterScope('roster-core.readonly'), oneRosterScope('roster.readonly')],
  demographics: [oneRosterScope('roster.readonly')],
  gradebook: [oneRosterScope('gradebook.readonly')],
};

export interface OneRosterRoute {
  readonly path: string;
  /** The loader: a collection (`many`) or one object by `{sourcedId}` (`one`). */
  readonly read: { readonly many: string } | { readonly one: string };
  readonly kind: ObjectKind;
  /** The envelope's key: `users` for a collection, `user` for one. */
  readonly envelope: string;
  readonly scopes: ScopeGroup;
  readonly summary: string;
}

const R = ROSTERING_BASE;
const G = GRADEBOOK_BASE;

interface Pair {
  collection: string;
  loader: string;
  single: string;
  kind: ObjectKind;
  plural: string;
  singular: string;
  scopes: ScopeGroup;
  label: string;
}

const pair = (spec: Pair): OneRosterRoute[] => [
  {
    path: spec.collection,
    read: { many: spec.loader },
    kind: spec.kind,
    envelope: spec.plural,
    scopes: spec.scopes,
    summary: `OneRoster: all ${spec.label}`,
  },
  {
    path: `${spec.collection}/{sourcedId}`,
    read: { one: spec.single },
    kind: spec.kind,
    envelope: spec.singular,
    scopes: spec.scopes,
    summary: `OneRoster: one of the ${spec.label}`,
  },
];

const nested = (path: string, loader: string, kind: ObjectKind, plural: string, scopes: ScopeGroup, summary: string): OneRosterRoute => ({
  path,
  read: { many: loader },
  kind,
  envelope: plural,
  scopes,
  summary: `OneRoster: ${summary}`,
});

const core = 'rosterCore' as const;

export const ONEROSTER_ROUTES: readonly OneRosterRoute[] = [
  ...pair({
    collection: `${R}/orgs`,
    loader: 'orgs',
    single: 'org',
    kind: 'org',
    plural: 'orgs',
    singular: 'org',
    scopes: core,
    label: 'orgs (the district and its schools)',
  }),
  ...pair({
    collection: `${R}/schools`,
    loader: 'schools',
    single: 'school',
    kind: 'org',
    plural: 'orgs',
    singular: 'org',
    scopes: core,
    label: 'schools',
  }),
  ...pair({
    collection: `${R}/academicSessions`,
    loader: 'academicSessions',
    single: 'academicSession',
    kind: 'academicSession',
    plural: 'academicSessions',
    singular: 'academicSession',
    scopes: core,
    label: 'academic sessions (school years, terms, grading periods)',
  }),
  ...pair({
    collection: `${R}/terms`,
    loader: 'terms',
    single: 'term',
    kind: 'academicSession',
    plural: 'academicSessions',
    singular: 'academicSession',
    scopes: core,
    label: 'terms',
  }),
  ...pair({
    collection: `${R}/gradingPeriods`,
    loader: 'gradingPeriods',
    single: 'gradingPeriod',
    kind: 'academicSession',
    plural: 'academicSessions',
    singular: 'academicSession',
    scopes: core,
    label: 'grading periods',
  }),
  ...pair({
    collection: `${R}/courses`,
    loader: 'courses',
    single: 'course',
    kind: 'course',
    plural: 'courses',
    singular: 'course',
    scopes: core,
    label: 'courses',
  }),
  ...pair({
    collection: `${R}/classes`,
    loader: 'classes',
    single: 'class',
    kind: 'class',
    plural: 'classes',
    singular: 'class',
    scopes: core,
    label: 'classes (sections)',
  }),
  ...pair({
    collection: `${R}/users`,
    loader: 'users',
    single: 'user',
    kind: 'user',
    plural: 'users',
    singular: 'user',
    scopes: core,
    label: 'users (students and staff; guardians by sourcedId)',
  }),
  ...pair({
    collection: `${R}/students`,
    loader: 'students',
    single: 'student',
    kind: 'user',
    plural: 'users',
    singular: 'user',
    scopes: core,
    label: 'students',
  }),
  ...pair({
    collection: `${R}/teachers`,
    loader: 'teachers',
    single: 'teacher',
    kind: 'user',
    plural: 'users',
    singular: 'user',
    scopes: core,
    label: 'teachers',
  }),
  ...pair({
    collection: `${R}/enrollments`,
    loader: 'enrollments',
    single: 'enrollment',
    kind: 'enrollment',
    plural: 'enrollments',
    singular: 'enrollment',
    scopes: core,
    label: 'enrollments (students and teachers in classes)',
  }),
  ...pair({
    collection: `${R}/demographics`,
    loader: 'demographics',
    single: 'demographicsOne',
    kind: 'demographics',
    plural: 'demographics',
    singular: 'demographics',
    scopes: 'demographics',
    label: 'demographics',
  }),
  nested(`${R}/schools/{schoolSourcedId}/classes`, 'schoolClasses', 'class', 'classes', core, "a school's classes"),
  nested(`${R}/schools/{schoolSourcedId}/students`, 'schoolStudents', 'user', 'users', core, "a school's students"),
  nested(`${R}/schools/{schoolSourcedId}/teachers`, 'schoolTeachers', 'user', 'users', core, "a school's teachers"),
  nested(`${R}/schools/{schoolSourcedId}/courses`, 'schoolCourses', 'course', 'courses', core, "a school's courses"),
  nested(`${R}/schools/{schoolSourcedId}/enrollments`, 'schoolEnrollments', 'enrollment', 'enrollments', core, "a school's enrollments"),
  nested(`${R}/schools/{schoolSourcedId}/terms`, 'schoolTerms', 'academicSession', 'academicSessions', core, "a school's terms"),
  nested(`${R}/classes/{classSourcedId}/students`, 'classStudents', 'user', 'users', core, "a class's students"),
  nested(`${R}/classes/{classSourcedId}/teachers`, 'classTeachers', 'user', 'users', core, "a class's teachers"),
  nested(`${R}/students/{studentSourcedId}/classes`, 'studentClasses', 'class', 'classes', core, "a student's classes"),
  nested(`${R}/teachers/{teacherSourcedId}/classes`, 'teacherClasses', 'class', 'classes', core, "a teacher's classes"),
  nested(`${R}/terms/{termSourcedId}/classes`, 'termClasses', 'class', 'classes', core, "a term's classes"),
  nested(`${R}/courses/{courseSourcedId}/classes`, 'courseClasses', 'class', 'classes', core, "a course's classes"),
  ...pair({
    collection: `${G}/categories`,
    loader: 'categories',
    single: 'category',
    kind: 'category',
    plural: 'categories',
    singular: 'category',
    scopes: 'gradebook',
    label: 'gradebook categories',
  }),
  ...pair({
    collection: `${G}/lineItems`,
    loader: 'lineItems',
    single: 'lineItem',
    kind: 'lineItem',
    plural: 'lineItems',
    singular: 'lineItem',
    scopes: 'gradebook',
    label: 'line items (assignments)',
  }),
  ...pair({
    collection: `${G}/results`,
    loader: 'results',
    single: 'result',
    kind: 'result',
    plural: 'results',
    singular: 'result',
    scopes: 'gradebook',
    label: 'results (scores)',
  }),
  nested(`${G}/classes/{classSourcedId}/categories`, 'classCategories', 'category', 'categories', 'gradebook', "a class's categories"),
  nested(`${G}/classes/{classSourcedId}/lineItems`, 'classLineItems', 'lineItem', 'lineItems', 'gradebook', "a class's line items"),
  nested(`${G}/classes/{classSourcedId}/results`, 'classResults', 'result', 'results', 'gradebook', "a class's results"),
  nested(
    `${G}/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results`,
    'classLineItemResults',
    'result',
    'results',
    'gradebook',
    "the results of one of a class's line items",
  ),
  nested(
    `${G}/classes/{classSourcedId}/students/{studentSourcedId}/results`,
    'classStudentResults',
    'result',
    'results',
    'gradebook',
    "a student's results in a class",
  ),
];
