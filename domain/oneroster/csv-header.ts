/**
 * A file's header row against the binding (CSV binding 1.2, §2 "CSV File Format": "The Header row
 * for each file is required; header names are case-sensitive; the header fields must be supplied
 * in the same order as defined ...; metadata extension fields are added to the right of the
 * defined fields; header field names must be uniquely named within a file"). A missing required
 * column makes the file unreadable (the whole set is refused before anything is written); every
 * other fault is reported at line 1 and the file is read without that column.
 */
import { columnsFor, isExtensionColumn, type CsvFile, type OneRosterVersion } from './binding';
import { SIS_COLUMN } from './csv-files';

export interface HeaderIssue {
  readonly column: string;
  readonly reason: string;
  /** The file cannot be read (a required column is missing). */
  readonly fatal: boolean;
}

export interface HeaderCheck {
  /** The columns read, by position (undefined: a position whose values are not read). */
  readonly read: readonly (string | undefined)[];
  readonly issues: HeaderIssue[];
}

/** The binding's column a misspelled header probably meant: same letters ignoring case, or one or two letters off. */
function nearest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = known.find((candidate) => candidate.toLowerCase() === lower);
  if (exact) return exact;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function checkHeader(file: CsvFile, version: OneRosterVersion, header: readonly string[]): HeaderCheck {
  const specs = columnsFor(file, version);
  const known = specs.map((spec) => spec.name);
  const issues: HeaderIssue[] = [];
  const seen = new Set<string>();
  const read = header.map((raw): string | undefined => {
    const name = raw.trim();
    if (name === '') {
      issues.push({ column: '(blank)', reason: 'a header field has no name; its values are not read', fatal: false });
      return undefined;
    }
    if (seen.has(name)) {
      issues.push({
        column: name,
        reason: 'is named twice; header field names are unique within a file (the second is not read)',
        fatal: false,
      });
      return undefined;
    }
    seen.add(name);
    if (known.includes(name) || isExtensionColumn(name)) return name;
    const meant = nearest(name, known);
    issues.push({
      column: name,
      reason:
        `is not a column of ${file}.csv in OneRoster ${version}` +
        (meant
          ? ` (header names are case-sensitive and spelled as the binding does: ${meant}?)`
          : ' (extension columns are named metadata.*)') +
        '; its values are not read',
      fatal: false,
    });
    return undefined;
  });
  for (const spec of specs) {
    if (seen.has(spec.name)) continue;
    issues.push(
      spec.required
        ? { column: spec.name, reason: `is required in ${file}.csv and missing from the header; the file cannot be read`, fatal: true }
        : {
            column: spec.name,
            reason: 'is missing from the header (the binding lists every column of the file); read as blank',
            fatal: false,
          },
    );
  }
  // §2: the standard columns in the binding's order, then the extension columns.
  const present = read.filter((name): name is string => name !== undefined);
  const standard = present.filter((name) => known.includes(name));
  const inOrder = standard.every((name, index) => index === 0 || known.indexOf(standard[index - 1]!) < known.indexOf(name));
  const lastStandard = Math.max(...standard.map((name) => present.indexOf(name)));
  const extensionsLast = present.every((name, index) => !isExtensionColumn(name) || index > lastStandard);
  if (!inOrder || !extensionsLast) {
    issues.push({
      column: 'header',
      reason: `columns are not in the binding's order (${known.join(',')}, then metadata.* extensions); read by name`,
      fatal: false,
    });
  }
  return { read, issues };
}

/** The extension columns a header carries (besides this system's own metadata.sis). */
export const extensionColumns = (read: readonly (string | undefined)[]): string[] =>
  read.filter((name): name is string => name !== undefined && isExtensionColumn(name) && name !== SIS_COLUMN);
