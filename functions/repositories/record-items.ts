import { Conflict, Invalid, NotFound, StaleVersion, UniqueClaimTaken } from '../../domain/errors';
import { keys } from '../../domain/keys';
import { BOOKKEEPING_FIELDS, type RecordData, type RecordKind, type StoredRecord } from '../../domain/records/record-kind';
import { keyId, type TransactionItem } from './transaction-runner';

export type ChangeAction = 'Created' | 'Updated' | 'Deleted' | 'Restored';

/** One record's change as the engine writes it: the version read (none when creating) and the next one. */
export interface RecordChange<T extends RecordData = RecordData> {
  readonly kind: RecordKind<T>;
  readonly action: ChangeAction;
  readonly before?: StoredRecord<T>;
  readonly after: StoredRecord<T>;
  readonly actor: string;
  readonly reason?: string;
}

/** Reads a stored record out of a base, history or projection item. */
export function toRecord(item: Record<string, unknown>): StoredRecord {
  const record: Record<string, unknown> = {
    entity: String(item.recordEntity ?? item.entity),
    id: String(item.id),
    ids: item.ids,
    data: item.data,
  };
  for (const field of BOOKKEEPING_FIELDS) if (item[field] !== undefined) record[field] = item[field];
  // The item was written by recordAttributes below: these are its attributes, under these names.
  return record as unknown as StoredRecord;
}

/**
 * A stored record of `kind`: the one place an item's data gets its kind's type. Sound because
 * every write of a kind goes through its schema and this engine (the item's key names the kind).
 */
export function recordOf<T extends RecordData>(_kind: RecordKind<T>, item: Record<string, unknown>): StoredRecord<T> {
  return toRecord(item) as StoredRecord<T>;
}

/**
 * A record of any kind (the generic record routes hold one) as a record of `kind`, once checked
 * that it is one: a kind's records hold its data, and kinds are told apart by their entity.
 */
export function asRecordOf<T extends RecordData>(kind: RecordKind<T>, record: StoredRecord): StoredRecord<T> {
  if (record.entity !== kind.entity) throw new Error(`a ${record.entity} record is not a ${kind.entity}`);
  return record as StoredRecord<T>;
}

/** The attributes that store a record (in its own item, its history items and its projections). */
function recordAttributes(record: StoredRecord): Record<string, unknown> {
  const attributes: Record<string, unknown> = { id: record.id, ids: record.ids, data: record.data };
  for (const field of BOOKKEEPING_FIELDS) if (record[field] !== undefined) attributes[field] = record[field];
  return attributes;
}

const live = (record: StoredRecord | undefined) => record !== undefined && record.deletedAt === undefined;

/**
 * The items of one record's change: the record (conditioned on the version read, or on its
 * absence), its history item, its projections, its uniqueness claims and its reference checks.
 * @param touched keys already in the transaction: a reference to a record written or checked in
 *   the same transaction needs no check (and DynamoDB allows one operation per item); the keys
 *   of these items are added to it.
 */
export function recordChangeItems<T extends RecordData>(
  tableName: string,
  change: RecordChange<T>,
  touched: Set<string>,
): TransactionItem[] {
  const { kind, before, after } = change;
  const key = kind.key(after.ids);
  const items: TransactionItem[] = [];
  touched.add(keyId(key));

  // 1. The record itself, guarded by its version.
  const indexKeys = live(after) ? kind.indexKeys(after.data, after.ids) : {};
  items.push({
    item: {
      Put: {
        TableName: tableName,
        Item: { ...key, entity: kind.entity, ...recordAttributes(after), ...indexKeys },
        ...(before
          ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': before.version } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
    onConditionFailed: () =>
      before
        ? new StaleVersion(undefined)
        : new Conflict(`${/^[aeiou]/i.test(kind.label) ? 'An' : 'A'} ${kind.label.toLowerCase()} with id ${after.id} already exists.`),
  });

  // 2. Its history: one item per version, never overwritten.
  const historyKey = keys.history(key, after.version);
  touched.add(keyId(historyKey));
  items.push({
    item: {
      Put: {
        TableName: tableName,
        Item: {
          ...historyKey,
          entity: 'history',
          recordEntity: kind.entity,
          ...recordAttributes(after),
          action: change.action,
          at: after.updatedAt,
          actor: change.actor,
          ...(change.reason ? { reason: change.reason } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () => new StaleVersion(undefined),
  });

  // 3. Projections (extra index items) follow the record; a deleted record has none.
  const oldProjections = before && live(before) ? kind.projections(before.data, before.ids) : [];
  const newProjections = live(after) ? kind.projections(after.data, after.ids) : [];
  const keep = new Set(newProjections.map(keyId));
  for (const projection of newProjections) {
    touched.add(keyId(projection));
    items.push({
      item: {
        Put: {
          TableName: tableName,
          Item: { ...projection, entity: `${kind.entity}Projection`, recordEntity: kind.entity, ...recordAttributes(after) },
        },
      },
      onConditionFailed: () => new Conflict('projection write failed'),
    });
  }
  for (const projection of oldProjections.filter((candidate) => !keep.has(keyId(candidate)))) {
    touched.add(keyId(projection));
    items.push({
      item: { Delete: { TableName: tableName, Key: { pk: projection.pk, sk: projection.sk } } },
      onConditionFailed: () => new Conflict('projection delete failed'),
    });
  }

  // 4. Uniqueness claims: a value is claimed by one record; a claim is kept while deleted.
  // A kind that releases its claims when deleted takes them again when restored.
  const claimsOf = (record: StoredRecord<T> | undefined) =>
    record === undefined || (kind.releaseClaimsWhenDeleted && !live(record)) ? [] : kind.uniques(record.data);
  const oldClaims = claimsOf(before);
  const newClaims = claimsOf(after);
  const oldClaimIds = new Set(oldClaims.map((claim) => keyId(claim.key)));
  const newClaimIds = new Set(newClaims.map((claim) => keyId(claim.key)));
  for (const claim of newClaims.filter((candidate) => !oldClaimIds.has(keyId(candidate.key)))) {
    touched.add(keyId(claim.key));
    items.push({
      item: {
        Put: {
          TableName: tableName,
          Item: { ...claim.key, entity: 'uniqueClaim', ownerPk: key.pk, ownerSk: key.sk, field: claim.field },
          ConditionExpression: 'attribute_not_exists(pk) OR (ownerPk = :pk AND ownerSk = :sk)',
          ExpressionAttributeValues: { ':pk': key.pk, ':sk': key.sk },
        },
      },
      onConditionFailed: () =>
        new UniqueClaimTaken(
          claim.field,
          claim.key,
          claim.message ??
            `${claim.field} ${JSON.stringify(after.data[claim.field])} already belongs to another ${kind.label.toLowerCase()}.`,
        ),
    });
  }
  for (const claim of oldClaims.filter((candidate) => !newClaimIds.has(keyId(candidate.key)))) {
    touched.add(keyId(claim.key));
    items.push({
      item: {
        Delete: {
          TableName: tableName,
          Key: claim.key,
          ConditionExpression: 'ownerPk = :pk AND ownerSk = :sk',
          ExpressionAttributeValues: { ':pk': key.pk, ':sk': key.sk },
        },
      },
      onConditionFailed: () => new Conflict(`${claim.field} claim is held by another record.`),
    });
  }

  // 5. Referenced records must exist and not be deleted, checked in the same transaction.
  if (live(after)) {
    for (const reference of kind.references(after.data, after.ids)) {
      const referenceKey = reference.type.key(reference.ids);
      if (touched.has(keyId(referenceKey))) continue;
      touched.add(keyId(referenceKey));
      const fromPath = kind.idParams.includes(reference.field);
      items.push({
        item: {
          ConditionCheck: {
            TableName: tableName,
            Key: referenceKey,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)',
          },
        },
        onConditionFailed: () => {
          const message = `names no ${reference.type.label.toLowerCase()} (it does not exist or was deleted)`;
          return fromPath
            ? new NotFound(`No ${reference.type.label.toLowerCase()} ${Object.values(reference.ids).join('/')}.`)
            : new Invalid([{ field: reference.field, message }]);
        },
      });
    }
  }
  return items;
}
