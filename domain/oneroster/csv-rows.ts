/**
 * One CSV row against the binding: required fields, the value of each column by its data type
 * (CSV binding 1.2, §3.1 "Data Types"), and the status/dateLastModified rule of bulk and delta
 * files (§2.3). A row that breaks one is refused and reported in the binding's words (file, line,
 * column, rule); what the SIS itself would want of the row is not checked here (it goes to the
 * data-quality report when the row is realized).
 */
import { columnsFor, type ColumnSpec, type CsvFile, type OneRosterVersion } from './binding';
import { SIS_COLUMN, type FileMode } from './csv-files';

export type CsvRow = Readonly<Record<string, string>>;

export interface RowIssue {
  readonly field: string;
  readonly reason: string;
}

/** §3.1 DateTime: ISO 8601 with a time and a zone ("2012-04-23T18:25:43.511Z"). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;
const USER_ID = /^\{[^{}:]+:[^{}]*\}$/;

const isCalendarDate = (value: string): boolean => {
  if (!DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
};
export const isDateTime = (value: string): boolean => DATE_TIME.test(value) && isCalendarDate(value.slice(0, 10));

/** A comma-separated list column (grades, termSourcedIds, agentSourcedIds, periods), blank entries dropped. */
export const listOf = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The reason a non-blank value breaks its column's data type, or undefined. */
function valueIssue(spec: ColumnSpec, value: string): string | undefined {
  const type = spec.type;
  if (typeof type === 'object') {
    if (type.enum.includes(value)) return undefined;
    if (type.extensible && /^ext:\S+$/.test(value)) return undefined;
    return `must be one of ${type.enum.join(', ')}${type.extensible ? ' (or an ext: extension)' : ''}; values are case-sensitive`;
  }
  switch (type) {
    case 'datetime':
      return isDateTime(value) ? undefined : 'must be a DateTime in ISO 8601 with a time and a zone, e.g. 2023-05-01T18:25:43.511Z';
    case 'date':
      return isCalendarDate(value) ? undefined : 'must be a Date as YYYY-MM-DD';
    case 'year':
      return /^\d{4}$/.test(value) ? undefined : 'must be a Year as YYYY';
    case 'bool':
      return value === 'true' || value === 'false' ? undefined : 'must be true or false; values are case-sensitive';
    case 'number':
      return NUMBER.test(value) ? undefined : 'must be a number';
    case 'userIds':
      return listOf(value).every((entry) => USER_ID.test(entry)) ? undefined : 'must be a list of {type:identifier}';
    default:
      return undefined;
  }
}

/**
 * The row's faults under the binding. In a bulk file a row is the record as it is (status blank
 * or active); in a delta file status (active or tobedeleted) and dateLastModified are required.
 */
export function rowIssues(file: CsvFile, version: OneRosterVersion, mode: FileMode, row: CsvRow): RowIssue[] {
  const issues: RowIssue[] = [];
  const deleting = row.status === 'tobedeleted';
  for (const spec of columnsFor(file, version)) {
    const value = row[spec.name] ?? '';
    if (spec.name === 'status') {
      if (mode === 'delta' && value !== 'active' && value !== 'tobedeleted')
        issues.push({ field: 'status', reason: 'must be active or tobedeleted in a delta file' });
      if (mode === 'bulk' && value !== '' && value !== 'active')
        issues.push({ field: 'status', reason: 'must be blank or active in a bulk file (tobedeleted is for delta files)' });
      continue;
    }
    if (value === '') {
      if (spec.required && !(deleting && spec.name !== 'sourcedId')) issues.push({ field: spec.name, reason: 'is required' });
      if (spec.name === 'dateLastModified' && mode === 'delta') issues.push({ field: spec.name, reason: 'is required in a delta file' });
      continue;
    }
    const reason = valueIssue(spec, value);
    if (reason) issues.push({ field: spec.name, reason });
  }
  const sis = row[SIS_COLUMN];
  if (sis && !isJsonObject(sis)) issues.push({ field: SIS_COLUMN, reason: "must be a JSON object (this system's extension column)" });
  return issues;
}

const isJsonObject = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
};

/** The `metadata.sis` object of a row (already checked by rowIssues), or an empty one. */
export const sisOf = (row: CsvRow): Record<string, unknown> =>
  row[SIS_COLUMN] && isJsonObject(row[SIS_COLUMN]) ? (JSON.parse(row[SIS_COLUMN]) as Record<string, unknown>) : {};
