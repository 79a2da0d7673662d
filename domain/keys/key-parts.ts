/** What every key is made of: the key shapes, normalized names for "by name" listings, and shards. */
export interface Key {
  readonly pk: string;
  readonly sk: string;
}

export interface IndexKeys {
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

/** Letters that carry no combining accent, so NFD alone would drop them. */
const TRANSLITERATIONS: Record<string, string> = { ø: 'o', ł: 'l', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Lower-case, accents and punctuation removed, letters of any script kept:
 * "García-López" → "garcialopez", "Øster" → "oster", "Иванов" → "иванов".
 */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[øłßæœđðþı]/g, (letter) => TRANSLITERATIONS[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Sort key for "by name" listings; prefix queries on it implement name search. */
export function nameSortKey(last: string, first: string, id: string): string {
  return `${normalizeName(last)}#${normalizeName(first)}#${id}`;
}

/**
 * The key prefix a name search queries with. Without a comma the whole query is the start of a
 * last name ("gar", "de la cruz"); with one, "last, first" matches that last name and first
 * names starting with what follows ("garcia, ma").
 */
export function nameSearchPrefix(query: string): string {
  const comma = query.indexOf(',');
  if (comma < 0) return normalizeName(query);
  const last = normalizeName(query.slice(0, comma));
  const first = normalizeName(query.slice(comma + 1));
  return first ? `${last}#${first}` : last;
}

/** A stable shard of an id (FNV-1a), so that one id always lands in the same partition. */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193) >>> 0;
  return hash % shards;
}
