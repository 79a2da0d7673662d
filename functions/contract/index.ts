/**
 * The API contract: for every route of the manifest, what it takes (path and query parameters,
 * body) and every answer it can give, as the same zod schemas the handlers validate with.
 * infra/ops/openapi.ts renders it as the OpenAPI document (docs/openapi.json); the e2e tests
 * check every answer they receive against it (test/support/contract.ts).
 *
 * Record routes (the generic lifecycle and listings) get their entries from their record
 * kind; every other route needs an entry in HAND_WRITTEN below, and a unit test fails until it
 * has one. Not imported by any Lambda handler.
 */
import * as z from 'zod';
import { ResolutionSchema, WithdrawalSchema } from '../../domain/enrollment/schemas';
import { LISTINGS } from '../../domain/records/listings';
import { PageQuery } from '../../domain/schemas/common';
import { EnrollmentRequestSchema } from '../../domain/enrollment/schemas';
import { ListQuery, RestoreBody } from '../http/record-routes';
import { ROUTES, routeKey, type RouteSpec } from '../manifest';
import { RequestListQuery } from '../use-cases/enrollment/enrollment-requests';
import { ActivityQuery } from '../use-cases/schools/school-activity';
import { recordTypeOf } from '../use-cases/records/record-view';
import { HEADERS, json, problem, text, type Answer, type ProblemStatus } from './answers';
import { SCHEDULING_CONTRACT } from './scheduling';
import { ATTENDANCE_CONTRACT } from './attendance';
import { GRADEBOOK_CONTRACT } from './gradebook';
import { FAMILY_CONTRACT } from './family';
import { NOTIFICATIONS_CONTRACT } from './notifications';
import { CONFIDENTIAL_CONTRACT } from './confidential';
import { ONEROSTER_CONTRACT } from './oneroster';
import {
  ActivityPageSchema,
  EnrollmentPageSchema,
  EnrollmentRequestPageSchema,
  EnrollmentRequestViewSchema,
  EnrollmentSchema,
  HealthSchema,
  InstructionalDaysSchema,
  IntakeReceiptSchema,
  listingItem,
  OpenApiDocumentSchema,
  page,
  recordFields,
  recordPatch,
  recordVersion,
  recordView,
} from './shapes';

export type { Answer } from './answers';

/** What one route takes and answers. */
export interface RouteContract {
  /** Path parameters; by default each `{name}` of the path is a string of 1 to 100 visible ASCII characters. */
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** @default true when there is a body */
  readonly bodyRequired?: boolean;
  /** Whether the route reads `If-Match` (PATCH requires it: 428 without). */
  readonly ifMatch?: 'required' | 'optional';
  /** Every answer, by status: the route's own and the shared error answers. */
  readonly responses: Readonly<Record<number, Answer>>;
}

/** An entry as written: the route's own answers, and the error answers beyond those every route of its kind gives. */
export interface EntrySpec extends Omit<RouteContract, 'responses'> {
  readonly answers: Readonly<Record<number, Answer>>;
  /** Error statuses beyond the standard ones (see `standardProblems`). */
  readonly problems?: readonly ProblemStatus[];
}

/** The parameter names of a path template, in order. */
export const pathParams = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);

export const isWrite = (route: Pick<RouteSpec, 'method'>) => route.method !== 'GET';

/**
 * The error answers every route of a kind can give, so entries list only their own:
 * 500 always; 401 and 403 unless public; 404 with path parameters (a malformed id names no
 * record); 400 with a body, a query or a write (X-Change-Reason and Idempotency-Key are
 * validated); 409 and 422 on authenticated writes (a transaction can conflict, and a key can be
 * reused); 412 with If-Match, and 428 when it is required.
 */
export function standardProblems(route: RouteSpec, spec: Omit<EntrySpec, 'answers'>): ProblemStatus[] {
  const statuses = new Set<ProblemStatus>([500]);
  const authenticated = route.access !== null;
  if (authenticated) [401, 403].forEach((status) => statuses.add(status as ProblemStatus));
  if (pathParams(route.path).length > 0) statuses.add(404);
  if (spec.body || spec.query || (authenticated && isWrite(route))) statuses.add(400);
  if (authenticated && isWrite(route)) [409, 422].forEach((status) => statuses.add(status as ProblemStatus));
  if (spec.ifMatch) statuses.add(412);
  if (spec.ifMatch === 'required') statuses.add(428);
  for (const status of spec.problems ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

export function contractOf(route: RouteSpec, spec: EntrySpec): RouteContract {
  const { answers, problems: _problems, ...rest } = spec;
  const responses: Record<number, Answer> = { ...answers };
  for (const status of standardProblems(route, spec)) responses[status] ??= problem(status);
  return { ...rest, responses };
}

/** The entry of a generic record or listing route, from its record kind. */
function recordEntry(route: RouteSpec): EntrySpec | undefined {
  const operation = route.operation;
  if (operation.kind === 'listing') {
    const listing = LISTINGS[operation.listing];
    const query =
      listing.nameSearch === 'none'
        ? PageQuery
        : listing.nameSearch === 'optional'
          ? ListQuery
          : ListQuery.extend({ name: ListQuery.shape.name.unwrap() });
    return { query, answers: { 200: json(page(listingItem(operation.listing)), `A page of ${listing.type.label.toLowerCase()}s`) } };
  }
  if (operation.kind !== 'record') return undefined;
  const type = recordTypeOf(operation.recordType);
  const view = recordView(type);
  const label = type.label.toLowerCase();
  switch (operation.op) {
    case 'create':
      return { body: recordFields(type), answers: { 201: json(view, `The new ${label}`, { ...HEADERS.location, ...HEADERS.etag }) } };
    case 'read':
      return { answers: { 200: json(view, `The ${label}`, HEADERS.etag) } };
    case 'update':
      return { body: recordPatch(type), ifMatch: 'required', answers: { 200: json(view, `The ${label} as changed`, HEADERS.etag) } };
    case 'delete':
      return { ifMatch: 'optional', answers: { 200: json(view, `The ${label}, marked deleted`, HEADERS.etag) } };
    case 'history':
      return { query: PageQuery, answers: { 200: json(page(recordVersion(type)), `A page of the ${label}'s versions, newest first`) } };
    case 'restore':
      return {
        body: RestoreBody,
        bodyRequired: false,
        ifMatch: 'optional',
        answers: { 200: json(view, `The ${label} as restored (a new version)`, HEADERS.etag) },
      };
  }
}

const accepted = (description: string) => json(IntakeReceiptSchema, description, { Location: 'The status URL of the request.' });

/** Entries of the routes that are not generic record routes, keyed by `METHOD /path`. */
export const HAND_WRITTEN: Readonly<Record<string, EntrySpec>> = {
  'GET /health': {
    answers: {
      200: json(HealthSchema, 'The table answers'),
      503: json(HealthSchema, 'The table does not answer'),
    },
  },
  'GET /v1/schools/{schoolId}/school-years/{schoolYear}/instructional-days': {
    answers: { 200: json(InstructionalDaysSchema, "The school year's instructional days") },
  },
  'GET /v1/schools/{schoolId}/activity': {
    query: ActivityQuery,
    answers: { 200: json(ActivityPageSchema, "A page of the day's activity, oldest first") },
  },
  'GET /v1/guardians/{guardianId}/students': {
    query: PageQuery,
    answers: { 200: json(page(listingItem('childrenOfGuardian')), "A page of the guardian's links to their children") },
  },
  'POST /v1/enrollment-requests': {
    body: EnrollmentRequestSchema,
    answers: { 202: accepted('Accepted: stored and queued; follow `statusUrl`') },
    problems: [503],
  },
  'GET /v1/enrollment-requests/{requestId}': {
    answers: { 200: json(EnrollmentRequestViewSchema, 'The request and its status') },
  },
  'POST /v1/enrollment-requests/{requestId}/resolution': {
    body: ResolutionSchema,
    answers: { 202: accepted('Accepted: the request is PENDING again and queued') },
    problems: [503],
  },
  'GET /v1/schools/{schoolId}/enrollment-requests': {
    query: RequestListQuery,
    answers: { 200: json(EnrollmentRequestPageSchema, 'A page of requests in the status asked for, oldest first') },
  },
  'POST /v1/students/{studentId}/withdrawals': {
    body: WithdrawalSchema,
    answers: { 200: json(EnrollmentSchema, 'The enrollment, ended') },
  },
  'GET /v1/students/{studentId}/enrollments': {
    query: PageQuery,
    answers: { 200: json(EnrollmentPageSchema, "A page of the student's enrollments") },
  },
  'GET /openapi.json': {
    answers: { 200: json(OpenApiDocumentSchema, 'This document') },
  },
  'GET /docs': {
    answers: { 200: text('text/html', 'The reference page') },
  },
  'GET /docs/ui.js': {
    answers: { 200: text('text/javascript', "The reference page's script") },
  },
  ...SCHEDULING_CONTRACT,
  ...ATTENDANCE_CONTRACT,
  ...GRADEBOOK_CONTRACT,
  ...FAMILY_CONTRACT,
  ...NOTIFICATIONS_CONTRACT,
  ...CONFIDENTIAL_CONTRACT,
  ...ONEROSTER_CONTRACT,
};

function build(): Record<string, RouteContract> {
  const contract: Record<string, RouteContract> = {};
  for (const route of ROUTES) {
    const key = routeKey(route);
    const spec = HAND_WRITTEN[key] ?? recordEntry(route);
    if (spec) contract[key] = contractOf(route, spec);
  }
  return contract;
}

/** Every route's contract, keyed by `METHOD /path` (routeKey). A route without an entry is missing here. */
export const CONTRACT: Readonly<Record<string, RouteContract>> = build();
