import { readFileSync } from 'node:fs';
import { ROUTES } from '../../functions/manifest';
import { WALKTHROUGH_HTTP_PATH, walkthroughHttp } from '../../infra/ops/walkthrough-http';

/** docs/walkthrough.http is the walk-through as requests; it must not drift from the page or the API. */
describe('docs/walkthrough.http', () => {
  test('is what `npm run docs:http` makes of docs/walkthrough.md', () => {
    if (readFileSync(WALKTHROUGH_HTTP_PATH, 'utf8') !== walkthroughHttp()) {
      throw new Error('docs/walkthrough.http is out of date with docs/walkthrough.md: run `npm run docs:http` and commit the result.');
    }
  });

  test('every request names a route of the API, and every id it sends was named by a request before it', () => {
    const collection = walkthroughHttp();
    const lines = collection.split('\n');
    const requests = lines.filter((line) => /^(GET|POST|PUT|PATCH|DELETE) /.test(line));
    expect(requests.length).toBeGreaterThan(40);
    const templates = ROUTES.map((route) => ({
      method: route.method,
      pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
    for (const request of requests) {
      const [method, target] = request.split(' ') as [string, string];
      const path = target.replace('{{API}}', '').split('?')[0]!;
      if (path === '{{STATUS_URL}}') continue; // the enrollment request's own status URL, from its answer
      expect({ request, route: templates.some((route) => route.method === method && route.pattern.test(path)) }).toEqual({
        request,
        route: true,
      });
    }
    // A variable is defined (a token to paste, or the id of a named request) before the first request that uses it.
    const defined = new Set(['API']);
    for (const line of lines) {
      const definition = /^@([A-Z_0-9]+) = /.exec(line);
      if (definition) defined.add(definition[1]!);
      if (line.startsWith('#')) continue;
      for (const [, name] of line.matchAll(/\{\{([A-Z_0-9]+)[}.]/g))
        if (!line.startsWith(`@${name} =`)) expect({ name, defined: defined.has(name!) }).toEqual({ name, defined: true });
    }
  });
});
