import fc from 'fast-check';
import * as z from 'zod';
import { CONTRACT, pathParams } from '../../functions/contract';
import { ROUTES, isScopeAccess, routeKey, type RouteSpec } from '../../functions/manifest';
import { schemaArbitrary, type Json, type SchemaContext } from './schema-arbitrary';

/**
 * Requests for every route of the manifest: near-valid ones built from the route's contract
 * (its zod schemas, rendered to JSON Schema), then mutated field by field in type, size, format
 * and presence, with unknown fields, deep nesting and very large bodies; and raw attacks on the
 * transport: invalid JSON and UTF-8, wrong content types, forged cursors, huge limits, very
 * long paths and headers, and callers of every role.
 */
export type Caller =
  | 'districtAdmin'
  | 'schoolAdmin'
  | 'otherSchoolAdmin'
  | 'teacher'
  | 'counselor'
  | 'parent'
  | 'anonymous'
  | 'forged'
  /** Another system with a client-credentials token holding every OneRoster scope. */
  | 'rosterClient';

export interface FuzzRequest {
  readonly route: RouteSpec;
  readonly method: string;
  /** The path with its query string, encoded. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly caller: Caller;
  /** What was done to the request, for reading a counterexample. */
  readonly mutation: string;
}

/** Values that exist in the seeded district, by field or parameter name. */
export type Known = Readonly<Record<string, readonly string[]>>;

const jsonSchemaOf = (schema: z.ZodType | undefined): { root: unknown; defs: Record<string, { [key: string]: unknown }> } => {
  if (!schema) return { root: undefined, defs: {} };
  const rendered = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as {
    $defs?: Record<string, never>;
  };
  return { root: rendered, defs: rendered.$defs ?? {} };
};

// ── values that break things ───────────────────────────────────────────────────

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Replacement values for a field: wrong types, wrong sizes, wrong formats. */
const hostile: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    '',
    ' ',
    '\u0000',
    'null',
    '💥🏫',
    '2026-02-30',
    '1970-01-01',
    '9999-12-31',
    '../../etc/passwd',
    "'; DROP TABLE",
    '<script>x</script>',
    [],
    {},
    [null],
    { $ne: 1 },
    { __proto__: { admin: true } } as Json,
    ['a', 'b'],
  ),
  fc.integer({ min: 1, max: 20_000 }).map((size) => 'x'.repeat(size)),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.integer({ min: 500, max: 3000 }).map((size) => Array.from({ length: size }, (_, index) => index)),
);

type Path = (string | number)[];
function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([key, item]) => pathsOf(item, [...prefix, key], out));
  return out;
}

function setAt(value: Json, path: Path, replacement: Json | undefined): Json {
  if (path.length === 0) return replacement === undefined ? null : replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && replacement === undefined) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number] ?? null, rest, replacement);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy = { ...value };
    if (rest.length === 0 && replacement === undefined) delete copy[head as string];
    else copy[head as string] = setAt(copy[head as string] ?? null, rest, replacement);
    return copy;
  }
  return value;
}

type BodyMutation =
  | { kind: 'json'; value: Json; note: string }
  | { kind: 'raw'; text: string | Uint8Array; note: string; contentType?: string };

/** One to three field-level mutations of a near-valid body. */
const mutatedBody = (valid: fc.Arbitrary<Json>): fc.Arbitrary<BodyMutation> =>
  fc
    .tuple(
      valid,
      fc.array(
        fc.tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'unknown', 'nest'), hostile, fc.string({ minLength: 1, maxLength: 20 })),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([start, steps]) => {
      let value = start;
      const notes: string[] = [];
      for (const [pick, op, replacement, field] of steps) {
        const paths = pathsOf(value);
        const path = paths[pick % paths.length]!;
        const where = path.join('.') || '(body)';
        if (op === 'replace') {
          value = setAt(value, path, replacement);
          notes.push(`${where} := ${JSON.stringify(replacement)?.slice(0, 40)}`);
        } else if (op === 'delete') {
          value = setAt(value, path, undefined);
          notes.push(`delete ${where}`);
        } else if (op === 'unknown' && value && typeof value === 'object' && !Array.isArray(value)) {
          value = { ...value, [field]: replacement };
          notes.push(`unknown field ${JSON.stringify(field)}`);
        } else {
          let nested: Json = replacement;
          for (let level = 0; level < 60; level += 1) nested = level % 2 ? [nested] : { a: nested };
          value = setAt(value, path, nested);
          notes.push(`nest 60 levels at ${where}`);
        }
      }
      return { kind: 'json' as const, value, note: notes.join('; ') };
    });

const invalidUtf8 = fc.constantFrom(
  Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Uint8Array.from([0xc3, 0x28]),
  Uint8Array.from([0xed, 0xa0, 0x80]),
);

/** Attacks on the body as bytes. */
const rawBody = (valid: fc.Arbitrary<Json>): fc.Arbitrary<BodyMutation> =>
  fc.oneof(
    fc
      .constantFrom('{"a":', 'nul', '{"a":1}}', '\uFEFF{}', '[]', '"text"', '42', 'null', '{"a":1,"a":2}', '')
      .map((text) => ({ kind: 'raw' as const, text, note: `raw ${JSON.stringify(text)}` })),
    invalidUtf8.map((bytes) => ({ kind: 'raw' as const, text: bytes, note: 'invalid UTF-8' })),
    fc
      .integer({ min: 1000, max: 20_000 })
      .map((depth) => ({ kind: 'raw' as const, text: deepArray(depth), note: `array nested ${depth} deep` })),
    fc
      .integer({ min: 1000, max: 20_000 })
      .map((depth) => ({ kind: 'raw' as const, text: deepObject(depth), note: `object nested ${depth} deep` })),
    fc.integer({ min: 1, max: 12 }).map((megabytes) => ({
      kind: 'raw' as const,
      text: JSON.stringify({ name: 'x'.repeat(megabytes * 1_000_000) }),
      note: `${megabytes} MB body`,
    })),
    fc
      .tuple(
        valid,
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'application/problem+json',
        ),
      )
      .map(([value, contentType]) => ({
        kind: 'raw' as const,
        text: JSON.stringify(value) ?? '',
        contentType,
        note: `content-type ${contentType}`,
      })),
  );

const hostileSegment = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '%00',
      '..',
      '%2F',
      '%2e%2e',
      '%20',
      'null',
      'undefined',
      '0',
      '-1',
      '%F0%9F%92%A5',
      '%E9',
      '%C3%BF',
      '__proto__',
      'constructor',
      '*',
    ),
    weight: 4,
  },
  { arbitrary: fc.integer({ min: 101, max: 2_000 }).map((size) => 'A'.repeat(size)), weight: 2 },
  { arbitrary: fc.integer({ min: 9_000, max: 40_000 }).map((size) => 'A'.repeat(size)), weight: 1 },
  { arbitrary: fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), weight: 2 },
  { arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent), weight: 3 },
);

const cursor = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')),
  fc.constantFrom(
    Buffer.from(JSON.stringify({ pk: 'SCHOOL#x', sk: 'STUDENT#y' })).toString('base64url'),
    Buffer.from(JSON.stringify({ pk: { S: 'x' } })).toString('base64url'),
    '!!!',
    'e30',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 60 }),
);

const limit = fc.constantFrom('0', '-1', '1', '1000', '1e9', '99999999999999999999', 'abc', '1.5', '', ' 5', '0x10', 'NaN', 'Infinity');

const headerValue = fc.oneof(
  fc.constantFrom('', ' ', '*', '"1"', 'W/"1"', '1', '0', '-1', '99999999999', 'null', '\t'),
  fc.integer({ min: 256, max: 12_000 }).map((size) => 'r'.repeat(size)),
  fc.string({ maxLength: 40 }).map((text) => text.replace(/[^\x20-\x7e]/g, '?')),
);

export interface RequestSpace {
  readonly known: Known;
  /** The URL-encoded values of path parameters that exist, by name. */
  readonly pathValues: Known;
}

/** The arbitrary request for one route. */
function routeRequest(route: RouteSpec, space: RequestSpace): fc.Arbitrary<FuzzRequest> {
  const contract = CONTRACT[routeKey(route)];
  const body = jsonSchemaOf(contract?.body);
  const query = jsonSchemaOf(contract?.query);
  const context: SchemaContext = { defs: { ...body.defs, ...query.defs }, known: space.known };
  const validBody = contract?.body ? schemaArbitrary(body.root, context) : fc.constant<Json>({});
  const validQuery = contract?.query ? schemaArbitrary(query.root, context) : fc.constant<Json>({});
  const names = pathParams(route.path);

  const segment = (name: string) => {
    const values = space.pathValues[name] ?? [];
    return values.length > 0
      ? fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 4 }, { arbitrary: hostileSegment, weight: 1 })
      : hostileSegment;
  };
  const params = fc.tuple(...names.map(segment));

  const queryString = fc
    .tuple(
      validQuery,
      fc.option(
        fc.tuple(
          fc.constantFrom('cursor', 'limit', 'from', 'to', 'schoolYear', 'unknown', 'limit[]', '__proto__'),
          fc.oneof(cursor, limit, fc.string({ maxLength: 20 })),
        ),
      ),
      fc.option(cursor),
      fc.option(limit),
    )
    .map(([valid, extra, forgedCursor, hugeLimit]) => {
      const entries: [string, string][] = [];
      if (valid && typeof valid === 'object' && !Array.isArray(valid))
        for (const [key, value] of Object.entries(valid))
          if (value !== null && value !== undefined) entries.push([key, typeof value === 'string' ? value : JSON.stringify(value)]);
      if (extra) entries.push(extra);
      if (forgedCursor !== null) entries.push(['cursor', forgedCursor]);
      if (hugeLimit !== null) entries.push(['limit', hugeLimit]);
      return entries;
    });

  const bodyChoice: fc.Arbitrary<BodyMutation | undefined> =
    route.method === 'GET'
      ? fc.option(rawBody(validBody), { freq: 8, nil: undefined })
      : fc.oneof(
          { arbitrary: validBody.map((value) => ({ kind: 'json' as const, value, note: 'near-valid body' })), weight: 3 },
          { arbitrary: mutatedBody(validBody), weight: 4 },
          { arbitrary: rawBody(validBody), weight: 2 },
          { arbitrary: fc.constant(undefined), weight: 1 },
        );

  const headers = fc.record(
    {
      'if-match': fc.oneof(fc.constantFrom('"1"', '"2"', '"999"'), headerValue),
      'idempotency-key': fc.oneof(fc.uuid(), headerValue, fc.constant('clé')),
      'x-change-reason': fc.oneof(fc.constantFrom('Correction from the office', 'Parent note received'), headerValue),
    },
    { requiredKeys: [] },
  );
  // A scoped route (OneRoster) is mostly called by a client with the scopes; people's tokens are refused.
  const caller = isScopeAccess(route.access)
    ? fc.constantFrom<Caller>('rosterClient', 'rosterClient', 'rosterClient', 'rosterClient', 'districtAdmin', 'anonymous', 'forged')
    : fc.constantFrom<Caller>(
        'districtAdmin',
        'districtAdmin',
        'districtAdmin',
        'districtAdmin',
        'schoolAdmin',
        'otherSchoolAdmin',
        'teacher',
        'counselor',
        'parent',
        'anonymous',
        'forged',
      );

  return fc.tuple(params, queryString, bodyChoice, headers, caller).map(([values, entries, chosen, extraHeaders, who]) => {
    let path = route.path;
    names.forEach((name, index) => (path = path.replace(`{${name}}`, values[index]!)));
    const search = entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
    const requestHeaders: Record<string, string> = { ...(extraHeaders as Record<string, string>) };
    let payload: string | Uint8Array | undefined;
    if (chosen?.kind === 'json') {
      payload = JSON.stringify(chosen.value) ?? 'null';
      requestHeaders['content-type'] = 'application/json';
    } else if (chosen?.kind === 'raw') {
      payload = chosen.text;
      requestHeaders['content-type'] = chosen.contentType ?? 'application/json';
    }
    return {
      route,
      method: route.method,
      url: search ? `${path}?${search}` : path,
      headers: requestHeaders,
      ...(payload === undefined ? {} : { body: payload }),
      caller: who,
      mutation: [chosen?.note ?? 'no body', path.length > 2000 ? `path of ${path.length} characters` : ''].filter(Boolean).join('; '),
    };
  });
}

/** A request for any route of the manifest, every route equally likely. */
export function anyRequest(space: RequestSpace, routes: readonly RouteSpec[] = ROUTES): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...routes.map((route) => routeRequest(route, space)));
}
