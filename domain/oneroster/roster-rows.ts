/**
 * The district's OneRoster rows as given (decision 0105). Every row an import accepts is kept as
 * it came (minus passwords), by file and sourcedId, with its status and history, whether or not the
 * SIS could make a record of it; the SIS records made from it (its realization) are named beside
 * it. The CSV export and the REST API serve these rows, with what the SIS changed since laid over
 * them (view.ts), so both bindings give back the district's own values and ids.
 */
import type { CsvFile } from './binding';
import { canonicalJson } from '../validation';

/** A SIS record made from a row, as it was right after the import wrote it. */
export interface Realization {
  readonly entity: string;
  readonly ids: Readonly<Record<string, string>>;
  readonly version: number;
  /** A part of the record the row stands for (a section teacher's staff id, a gradebook category's id). */
  readonly member?: string;
}

/** A gap between the row and what a SIS feature needs (the data-quality report). */
export interface QualityNote {
  readonly column: string;
  /** What is missing or was changed, and which SIS feature it affects. */
  readonly issue: string;
}

export type RowStatus = 'active' | 'tobedeleted';

export interface StoredRow {
  readonly file: CsvFile;
  readonly sourcedId: string;
  readonly version: number;
  readonly status: RowStatus;
  /** The row's non-blank columns as given, without status and without any password. */
  readonly row: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** The SIS records made of the row (none: the SIS keeps it as a OneRoster row only). */
  readonly sis?: readonly Realization[];
  /**
   * What the SIS's own fields gave for each column right after the import, where that differs
   * from the row: a column whose SIS value has changed since is served from the SIS (view.ts).
   */
  readonly derived?: Readonly<Record<string, string>>;
  readonly notes?: readonly QualityNote[];
}

/** Columns never kept: the password columns (the SIS keeps no credentials, decision 0092) and status (kept apart). */
const NOT_KEPT = new Set(['password', 'status']);

/** The part of a row that is kept: its non-blank columns, without password and status. */
export function givenRow(row: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [column, value] of Object.entries(row)) if (value !== '' && !NOT_KEPT.has(column)) kept[column] = value;
  return kept;
}

export const sameRow = (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean =>
  a !== undefined && canonicalJson(a) === canonicalJson(b);

/** The columns of `derived` that differ from `row` (what the `derived` field keeps). */
export function derivedDiff(row: Readonly<Record<string, string>>, derived: Readonly<Record<string, string>>): Record<string, string> {
  const diff: Record<string, string> = {};
  for (const [column, value] of Object.entries(derived)) if ((row[column] ?? '') !== value) diff[column] = value;
  return diff;
}
