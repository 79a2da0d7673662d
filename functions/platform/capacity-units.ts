/**
 * DynamoDB's pricing rules for request units (on-demand), as AWS documents them: a write is 1 unit
 * per KB of the item (rounded up), a strongly consistent read 1 unit per 4 KB, an eventually
 * consistent read half that, and every item read or written inside a transaction costs twice the
 * non-transactional figure. Item sizes follow AWS's item-size rules. Used by the benchmarks to price
 * what DynamoDB Local executes (decision 0088); nothing on the request path calls these.
 */

const KB = 1024;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's size: 1 byte per two significant digits (rounded up) plus 1. */
function numberBytes(value: number | bigint | string): number {
  const digits = String(value)
    .replace(/e.*$/i, '')
    .replace(/[^0-9]/g, '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/**
 * The size of one attribute value as the document client sends it (plain JavaScript: strings,
 * numbers, booleans, null, binary, sets, lists and maps). Lists and maps cost 3 bytes plus 1 byte
 * per element; a map's element is its name and its value. Undefined values are not sent.
 */
export function valueBytes(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueBytes(element), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
  if (typeof value === 'object') {
    // @aws-sdk/util-dynamodb's NumberValue (a number kept as its string).
    if ('value' in value && Object.keys(value).length === 1 && typeof value.value === 'string') return numberBytes(value.value);
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (sum, [name, element]) => (element === undefined ? sum : sum + 1 + utf8(name) + valueBytes(element)),
        0,
      )
    );
  }
  return 0;
}

/** An item's size: the UTF-8 length of each attribute's name plus its value's size. */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => (value === undefined ? sum : sum + utf8(name) + valueBytes(value)), 0);
}

/** Write request units for one item of `bytes` (an update or delete is sized by the larger of the item before and after). */
export function writeUnits(bytes: number, { transactional = false } = {}): number {
  return Math.max(1, Math.ceil(bytes / KB)) * (transactional ? 2 : 1);
}

/** Read request units for `bytes` read by one GetItem, or summed over the items of a Query page. */
export function readUnits(bytes: number, { consistent = false, transactional = false } = {}): number {
  const units = Math.max(1, Math.ceil(bytes / (4 * KB)));
  return transactional ? 2 * units : consistent ? units : units / 2;
}

/** The item sizes a TransactWriteItems touched: `before` (the stored item, if any) and `after` (what is stored after it). */
export interface TransactionItemSize {
  readonly before?: number;
  readonly after?: number;
}

/** What AWS charges for one TransactWriteItems: 2 units per KB of each item (condition checks included). */
export function transactWriteUnits(items: readonly TransactionItemSize[]): number {
  return items.reduce((sum, { before = 0, after = 0 }) => sum + writeUnits(Math.max(before, after), { transactional: true }), 0);
}
