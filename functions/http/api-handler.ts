import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError, Forbidden, Invalid, NotFound, StaleVersion, Unauthorized } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { toStatusInfo } from '../../domain/oneroster/rest-status';
import type { HandlerId } from '../names';
import { observabilityFor } from '../platform/observability';
import { getRegionSchools } from '../use-cases/region-schools';
import { notAnIdToken, principalFromClaims, scopesOf, type Claims } from './claims';
import { BODY_LIMITS, nestsDeeperThan } from './body-limits';
import { isScopeAccess, routeKey, routeRoles, type RouteSpec } from './route';

export type { ApiRequest, ApiResponse, RouteHandler } from './route';

const ANONYMOUS: Principal = { sub: 'anonymous', roles: [], schoolIds: [] };
const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';

function problem(status: number, title: string, code: string, detail: string, instance: string, extra: Record<string, unknown> = {}) {
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_TYPE },
    body: JSON.stringify({ type: `/problems/${code}`, title, status, detail, instance, ...extra }),
  };
}

/** RFC 9457 problem+json for a domain error; anything else is our fault and says nothing more. */
export function toProblem(error: unknown, instance: string, requestId: string): APIGatewayProxyStructuredResultV2 {
  if (error instanceof DomainError) {
    const extra: Record<string, unknown> = { ...error.details, requestId };
    if (error instanceof Invalid) extra.errors = error.issues;
    if (error instanceof StaleVersion && error.currentVersion !== undefined) extra.currentVersion = error.currentVersion;
    return problem(error.status, error.title, error.code, error.message, instance, extra);
  }
  return problem(500, 'Internal server error', 'internal', 'The request failed on our side; it is safe to retry it.', instance, {
    requestId,
  });
}

/** A OneRoster route's refusal: imsx_StatusInfo as JSON (decision 0076). */
export function toImsx(error: unknown): APIGatewayProxyStructuredResultV2 {
  const { status, body } = toStatusInfo(error);
  return { statusCode: status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
}

function parseBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): { body: unknown; rawBody: string } {
  if (!event.body) return { body: undefined, rawBody: '' };
  const rawBody = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (rawBody.trim() === '') return { body: undefined, rawBody };
  const contentType = (event.headers?.['content-type'] ?? JSON_TYPE).toLowerCase();
  if (!contentType.includes('json')) {
    throw new Invalid([{ field: 'content-type', message: 'must be application/json (or application/merge-patch+json)' }]);
  }
  // Bounded before parsing (body-limits.ts): a body too large or too deep is refused without being read.
  const bytes = Buffer.byteLength(rawBody, 'utf8');
  if (bytes > BODY_LIMITS.bytes) {
    throw new Invalid([{ field: 'body', message: `is ${bytes} bytes; a request body may be at most ${BODY_LIMITS.bytes} bytes (1 MiB)` }]);
  }
  if (nestsDeeperThan(rawBody, BODY_LIMITS.depth)) {
    throw new Invalid([{ field: 'body', message: `nests objects and arrays more than ${BODY_LIMITS.depth} levels deep` }]);
  }
  try {
    return { body: JSON.parse(rawBody), rawBody };
  } catch {
    throw new Invalid([{ field: 'body', message: 'is not valid JSON' }]);
  }
}

function lowerCaseKeys(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
}

/**
 * The Lambda handler of one function: serves the routes of the given groups that the function is
 * named to serve (functions/routes/<context>.ts), finds the one API Gateway matched, checks the
 * caller's role against it, parses the body and runs the route's operation. Errors become
 * problem+json in exactly one place (the `onError` below).
 */
export function apiHandler(handlerId: HandlerId, ...groups: readonly (readonly RouteSpec[])[]) {
  const { logger, middlewares } = observabilityFor(handlerId);
  const routes = new Map(
    groups
      .flat()
      .filter((route) => route.handler === handlerId)
      .map((route) => [routeKey(route), route]),
  );
  if (routes.size === 0) throw new Error(`none of the route groups given is served by ${handlerId}`);

  const base = async (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = routes.get(event.routeKey);
    if (!route) throw new NotFound(`No route ${event.routeKey}.`);

    let principal = ANONYMOUS;
    const roles = routeRoles(route);
    if (isScopeAccess(route.access)) {
      // Client credentials (another system, not a person): the token's scopes open the route, as
      // API Gateway's authorizationScopes do; checked here too, so no runtime can skip it, and so a
      // missing scope is the binding's 403 imsx_StatusInfo (decision 0107). A request without a valid
      // token never gets here: the HTTP API's JWT authorizer answers it 401 `{"message":"Unauthorized"}`
      // (docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html), and
      // that body cannot be changed: gateway responses, which rewrite it, exist for REST APIs only
      // (…/api-gateway-gatewayResponse-definition.html). Every refusal our code makes is imsx (decision 0142).
      const claims = event.requestContext.authorizer?.jwt?.claims as Claims | undefined;
      const found = principalFromClaims(claims);
      if (!found) throw new Unauthorized('A valid bearer token is required.');
      const granted = scopesOf(claims);
      if (!route.access.scopes.some((scope) => granted.includes(scope))) {
        throw new Forbidden(`This operation needs one of the scopes ${route.access.scopes.join(', ')}.`);
      }
      principal = found;
    } else if (roles !== 'public') {
      const claims = event.requestContext.authorizer?.jwt?.claims as Claims | undefined;
      const found = principalFromClaims(claims);
      if (!found) throw new Unauthorized('A valid bearer token is required.');
      const wrongToken = notAnIdToken(claims);
      if (wrongToken) throw Object.assign(new Unauthorized(wrongToken), { details: { reason: 'token_use' } });
      if (!found.roles.some((role) => roles.includes(role))) {
        throw new Forbidden(`This operation is for ${roles.join(', ')}; your roles are ${found.roles.join(', ') || 'none'}.`);
      }
      // A staff member's regions become the schools in them here, once, before any use case asks
      // the policy (decision 0087): the policy and every list that filters by school see school ids.
      principal = found.regionIds ? await getRegionSchools().expand(found) : found;
    }

    // Ids are short; anything else names no record (and must not reach DynamoDB as a key).
    for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
      if (!value || value.length > 100 || !/^[\x21-\x7e]+$/.test(value)) throw new NotFound(`No record with that ${name}.`);
    }

    // A GET's body has no meaning (RFC 9110): it is ignored, not parsed, whatever it holds.
    const { body, rawBody } = route.method === 'GET' ? { body: undefined, rawBody: '' } : parseBody(event);
    const response = await route.run({
      route,
      principal,
      path: event.rawPath,
      pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
      query: (event.queryStringParameters ?? {}) as Record<string, string>,
      headers: lowerCaseKeys(event.headers),
      body,
      rawBody,
      requestId: context.awsRequestId,
    });
    const isText = typeof response.body === 'string';
    return {
      statusCode: response.statusCode,
      headers: { 'content-type': JSON_TYPE, ...response.headers },
      ...(response.body === undefined ? {} : { body: isText ? (response.body as string) : JSON.stringify(response.body) }),
    };
  };

  const handler = middy(base)
    .use(middlewares())
    .use({
      onError: async (request) => {
        const event = request.event;
        const error = request.error;
        const imsx = routes.get(event.routeKey)?.errors === 'imsx';
        if (error instanceof DomainError) {
          logger.info('request refused', { status: error.status, code: error.code, detail: error.message, routeKey: event.routeKey });
        } else {
          logger.error('request failed', { error: error as Error, routeKey: event.routeKey });
        }
        request.response = imsx ? toImsx(error) : toProblem(error, event.rawPath, request.context.awsRequestId);
      },
    });
  // Which routes this entry serves, for the test that every route of the manifest has its function's entry serving it.
  return Object.assign(handler, { routeKeys: [...routes.keys()] as readonly string[] });
}
