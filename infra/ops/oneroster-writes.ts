/**
 * A row's SIS record written through the record use cases the API uses (create, update, delete,
 * restore), so each change is one transaction with its history, claims and outbox event. When the
 * SIS refuses what a row asks of it (a rule the API enforces for staff), the row is still kept
 * (decision 0105): the refusal becomes a data-quality note naming the CSV column.
 */
import { Conflict, DomainError, Invalid, NotFound, StaleVersion, UniqueClaimTaken } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { Ids, RecordData, RecordType } from '../../domain/records/record-types';
import { patchFrom } from '../../domain/oneroster/csv-merge';
import type { QualityNote, Realization } from '../../domain/oneroster/roster-rows';
import { canonicalJson } from '../../domain/validation';
import type { Services } from '../../functions/services';
import type { FieldIssue } from '../../domain/errors';
import { parseOrThrow } from '../../domain/validation';
import type { StoredRecord } from '../../functions/repositories/record-store';
import { createRecord } from '../../functions/use-cases/records/create-record';
import { deleteRecord } from '../../functions/use-cases/records/delete-record';
import { commitChange } from '../../functions/use-cases/records/record-view';
import { restoreRecord } from '../../functions/use-cases/records/restore-record';
import { updateRecord } from '../../functions/use-cases/records/update-record';
import type { TransactionItem } from '../../functions/repositories/transaction-runner';

export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'deleted';

/** The importer acts as a district administrator named after the tool (kept in every history item). */
export const IMPORTER: Principal = { sub: 'oneroster-import', roles: ['district_admin'], schoolIds: [] };
const context = { principal: IMPORTER, reason: 'OneRoster CSV import' };

/** The SIS would not take what a row asks of it: what is missing, as data-quality notes. */
export class SisRefused extends Error {
  constructor(readonly notes: readonly QualityNote[]) {
    super(notes.map((note) => `${note.column}: ${note.issue}`).join('; '));
  }
}

/** The CSV column a SIS field comes from (the longest mapped prefix), else metadata.sis. */
export function columnOf(field: string, columns: Readonly<Record<string, string>>): string {
  const path = field.replace(/\[\d+\]/g, '');
  for (let cut = path.length; cut > 0; cut = path.lastIndexOf('.', cut - 1)) {
    const column = columns[path.slice(0, cut)];
    if (column) return column;
    if (cut <= 0) break;
  }
  return columns[''] ?? 'metadata.sis';
}

/**
 * Runs a SIS write; a refusal of the SIS becomes a SisRefused naming the columns, its message, and
 * what follows for the row (`consequence`). A fault of the system is thrown as it is.
 */
export async function sisWrite<T>(columns: Readonly<Record<string, string>>, consequence: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const issue = (message: string) => `the SIS refused it (${message.replace(/\.$/, '')}): ${consequence}`;
    if (error instanceof Invalid)
      throw new SisRefused(
        error.issues.map((entry) => ({ column: columnOf(entry.field, columns), issue: issue(`${entry.field} ${entry.message}`) })),
      );
    if (error instanceof UniqueClaimTaken) throw new SisRefused([{ column: columnOf(error.field, columns), issue: issue(error.message) }]);
    if (error instanceof SisRefused) throw error;
    if (error instanceof Conflict || error instanceof NotFound || (error instanceof DomainError && !(error instanceof StaleVersion)))
      throw new SisRefused([{ column: columns[''] ?? 'sourcedId', issue: issue(error.message) }]);
    throw error;
  }
}

/** What an upsert left: the record's version and data, what was done, and the SIS checks it was let past. */
export interface Upserted {
  readonly outcome: WriteOutcome;
  readonly version: number;
  readonly data: RecordData;
  readonly waived: readonly QualityNote[];
}

/**
 * The SIS checks a district's row need not pass (decision 0105): plausibility rules the API
 * enforces on what staff type, not facts about the record. A student's age outside 2 to 22 (adult
 * education, a file's made-up birth dates) is kept and noted, not refused.
 */
const WAIVABLE: Readonly<Record<string, (issue: FieldIssue) => boolean>> = {
  student: (issue) => issue.field === 'birthDate' && issue.message.startsWith('gives an age outside'),
};

/** The record's data as the SIS checks it, and the waivable issues it has (a non-waivable one is thrown). */
function checked(type: RecordType, input: RecordData, today: string): { data: RecordData; waived: FieldIssue[] } {
  const data = parseOrThrow(type.schema, input) as RecordData;
  const issues = type.check(data, today);
  const waivable = WAIVABLE[type.entity];
  const waived = waivable ? issues.filter(waivable) : [];
  if (issues.length > waived.length) throw new Invalid(issues);
  return { data, waived };
}

/**
 * Writes a record whose only faults are waivable, as the record use cases would (one transaction:
 * record, history, claims, references, outbox event) but without the waived check.
 */
async function commitWaived(
  services: Services,
  type: RecordType,
  ids: Ids,
  data: RecordData,
  before: StoredRecord | undefined,
): Promise<number> {
  await services.access.authorize(IMPORTER, before ? 'update' : 'create', type.resource, ids, data);
  const written = await commitChange(services, context, { kind: type, ids, before, data });
  return written.result.version;
}

export const realizationOf = (type: RecordType, ids: Ids, written: Pick<Upserted, 'version'>, member?: string): Realization => ({
  entity: type.entity,
  ids: { ...ids },
  version: written.version,
  ...(member ? { member } : {}),
});

/**
 * Creates the record under the id its sourcedId gives, or brings the existing one to the row's
 * data (restoring it first when it was deleted); nothing is written when it already says the same.
 * A concurrent change (412) is retried against the newer version.
 */
/** Reads a record (the importer's reads go out many at a time: oneroster-loader.ts). */
export type RecordRead = (type: RecordType, ids: Ids) => Promise<StoredRecord | undefined>;

export async function upsert(services: Services, type: RecordType, ids: Ids, input: RecordData, read?: RecordRead): Promise<Upserted> {
  const today = services.now().toISOString().slice(0, 10);
  const { data, waived: issues } = checked(type, input, today);
  const waived = issues.map((issue) => ({
    column: issue.field,
    issue: `${issue.message}: kept as given (a check the SIS makes of what staff type, not of a district's file)`,
  }));
  const ownParam = type.idParams[type.idParams.length - 1]!;
  for (let attempt = 0; ; attempt += 1) {
    try {
      // The first read may come from a batch; after a conflict the record is read again on its own.
      let existing = attempt === 0 && read ? await read(type, ids) : await services.records.get(type, ids);
      if (existing?.deletedAt) {
        await restoreRecord(services, type, ids, { expectedVersion: existing.version }, context);
        existing = (await services.records.get(type, ids))!;
      }
      if (existing && canonicalJson(existing.data) === canonicalJson(data))
        return { outcome: 'unchanged', version: existing.version, data, waived };
      if (waived.length > 0) {
        const version = await commitWaived(services, type, ids, data, existing);
        return { outcome: existing ? 'updated' : 'created', version, data, waived };
      }
      if (!existing) {
        const { [ownParam]: own, ...parents } = ids;
        const { result } = await createRecord(services, type, parents, data, context, own);
        return { outcome: 'created', version: result.version, data, waived };
      }
      const { result } = await updateRecord(
        services,
        type,
        ids,
        { patch: patchFrom(existing.data, data), expectedVersion: existing.version },
        context,
      );
      return { outcome: 'updated', version: result.version, data, waived };
    } catch (error) {
      if (!(error instanceof StaleVersion) || attempt >= 3) throw error;
    }
  }
}

/** A deleted row's record: a soft delete (restorable), nothing when already gone. */
export async function remove(
  services: Services,
  type: RecordType,
  ids: Ids,
  extra: readonly TransactionItem[] = [],
  read?: RecordRead,
): Promise<WriteOutcome> {
  const existing = read ? await read(type, ids) : await services.records.get(type, ids);
  if (!existing || existing.deletedAt) return 'unchanged';
  await deleteRecord(services, type, ids, existing.version, context, extra);
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
