import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECORD_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** What a sourcedId names; the same sourcedId in two kinds is two records. */
export type SourcedKind = 'org' | 'user' | 'course' | 'class' | 'lineItem';

/**
 * The SIS id of the record a sourcedId names. A sourcedId that is already a SIS id (what this
 * system exports) is the id itself; any other is hashed into the id format, so the same sourcedId
 * always names the same record and an import is idempotent without reading a mapping first.
 */
export function sisIdFor(kind: SourcedKind, sourcedId: string): string {
  if (RECORD_ID.test(sourcedId)) return sourcedId;
  const digest = createHash('sha256').update(`${kind}:${sourcedId}`).digest();
  let id = ALPHABET[digest[0]! % 8]!; // a first character 0-7 keeps it within the ULID range
  for (let index = 1; index < 26; index += 1) id += ALPHABET[digest[index]! % 32];
  return id;
}

/** True when the sourcedId needs a mapping item to be exported back as itself. */
export const needsMapping = (sourcedId: string): boolean => !RECORD_ID.test(sourcedId);
