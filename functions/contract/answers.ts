import * as z from 'zod';
import {
  Conflict,
  Forbidden,
  IdempotencyKeyReused,
  Invalid,
  NotFound,
  PreconditionRequired,
  ServiceUnavailable,
  StaleVersion,
  type DomainError,
} from '../../domain/errors';
import { ROTATION_DAYS, WEEKDAYS } from '../../domain/scheduling/schemas';

export const JSON_TYPE = 'application/json';
export const PROBLEM_TYPE = 'application/problem+json';

/**
 * Names of shared schemas: each becomes one entry of `components.schemas` in the OpenAPI
 * document, referenced wherever the schema is used. A private registry, so naming a domain
 * schema here changes nothing about how the domain uses it.
 */
export const SCHEMA_NAMES = z.registry<{ id: string; description?: string }>();

/** Gives a schema its name in the document (once per schema object; names are unique). */
export function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  if (!SCHEMA_NAMES.has(schema)) SCHEMA_NAMES.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

/** One answer a route can give: its status is the key it is listed under. */
export interface Answer {
  readonly description: string;
  /** The body's media type; absent when the answer has no body. */
  readonly contentType?: string;
  /** The body, for JSON answers (text answers are described by their media type alone). */
  readonly schema?: z.ZodType;
  /** Response headers: name → what it carries. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Set on the shared error answers: their name under `components.responses`. */
  readonly component?: string;
}

export const json = (schema: z.ZodType, description: string, headers?: Record<string, string>): Answer => ({
  description,
  contentType: JSON_TYPE,
  schema,
  ...(headers ? { headers } : {}),
});

export const text = (contentType: string, description: string): Answer => ({ description, contentType });

/** A page of a list: `nextCursor` is present while more items follow. */
export const page = (item: z.ZodType) => z.strictObject({ items: z.array(item), nextCursor: z.string().optional() });

export const HEADERS = {
  etag: { ETag: 'The record\'s version, e.g. `"3"`: send it back in If-Match.' },
  location: { Location: 'The URL of what was created.' },
} as const;

export const FieldIssueSchema = named(
  'FieldIssue',
  z.strictObject({
    field: z.string().meta({ description: 'JSON path of the field, e.g. `address.postalCode` or `terms[1].endDate`' }),
    message: z.string(),
  }),
);

const ProblemBase = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().meta({ description: 'The request path' }),
  requestId: z.string(),
});

function problemSchema(id: string, status: number, code: string, title: string, extra: z.ZodRawShape = {}) {
  return named(
    id,
    ProblemBase.extend({ type: z.literal(`/problems/${code}`), title: z.literal(title), status: z.literal(status), ...extra }),
    `RFC 9457 problem details: ${title}`,
  );
}

const fromError = (id: string, error: DomainError, when: string, extra: z.ZodRawShape = {}) => ({
  status: error.status,
  answer: {
    description: when,
    contentType: PROBLEM_TYPE,
    schema: problemSchema(id, error.status, error.code, error.title, extra),
    component: id.replace(/Problem$/, ''),
  } satisfies Answer,
});

/** The error answers, as `toProblem` (functions/http/api-handler.ts) and the authorizer give them. */
const PROBLEMS = [
  fromError(
    'InvalidRequestProblem',
    new Invalid([]),
    'A field is invalid, unknown or missing (each is named in `errors`); bad JSON, or a body over 1 MiB or nested over 32 levels; a bad cursor or header.',
    {
      errors: z.array(FieldIssueSchema),
    },
  ),
  {
    status: 401,
    answer: {
      description: 'No token, or a bad or expired one (answered by the JWT authorizer, as API Gateway does).',
      contentType: JSON_TYPE,
      schema: named('AuthorizerMessage', z.strictObject({ message: z.literal('Unauthorized') })),
      component: 'Unauthorized',
    } satisfies Answer,
  },
  fromError(
    'ForbiddenProblem',
    new Forbidden(''),
    'Your role may not call the route (the detail names the roles that may), or the relationship does not hold for this record.',
  ),
  fromError('NotFoundProblem', new NotFound(''), 'No such record, or it is deleted (the detail says whether it can be restored).'),
  fromError(
    'ConflictProblem',
    new Conflict(''),
    'A unique value is taken (`field` names it, `existingId` the record that holds it), a state conflict, or a concurrent change still conflicted after retries.',
    {
      field: z.string().optional().meta({ description: 'The field whose value another record holds' }),
      existingId: z.string().optional().meta({ description: 'The id of the record holding the value' }),
    },
  ),
  fromError('StaleVersionProblem', new StaleVersion(undefined), '`If-Match` is not the current version; `currentVersion` gives it.', {
    // 0 where nothing is stored yet and the defaults apply (a guardian's notification preferences).
    currentVersion: z.number().int().min(0).optional(),
  }),
  fromError('IdempotencyKeyReusedProblem', new IdempotencyKeyReused(''), 'The `Idempotency-Key` was used for a different request.'),
  fromError('PreconditionRequiredProblem', new PreconditionRequired(''), '`If-Match` is required and was not sent.'),
  fromError(
    'ServiceUnavailableProblem',
    new ServiceUnavailable(''),
    'The work could not be queued; nothing was accepted. Retry with the same `Idempotency-Key`.',
  ),
  {
    status: 500,
    answer: {
      description: 'A fault on the server side; retrying is safe.',
      contentType: PROBLEM_TYPE,
      schema: problemSchema('InternalProblem', 500, 'internal', 'Internal server error'),
      component: 'InternalError',
    } satisfies Answer,
  },
] as const;

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 422 | 428 | 500 | 503;

/** The shared error answer of a status. */
export function problem(status: ProblemStatus): Answer {
  const found = PROBLEMS.find((entry) => entry.status === status);
  if (!found) throw new Error(`no problem answer for ${status}`);
  return found.answer;
}

export const PROBLEM_STATUSES = PROBLEMS.map((entry) => entry.status as ProblemStatus);

/** When two classes meet at once, per period: the weekdays and the rotation days (domain/scheduling/slots.ts). */
const OverlapSchema = named(
  'Overlap',
  z.strictObject({
    period: z.string(),
    days: z.array(z.enum(WEEKDAYS)),
    rotationDays: z.array(z.enum(ROTATION_DAYS)),
  }),
);

/** What stands in the way of a class assignment (domain/scheduling/placement.ts). */
export const RefusalSchema = named(
  'Refusal',
  z.strictObject({
    code: z.string().meta({
      description:
        'not-enrolled, section-cancelled, already-in-section, already-in-course, section-full, period-conflict, grade-not-allowed, missing-prerequisite or already-passed',
    }),
    message: z.string(),
    sectionId: z.string().optional().meta({ description: 'The section in the way (a period conflict, a second section of the course)' }),
    overlaps: z.array(OverlapSchema).optional().meta({ description: 'For a period conflict: when both sections meet' }),
  }),
);

/** A student a section's new meetings would double-book (domain/scheduling/errors.ts). */
const DoubleBookedSchema = named(
  'DoubleBooked',
  z.strictObject({
    studentId: z.string(),
    name: z.string(),
    conflicts: z.array(
      z.strictObject({
        sectionId: z.string(),
        sectionNumber: z.string(),
        courseCode: z.string().optional(),
        overlaps: z.array(OverlapSchema),
      }),
    ),
  }),
);

/** A 409 answer whose problem carries `extra` beside the conflict's fields. */
const conflictAnswer = (id: string, description: string, extra: z.ZodRawShape): Answer => ({
  description,
  contentType: PROBLEM_TYPE,
  schema: problemSchema(`${id}Problem`, 409, 'conflict', 'Conflict', extra),
  component: id,
});

/** 409 of a section's change: a conflict, with `students` when its new meetings would double-book some (decision 0130). */
export const SECTION_MOVE_REFUSED = conflictAnswer(
  'SectionMoveRefused',
  'Refused: `students` names each student the new meetings would put in two classes at once, with the classes in the way; or a unique value is taken, or the roster changed meanwhile.',
  { students: z.array(DoubleBookedSchema).optional() },
);

/** 409 of the scheduling routes: a conflict, with `refusals` when a class assignment was refused. */
export const REFUSED = conflictAnswer(
  'AssignmentRefused',
  'Refused: `refusals` names what is in the way (the other section and its period, the full section, the missing prerequisite); or a unique value is taken.',
  { refusals: z.array(RefusalSchema).optional() },
);
