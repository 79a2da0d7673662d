/**
 * The contract of the OneRoster 1.2 REST routes: envelopes of OneRoster objects, the binding's
 * query parameters, and refusals as imsx_StatusInfo (not problem+json: decision 0076). The
 * objects are given field by field from the binding's names (domain/oneroster/rest-fields.ts);
 * every field is optional because `fields` may select any of them.
 */
import * as z from 'zod';
import { IMSX_CODE_MINORS } from '../../domain/oneroster/rest-status';
import { OBJECT_FIELDS, type ObjectKind } from '../../domain/oneroster/rest-fields';
import { JSON_TYPE, json, named, type Answer } from './answers';
import type { ContractSpec } from './index';

const GuidRef = named(
  'OneRosterGUIDRef',
  z.strictObject({ href: z.string(), sourcedId: z.string(), type: z.string() }),
  'A reference to another OneRoster object',
);
const Role = named(
  'OneRosterRole',
  z.strictObject({
    roleType: z.enum(['primary', 'secondary']),
    role: z.string(),
    org: GuidRef,
    userProfile: z.string().optional(),
    beginDate: z.string().optional(),
    endDate: z.string().optional(),
  }),
);
const UserId = z.strictObject({ type: z.string(), identifier: z.string() });
/** A person's account at another application; the SIS never keeps or serves a password (decision 0092). */
const UserProfile = named(
  'OneRosterUserProfile',
  z.strictObject({
    profileId: z.string(),
    profileType: z.string(),
    vendorId: z.string(),
    applicationId: z.string().optional(),
    description: z.string().optional(),
    credentials: z.array(z.strictObject({ type: z.string(), username: z.string().optional() })),
  }),
);

const REF_FIELDS = new Set([
  'parent',
  'org',
  'course',
  'school',
  'class',
  'user',
  'student',
  'lineItem',
  'category',
  'gradingPeriod',
  'academicSession',
  'primaryOrg',
]);
const REF_LIST_FIELDS = new Set(['children', 'terms', 'agents', 'resources']);
const TEXT_LIST_FIELDS = new Set(['grades', 'subjects', 'periods', 'subjectCodes']);
const NUMBER_FIELDS = new Set(['weight', 'score', 'resultValueMin', 'resultValueMax']);

function fieldSchema(field: string): z.ZodType {
  if (REF_FIELDS.has(field)) return GuidRef;
  if (REF_LIST_FIELDS.has(field)) return z.array(GuidRef);
  if (TEXT_LIST_FIELDS.has(field)) return z.array(z.string());
  if (NUMBER_FIELDS.has(field)) return z.number();
  if (field === 'metadata') return z.record(z.string(), z.unknown());
  if (field === 'roles') return z.array(Role);
  if (field === 'userProfiles') return z.array(UserProfile);
  if (field === 'userIds') return z.array(UserId);
  if (field === 'status') return z.enum(['active', 'tobedeleted']);
  return z.string();
}

const NAMES: Record<ObjectKind, string> = {
  org: 'OneRosterOrg',
  academicSession: 'OneRosterAcademicSession',
  course: 'OneRosterCourse',
  class: 'OneRosterClass',
  user: 'OneRosterUser',
  enrollment: 'OneRosterEnrollment',
  demographics: 'OneRosterDemographics',
  category: 'OneRosterCategory',
  lineItem: 'OneRosterLineItem',
  result: 'OneRosterResult',
};

const OBJECTS = Object.fromEntries(
  (Object.keys(OBJECT_FIELDS) as ObjectKind[]).map((kind) => [
    kind,
    named(NAMES[kind], z.strictObject(Object.fromEntries(OBJECT_FIELDS[kind].map((field) => [field, fieldSchema(field).optional()])))),
  ]),
) as unknown as Record<ObjectKind, z.ZodType>;

export const ImsxStatusInfoSchema = named(
  'OneRosterStatusInfo',
  z.strictObject({
    imsx_codeMajor: z.literal('failure'),
    imsx_severity: z.literal('error'),
    imsx_description: z.string(),
    imsx_CodeMinor: z.strictObject({
      imsx_codeMinorField: z.array(
        z.strictObject({
          /** `TargetEndSystem`, or the field of the request at fault (`lineItem.class`). */
          imsx_codeMinorFieldName: z.string(),
          imsx_codeMinorFieldValue: z.enum(IMSX_CODE_MINORS),
        }),
      ),
    }),
  }),
  'OneRoster imsx_StatusInfo: why the request was refused (imsx_CodeMinor names the reason)',
);

/** API Gateway's own refusal (no token; a token without the route's scope). */
const GatewayMessage = named('OneRosterGatewayMessage', z.strictObject({ message: z.enum(['Unauthorized', 'Forbidden']) }));

const imsx = (description: string, schema: z.ZodType = ImsxStatusInfoSchema): Answer => ({ description, contentType: JSON_TYPE, schema });

const text = (description: string) => z.string().max(2000).optional().meta({ description });

export const OneRosterSingleQuery = z.strictObject({
  fields: text('Comma-separated fields to return (projection), e.g. `sourcedId,givenName`'),
});

export const OneRosterCollectionQuery = OneRosterSingleQuery.extend({
  limit: text('Objects per page, 100 by default; above 1000 a page holds 1000'),
  offset: text('Objects to skip; 0 by default'),
  sort: text('The field to sort by (without it: by sourcedId)'),
  orderBy: text('`asc` (default) or `desc`'),
  filter: text("Predicates `field<op>'value'` (op: = != > >= < <= ~), joined by ` AND ` or by ` OR `"),
});

const ERRORS: Readonly<Record<number, Answer>> = {
  400: imsx(
    'A bad filter, sort, fields or paging parameter (imsx_CodeMinor invalid_filter_field, invalid_sort_field, invalid_selection_field or invalid_query_parameter)',
  ),
  401: imsx(
    'No token, or a bad or expired one (the authorizer answers `{"message":"Unauthorized"}`)',
    z.union([GatewayMessage, ImsxStatusInfoSchema]),
  ),
  // The handler checks the scopes, so the binding's answer (decision 0107), not API Gateway's.
  403: imsx('The token has none of the scopes the route needs (imsx_CodeMinor forbidden)'),
  404: imsx('No object with that sourcedId (imsx_CodeMinor unknownobject)'),
  500: imsx('A fault on the server side (imsx_CodeMinor internal_server_error); retrying is safe'),
};

const PAGING_HEADERS = {
  'X-Total-Count': 'How many objects match the filter, over all pages.',
  Link: 'RFC 8288 links to the first, previous, next and last pages (`rel="first"`, …).',
};

/** A route of the binding: a collection (`many`, paged) or one object, in its envelope (`users`, `user`). */
export function oneRosterContract(kind: ObjectKind, envelope: string, many: boolean): ContractSpec {
  const object = OBJECTS[kind];
  return {
    query: many ? OneRosterCollectionQuery : OneRosterSingleQuery,
    answers: {
      200: json(
        z.strictObject({ [envelope]: many ? z.array(object) : object }),
        many ? `A page of ${envelope}` : `The ${envelope}`,
        many ? PAGING_HEADERS : undefined,
      ),
      ...ERRORS,
    },
  };
}

// The gradebook service's writes (decision 0140).
const WRITE_ERRORS: Readonly<Record<number, Answer>> = {
  ...ERRORS,
  400: imsx('A body the binding or the SIS refuses (imsx_CodeMinor invaliddata; each field at fault is an imsx_codeMinorField of its own)'),
  409: imsx('Another change to the same record was in progress, or the class has no gradebook yet (imsx_CodeMinor invaliddata); retry'),
  422: imsx('The Idempotency-Key was used for another request (imsx_CodeMinor invaliddata)'),
};

/** PUT of a gradebook object by its sourcedId: 201 when created, 200 when replaced, with the object as served. */
export function oneRosterPutContract(kind: 'category' | 'lineItem' | 'result', body: z.ZodType): ContractSpec {
  const answer = z.strictObject({ [kind]: OBJECTS[kind] });
  return {
    body,
    answers: {
      200: json(answer, `The ${kind} replaced, as served`),
      201: json(answer, `The ${kind} created under the sourcedId of the path, as served`),
      ...WRITE_ERRORS,
    },
  };
}

/** DELETE of a gradebook object by its sourcedId: marked tobedeleted (and still served so). */
export function oneRosterDeleteContract(kind: 'category' | 'lineItem' | 'result'): ContractSpec {
  return { answers: { 204: { description: `The ${kind} is marked tobedeleted` }, ...WRITE_ERRORS } };
}
