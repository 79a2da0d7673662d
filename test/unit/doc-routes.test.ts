import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROUTES, routeKey } from '../../functions/manifest';
import { REPO_ROOT } from '../../infra/repo-root';

/**
 * Every curl command in the walk-through (and the README's taste of it) names a route that exists:
 * its method and path must match a route of functions/manifest.ts.
 */
const DOCUMENTS = ['docs/walkthrough.md', 'README.md'];

interface CurlCall {
  readonly document: string;
  readonly method: string;
  readonly path: string;
}

/** The curl commands in a document's shell blocks, with continuation lines joined. */
function curlCalls(document: string): CurlCall[] {
  const text = readFileSync(path.join(REPO_ROOT, document), 'utf8');
  const calls: CurlCall[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const commands = block[1].replace(/\\\n/g, ' ').split('\n');
    for (const command of commands) {
      if (!/\bcurl\b/.test(command)) continue;
      const url = /\$API(\/[^\s'"?;]*)/.exec(command);
      if (!url) continue; // e.g. $API$STATUS_URL: a URL the API handed out
      const explicit = /\s-X\s+([A-Z]+)/.exec(command)?.[1];
      const method = explicit ?? (/\s-G\b/.test(command) ? 'GET' : /\s(-d|--data\S*)\s/.test(command) ? 'POST' : 'GET');
      calls.push({ document, method, path: url[1] });
    }
  }
  return calls;
}

/** A documented path matches a template when its literal segments agree and each `$VAR` stands for a `{param}`. */
function matches(template: string, documented: string): boolean {
  const expected = template.split('/');
  const actual = documented.split('/');
  return (
    expected.length === actual.length &&
    expected.every((segment, index) =>
      segment.startsWith('{') ? actual[index].length > 0 : segment === actual[index] && !actual[index].startsWith('$'),
    )
  );
}

describe('routes named in the documentation', () => {
  const calls = DOCUMENTS.flatMap(curlCalls);

  test('the walk-through has curl commands to check', () => {
    expect(calls.filter((call) => call.document === 'docs/walkthrough.md').length).toBeGreaterThan(20);
  });

  test.each(calls.map((call) => [`${call.method} ${call.path}`, call] as const))('%s is a route of the manifest', (_, call) => {
    const route = ROUTES.find((candidate) => candidate.method === call.method && matches(candidate.path, call.path));
    expect({ documented: `${call.method} ${call.path} (${call.document})`, route: route && routeKey(route) }).toEqual({
      documented: `${call.method} ${call.path} (${call.document})`,
      route: expect.any(String),
    });
  });
});
