/**
 * A route, declared once: its method, path, access, summary, contract and the operation it runs,
 * together in its context's file (functions/routes/<context>.ts). The manifest gathers the
 * declarations into ROUTES; the Lambda handler of a route group (functions/api/<handler>.ts)
 * serves its own routes from the same declarations; the contract, the OpenAPI document, the API
 * reference, the CDK stack and the local runtime are derived from them (decision 0096).
 *
 * No zod here, and nothing but types from the contract: every function's bundle loads this module.
 */
import { rolesFor, type Action, type Resource } from '../../domain/policy';
import type { Principal, Role } from '../../domain/principal';
import type { ContractSpec } from '../contract';
import type * as Kit from '../contract/kit';
import type { HandlerId } from '../names';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The parameter names of a path template: `'sectionId' | 'date'` for `/v1/sections/{sectionId}/attendance/{date}`. */
export type PathParams<Path extends string> = string extends Path
  ? string
  : Path extends `${string}{${infer Name}}${infer Rest}`
    ? Name | PathParams<Rest>
    : never;

/** A request as operations see it: parsed, with the caller established. */
export interface ApiRequest<Param extends string = string> {
  readonly route: RouteSpec;
  /** Present on every route but public ones. */
  readonly principal: Principal;
  readonly path: string;
  /** Each `{name}` of the route's path, percent-decoded. */
  readonly pathParameters: Readonly<Record<Param, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, parsed; undefined when there is none. */
  readonly body: unknown;
  readonly rawBody: string;
  readonly requestId: string;
}

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  /** Serialised as JSON; a string is sent as it is. */
  readonly body?: unknown;
}

/** What runs one route: parse, call one use case, map its result. */
export type RouteHandler<Param extends string = string> = (request: ApiRequest<Param>) => Promise<ApiResponse>;

/** The policy question a route asks of staff and family tokens: may the caller do `action` on `resource`. */
export interface RoleAccess {
  readonly resource: Resource;
  readonly action: Action;
}
/** OAuth 2 scopes, any one of which opens the route (client-credentials tokens of other systems). */
export interface ScopeAccess {
  readonly scopes: readonly string[];
}
/** null: public (no JWT authorizer). */
export type Access = RoleAccess | ScopeAccess | null;

/** The contract kit (functions/contract/kit.ts): the answers' schemas and the helpers that write a contract. */
export type ContractKit = typeof Kit;

export interface RouteDeclaration<Path extends string = string> {
  readonly method: Method;
  /** API Gateway path template, e.g. `/v1/students/{studentId}`. */
  readonly path: Path;
  /**
   * null for public routes (no JWT authorizer); a resource and action for the staff and family
   * roles (the policy module decides); or OAuth 2 scopes, any one of which opens the route, for
   * client-credentials tokens of other systems (OneRoster).
   */
  readonly access: Access;
  /** The OpenAPI operationId: unique and stable (clients generate method names from it). */
  readonly operationId: string;
  readonly summary: string;
  /** How refusals are written: RFC 9457 problem+json (default), or OneRoster's imsx_StatusInfo. */
  readonly errors?: 'problem' | 'imsx';
  /**
   * What the route takes (params, query, body, If-Match) and answers. A function of the contract
   * kit rather than schemas imported by the route's file: only what derives the contract (the
   * OpenAPI generator, the tests) calls it and loads the kit, so a Lambda bundle carries none of
   * the answers' schemas. A request schema the operation itself validates with is named directly:
   * the contract and the operation then hold the very same object.
   */
  readonly contract: (kit: ContractKit) => ContractSpec;
  /** The operation: parse, call one use case, map its result to HTTP. */
  run(request: ApiRequest<PathParams<Path>>): Promise<ApiResponse>;
}

/** A declared route and the function that serves it: an entry of the manifest's ROUTES. */
export interface RouteSpec extends RouteDeclaration {
  readonly handler: HandlerId;
}

/** Declares a route; the path's `{names}` type the operation's `request.pathParameters`. */
export const route = <Path extends string>(declaration: RouteDeclaration<Path>): RouteDeclaration => declaration;

/** The routes a function serves: its route group, or its part of a context's routes. */
export const served = (handler: HandlerId, routes: readonly RouteDeclaration[]): RouteSpec[] =>
  routes.map((declared) => ({ ...declared, handler }));

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method} ${route.path}`;

export const isScopeAccess = (access: Access): access is ScopeAccess => access !== null && 'scopes' in access;
export const isRoleAccess = (access: Access): access is RoleAccess => access !== null && 'resource' in access;

/** The roles that may call a route at all; finer decisions are made by the policy module. */
export function routeRoles(route: Pick<RouteSpec, 'access'>): Role[] | 'public' {
  if (route.access === null) return 'public';
  // A scoped route is for client-credentials tokens, which carry scopes and no role.
  return isScopeAccess(route.access) ? [] : rolesFor(route.access.resource, route.access.action);
}
