import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { apiHandler } from '../../functions/http/api-handler';
import type { RouteSpec } from '../../functions/http/route';
import { LOCAL_AUDIENCE, LOCAL_MACHINE_AUDIENCE, LocalAuth } from '../../infra/local/local-auth';

/**
 * Role routes decide on what an ID token carries (groups, the staff or guardian link), so they take
 * ID tokens only: a staff access token of the same pool passes API Gateway's authorizer (its
 * client_id is the app's) and must be refused by the handler, with the reason (decision 0139).
 */
describe('token_use on role routes', () => {
  const probe: RouteSpec = {
    method: 'GET',
    path: '/v1/token-probe',
    handler: 'schools',
    access: { resource: 'school', action: 'list' },
    operationId: 'tokenProbe',
    summary: 'Answers who the caller is',
    contract: () => ({ answers: {} }) as never,
    run: async (request) => ({ statusCode: 200, body: { sub: request.principal.sub } }),
  };
  const handler = apiHandler('schools', [probe]);
  const call = async (claims: Record<string, string> | undefined) =>
    (await handler(
      {
        version: '2.0',
        routeKey: 'GET /v1/token-probe',
        rawPath: '/v1/token-probe',
        headers: {},
        requestContext: { requestId: 'r1', ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}) },
        isBase64Encoded: false,
      } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer,
      { awsRequestId: 'r1', functionName: 'sis-schools', getRemainingTimeInMillis: () => 10_000 } as Context,
    )) as APIGatewayProxyStructuredResultV2;
  const staff = { sub: 'staff-1', 'cognito:groups': '[district_admin]' };

  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  test('an ID token is served', async () => {
    const answer = await call({ ...staff, token_use: 'id' });
    expect(answer.statusCode).toBe(200);
  });

  test('an access token of the same user, or a token without token_use, is a 401 problem+json naming the reason', async () => {
    for (const claims of [{ ...staff, token_use: 'access' }, staff]) {
      const answer = await call(claims);
      expect(answer.statusCode).toBe(401);
      expect(answer.headers?.['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(String(answer.body)) as { type: string; detail: string; reason: string };
      expect(problem).toMatchObject({ type: '/problems/unauthorized', reason: 'token_use' });
      expect(problem.detail).toMatch(/ID token/);
    }
    expect(JSON.parse(String((await call({ ...staff, token_use: 'access' })).body)).detail).toMatch(/an access token/);
  });
});

describe('the local authorizer, audiences exact', () => {
  const auth = LocalAuth.ephemeral();

  test("a person's ID token is for the app's audience only; a machine client's token for the machine clients' only", () => {
    const person = auth.issue({ role: 'district_admin' });
    const machine = auth.issueClientCredentials({
      clientId: 'lms',
      scopes: ['https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly'],
    });
    expect(auth.verify(person, LOCAL_AUDIENCE)).toMatchObject({ token_use: 'id' });
    expect(auth.verify(person, LOCAL_MACHINE_AUDIENCE)).toBeUndefined();
    expect(auth.verify(machine, LOCAL_MACHINE_AUDIENCE)).toMatchObject({ token_use: 'access', client_id: 'lms' });
    expect(auth.verify(machine, LOCAL_AUDIENCE)).toBeUndefined();
  });
});
