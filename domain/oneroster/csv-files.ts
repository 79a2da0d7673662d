/**
 * A OneRoster CSV set as a whole: its manifest (CSV binding 1.2, §2.1 "manifest.csv"), the order
 * files are read in, and the files an export writes. The columns of each file are in binding.ts.
 */
import { CSV_FILES, STANDARD_COLUMNS, UNREAD_FILES_V12, type CsvFile, type OneRosterVersion } from './binding';

export { STANDARD_COLUMNS, type CsvFile };

/** The extension column this system writes: the SIS fields OneRoster has no column for, as JSON. */
export const SIS_COLUMN = 'metadata.sis';

/** The columns this system writes for a file: the standard ones, the district's own `metadata.*` columns, then `metadata.sis`. */
export const columnsOf = (file: CsvFile, extensions: readonly string[] = []): readonly string[] => [
  ...STANDARD_COLUMNS[file],
  ...[...new Set(extensions)].filter((name) => name !== SIS_COLUMN).sort(),
  SIS_COLUMN,
];

/**
 * The order files are checked and written in: what a row names comes before it (a class names
 * its course and terms, an enrollment its class and user). roles, demographics and userProfiles
 * come after users, whose rows they name; the users pass reads them first (csv-people.ts).
 */
export const IMPORT_ORDER: readonly CsvFile[] = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'userProfiles',
  'roles',
  'demographics',
  'enrollments',
  'categories',
  'lineItems',
  'results',
];

/** The files the exporter writes, when they have rows (the others are absent from its manifest). */
export const EXPORTED_FILES: readonly CsvFile[] = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'roles',
  'userProfiles',
  'enrollments',
  'demographics',
  'categories',
  'lineItems',
  'results',
];

export const FILE_MODES = ['bulk', 'delta', 'absent'] as const;
export type FileMode = (typeof FILE_MODES)[number];

export interface Manifest {
  readonly version: OneRosterVersion;
  readonly files: Readonly<Record<CsvFile, FileMode>>;
  readonly properties: Readonly<Record<string, string>>;
}

/** A fault of the manifest: the property, and the binding's rule it breaks. */
export interface ManifestIssue {
  readonly property: string;
  readonly reason: string;
  /** The set cannot be read at all (an unknown OneRoster version). */
  readonly fatal: boolean;
}

const KNOWN_FILES = new Set<string>([...CSV_FILES, ...UNREAD_FILES_V12]);

/**
 * Reads manifest.csv's `propertyName,value` rows. §2.1: `oneroster.version` is 1.1 or 1.2 (a
 * 1.1 set is converted, csv-v11.ts), each `file.<name>` is bulk, delta or absent (a file not
 * listed is absent), values are case-sensitive.
 */
export function parseManifest(rows: readonly (readonly string[])[]): { manifest: Manifest; issues: ManifestIssue[] } {
  const properties: Record<string, string> = {};
  const issues: ManifestIssue[] = [];
  const [header, ...body] = rows;
  if (header?.[0] !== 'propertyName' || header[1] !== 'value') {
    issues.push({ property: 'header', reason: 'manifest.csv starts with the header propertyName,value', fatal: false });
  }
  for (const [name, value] of header?.[0] === 'propertyName' ? body : rows) if (name) properties[name] = value ?? '';
  const declared = properties['oneroster.version'];
  let version: OneRosterVersion = '1.2';
  if (declared === '1.1' || declared === '1.2') version = declared;
  else {
    issues.push({
      property: 'oneroster.version',
      reason:
        declared === undefined
          ? 'is required: the manifest names the OneRoster version of the set (1.1 or 1.2)'
          : `"${declared}" is not a OneRoster version this system reads (1.1 or 1.2)`,
      fatal: declared !== undefined,
    });
  }
  if (properties['manifest.version'] !== undefined && properties['manifest.version'] !== '1.0') {
    issues.push({ property: 'manifest.version', reason: `must be 1.0, not "${properties['manifest.version']}"`, fatal: false });
  }
  const files = Object.fromEntries(CSV_FILES.map((file) => [file, 'absent'])) as Record<CsvFile, FileMode>;
  for (const [name, value] of Object.entries(properties)) {
    if (!name.startsWith('file.')) continue;
    const file = name.slice(5);
    if (!KNOWN_FILES.has(file)) {
      issues.push({ property: name, reason: `${file}.csv is not a file of the OneRoster ${version} CSV binding`, fatal: false });
      continue;
    }
    if (!(FILE_MODES as readonly string[]).includes(value)) {
      issues.push({ property: name, reason: `must be bulk, delta or absent, not "${value}"; the file is read as absent`, fatal: false });
      continue;
    }
    if ((CSV_FILES as readonly string[]).includes(file)) files[file as CsvFile] = value as FileMode;
  }
  return { manifest: { version, files, properties }, issues };
}

/** manifest.csv of an export: the files that have rows in bulk mode, the others absent (§2.1: no file without data rows). */
export function manifestRows(systemName: string, written: ReadonlySet<CsvFile>): string[][] {
  return [
    ['propertyName', 'value'],
    ['manifest.version', '1.0'],
    ['oneroster.version', '1.2'],
    ...[...CSV_FILES, ...UNREAD_FILES_V12].sort().map((file) => [`file.${file}`, written.has(file as CsvFile) ? 'bulk' : 'absent']),
    ['source.systemName', systemName],
    ['source.systemCode', ''],
  ];
}
