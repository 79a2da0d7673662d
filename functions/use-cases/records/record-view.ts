import { NotFound } from '../../../domain/errors';
import { Invalid } from '../../../domain/errors';
import { RECORD_TYPES, sectionType, studentType, type Ids, type RecordData, type RecordType } from '../../../domain/records/record-types';
import { changedFields, parseOrThrow } from '../../../domain/validation';
import { recordEvent } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import type { DomainEvent } from '../../../events/catalog';
import type { Principal } from '../../../domain/principal';
import type { ChangeAction, StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { sectionChangeItems } from '../scheduling/section-rules';
import { writeOnce, type WriteContext, type Written } from '../write-context';

/** What a record use case answers: the record as the API shows it, its version and its ids. */
export interface RecordResult {
  readonly record: Record<string, unknown>;
  readonly version: number;
  readonly ids: Ids;
}

export function recordTypeOf(entity: string): RecordType {
  const type = RECORD_TYPES.find((candidate) => candidate.entity === entity);
  if (!type) throw new Error(`unknown record type ${entity}`);
  return type;
}

/** The record as the API shows it: id, parent ids, data, then bookkeeping. */
export function view(type: RecordType, record: StoredRecord): Record<string, unknown> {
  const parents = Object.fromEntries(type.idParams.slice(0, -1).map((name) => [name, record.ids[name]]));
  return {
    id: record.id,
    ...parents,
    ...record.data,
    version: record.version,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    ...(record.deletedAt ? { deletedAt: record.deletedAt, deletedBy: record.deletedBy } : {}),
  };
}

export const resultOf = (type: RecordType, record: StoredRecord): RecordResult => ({
  record: view(type, record),
  version: record.version,
  ids: record.ids,
});

const describe = (type: RecordType, ids: Ids) => `${type.label.toLowerCase()} ${Object.values(ids).join('/')}`;

/** The record, deleted or not; 404 when there is none. */
export async function load(services: Services, type: RecordType, ids: Ids): Promise<StoredRecord> {
  const record = await services.records.get(type, ids);
  if (!record) throw new NotFound(`No ${describe(type, ids)}.`);
  return record;
}

/** The record, which must not be deleted. */
export async function loadLive(services: Services, type: RecordType, ids: Ids): Promise<StoredRecord> {
  const record = await load(services, type, ids);
  if (record.deletedAt) {
    throw new NotFound(
      `The ${type.label.toLowerCase()} ${record.id} was deleted at ${record.deletedAt}; it can be restored (POST …/restore).`,
    );
  }
  return record;
}

/** Parses a record's data with its schema and cross-field rules, or throws Invalid naming each field. */
export function checkData(type: RecordType, input: unknown, today: string): RecordData {
  const data = parseOrThrow(type.schema, input) as RecordData;
  const issues = type.check(data, today);
  if (issues.length > 0) throw new Invalid(issues);
  return data;
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Invalid([{ field: 'body', message: 'must be a JSON object' }]);
  return body as Record<string, unknown>;
}

/** Schools concerned beyond the record's own: a guardian link concerns its student's school. */
async function extraSchoolIds(services: Services, type: RecordType, ids: Ids): Promise<string[]> {
  if (type.entity !== 'guardianLink' || !ids.studentId) return [];
  const student = await services.records.get(studentType, { studentId: ids.studentId });
  return student ? [String(student.data.schoolId)] : [];
}

/** The lifecycle event of a change: the record's ids and version, the names of the fields changed, the schools concerned. */
function changeEvent(
  type: RecordType,
  action: ChangeAction,
  before: StoredRecord | undefined,
  after: StoredRecord,
  principal: Principal,
  reason: string | undefined,
  extraSchools: readonly string[],
): DomainEvent {
  return buildEvent(recordEvent(type, action), {
    occurredAt: after.updatedAt,
    actor: { sub: principal.sub, roles: [...principal.roles] },
    ...(reason ? { reason } : {}),
    recordType: type.entity,
    ids: { ...after.ids },
    schoolIds: [
      ...new Set([...type.schoolIds(after.data, after.ids), ...(before ? type.schoolIds(before.data, before.ids) : []), ...extraSchools]),
    ],
    changedFields: action === 'Updated' || action === 'Restored' ? changedFields(before?.data, after.data) : [],
    recordVersion: after.version,
  });
}

/** A change's items (record, history, claims, rules of its kind, outbox event), to commit alone or in a batch. */
export async function changeItemsOf(
  services: Services,
  context: Pick<WriteContext, 'principal' | 'reason'>,
  type: RecordType,
  action: ChangeAction,
  before: StoredRecord | undefined,
  after: StoredRecord,
  touched?: Set<string>,
  extraItems: readonly TransactionItem[] = [],
): Promise<TransactionItem[]> {
  const event = changeEvent(
    type,
    action,
    before,
    after,
    context.principal,
    context.reason,
    await extraSchoolIds(services, type, after.ids),
  );
  const extra = [...extraItems, ...(type.entity === sectionType.entity ? await sectionChangeItems(services, before, after) : [])];
  const actor = context.principal.sub;
  return services.records.changeItems({ type, action, before, after, actor, reason: context.reason, event, extra }, touched);
}

/** Commits one record change (record, history, outbox event, idempotency) and answers the record. */
export async function commitChange(
  services: Services,
  context: WriteContext,
  type: RecordType,
  action: ChangeAction,
  before: StoredRecord | undefined,
  after: StoredRecord,
  extra: readonly TransactionItem[] = [],
): Promise<Written<RecordResult>> {
  const items = await changeItemsOf(services, context, type, action, before, after, undefined, extra);
  const { transactions } = services;
  return writeOnce(context, resultOf(type, after), services.now(), (idempotency) =>
    transactions.transact([...items, ...transactions.idempotencyItems(idempotency)], idempotency),
  );
}
