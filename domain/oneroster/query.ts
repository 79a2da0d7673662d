/**
 * The OneRoster 1.2 REST query parameters (limit, offset, sort, orderBy, fields, filter), parsed
 * and applied to a collection of OneRoster objects. Pure: the use cases load a bounded set of
 * objects and hand it here (docs/oneroster.md, "## REST").
 */

/** The comparison operators of the 1.2 binding, longest first so that `>=` is not read as `>`. */
export const FILTER_OPERATORS = ['>=', '<=', '!=', '=', '>', '<', '~'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface Predicate {
  /** A field name, or a dotted path into a nested object (`school.sourcedId`). */
  readonly field: string;
  readonly operator: FilterOperator;
  readonly value: string;
}

/** A filter: one predicate, or several joined by one logical operator (the spec allows one kind per filter). */
export interface Filter {
  readonly logical: 'AND' | 'OR';
  readonly predicates: readonly Predicate[];
}

/** Why a query was refused, with the imsx_CodeMinor the binding gives it. */
export class QueryError extends Error {
  constructor(
    readonly codeMinor: 'invalid_filter_field' | 'invalid_selection_field' | 'invalid_sort_field' | 'invalid_query_parameter',
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
/** At most this many predicates in one filter: each is applied to every object of the collection. */
export const MAX_PREDICATES = 10;

/**
 * Parses `familyName='Smith' AND grades~'09'`. Values are single-quoted (a quote inside is
 * doubled: `'O''Brien'`); `AND` and `OR` are surrounded by spaces and may not be mixed.
 */
export function parseFilter(text: string): Filter {
  const predicates: Predicate[] = [];
  const logicals = new Set<'AND' | 'OR'>();
  let rest = text.trim();
  if (rest === '') throw new QueryError('invalid_filter_field', 'The filter is empty.');
  for (;;) {
    const operatorAt = rest.search(/[<>=!~]/);
    if (operatorAt <= 0) throw new QueryError('invalid_filter_field', `Expected "field<operator>'value'" at "${rest.slice(0, 40)}".`);
    const field = rest.slice(0, operatorAt).trim();
    if (!FIELD.test(field)) throw new QueryError('invalid_filter_field', `"${field.slice(0, 40)}" is not a field name.`);
    const afterField = rest.slice(operatorAt);
    const operator = FILTER_OPERATORS.find((candidate) => afterField.startsWith(candidate));
    if (!operator) throw new QueryError('invalid_filter_field', `Unknown operator at "${afterField.slice(0, 10)}".`);
    let cursor = afterField.slice(operator.length).trimStart();
    if (!cursor.startsWith("'")) throw new QueryError('invalid_filter_field', `The value of ${field} must be in single quotes.`);
    let value = '';
    let index = 1;
    for (;;) {
      const quote = cursor.indexOf("'", index);
      if (quote < 0) throw new QueryError('invalid_filter_field', `The value of ${field} has no closing quote.`);
      value += cursor.slice(index, quote);
      if (cursor[quote + 1] === "'") {
        value += "'";
        index = quote + 2;
        continue;
      }
      cursor = cursor.slice(quote + 1);
      break;
    }
    predicates.push({ field, operator, value });
    if (predicates.length > MAX_PREDICATES)
      throw new QueryError('invalid_filter_field', `A filter has at most ${MAX_PREDICATES} predicates.`);
    if (cursor.trim() === '') break;
    const joined = /^\s+(AND|OR)\s+/.exec(cursor);
    if (!joined) throw new QueryError('invalid_filter_field', `Expected AND or OR at "${cursor.trim().slice(0, 20)}".`);
    logicals.add(joined[1] as 'AND' | 'OR');
    if (logicals.size > 1) throw new QueryError('invalid_filter_field', 'A filter joins its predicates with AND or with OR, not both.');
    rest = cursor.slice(joined[0].length);
  }
  return { logical: logicals.has('OR') ? 'OR' : 'AND', predicates };
}

/** The value at a dotted path; undefined when a step is missing. */
export function valueAt(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Scalars compare as text, numbers as numbers when both sides are numbers (scores, weights). */
function compare(actual: unknown, operator: FilterOperator, expected: string): boolean {
  if (actual === undefined || actual === null) return operator === '!=' ? true : false;
  if (Array.isArray(actual)) {
    // A list field matches when one of its members does; `!=` when none equals.
    if (operator === '!=') return !actual.some((member) => compare(member, '=', expected));
    return actual.some((member) => compare(member, operator, expected));
  }
  if (typeof actual === 'object') {
    // A GUIDRef compares by its sourcedId (`school='abc'`).
    return compare((actual as Record<string, unknown>).sourcedId, operator, expected);
  }
  const text = String(actual);
  if (operator === '~') return text.toLowerCase().includes(expected.toLowerCase());
  const numeric = typeof actual === 'number' && expected.trim() !== '' && Number.isFinite(Number(expected));
  const order = numeric ? Math.sign(actual - Number(expected)) : text < expected ? -1 : text > expected ? 1 : 0;
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}

export function matches(object: unknown, filter: Filter): boolean {
  const test = (predicate: Predicate) => compare(valueAt(object, predicate.field), predicate.operator, predicate.value);
  return filter.logical === 'AND' ? filter.predicates.every(test) : filter.predicates.some(test);
}

/** The raw query string parameters the binding defines. */
export interface RawQuery {
  readonly limit?: string;
  readonly offset?: string;
  readonly sort?: string;
  readonly orderBy?: string;
  readonly fields?: string;
  readonly filter?: string;
}

export interface CollectionQuery {
  readonly limit: number;
  readonly offset: number;
  readonly sort?: string;
  readonly orderBy: 'asc' | 'desc';
  readonly fields?: readonly string[];
  readonly filter?: Filter;
}

export const DEFAULT_LIMIT = 100;
/** The largest page served (the spec leaves the maximum to the provider). */
export const MAX_LIMIT = 1000;

/**
 * A whole number parameter. Above `cap` it is capped, not refused: the REST binding (1.2, §3.4
 * "Pagination") has the provider answer a larger `limit` with as many as it serves.
 */
function integer(name: string, text: string | undefined, fallback: number, min: number, cap: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,15}$/.test(text.trim())) throw new QueryError('invalid_query_parameter', `${name} must be a whole number.`);
  const value = Number(text.trim());
  if (value < min) throw new QueryError('invalid_query_parameter', `${name} must be at least ${min}.`);
  return Math.min(value, cap);
}

/** The `fields` of a query, each a field the objects have (invalid_selection_field otherwise). */
export function parseFields(text: string, known: readonly string[]): string[] {
  const knownSet = new Set(known);
  const fields = [
    ...new Set(
      text
        .split(',')
        .map((field) => field.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = fields.filter((field) => !knownSet.has(field));
  if (fields.length === 0 || unknown.length > 0) {
    throw new QueryError(
      'invalid_selection_field',
      fields.length === 0 ? 'fields names no field.' : `These objects have no field ${unknown.slice(0, 5).join(', ').slice(0, 200)}.`,
    );
  }
  return fields;
}

/**
 * Checks the query against the fields the collection's objects have (`known`: top-level names;
 * filters and sorts may also name a path below one of them).
 */
export function parseCollectionQuery(raw: RawQuery, known: readonly string[]): CollectionQuery {
  const knownSet = new Set(known);
  const isKnown = (path: string) => FIELD.test(path) && knownSet.has(path.split('.')[0]!);
  const limit = integer('limit', raw.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
  const offset = integer('offset', raw.offset, 0, 0, 100_000_000);
  const orderBy = (raw.orderBy ?? 'asc').trim().toLowerCase();
  if (orderBy !== 'asc' && orderBy !== 'desc') throw new QueryError('invalid_query_parameter', 'orderBy must be asc or desc.');
  let sort: string | undefined;
  if (raw.sort !== undefined) {
    sort = raw.sort.trim();
    if (!isKnown(sort)) throw new QueryError('invalid_sort_field', `These objects have no field "${sort.slice(0, 60)}" to sort by.`);
  }
  const fields = raw.fields === undefined ? undefined : parseFields(raw.fields, known);
  let filter: Filter | undefined;
  if (raw.filter !== undefined) {
    filter = parseFilter(raw.filter);
    const unknown = filter.predicates.find((predicate) => !isKnown(predicate.field));
    if (unknown) throw new QueryError('invalid_filter_field', `These objects have no field "${unknown.field}" to filter on.`);
  }
  return { limit, offset, orderBy, ...(sort ? { sort } : {}), ...(fields ? { fields } : {}), ...(filter ? { filter } : {}) };
}

const sortValue = (value: unknown): string | number => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && !Array.isArray(value)) return String((value as Record<string, unknown>).sourcedId ?? '');
  return String(value);
};

export interface CollectionPage<T> {
  readonly items: T[];
  /** Objects matching the filter, before paging (X-Total-Count). */
  readonly total: number;
}

/** Filter, sort (stable: ties keep the collection's order, which is by sourcedId), page, project. */
export function applyQuery<T extends Record<string, unknown>>(objects: readonly T[], query: CollectionQuery): CollectionPage<Partial<T>> {
  const filtered = query.filter ? objects.filter((object) => matches(object, query.filter!)) : [...objects];
  if (query.sort) {
    const direction = query.orderBy === 'desc' ? -1 : 1;
    const keyed = filtered.map((object, index) => ({ object, index, key: sortValue(valueAt(object, query.sort!)) }));
    keyed.sort((a, b) => {
      if (a.key === b.key) return a.index - b.index;
      if (typeof a.key === 'number' && typeof b.key === 'number') return (a.key - b.key) * direction;
      return (String(a.key) < String(b.key) ? -1 : 1) * direction;
    });
    filtered.splice(0, filtered.length, ...keyed.map((entry) => entry.object));
  } else if (query.orderBy === 'desc') {
    filtered.reverse();
  }
  const page = filtered.slice(query.offset, query.offset + query.limit);
  const items = query.fields ? page.map((object) => project(object, query.fields!)) : page;
  return { items, total: filtered.length };
}

export function project<T extends Record<string, unknown>>(object: T, fields: readonly string[]): Partial<T> {
  const result: Partial<T> = {};
  for (const field of fields) if (field in object) (result as Record<string, unknown>)[field] = object[field];
  return result;
}

/** RFC 8288 links for offset paging, as the binding describes them (first, prev, next, last). */
export function pagingLinks(baseUrl: string, params: Readonly<Record<string, string>>, query: CollectionQuery, total: number): string {
  const link = (offset: number, rel: string) => {
    const search = new URLSearchParams({ ...params, limit: String(query.limit), offset: String(offset) });
    return `<${baseUrl}?${search.toString()}>; rel="${rel}"`;
  };
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / query.limit) * query.limit;
  const links = [link(0, 'first')];
  if (query.offset > 0) links.push(link(Math.max(0, query.offset - query.limit), 'prev'));
  if (query.offset + query.limit < total) links.push(link(query.offset + query.limit, 'next'));
  links.push(link(lastOffset, 'last'));
  return links.join(', ');
}
