import fc from 'fast-check';

/**
 * Values that a JSON Schema (draft 2020-12, as zod 4 renders the contract's schemas) accepts, or
 * nearly: fast-check arbitraries built from the schema, so the fuzzer reaches past the first
 * validation error into the routes' own checks. `known` supplies real values for fields and
 * parameters by name (a seeded school's id for `schoolId`, say), used most of the time.
 *
 * Hand-written (decision 0065): the maintained schema-to-arbitrary libraries read zod 3, and
 * the contract is zod 4 rendered to JSON Schema by zod itself.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: unknown };

export interface SchemaContext {
  readonly defs: Record<string, Schema>;
  readonly known: Readonly<Record<string, readonly string[]>>;
}

const MAX_DEPTH = 6;
const isoDate = fc
  .integer({ min: 0, max: 500 })
  .map((days) => new Date(Date.UTC(2026, 6, 1) + days * 86_400_000).toISOString().slice(0, 10));

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const format = schema.format as string | undefined;
  if (format === 'date') return isoDate;
  if (format === 'date-time') return isoDate.map((date) => `${date}T08:00:00.000Z`);
  if (format === 'email') return fc.emailAddress();
  if (format === 'uuid') return fc.uuid();
  if (format === 'uri' || format === 'url') return fc.webUrl();
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // a pattern fast-check cannot walk: plain strings below
    }
  }
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? minLength + 24, minLength + 24);
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = schema.exclusiveMinimum as number | undefined;
  const exclusiveMax = schema.exclusiveMaximum as number | undefined;
  let min = (schema.minimum as number | undefined) ?? (exclusiveMin !== undefined ? exclusiveMin + (integer ? 1 : 0.01) : -1000);
  let max = (schema.maximum as number | undefined) ?? (exclusiveMax !== undefined ? exclusiveMax - (integer ? 1 : 0.01) : 1000);
  min = Math.max(min, -1e6);
  max = Math.min(max, 1e6);
  if (max < min) max = min;
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((value) => Math.round(value * 100) / 100);
}

/** An arbitrary for the values the schema describes (bounded: at most a few items per array, depth 6). */
export function schemaArbitrary(schema: unknown, context: SchemaContext, depth = 0, name?: string): fc.Arbitrary<Json> {
  if (schema === true || schema === undefined || schema === null || typeof schema !== 'object')
    return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  const node = schema as Schema;
  const knownValues = name === undefined ? undefined : context.known[name];
  const base = (): fc.Arbitrary<Json> => {
    if (typeof node.$ref === 'string') {
      const target = context.defs[node.$ref.replace(/^#\/(\$defs|definitions)\//, '')];
      return depth > MAX_DEPTH ? fc.constant(null) : schemaArbitrary(target, context, depth + 1, name);
    }
    if ('const' in node) return fc.constant(node.const as Json);
    if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as Json[]));
    const branches = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
    if (Array.isArray(branches) && branches.length > 0)
      return fc.oneof(...branches.map((branch) => schemaArbitrary(branch, context, depth + 1, name)));
    if (Array.isArray(node.allOf) && node.allOf.length > 0) return schemaArbitrary(node.allOf[0], context, depth + 1, name);
    const type = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string | undefined];
    const arbitraries = type.map((one): fc.Arbitrary<Json> => {
      switch (one) {
        case 'string':
          return stringArbitrary(node);
        case 'integer':
          return numberArbitrary(node, true);
        case 'number':
          return numberArbitrary(node, false);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array': {
          if (depth > MAX_DEPTH) return fc.constant([]);
          const minLength = (node.minItems as number | undefined) ?? 0;
          const maxLength = Math.max(minLength, Math.min((node.maxItems as number | undefined) ?? 4, 4));
          if (Array.isArray(node.prefixItems))
            return fc.tuple(
              ...(node.prefixItems as unknown[]).map((item) => schemaArbitrary(item, context, depth + 1)),
            ) as fc.Arbitrary<Json>;
          return fc.array(schemaArbitrary(node.items, context, depth + 1, name), { minLength, maxLength });
        }
        case 'object':
        case undefined: {
          const properties = (node.properties ?? {}) as Record<string, unknown>;
          if (one === undefined && Object.keys(properties).length === 0) return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
          const required = new Set((node.required ?? []) as string[]);
          const fields = Object.fromEntries(
            Object.entries(properties).map(([key, value]) => [
              key,
              depth > MAX_DEPTH ? fc.constant(null) : schemaArbitrary(value, context, depth + 1, key),
            ]),
          );
          const record = fc.record(fields, { requiredKeys: Object.keys(fields).filter((key) => required.has(key)) }) as fc.Arbitrary<{
            [key: string]: Json;
          }>;
          const extra = node.additionalProperties;
          if (extra && typeof extra === 'object' && Object.keys(fields).length === 0 && depth <= MAX_DEPTH) {
            const keys = (node.propertyNames as Schema | undefined) ?? { type: 'string', maxLength: 12 };
            return fc.dictionary(stringArbitrary(keys), schemaArbitrary(extra, context, depth + 1), { maxKeys: 3 });
          }
          return record;
        }
        default:
          return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
      }
    });
    return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
  };
  const generated = base();
  return knownValues && knownValues.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...knownValues), weight: 3 }, { arbitrary: generated, weight: 1 })
    : generated;
}
