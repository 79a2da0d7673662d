/**
 * The API contract: for every route, what it takes (path and query parameters, body) and every
 * answer it can give, as the same zod schemas the handlers validate with. Each route declares its
 * own (`contract` in functions/routes/<context>.ts, written with the kit of functions/contract/kit.ts);
 * this module adds the error answers every route of its kind gives and keys the result by
 * `METHOD /path`. infra/ops/openapi.ts renders it as the OpenAPI document (docs/openapi.json);
 * the e2e tests check every answer they receive against it (test/support/contract.ts). Not
 * imported by any Lambda handler.
 */
import type * as z from 'zod';
import { routeKey, type RouteSpec } from '../http/route';
import { ROUTES } from '../manifest';
import { problem, type Answer, type ProblemStatus } from './answers';
import * as kit from './kit';

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

/** A contract as a route declares it: its own answers, and the error answers beyond those every route of its kind gives. */
export interface ContractSpec extends Omit<RouteContract, 'responses'> {
  readonly answers: Readonly<Record<number, Answer>>;
  /** Error statuses beyond the standard ones (see `standardProblems`). */
  readonly problems?: readonly ProblemStatus[];
}

/** The parameter names of a path template, in order. */
export const pathParams = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);

export const isWrite = (route: Pick<RouteSpec, 'method'>) => route.method !== 'GET';

/**
 * The error answers every route of a kind can give, so a route's contract lists only its own:
 * 500 always; 401 and 403 unless public; 404 with path parameters (a malformed id names no
 * record); 400 with a body, a query or a write (X-Change-Reason and Idempotency-Key are
 * validated); 409 and 422 on authenticated writes (a transaction can conflict, and a key can be
 * reused); 412 with If-Match, and 428 when it is required.
 */
export function standardProblems(route: RouteSpec, spec: Omit<ContractSpec, 'answers'>): ProblemStatus[] {
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

export function contractOf(route: RouteSpec, spec: ContractSpec): RouteContract {
  const { answers, problems: _problems, ...rest } = spec;
  const responses: Record<number, Answer> = { ...answers };
  for (const status of standardProblems(route, spec)) responses[status] ??= problem(status);
  return { ...rest, responses };
}

function build(): Record<string, RouteContract> {
  const contract: Record<string, RouteContract> = {};
  for (const route of ROUTES) contract[routeKey(route)] = contractOf(route, route.contract(kit));
  return contract;
}

/** Every route's contract, keyed by `METHOD /path` (routeKey). */
export const CONTRACT: Readonly<Record<string, RouteContract>> = build();
