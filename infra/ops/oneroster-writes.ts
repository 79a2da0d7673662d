/**
 * One row's write through the record use cases the API uses (create, update, delete, restore),
 * so each change is one transaction with its history, claims and outbox event. A row that the
 * SIS refuses becomes a bad row naming the CSV column; a fault of the system is thrown.
 */
import { Conflict, DomainError, Invalid, NotFound, StaleVersion, UniqueClaimTaken } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { Ids, RecordData, RecordType } from '../../domain/records/record-types';
import { patchFrom } from '../../domain/oneroster/csv-merge';
import { canonicalJson } from '../../domain/validation';
import type { Services } from '../../functions/services';
import { createRecord } from '../../functions/use-cases/records/create-record';
import { deleteRecord } from '../../functions/use-cases/records/delete-record';
import { checkData } from '../../functions/use-cases/records/record-view';
import { restoreRecord } from '../../functions/use-cases/records/restore-record';
import { updateRecord } from '../../functions/use-cases/records/update-record';

export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'deleted';

/** The importer acts as a district administrator named after the tool (kept in every history item). */
export const IMPORTER: Principal = { sub: 'oneroster-import', roles: ['district_admin'], schoolIds: [] };
const context = { principal: IMPORTER, reason: 'OneRoster CSV import' };

/** A refusal of the SIS, as the bad-row report states it. */
export class RowRefused extends Error {
  constructor(readonly issues: readonly { field: string; reason: string }[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.reason}`).join('; '));
  }
}

/** The CSV column a SIS field comes from (the longest mapped prefix), else metadata.sis.<field>. */
export function columnOf(field: string, columns: Readonly<Record<string, string>>): string {
  const path = field.replace(/\[\d+\]/g, '');
  for (let cut = path.length; cut > 0; cut = path.lastIndexOf('.', cut - 1)) {
    const column = columns[path.slice(0, cut)];
    if (column) return column;
    if (cut <= 0) break;
  }
  return `metadata.sis.${field}`;
}

/** Runs a write, turning the SIS's refusals into a RowRefused naming the columns. */
export async function refusedAs<T>(columns: Readonly<Record<string, string>>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Invalid)
      throw new RowRefused(error.issues.map((issue) => ({ field: columnOf(issue.field, columns), reason: issue.message })));
    if (error instanceof UniqueClaimTaken) throw new RowRefused([{ field: columnOf(error.field, columns), reason: error.message }]);
    if (error instanceof Conflict || error instanceof NotFound) throw new RowRefused([{ field: 'sourcedId', reason: error.message }]);
    if (error instanceof DomainError && !(error instanceof StaleVersion)) throw new RowRefused([{ field: 'row', reason: error.message }]);
    throw error;
  }
}

/**
 * Creates the record under the id its sourcedId gives, or brings the existing one to the row's
 * data (restoring it first when it was deleted); nothing is written when it already says the same.
 * A concurrent change (412) is retried against the newer version.
 */
export async function upsert(services: Services, type: RecordType, ids: Ids, input: RecordData): Promise<WriteOutcome> {
  const today = services.now().toISOString().slice(0, 10);
  const data = checkData(type, input, today);
  const ownParam = type.idParams[type.idParams.length - 1]!;
  for (let attempt = 0; ; attempt += 1) {
    try {
      let existing = await services.records.get(type, ids);
      if (!existing) {
        const { [ownParam]: own, ...parents } = ids;
        await createRecord(services, type, parents, data, context, own);
        return 'created';
      }
      if (existing.deletedAt) {
        await restoreRecord(services, type, ids, { expectedVersion: existing.version }, context);
        existing = (await services.records.get(type, ids))!;
      }
      if (canonicalJson(existing.data) === canonicalJson(data)) return 'unchanged';
      await updateRecord(services, type, ids, { patch: patchFrom(existing.data, data), expectedVersion: existing.version }, context);
      return 'updated';
    } catch (error) {
      if (!(error instanceof StaleVersion) || attempt >= 3) throw error;
    }
  }
}

/** A delta file's `tobedeleted` row: a soft delete (restorable), nothing when already gone. */
export async function remove(services: Services, type: RecordType, ids: Ids): Promise<WriteOutcome> {
  const existing = await services.records.get(type, ids);
  if (!existing || existing.deletedAt) return 'unchanged';
  await deleteRecord(services, type, ids, existing.version, context);
  return 'deleted';
}

/**
 * Runs a use case again while it fails on contention only (the transaction runner's plain Conflict
 * after its own retries): many rows of one class at once contend for the class's seat counter, as
 * concurrent API calls would, and a queue would redeliver. Refusals (subclasses) are not retried.
 */
export async function retryingContention<T>(write: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof Conflict) || error.constructor !== Conflict || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}
