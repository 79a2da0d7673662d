import * as path from 'node:path';
import { FUNCTIONS, ROUTES, routeKey, type HandlerId } from '../../functions/manifest';
import { REPO_ROOT } from '../../infra/repo-root';

/**
 * Every route of the manifest is served by the Lambda entry of the function its declaration names
 * (functions/api/<handler>.ts imports the route groups it serves): a route whose function's entry
 * left out its group would answer 404 in AWS, while the manifest, the stack and the docs list it.
 */
const API_FUNCTIONS = [...new Set(ROUTES.map((route) => route.handler))];

describe('the Lambda entries of the API functions', () => {
  test.each(API_FUNCTIONS)('%s serves exactly the routes the manifest gives it', async (id: HandlerId) => {
    const entry = (await import(path.join(REPO_ROOT, FUNCTIONS[id].entry))) as { handler: { routeKeys: readonly string[] } };
    const declared = ROUTES.filter((route) => route.handler === id).map(routeKey);
    expect([...entry.handler.routeKeys].sort()).toEqual(declared.sort());
  });
});
