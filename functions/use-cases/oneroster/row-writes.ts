/**
 * A gradebook write's OneRoster row (decision 0140): the object kept as the row the CSV binding
 * would carry for it, beside the SIS record it was made into, written in the SIS write's own
 * transaction, and served back the way the REST collections serve it.
 */
import { Invalid } from '../../../domain/errors';
import type { CsvRow } from '../../../domain/oneroster/csv-rows';
import { restObjects } from '../../../domain/oneroster/rest-model';
import { ENVELOPE_OF, restFieldOf, type GradebookFile } from '../../../domain/oneroster/rest-writes';
import { sameRow, type Realization, type RowStatus, type StoredRow } from '../../../domain/oneroster/roster-rows';
import { derivedColumns } from '../../../domain/oneroster/sis-columns';
import { buildView } from '../../../domain/oneroster/view';
import type { TransactionItem } from '../../repositories/transaction-runner';
import { idempotencyRecord } from '../../repositories/write-context';
import type { Services } from '../../services';
import type { WriteContext } from '../write-context';
import { rowsOf } from './write-refs';

/** What a PUT answers: whether it created the object (201) or replaced it (200), and the object as served. */
export interface PutAnswer {
  readonly created: boolean;
  readonly object: Record<string, unknown>;
}

/** The object a kept row is over REST, as the collections serve it (rest-model.ts). */
export function objectOf(row: StoredRow): Record<string, unknown> {
  const view = buildView({ rows: { [row.file]: [row] }, records: new Map() }, [row.file]);
  const served = restObjects(view, '') as Record<string, Record<string, unknown>[]>;
  return served[row.file]![0]!;
}

export interface RowParts {
  readonly sourcedId: string;
  readonly row: CsvRow;
  readonly status: RowStatus;
  /** The SIS records made of the row; one at version 0 (nothing written in the SIS) is left out. */
  readonly sis?: readonly Realization[];
  /** What the SIS's fields gave for the row's columns, where that differs from the row (view.ts overlays later changes). */
  readonly derived?: Record<string, string>;
}

/** The row's next version, by the writer, now. */
export function nextRow(
  services: Services,
  context: WriteContext,
  file: GradebookFile,
  before: StoredRow | undefined,
  parts: RowParts,
): StoredRow {
  const at = services.now().toISOString();
  const sis = (parts.sis ?? []).filter((realization) => realization.version > 0);
  const derived = parts.derived && Object.keys(parts.derived).length > 0 ? parts.derived : undefined;
  return {
    file,
    sourcedId: parts.sourcedId,
    version: (before?.version ?? 0) + 1,
    status: parts.status,
    row: parts.row,
    createdAt: before?.createdAt ?? at,
    updatedAt: at,
    updatedBy: context.principal.sub,
    ...(sis.length > 0 ? { sis } : {}),
    ...(derived ? { derived } : {}),
  };
}

/**
 * The active row of an object made into one SIS record, realizing the record's version given:
 * `sis` is the row the SIS's record makes (csv-gradebook.ts), whose values are kept as `derived`.
 */
export const realizedRow =
  (
    services: Services,
    context: WriteContext,
    file: GradebookFile,
    before: StoredRow | undefined,
    parts: { sourcedId: string; row: CsvRow; entity: string; ids: Record<string, string>; sis: CsvRow },
  ) =>
  (version: number): StoredRow =>
    nextRow(services, context, file, before, {
      sourcedId: parts.sourcedId,
      row: parts.row,
      status: 'active',
      sis: [{ entity: parts.entity, ids: parts.ids, version }],
      derived: derivedColumns(file, parts.row, parts.sis),
    });

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** True when the row would be written as it is kept (a PUT of the same object again). */
export const unchangedRow = (before: StoredRow | undefined, after: StoredRow): before is StoredRow =>
  before !== undefined &&
  before.status === after.status &&
  sameRow(before.row, after.row) &&
  sameJson(before.sis, after.sis) &&
  sameJson(before.derived, after.derived);

/**
 * The request's Idempotency-Key record, holding what the request answers, to commit with its last
 * transaction: a retry is then answered from it (functions/http/idempotency.ts), and its writes
 * before the last carry no key (they converge on their own: each is conditioned on what it read).
 */
export type AnswerItems = (row: StoredRow) => readonly TransactionItem[];
export const answerItems =
  (services: Services, context: WriteContext, answer: (row: StoredRow) => unknown): AnswerItems =>
  (row) =>
    services.transactions.idempotencyItems(idempotencyRecord(context, answer(row), services.now().toISOString()));

/**
 * Runs a SIS write with the row riding in its transaction (`row(version)`: the row realizing the
 * record's version `version`). The write answers the record's version after it; when that is still
 * `current` the use case wrote nothing, riders included, and the row is written alone (with the
 * version the record kept) unless it is unchanged too. Answers the row as stored.
 */
export async function withRow(
  services: Services,
  before: StoredRow | undefined,
  row: (version: number) => StoredRow,
  current: number,
  write: (riders: readonly TransactionItem[]) => Promise<number>,
  answer: AnswerItems = () => [],
): Promise<StoredRow> {
  const rows = rowsOf(services);
  const ridden = row(current + 1);
  const version = await write([...rows.changeItems(before, ridden), ...answer(ridden)]);
  if (version !== current) return ridden;
  return writeRow(services, before, row(current), answer);
}

/** A row alone (a category no class holds yet, a deletion the SIS has nothing to do for), unless it is unchanged. */
export async function writeRow(
  services: Services,
  before: StoredRow | undefined,
  after: StoredRow,
  answer: AnswerItems = () => [],
): Promise<StoredRow> {
  if (unchangedRow(before, after)) return before;
  await services.transactions.transact([...rowsOf(services).changeItems(before, after), ...answer(after)]);
  return after;
}

/** The body's sourcedId, when given, is the path's. */
export function sameSourcedId(file: GradebookFile, given: string | undefined, sourcedId: string): void {
  if (given !== undefined && given !== sourcedId)
    throw new Invalid([{ field: `${ENVELOPE_OF[file]}.sourcedId`, message: `must be the path's sourcedId "${sourcedId}" or left out` }]);
}

/** Runs a SIS write; a refusal of the SIS names the REST fields it stands for (`maxPoints` → `lineItem.resultValueMax`). */
export async function sisRefusals<T>(file: GradebookFile, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    // A field already named as the binding's (`lineItem.class`, a category's `category.weight`) stays as it is.
    const envelopes = Object.values(ENVELOPE_OF);
    const named = (field: string) =>
      envelopes.some((envelope) => field === envelope || field.startsWith(`${envelope}.`)) ? field : restFieldOf(file, field);
    throw new Invalid(error.issues.map((issue) => ({ field: named(issue.field), message: issue.message })));
  }
}
