import { canonicalJson } from '../validation';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What `data` holds beyond `derived` (what the standard columns already say): keys whose values
 * differ or that the columns lack. `merge(residual(data, derived), derived)` gives `data` back,
 * which is what makes an export import into the same records. Arrays are kept whole when they differ.
 */
export function residual(data: Json, derived: Json): Json {
  const rest: Json = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const other = derived[key];
    if (isObject(value) && isObject(other)) {
      const inner = residual(value, other);
      if (Object.keys(inner).length > 0) rest[key] = inner;
      // A key the columns derive but data lacks cannot be said by a residual: keep the whole object.
      if (Object.keys(other).some((name) => other[name] !== undefined && value[name] === undefined)) rest[key] = value;
    } else if (canonicalJson(value) !== canonicalJson(other)) {
      rest[key] = value;
    }
  }
  return rest;
}

/** `base` with `over` laid on top, objects merged key by key, arrays and scalars replaced. */
export function merge(base: Json, over: Json): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = isObject(value) && isObject(current) ? merge(current, value) : value;
  }
  return result;
}

/** Drops undefined values and empty strings, so optional columns left blank are absent. */
export function compact<T extends Json>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined && item !== '')) as T;
}

/** A JSON merge patch (RFC 7396) that turns `before` into `after` exactly (removed keys become null). */
export function patchFrom(before: Json, after: Json): Json {
  const patch: Json = {};
  for (const key of Object.keys(before)) if (after[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (canonicalJson(old) === canonicalJson(value)) continue;
    patch[key] = isObject(old) && isObject(value) ? patchFrom(old, value) : value;
  }
  return patch;
}
