/**
 * EventBridge event-pattern matching, for the local bus and for Lambda event filtering
 * (DynamoDB stream filter criteria use the same syntax).
 *
 * Supported, as documented for EventBridge: exact values (strings, numbers, booleans, null),
 * OR within a field's value list, AND across fields, nested objects, arrays in the event (a field
 * matches when any element matches), `prefix`, `anything-but` (a value, a list of values, or
 * `{ prefix }`) and `exists`. Anything else throws, so a pattern that would behave differently
 * in AWS fails loudly here instead of silently matching nothing.
 */
import type { EventPattern } from '../../functions/manifest';

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern as Record<string, unknown>, event);
}

/** Throws when the pattern uses syntax this matcher does not implement. */
export function assertSupportedPattern(pattern: EventPattern): void {
  for (const [field, rule] of Object.entries(pattern as Record<string, unknown>)) {
    if (Array.isArray(rule)) rule.forEach((value) => compileCheck(field, value));
    else if (isPlainObject(rule)) assertSupportedPattern(rule as EventPattern);
    else throw new Error(`event pattern field "${field}" must be an array of values or a nested pattern`);
  }
}

function matchObject(pattern: Record<string, unknown>, value: unknown): boolean {
  // An array of objects in the event matches when any element matches the nested pattern.
  if (Array.isArray(value)) {
    return value.length === 0 ? matchObject(pattern, undefined) : value.some((element) => matchObject(pattern, element));
  }
  const object = isPlainObject(value) ? value : undefined;
  for (const [field, rule] of Object.entries(pattern)) {
    const fieldValue = object?.[field];
    if (Array.isArray(rule)) {
      if (!matchLeaf(field, rule, fieldValue)) return false;
    } else if (isPlainObject(rule)) {
      if (!matchObject(rule, fieldValue)) return false;
    } else {
      throw new Error(`event pattern field "${field}" must be an array of values or a nested pattern`);
    }
  }
  return true;
}

/** A leaf matches when any of the pattern's values matches the event value (or any element of it). */
function matchLeaf(field: string, rules: readonly unknown[], value: unknown): boolean {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return rules.some((rule) => {
    if (isPlainObject(rule) && 'exists' in rule) {
      const present = values.some((element) => !isPlainObject(element));
      return rule.exists === present;
    }
    return values.some((element) => matchValue(field, rule, element));
  });
}

function matchValue(field: string, rule: unknown, value: unknown): boolean {
  if (isPlainObject(value)) return false; // operators and values only apply to leaf nodes
  if (!isPlainObject(rule)) {
    compileCheck(field, rule);
    return rule === value;
  }
  if ('prefix' in rule) {
    if (typeof rule.prefix !== 'string') throw new Error(`event pattern field "${field}": prefix must be a string`);
    return typeof value === 'string' && value.startsWith(rule.prefix);
  }
  if ('anything-but' in rule) {
    const excluded = rule['anything-but'];
    if (isPlainObject(excluded)) {
      if (typeof excluded.prefix !== 'string' || Object.keys(excluded).length !== 1) {
        throw new Error(`event pattern field "${field}": anything-but supports a value, a list of values or { prefix }`);
      }
      return typeof value === 'string' && !value.startsWith(excluded.prefix);
    }
    const list = Array.isArray(excluded) ? excluded : [excluded];
    list.forEach((item) => compileCheck(field, item));
    return !list.includes(value);
  }
  throw new Error(`event pattern field "${field}": unsupported operator ${JSON.stringify(rule)}`);
}

function compileCheck(field: string, value: unknown): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'prefix' || keys[0] === 'anything-but' || keys[0] === 'exists')) return;
  }
  throw new Error(`event pattern field "${field}": unsupported value ${JSON.stringify(value)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
