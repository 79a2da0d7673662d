import { readFileSync } from 'node:fs';
import { route, served } from '../http/route';

/**
 * The API's own documentation, public: the committed OpenAPI document (docs/openapi.json,
 * written by `npm run openapi`) and a reference page that renders it with Swagger UI, whose
 * script and styles come from the swagger-ui-dist package, never from another site.
 *
 * Each of the three routes serves one large asset, so each asset is a dynamic import: in the
 * Lambda bundle it is a chunk of its own that only the route serving it loads (decision 0126),
 * not 2.2 MiB parsed at every cold start.
 */

/** Source-map comments point at files this function does not serve. */
const withoutSourceMap = (source: string) => source.replace(/\n?\/[*/]# sourceMappingURL=\S+\s*(\*\/)?\s*$/, '\n');

/**
 * A file of swagger-ui-dist as text: read from node_modules where there is one (the local
 * runtime, the tests); in a Lambda bundle, esbuild has inlined it as a string (the import below,
 * with `type: 'text'`), since the bundle has no node_modules.
 */
async function uiAsset(file: 'swagger-ui-bundle.js' | 'swagger-ui.css'): Promise<string> {
  try {
    return withoutSourceMap(readFileSync(require.resolve(`swagger-ui-dist/${file}`), 'utf8'));
  } catch {
    const bundled =
      file === 'swagger-ui.css'
        ? await import('swagger-ui-dist/swagger-ui.css', { with: { type: 'text' } })
        : await import('swagger-ui-dist/swagger-ui-bundle.js', { with: { type: 'text' } });
    return withoutSourceMap(bundled.default);
  }
}

const once = <T>(load: () => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
};

const document = once(async () => JSON.stringify((await import('../../docs/openapi.json', { with: { type: 'json' } })).default));

const page = once(
  async () => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>District SIS API reference</title>
    <style>
${await uiAsset('swagger-ui.css')}
      body { margin: 0; }
    </style>
  </head>
  <body>
    <div id="reference"></div>
    <script src="docs/ui.js"></script>
    <script>
      window.ui = SwaggerUIBundle({
        url: 'openapi.json',
        dom_id: '#reference',
        deepLinking: true,
        docExpansion: 'list',
        defaultModelsExpandDepth: 0,
        displayOperationId: false,
        tryItOutEnabled: false,
        validatorUrl: null,
        presets: [SwaggerUIBundle.presets.apis],
        layout: 'BaseLayout',
      });
    </script>
  </body>
</html>
`,
);
const script = once(() => uiAsset('swagger-ui-bundle.js'));

/**
 * The page at `/docs/`: API Gateway routes a path with a trailing slash as the path without it, but the browser
 * resolves the page's relative URLs (kept relative so that a stage's prefix needs no change) from `/docs/`: a base of
 * `../` puts them back where `/docs` finds them.
 */
const pageBelowSlash = once(async () => (await page()).replace('<head>', '<head>\n    <base href="../" />'));

/** `/`: where a browser lands first; relative links, as the reference page's, so a stage's prefix needs no change. */
const LANDING = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>District SIS API</title>
    <meta http-equiv="refresh" content="0; url=docs" />
  </head>
  <body>
    <h1>District SIS API</h1>
    <ul>
      <li><a href="docs">The API reference</a> (every route, with "Try it out")</li>
      <li><a href="openapi.json">The OpenAPI document</a></li>
      <li><a href="health">Health</a></li>
    </ul>
    <p>On a local system, <code>npm run -s token -- --help</code> says how to make a token for each kind of caller.</p>
  </body>
</html>
`;

/** An HTML page, never cached (it changes with each deployment's document). */
const htmlPage = (body: string) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
  body,
});

/** GET /, GET /openapi.json, GET /docs and GET /docs/ui.js: the `docs` function. */
export const DOCS_ROUTES = served('docs', [
  route({
    method: 'GET',
    path: '/',
    access: null,
    operationId: 'landingPage',
    summary: 'Where a browser lands: on to the API reference',
    contract: (c) => ({ answers: { 200: c.text('text/html', 'A page that goes on to the reference (/docs)') } }),
    run: async () => htmlPage(LANDING),
  }),
  route({
    method: 'GET',
    path: '/openapi.json',
    access: null,
    operationId: 'openApiDocument',
    summary: 'The OpenAPI 3.1 document of this API',
    contract: (c) => ({ answers: { 200: c.json(c.OpenApiDocumentSchema, 'This document') } }),
    run: async () => ({ statusCode: 200, headers: { 'cache-control': 'no-cache' }, body: await document() }),
  }),
  route({
    method: 'GET',
    path: '/docs',
    access: null,
    operationId: 'referencePage',
    summary: 'The API reference page, rendered from the OpenAPI document',
    contract: (c) => ({ answers: { 200: c.text('text/html', 'The reference page') } }),
    run: async (request) => htmlPage(request.path.endsWith('/') ? await pageBelowSlash() : await page()),
  }),
  route({
    method: 'GET',
    path: '/docs/ui.js',
    access: null,
    operationId: 'referencePageScript',
    summary: "The reference page's script (Swagger UI)",
    contract: (c) => ({ answers: { 200: c.text('text/javascript', "The reference page's script") } }),
    run: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' },
      body: await script(),
    }),
  }),
]);
