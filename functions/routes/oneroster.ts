import { pagingLinks } from '../../domain/oneroster/query';
import type { ObjectKind } from '../../domain/oneroster/rest-fields';
import { SCOPES_OF, type ScopeGroup } from '../../domain/oneroster/rest-routes';
import { route, served, type ApiRequest, type ApiResponse, type RouteDeclaration } from '../http/route';
import { getServices } from '../services';
import { readCollection, readOne } from '../use-cases/oneroster/read';

const QUERY_PARAMETERS = ['limit', 'offset', 'sort', 'orderBy', 'fields', 'filter'] as const;

function rawQuery(request: ApiRequest) {
  return Object.fromEntries(
    QUERY_PARAMETERS.filter((name) => request.query[name] !== undefined).map((name) => [name, request.query[name]!]),
  );
}

/** A route of the binding (read only): a collection (`many`) or one object by `{sourcedId}` (`one`). */
interface Endpoint {
  readonly path: string;
  /** The loader of functions/use-cases/oneroster/read.ts. */
  readonly read: { readonly many: string } | { readonly one: string };
  readonly kind: ObjectKind;
  /** The envelope's key: `users` for a collection, `user` for one. */
  readonly envelope: string;
  readonly scopes: ScopeGroup;
  readonly summary: string;
}

/** OneRoster operations are named after the binding's (`getAllStudents` → `oneRosterStudents`), apart from the SIS's own. */
const operationIdOf = (loader: string) => `oneRoster${loader.charAt(0).toUpperCase()}${loader.slice(1)}`;

function endpoint(spec: Endpoint): RouteDeclaration {
  const { read, kind, envelope } = spec;
  const many = 'many' in read;
  return route({
    method: 'GET',
    path: spec.path,
    access: { scopes: SCOPES_OF[spec.scopes] },
    errors: 'imsx',
    operationId: operationIdOf(many ? read.many : read.one),
    summary: spec.summary,
    contract: (c) => c.oneRosterContract(kind, envelope, many),
    run: many
      ? async (request): Promise<ApiResponse> => {
          const raw = rawQuery(request);
          const answer = await readCollection(getServices(), read.many, kind, request.pathParameters, raw);
          const { limit: _limit, offset: _offset, ...kept } = raw;
          return {
            statusCode: 200,
            headers: { 'X-Total-Count': String(answer.total), Link: pagingLinks(request.path, kept, answer.query, answer.total) },
            body: { [envelope]: answer.items },
          };
        }
      : async (request): Promise<ApiResponse> => {
          const found = await readOne(getServices(), read.one, kind, request.pathParameters.sourcedId, request.query.fields);
          return { statusCode: 200, body: { [envelope]: found } };
        },
  });
}

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

/** A collection and its objects by sourcedId (`/orgs` and `/orgs/{sourcedId}`). */
const pair = (spec: Pair): RouteDeclaration[] => [
  endpoint({
    path: spec.collection,
    read: { many: spec.loader },
    kind: spec.kind,
    envelope: spec.plural,
    scopes: spec.scopes,
    summary: `OneRoster: all ${spec.label}`,
  }),
  endpoint({
    path: `${spec.collection}/{sourcedId}`,
    read: { one: spec.single },
    kind: spec.kind,
    envelope: spec.singular,
    scopes: spec.scopes,
    summary: `OneRoster: one of the ${spec.label}`,
  }),
];

/** A collection under another object (`/schools/{schoolSourcedId}/classes`). */
const nested = (path: string, loader: string, kind: ObjectKind, plural: string, scopes: ScopeGroup, summary: string) =>
  endpoint({ path, read: { many: loader }, kind, envelope: plural, scopes, summary: `OneRoster: ${summary}` });

const core = 'rosterCore' as const;

/**
 * OneRoster 1.2 REST (read; the `oneroster` function): the rostering and gradebook collections and
 * objects of the binding, for other systems' client-credentials tokens. Refusals are
 * imsx_StatusInfo objects (decision 0076).
 */
export const ONEROSTER_ROUTES = served('oneroster', [
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/orgs',
    loader: 'orgs',
    single: 'org',
    kind: 'org',
    plural: 'orgs',
    singular: 'org',
    scopes: core,
    label: 'orgs (the district and its schools)',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/schools',
    loader: 'schools',
    single: 'school',
    kind: 'org',
    plural: 'orgs',
    singular: 'org',
    scopes: core,
    label: 'schools',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/academicSessions',
    loader: 'academicSessions',
    single: 'academicSession',
    kind: 'academicSession',
    plural: 'academicSessions',
    singular: 'academicSession',
    scopes: core,
    label: 'academic sessions (school years, terms, grading periods)',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/terms',
    loader: 'terms',
    single: 'term',
    kind: 'academicSession',
    plural: 'academicSessions',
    singular: 'academicSession',
    scopes: core,
    label: 'terms',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/gradingPeriods',
    loader: 'gradingPeriods',
    single: 'gradingPeriod',
    kind: 'academicSession',
    plural: 'academicSessions',
    singular: 'academicSession',
    scopes: core,
    label: 'grading periods',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/courses',
    loader: 'courses',
    single: 'course',
    kind: 'course',
    plural: 'courses',
    singular: 'course',
    scopes: core,
    label: 'courses',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/classes',
    loader: 'classes',
    single: 'class',
    kind: 'class',
    plural: 'classes',
    singular: 'class',
    scopes: core,
    label: 'classes (sections)',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/users',
    loader: 'users',
    single: 'user',
    kind: 'user',
    plural: 'users',
    singular: 'user',
    scopes: core,
    label: 'users (students and staff; guardians by sourcedId)',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/students',
    loader: 'students',
    single: 'student',
    kind: 'user',
    plural: 'users',
    singular: 'user',
    scopes: core,
    label: 'students',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/teachers',
    loader: 'teachers',
    single: 'teacher',
    kind: 'user',
    plural: 'users',
    singular: 'user',
    scopes: core,
    label: 'teachers',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/enrollments',
    loader: 'enrollments',
    single: 'enrollment',
    kind: 'enrollment',
    plural: 'enrollments',
    singular: 'enrollment',
    scopes: core,
    label: 'enrollments (students and teachers in classes)',
  }),
  ...pair({
    collection: '/ims/oneroster/rostering/v1p2/demographics',
    loader: 'demographics',
    single: 'demographicsOne',
    kind: 'demographics',
    plural: 'demographics',
    singular: 'demographics',
    scopes: 'demographics',
    label: 'demographics',
  }),
  nested(
    '/ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/classes',
    'schoolClasses',
    'class',
    'classes',
    core,
    "a school's classes",
  ),
  nested(
    '/ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/students',
    'schoolStudents',
    'user',
    'users',
    core,
    "a school's students",
  ),
  nested(
    '/ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/teachers',
    'schoolTeachers',
    'user',
    'users',
    core,
    "a school's teachers",
  ),
  nested(
    '/ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/courses',
    'schoolCourses',
    'course',
    'courses',
    core,
    "a school's courses",
  ),
  nested(
    '/ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/enrollments',
    'schoolEnrollments',
    'enrollment',
    'enrollments',
    core,
    "a school's enrollments",
  ),
  nested(
    '/ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/terms',
    'schoolTerms',
    'academicSession',
    'academicSessions',
    core,
    "a school's terms",
  ),
  nested('/ims/oneroster/rostering/v1p2/classes/{classSourcedId}/students', 'classStudents', 'user', 'users', core, "a class's students"),
  nested('/ims/oneroster/rostering/v1p2/classes/{classSourcedId}/teachers', 'classTeachers', 'user', 'users', core, "a class's teachers"),
  nested(
    '/ims/oneroster/rostering/v1p2/students/{studentSourcedId}/classes',
    'studentClasses',
    'class',
    'classes',
    core,
    "a student's classes",
  ),
  nested(
    '/ims/oneroster/rostering/v1p2/teachers/{teacherSourcedId}/classes',
    'teacherClasses',
    'class',
    'classes',
    core,
    "a teacher's classes",
  ),
  nested('/ims/oneroster/rostering/v1p2/terms/{termSourcedId}/classes', 'termClasses', 'class', 'classes', core, "a term's classes"),
  nested(
    '/ims/oneroster/rostering/v1p2/courses/{courseSourcedId}/classes',
    'courseClasses',
    'class',
    'classes',
    core,
    "a course's classes",
  ),
  ...pair({
    collection: '/ims/oneroster/gradebook/v1p2/categories',
    loader: 'categories',
    single: 'category',
    kind: 'category',
    plural: 'categories',
    singular: 'category',
    scopes: 'gradebook',
    label: 'gradebook categories',
  }),
  ...pair({
    collection: '/ims/oneroster/gradebook/v1p2/lineItems',
    loader: 'lineItems',
    single: 'lineItem',
    kind: 'lineItem',
    plural: 'lineItems',
    singular: 'lineItem',
    scopes: 'gradebook',
    label: 'line items (assignments)',
  }),
  ...pair({
    collection: '/ims/oneroster/gradebook/v1p2/results',
    loader: 'results',
    single: 'result',
    kind: 'result',
    plural: 'results',
    singular: 'result',
    scopes: 'gradebook',
    label: 'results (scores)',
  }),
  nested(
    '/ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/categories',
    'classCategories',
    'category',
    'categories',
    'gradebook',
    "a class's categories",
  ),
  nested(
    '/ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/lineItems',
    'classLineItems',
    'lineItem',
    'lineItems',
    'gradebook',
    "a class's line items",
  ),
  nested(
    '/ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/results',
    'classResults',
    'result',
    'results',
    'gradebook',
    "a class's results",
  ),
  nested(
    '/ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results',
    'classLineItemResults',
    'result',
    'results',
    'gradebook',
    "the results of one of a class's line items",
  ),
  nested(
    '/ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/students/{studentSourcedId}/results',
    'classStudentResults',
    'result',
    'results',
    'gradebook',
    "a student's results in a class",
  ),
]);
