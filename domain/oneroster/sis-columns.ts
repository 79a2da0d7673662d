/**
 * The columns of each file whose value the SIS holds as a field of its own, and may change after
 * an import (a school renamed, a student's grade, a score corrected): for a row the district gave,
 * a column's SIS value replaces the given one only once the SIS has changed it (view.ts). Columns
 * not listed are served as given.
 */
import type { CsvFile } from './binding';

export const SIS_COLUMNS: Partial<Record<CsvFile, readonly string[]>> = {
  orgs: ['name', 'identifier'],
  courses: ['title', 'courseCode', 'grades', 'subjects'],
  classes: ['classCode', 'location', 'periods'],
  users: [
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'phone',
    'grades',
    'preferredGivenName',
    'preferredFamilyName',
    'primaryOrgSourcedId',
  ],
  demographics: ['birthDate', 'sex'],
  categories: ['title', 'weight'],
  lineItems: ['title', 'description', 'resultValueMax'],
  results: ['scoreStatus', 'score', 'comment'],
};

/** The SIS-held columns of `derived` (a row made of the SIS record) that differ from the given row. */
export function derivedColumns(
  file: CsvFile,
  given: Readonly<Record<string, string>>,
  derived: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const column of SIS_COLUMNS[file] ?? []) {
    const value = derived[column] ?? '';
    if (value !== (given[column] ?? '')) out[column] = value;
  }
  return out;
}

/**
 * A given row with the SIS's changes laid over it: a SIS-held column whose SIS value now differs
 * from what it was right after the import (`atImport`, the given value when absent) takes the SIS
 * value; every other column stays as given.
 */
export function overlay(
  file: CsvFile,
  given: Readonly<Record<string, string>>,
  atImport: Readonly<Record<string, string>>,
  now: Readonly<Record<string, string>>,
): Record<string, string> {
  const out = { ...given };
  for (const column of SIS_COLUMNS[file] ?? []) {
    const before = atImport[column] ?? given[column] ?? '';
    const after = now[column] ?? '';
    if (after !== before) {
      if (after === '') delete out[column];
      else out[column] = after;
    }
  }
  return out;
}
