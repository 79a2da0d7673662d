/**
 * Turning a OneRoster value the binding allows into the value a SIS field needs, when they differ
 * (a classCode with a space, an org identifier left blank, a 10-digit phone): the SIS gets a value
 * of its own and the row keeps the district's (decision 0105); the note says what changed and which
 * SIS feature it touches.
 */
import { createHash } from 'node:crypto';
import { GRADE_LEVELS } from '../schemas/common';
import { SUBJECTS } from '../scheduling/schemas';
import type { QualityNote } from './roster-rows';

/** A short stable tag of a text (base-32 of its hash), for codes derived from a sourcedId. */
export function tagOf(text: string, length = 6): string {
  const digest = createHash('sha256').update(text).digest();
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let tag = '';
  for (let index = 0; index < length; index += 1) tag += alphabet[digest[index]! % 32];
  return tag;
}

/**
 * A code of 1 to `max` letters, digits or dashes (the SIS's school, course, section, term and
 * period codes) made of `value`: kept when it is one, else its letters and digits joined by
 * dashes, else a tag of `seed`.
 */
export function codeFrom(value: string | undefined, seed: string, max: number, pattern = /^[A-Za-z0-9-]+$/): string {
  const given = (value ?? '').trim();
  if (given !== '' && given.length <= max && pattern.test(given)) return given;
  const cleaned = given
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return cleaned !== '' ? cleaned : `OR-${tagOf(seed, Math.min(8, max - 3))}`;
}

/** The same code with a tag of `seed` at its end, for when the code is taken. */
export const tagged = (code: string, seed: string, max: number): string => `${code.slice(0, max - 5)}-${tagOf(seed, 4)}`;

/** A text cut to the SIS's length, with a note when it was longer. */
export function shortText(value: string, max: number, column: string, notes: QualityNote[]): string {
  const trimmed = value.trim();
  if (trimmed.length <= max) return trimmed;
  notes.push({ column, issue: `is longer than the SIS keeps (${max} characters): the SIS shows its first ${max}` });
  return trimmed.slice(0, max).trimEnd();
}

export const isGradeLevel = (value: string): value is (typeof GRADE_LEVELS)[number] => (GRADE_LEVELS as readonly string[]).includes(value);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (value: string): boolean => EMAIL.test(value) && value.length <= 254;
export const isE164 = (value: string): boolean => /^\+[1-9]\d{6,14}$/.test(value);

/** Words that tell the SIS's subject of a course, tried in order on its subjects and subjectCodes. */
const SUBJECT_WORDS: readonly [RegExp, (typeof SUBJECTS)[number]][] = [
  [/english|language arts|\bela\b|reading|literature|writing/i, 'english'],
  [/math|algebra|geometry|calculus|statistic|arithmetic/i, 'math'],
  [/science|biology|chemistry|physics|earth|environment/i, 'science'],
  [/histor|social|civics|government|geograph|economics/i, 'social-studies'],
  [/spanish|french|german|chinese|mandarin|latin|japanese|world language|foreign language/i, 'world-languages'],
  [/\bart\b|arts|music|band|choir|theat|drama|dance/i, 'arts'],
  [/physical education|\bpe\b|health|fitness/i, 'pe-health'],
  [/career|technical|\bcte\b|business|computer|engineering/i, 'cte'],
  [/elective/i, 'electives'],
];

/** The SIS subject of a course from its OneRoster subjects (a SIS subject name, or words that tell one). */
export function subjectOf(subjects: readonly string[]): (typeof SUBJECTS)[number] | undefined {
  for (const subject of subjects) if ((SUBJECTS as readonly string[]).includes(subject)) return subject as (typeof SUBJECTS)[number];
  for (const [words, subject] of SUBJECT_WORDS) if (subjects.some((text) => words.test(text))) return subject;
  return undefined;
}
