import { Invalid, NotFound } from '../../../domain/errors';
import { RECORD_TYPES, sectionType, studentType, type Ids, type RecordData, type RecordKind } from '../../../domain/records/record-types';
import { changedFields, parseOrThrow } from '../../../domain/validation';
import { recordEvent, type DomainEvent } from '../../../events/catalog';
import { buildEvent } from '../../../events/envelope';
import { asRecordOf, type ChangeAction, type RecordWrite, type StoredRecord } from '../../repositories/record-store';
import type { Services } from '../../services';
import { sectionChangeItems } from '../scheduling/section-rules';
import type { WriteContext, Written } from '../write-context';

/** What a record use case answers: the record as the API shows it, its version and its ids. */
export interface RecordResult {
  readonly record: Record<string, unknown>;
  readonly version: number;
  readonly ids: Ids;
}

export function recordTypeOf(entity: string): RecordKind {
  const type = RECORD_TYPES.find((candidate) => candidate.entity === entity);
  if (!type) throw new Error(`unknown record type ${entity}`);
  return type;
}

/** The record as the API shows it: id, parent ids, data, then bookkeeping. */
export function view<T extends RecordData>(kind: RecordKind<T>, record: StoredRecord<T>): Record<string, unknown> {
  const parents = Object.fromEntries(kind.idParams.slice(0, -1).map((name) => [name, record.ids[name]]));
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

export const resultOf = <T extends RecordData>(kind: RecordKind<T>, record: StoredRecord<T>): RecordResult => ({
  record: view(kind, record),
  version: record.version,
  ids: record.ids,
});

const describe = (kind: RecordKind, ids: Ids) => `${kind.label.toLowerCase()} ${Object.values(ids).join('/')}`;

/** The record, deleted or not; 404 when there is none. */
export async function load<T extends RecordData>(services: Services, kind: RecordKind<T>, ids: Ids): Promise<StoredRecord<T>> {
  const record = await services.records.get(kind, ids);
  if (!record) throw new NotFound(`No ${describe(kind, ids)}.`);
  return record;
}

/** The record, which must not be deleted. */
export async function loadLive<T extends RecordData>(services: Services, kind: RecordKind<T>, ids: Ids): Promise<StoredRecord<T>> {
  const record = await load(services, kind, ids);
  if (record.deletedAt) {
    throw new NotFound(
      `The ${kind.label.toLowerCase()} ${record.id} was deleted at ${record.deletedAt}; it can be restored (POST …/restore).`,
    );
  }
  return record;
}

/** Parses a record's data with its schema and cross-field rules, or throws Invalid naming each field. */
export function checkData<T extends RecordData>(kind: RecordKind<T>, input: unknown, today: string): T {
  const data = parseOrThrow(kind.schema, input);
  const issues = kind.check(data, today);
  if (issues.length > 0) throw new Invalid(issues);
  return data;
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Invalid([{ field: 'body', message: 'must be a JSON object' }]);
  return body as Record<string, unknown>;
}

/** Schools concerned beyond the record's own: a record kept under a student or a section concerns its school. */
async function extraSchoolIds(services: Services, kind: RecordKind, ids: Ids): Promise<string[]> {
  if (kind.parentSchool === 'student' && ids.studentId) {
    const student = await services.records.get(studentType, { studentId: ids.studentId });
    return student ? [student.data.schoolId] : [];
  }
  if (kind.parentSchool === 'section' && ids.sectionId) {
    const section = await services.records.get(sectionType, { sectionId: ids.sectionId });
    return section ? [section.data.schoolId] : [];
  }
  return [];
}

/** The lifecycle event of a change: the record's ids and version, the names of the fields changed, the schools concerned. */
function changeEvent<T extends RecordData>(
  kind: RecordKind<T>,
  action: ChangeAction,
  before: StoredRecord<T> | undefined,
  after: StoredRecord<T>,
  context: Pick<WriteContext, 'principal' | 'reason'>,
  extraSchools: readonly string[],
): DomainEvent {
  const { principal, reason } = context;
  return buildEvent(recordEvent(kind, action), {
    occurredAt: after.updatedAt,
    actor: { sub: principal.sub, roles: [...principal.roles] },
    ...(reason ? { reason } : {}),
    recordType: kind.entity,
    ids: { ...after.ids },
    schoolIds: [
      ...new Set([...kind.schoolIds(after.data, after.ids), ...(before ? kind.schoolIds(before.data, before.ids) : []), ...extraSchools]),
    ],
    changedFields: action === 'Updated' || action === 'Restored' ? changedFields(before?.data, after.data) : [],
    recordVersion: after.version,
  });
}

/**
 * A change as the record lifecycle makes it (create, update, delete, restore): with its lifecycle
 * event (ids, fields changed, schools concerned) and, for a section, its seat counter and rules.
 */
export async function lifecycleWrite<T extends RecordData>(
  services: Services,
  context: Pick<WriteContext, 'principal' | 'reason'>,
  write: RecordWrite<T>,
  /** For a section whose students move with it: the seat counter as read before its roster (section-move.ts). */
  section: { readonly rosterRead?: { readonly changes?: number } } = {},
): Promise<RecordWrite<T>> {
  const { kind, before } = write;
  const action = write.action ?? (before ? 'Updated' : 'Created');
  const extraSchools = await extraSchoolIds(services, kind, write.ids);
  const given = write.extra;
  return {
    ...write,
    extra: async (after) => [
      ...(typeof given === 'function' ? await given(after) : (given ?? [])),
      ...(kind.entity === sectionType.entity
        ? await sectionChangeItems(services, before && asRecordOf(sectionType, before), asRecordOf(sectionType, after), section.rosterRead)
        : []),
    ],
    events: (after) => [changeEvent(kind, action, before, after, context, extraSchools)],
  };
}

/** Commits one record's lifecycle change (record, history, outbox event, idempotency) and answers the record. */
export async function commitChange<T extends RecordData>(
  services: Services,
  context: WriteContext,
  write: RecordWrite<T>,
): Promise<Written<RecordResult>> {
  return services.records.write(context, await lifecycleWrite(services, context, write), {
    at: services.now().toISOString(),
    result: (record) => resultOf(write.kind, record),
  });
}
