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

/** GET /openapi.json, GET /docs and GET /docs/ui.js: the `docs` function. */
export const DOCS_ROUTES = served('docs', [
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
    run: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
      body: await page(),
    }),
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
