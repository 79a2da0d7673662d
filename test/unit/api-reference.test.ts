import { readFileSync } from 'node:fs';
import { API_REFERENCE_PATH, formatApiReference, renderApiReference } from '../../infra/ops/api-reference';
import { ROUTES } from '../../functions/manifest';

/** docs/api-reference.md is generated from the manifest and the policy; it must not drift from them. */
describe('docs/api-reference.md', () => {
  test('is what `npm run docs:api` renders from functions/manifest.ts and domain/policy.ts', () => {
    const committed = readFileSync(API_REFERENCE_PATH, 'utf8');
    const rendered = formatApiReference();
    if (committed !== rendered) {
      throw new Error(
        'docs/api-reference.md is out of date with functions/manifest.ts or domain/policy.ts: run `npm run docs:api` and commit the result.',
      );
    }
  });

  test('names every route of the manifest once', () => {
    const markdown = renderApiReference();
    for (const route of ROUTES) {
      const row = new RegExp(`^\\| \`${route.method}\` \\| \`${route.path.replace(/[{}]/g, '\\$&')}\` \\|`, 'm');
      expect({ route: `${route.method} ${route.path}`, listed: row.test(markdown) }).toEqual({
        route: `${route.method} ${route.path}`,
        listed: true,
      });
    }
  });
});
