import { readFileSync } from 'node:fs';
import { CONTRACT, pathParams } from '../../functions/contract';
import { ROUTES, isScopeAccess, routeKey, routeRoles } from '../../functions/manifest';
import { buildOpenApi, formatOpenApi, OPENAPI_PATH } from '../../infra/ops/openapi';
import { contractMismatch } from '../support/contract';

const keys = ROUTES.map(routeKey);

describe("the API contract (functions/contract/, from each route's declaration)", () => {
  test('has one entry per route of the manifest: no two routes share a method and path', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...keys].sort());
  });

  test.each(ROUTES.map((route) => [routeKey(route), route] as const))(
    '%s: declares a success answer and its path parameters',
    (key, route) => {
      const contract = CONTRACT[key]!;
      expect(Object.keys(contract.responses).some((status) => Number(status) < 300)).toBe(true);
      if (contract.params) expect(Object.keys(contract.params.shape).sort()).toEqual(pathParams(route.path).sort());
      // Authenticated routes can always be refused by the authorizer and the policy.
      if (route.access !== null) expect(Object.keys(contract.responses)).toEqual(expect.arrayContaining(['401', '403']));
    },
  );
});

describe('docs/openapi.json', () => {
  test('is what `npm run openapi` renders from the manifest, the policy and the contract', () => {
    const committed = readFileSync(OPENAPI_PATH, 'utf8');
    if (committed !== formatOpenApi()) {
      throw new Error(
        'docs/openapi.json is out of date with the routes (functions/routes/), domain/policy.ts or functions/contract/: run `npm run openapi`.',
      );
    }
  });

  const document = buildOpenApi() as any;

  test('is OpenAPI 3.1 with the Cognito bearer scheme required by default', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.security).toEqual([{ cognito: [] }]);
    expect(document.components.securitySchemes.cognito).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  test.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s: has its operation, roles and answers', (key, route) => {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    expect(operation).toBeDefined();
    expect(operation['x-roles']).toEqual(routeRoles(route));
    if (route.access === null) expect(operation.security).toEqual([]);
    else if (isScopeAccess(route.access)) expect(operation['x-scopes']).toEqual(route.access.scopes);
    else expect(operation.description).toContain(`${route.access.resource}:${route.access.action}`);
    const names = (operation.parameters ?? []).filter((parameter: any) => parameter.in === 'path').map((parameter: any) => parameter.name);
    expect(names).toEqual(pathParams(route.path));
    expect(Object.keys(operation.responses).sort()).toEqual(Object.keys(CONTRACT[key]!.responses).sort());
  });

  test('gives every operation its own operationId', () => {
    const ids = Object.values(document.paths).flatMap((item: any) => Object.values(item).map((operation: any) => operation.operationId));
    expect(ids).toHaveLength(ROUTES.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('resolves every reference', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    const unresolved = refs
      .map((ref) => ref.slice(8, -1))
      .filter((ref) => {
        const [, section, name] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(ref) ?? [];
        return !section || !document.components[section][name!];
      });
    expect([...new Set(unresolved)]).toEqual([]);
  });

  test('describes errors as problem+json with the field list on 400', () => {
    const invalid = document.components.schemas.InvalidRequestProblem;
    expect(document.components.responses.InvalidRequest.content['application/problem+json']).toBeDefined();
    expect(invalid.properties.errors.items.$ref).toBe('#/components/schemas/FieldIssue');
    expect(document.components.schemas.FieldIssue.required).toEqual(['field', 'message']);
  });
});

describe('the contract check of e2e answers (test/support/contract.ts)', () => {
  const school = { method: 'GET', path: '/v1/schools/01J0000000000000000000000A', contentType: 'application/json' };

  test('names the route and the status it does not declare', () => {
    expect(contractMismatch({ ...school, status: 418, body: {} })).toMatch(
      /^GET \/v1\/schools\/\{schoolId\} answered 418, which its contract does not declare/,
    );
  });

  test('names a wrong content type and a body that does not match', () => {
    const notFound = { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'No school.', instance: '/x', requestId: 'r' };
    expect(contractMismatch({ ...school, status: 404, body: notFound })).toContain(
      'content-type application/json, but the contract declares application/problem+json',
    );
    expect(contractMismatch({ ...school, status: 404, contentType: 'application/problem+json', body: notFound })).toBeUndefined();
    expect(
      contractMismatch({ ...school, status: 404, contentType: 'application/problem+json', body: { ...notFound, extra: 1 } }),
    ).toContain('the body does not match the contract: (body): Unrecognized key: "extra"');
  });

  test('leaves alone requests that reach no route (the gateway answers those)', () => {
    expect(
      contractMismatch({ method: 'GET', path: '/v2/nothing', status: 404, contentType: 'application/json', body: {} }),
    ).toBeUndefined();
  });
});
