/**
 * Writes docs/openapi.json, the OpenAPI 3.1 document of the HTTP API, from the route declarations
 * (functions/routes/, gathered by functions/manifest.ts), the roles domain/policy.ts grants on
 * them, and each route's contract (functions/contract/: the zod schemas the handlers validate
 * with, rendered by zod's own JSON Schema generator, draft 2020-12 as OpenAPI 3.1 uses).
 *
 *   npm run openapi
 *
 * test/unit/contract.test.ts fails when the committed file differs from what this renders.
 * The docs function serves the committed file; this generator is in no Lambda bundle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { CONTRACT, isWrite, pathParams, type Answer, type RouteContract } from '../../functions/contract';
import { SCHEMA_NAMES } from '../../functions/contract/answers';
import { IdempotencyKey } from '../../functions/http/idempotency';
import {
  FUNCTIONS,
  ROUTES,
  isRoleAccess,
  isScopeAccess,
  routeKey,
  routeRoles,
  type HandlerId,
  type RouteSpec,
} from '../../functions/manifest';
import { Reason } from '../../domain/schemas/common';
import { ROLES } from '../../domain/principal';
import { REPO_ROOT } from '../repo-root';
import { DEFAULT_ONEROSTER_VENDORS } from '../stacks/oneroster-vendors';
import { formatted } from './formatted';
import { REQUEST_EXAMPLES } from './openapi-examples';
import { defineTool } from './tool-cli';

export const OPENAPI_PATH = path.join(REPO_ROOT, 'docs', 'openapi.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const PathParam = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/);

/**
 * Renders zod schemas to JSON Schema, two passes (request side as zod's input, answers as its
 * output: defaults make a field optional in one and present in the other). Named schemas
 * (SCHEMA_NAMES) become components; a named schema whose two renderings differ gets an `Input`
 * variant for the request side.
 */
class SchemaRenderer {
  private readonly slots = { input: new Map<string, z.ZodType>(), output: new Map<string, z.ZodType>() };

  /** Registers a schema and returns a placeholder that `resolve` replaces with its JSON Schema. */
  add(io: 'input' | 'output', schema: z.ZodType): Json {
    const slot = `s${this.slots.input.size + this.slots.output.size}`;
    this.slots[io].set(slot, schema);
    return { $slot: slot };
  }

  render(): { slots: Map<string, Json>; components: Record<string, Json> } {
    const passes = (['input', 'output'] as const).map((io) => {
      const wrapper = z.object(Object.fromEntries(this.slots[io]));
      const rendered = z.toJSONSchema(wrapper, {
        metadata: SCHEMA_NAMES,
        target: 'draft-2020-12',
        io,
        unrepresentable: 'any',
      }) as JsonObject;
      return {
        io,
        properties: (rendered.properties ?? {}) as Record<string, Json>,
        defs: (rendered.$defs ?? {}) as Record<string, Json>,
      };
    });
    const [input, output] = passes as [(typeof passes)[0], (typeof passes)[0]];

    // Names whose input rendering differs from the output one (directly, or through a reference).
    const differs = new Set<string>();
    const refsOf = (value: Json): string[] =>
      JSON.stringify(value)
        .match(/#\/\$defs\/[^"]+/g)
        ?.map((ref) => ref.slice(8)) ?? [];
    for (const [name, schema] of Object.entries(input.defs)) {
      if (!(name in output.defs) || JSON.stringify(schema) !== JSON.stringify(output.defs[name])) differs.add(name);
    }
    for (let grew = true; grew;) {
      grew = false;
      for (const [name, schema] of Object.entries(input.defs)) {
        if (!differs.has(name) && refsOf(schema).some((ref) => differs.has(ref) && ref in output.defs)) {
          differs.add(name);
          grew = true;
        }
      }
    }
    const inputName = (name: string) => (differs.has(name) && name in output.defs ? `${name}Input` : name);
    const rewrite = (value: Json, rename: (name: string) => string): Json => {
      if (Array.isArray(value)) return value.map((item) => rewrite(item, rename));
      if (value === null || typeof value !== 'object') return value;
      const result: JsonObject = {};
      for (const [key, item] of Object.entries(value)) {
        if (key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')) {
          result[key] = `#/components/schemas/${rename(item.slice(8))}`;
        } else if ((key === 'maximum' && item === Number.MAX_SAFE_INTEGER) || (key === 'minimum' && item === Number.MIN_SAFE_INTEGER)) {
          continue; // zod's bounds of a safe integer: noise for readers
        } else {
          result[key] = rewrite(item, rename);
        }
      }
      return result;
    };
    const same = (name: string) => name;

    const components: Record<string, Json> = {};
    for (const [name, schema] of Object.entries(output.defs)) components[name] = rewrite(schema, same);
    for (const [name, schema] of Object.entries(input.defs)) components[inputName(name)] ??= rewrite(schema, inputName);
    const slots = new Map<string, Json>();
    for (const [slot, schema] of Object.entries(output.properties)) slots.set(slot, rewrite(schema, same));
    for (const [slot, schema] of Object.entries(input.properties)) slots.set(slot, rewrite(schema, inputName));
    const sorted = Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
    return { slots, components: sorted };
  }
}

/** Replaces every `{ $slot }` placeholder with its rendered schema. */
function fill(value: Json, slots: Map<string, Json>): Json {
  if (Array.isArray(value)) return value.map((item) => fill(item, slots));
  if (value === null || typeof value !== 'object') return value;
  if (typeof value.$slot === 'string') {
    const rendered = slots.get(value.$slot);
    if (rendered === undefined) throw new Error(`unrendered schema ${value.$slot}`);
    return rendered;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, slots)]));
}

function rolesText(route: RouteSpec): string {
  const roles = routeRoles(route);
  if (roles === 'public') return 'Public: no token needed.';
  if (isScopeAccess(route.access)) {
    return (
      `OAuth 2 client credentials: an access token with one of the scopes ${route.access.scopes.map((scope) => `\`${scope}\``).join(', ')}. ` +
      'Refusals are OneRoster imsx_StatusInfo objects, not problem+json.'
    );
  }
  const who = roles.length === ROLES.length ? `all roles (${roles.join(', ')})` : roles.join(', ');
  const policy = isRoleAccess(route.access) ? ` Policy: \`${route.access.resource}:${route.access.action}\`.` : '';
  return `Roles: ${who}.${policy} Whether a call succeeds for a given record depends on the relationship rules of the access policy.`;
}

function responseOf(answer: Answer, renderer: SchemaRenderer, write: boolean, success: boolean): Json {
  if (answer.component) return { $ref: `#/components/responses/${answer.component}` };
  const headers: JsonObject = {};
  for (const [name, description] of Object.entries(answer.headers ?? {})) headers[name] = { description, schema: { type: 'string' } };
  if (write && success) {
    headers['Idempotent-Replayed'] = {
      description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
      schema: { type: 'string', enum: ['true'] },
    };
  }
  const content: JsonObject | undefined = answer.contentType
    ? { [answer.contentType]: answer.schema ? { schema: renderer.add('output', answer.schema) } : { schema: { type: 'string' } } }
    : undefined;
  return {
    description: answer.description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(content ? { content } : {}),
  };
}

/** Query or path parameters from a zod object: one parameter per field. */
function parametersOf(where: 'path' | 'query', schema: z.ZodObject, renderer: SchemaRenderer): Json[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const optional = field.safeParse(undefined).success;
    const description = (field.meta() as { description?: string } | undefined)?.description;
    return {
      name,
      in: where,
      required: where === 'path' || !optional,
      ...(description ? { description } : {}),
      schema: renderer.add('input', field),
    };
  });
}

function operationOf(route: RouteSpec, contract: RouteContract, renderer: SchemaRenderer): JsonObject {
  const authenticated = route.access !== null;
  const write = authenticated && isWrite(route);
  const parameters: Json[] = [];
  const params = contract.params ?? z.object(Object.fromEntries(pathParams(route.path).map((name) => [name, PathParam])));
  parameters.push(...parametersOf('path', params, renderer));
  if (contract.query) parameters.push(...parametersOf('query', contract.query, renderer));
  if (contract.ifMatch) {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: contract.ifMatch === 'required',
      description: 'The ETag of the version you read, e.g. `"3"`; a stale one is answered 412.',
      schema: { type: 'string' },
    });
  }
  if (write) {
    parameters.push(
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes the write safe to retry: the same key and request get the first answer back for 24 hours.',
        schema: renderer.add('input', IdempotencyKey),
      },
      {
        name: 'X-Change-Reason',
        in: 'header',
        required: false,
        description: "Why the change is made; kept in the record's history and the event.",
        schema: renderer.add('input', Reason),
      },
    );
  }
  const responses: JsonObject = {};
  for (const [status, answer] of Object.entries(contract.responses).sort(([a], [b]) => Number(a) - Number(b))) {
    responses[status] = responseOf(answer, renderer, write, Number(status) < 300);
  }
  const bodyTypes = route.method === 'PATCH' ? ['application/merge-patch+json', 'application/json'] : ['application/json'];
  const body = contract.body ? renderer.add('input', contract.body) : undefined;
  return {
    operationId: route.operationId,
    tags: [route.handler],
    summary: route.summary,
    description: rolesText(route),
    'x-roles': routeRoles(route) as Json,
    ...(isRoleAccess(route.access) ? { 'x-policy': { resource: route.access.resource, action: route.access.action } } : {}),
    ...(isScopeAccess(route.access) ? { 'x-scopes': [...route.access.scopes] } : {}),
    // A OneRoster route takes a client's access token, with one of its scopes; every other route a person's ID token.
    ...(!authenticated ? { security: [] } : isScopeAccess(route.access) ? { security: [{ oneroster: [...route.access.scopes] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: contract.bodyRequired ?? true,
            content: Object.fromEntries(bodyTypes.map((type) => [type, { schema: body, ...exampleOf(route) }])),
          },
        }
      : {}),
    responses,
  };
}

/** The route's example request body (openapi-examples.ts), as the media type's `example`. */
function exampleOf(route: RouteSpec): { example?: Json } {
  const example = REQUEST_EXAMPLES[routeKey(route)];
  return example === undefined ? {} : { example: example as Json };
}

function version(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The OpenAPI document as an object. Pure: reads only the manifest, the policy and the contract. */
export function buildOpenApi(): JsonObject {
  const renderer = new SchemaRenderer();
  const paths: Record<string, JsonObject> = {};
  for (const route of ROUTES) {
    const contract = CONTRACT[routeKey(route)];
    if (!contract) throw new Error(`${routeKey(route)} has no contract`);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route, contract, renderer);
  }

  const problems: Record<string, Answer> = {};
  for (const contract of Object.values(CONTRACT)) {
    for (const answer of Object.values(contract.responses)) if (answer.component) problems[answer.component] = answer;
  }
  const responses: JsonObject = {};
  for (const [name, answer] of Object.entries(problems).sort(([a], [b]) => a.localeCompare(b))) {
    responses[name] = responseOf({ ...answer, component: undefined }, renderer, false, false);
  }

  const tags: HandlerId[] = [];
  for (const route of ROUTES) if (!tags.includes(route.handler)) tags.push(route.handler);

  const { slots, components } = renderer.render();
  const document: JsonObject = {
    openapi: '3.1.0',
    info: {
      title: 'District SIS API',
      version: version(),
      description:
        'The student information system of a school district: schools and their calendars, students, guardians, staff and ' +
        'enrollment. Generated by `npm run openapi` from functions/manifest.ts, domain/policy.ts and functions/contract/; ' +
        'do not edit. Conventions (errors, pagination, idempotency, If-Match): docs/api-conventions.md. Each operation ' +
        'lists the roles that may call it (`x-roles`, and in its description); the access policy decides per record.',
    },
    servers: [{ url: '/', description: 'The API that serves this document' }],
    tags: tags.map((name) => ({ name, description: FUNCTIONS[name].description })),
    security: [{ cognito: [] }],
    paths,
    components: {
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: [
            "A person's Cognito ID token, checked by the API Gateway JWT authorizer. Roles come from `cognito:groups`; " +
              '`custom:schoolIds`, `custom:regionIds` (every school of those regions), `custom:staffId` and `custom:guardianId` ' +
              "tie the caller to records. In AWS the district's apps sign staff and parents in and send it.",
            '',
            '**On this machine** (`npm start`), print one in a second terminal and paste it here (it is signed with the running ' +
              "system's key; add `--hours <n>` for longer than 12 hours):",
            '',
            '- district administrator: `npm run -s token -- --role district_admin`',
            '- school office: `npm run -s token -- --role school_admin --school <schoolId>`',
            '- teacher, counselor or nurse: `npm run -s token -- --role teacher --school <schoolId> --staff-id <staffId>` ' +
              '(or `--role counselor`, `--role nurse`)',
            '- parent: `npm run -s token -- --role parent --guardian-id <guardianId>` (the family routes under `/v1/me`)',
            '',
            "Ids come from the API itself: `GET /v1/schools`, `GET /v1/schools/{schoolId}/staff`, a student's guardians. " +
              'OneRoster routes take the other scheme, `oneroster`.',
          ].join('\n'),
        },
        oneroster: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: [
            "A OneRoster vendor's access token (OAuth 2.0 client credentials), for the `/ims/oneroster/` routes; each " +
              'operation lists the scopes that open it (`x-scopes`). In AWS each vendor has its own app client with the ' +
              "scopes the district granted it, and posts the client id and secret of its Secrets Manager secret to the user pool's " +
              '`/oauth2/token` (docs/oneroster.md).',
            '',
            "**On this machine**: `npm run -s token -- --oneroster library` (a vendor's token, with exactly its scopes: " +
              `${DEFAULT_ONEROSTER_VENDORS.map((vendor) => `\`${vendor.name}\``).join(', ')}), or ` +
              '`npm run -s token -- --client lms --scope roster-core.readonly` for any ' +
              'scopes (repeat `--scope`: `roster.readonly`, `gradebook.readonly`, `gradebook.createput`, `gradebook.delete`).',
          ].join('\n'),
        },
      },
      responses,
      schemas: components,
    },
  };
  return fill(document, slots) as JsonObject;
}

/** The file as committed: the document, formatted with the repository's settings. */
export function formatOpenApi(document: JsonObject = buildOpenApi()): string {
  return formatted(OPENAPI_PATH, JSON.stringify(document));
}

async function main(): Promise<void> {
  writeFileSync(OPENAPI_PATH, formatOpenApi());
  process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_PATH)} (${ROUTES.length} routes)\n`);
}

if (require.main === module) {
  defineTool({
    script: 'openapi',
    summary:
      "Writes docs/openapi.json, the OpenAPI 3.1 document, from the manifest, the access policy and the routes' contracts. A unit test fails while the committed copy is stale.",
    options: {},
    examples: ['npm run openapi'],
  }).parse();
  main().catch((error: Error) => {
    process.stderr.write(`openapi failed: ${error.message}\n`);
    process.exit(1);
  });
}
