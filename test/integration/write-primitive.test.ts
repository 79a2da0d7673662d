import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, IdempotencyKeyReused, Invalid, StaleVersion } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { keys, type Key } from '../../domain/keys';
import { schoolType, studentType } from '../../domain/records/record-types';
import type { School } from '../../domain/schemas/school';
import { RecordStore, type StoredRecord } from '../../functions/repositories/record-store';
import { systemContext, type WriteContext } from '../../functions/repositories/write-context';
import { createTestTable, type TestTable } from '../support/dynamo';
import { schoolBody, studentBody } from '../support/fixtures';

/**
 * The one write primitive (RecordStore.write / transaction), against DynamoDB Local: a record's
 * next version, its history and outbox items and the idempotency record go in one transaction;
 * a retry is answered with what the first attempt stored; a failed condition writes nothing.
 */
describe('the write primitive', () => {
  let table: TestTable;
  let documents: DynamoDBDocumentClient;
  let store: RecordStore;
  let sequence = 0;
  const clock = () => new Date(Date.UTC(2026, 7, 1, 8, 0, sequence++)).toISOString();
  const admin: WriteContext = systemContext('admin-1', 'opening the school');

  beforeAll(async () => {
    table = await createTestTable('write-primitive');
    documents = DynamoDBDocumentClient.from(table.client, { marshallOptions: { removeUndefinedValues: true } });
    store = new RecordStore(documents, table.tableName);
  });
  afterAll(() => table?.drop());

  const item = async (key: Key) =>
    (await documents.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }))).Item;
  const partition = async (pk: string, prefix: string) =>
    (
      await documents.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  const school = (name: string): School => schoolType.schema.parse(schoolBody({ name }));
  const eventOf = (record: StoredRecord<School>, action: string) => ({
    source: schoolType.source,
    detailType: `School ${action}`,
    detail: { eventId: `EVT-${record.id}-${record.version}`, occurredAt: record.updatedAt, schoolId: record.id },
  });

  async function created(schoolId: string, context: WriteContext = admin) {
    return store.write(
      context,
      { kind: schoolType, ids: { schoolId }, data: school('Lincoln High'), events: (record) => [eventOf(record, 'Created')] },
      { at: clock() },
    );
  }

  test('a new record is stored at version 1 with its history entry and its outbox event, in one transaction', async () => {
    const written = await created('SCHOOL-NEW');

    expect(written.replayed).toBe(false);
    // Typed by its kind: the data is a School, read without a cast.
    const name: string = written.result.data.name;
    expect(name).toBe('Lincoln High');
    expect(written.result).toMatchObject({ entity: 'school', id: 'SCHOOL-NEW', version: 1, createdBy: 'admin-1', updatedBy: 'admin-1' });
    const key = schoolType.key({ schoolId: 'SCHOOL-NEW' });
    expect(await item(key)).toMatchObject({ entity: 'school', version: 1, data: { name: 'Lincoln High' } });
    expect(await item(keys.history(key, 1))).toMatchObject({
      entity: 'history',
      recordEntity: 'school',
      action: 'Created',
      actor: 'admin-1',
      reason: 'opening the school',
    });
    const outbox = await partition(key.pk, 'OUTBOX#');
    expect(outbox.map((entry) => entry.detailType)).toEqual(['School Created']);
    expect(await store.get(schoolType, { schoolId: 'SCHOOL-NEW' })).toEqual(written.result);
  });

  test('an update builds the next version from the version read, and a stale one is refused with nothing written', async () => {
    const first = (await created('SCHOOL-UPD')).result;
    const renamed = await store.write(
      admin,
      { kind: schoolType, ids: { schoolId: 'SCHOOL-UPD' }, before: first, data: { ...first.data, name: 'Lincoln Middle' } },
      { at: clock() },
    );
    expect(renamed.result).toMatchObject({ version: 2, createdAt: first.createdAt, data: { name: 'Lincoln Middle' } });

    // A second writer that read version 1 too: its change would overwrite the rename.
    const lost = store.write(
      admin,
      { kind: schoolType, ids: { schoolId: 'SCHOOL-UPD' }, before: first, data: { ...first.data, name: 'Lost update' } },
      { at: clock() },
    );
    await expect(lost).rejects.toBeInstanceOf(StaleVersion);
    const stored = await store.get(schoolType, { schoolId: 'SCHOOL-UPD' });
    expect(stored?.data.name).toBe('Lincoln Middle');
    expect((await store.history(schoolType, { schoolId: 'SCHOOL-UPD' }, 10)).items.map((entry) => entry.version)).toEqual([2, 1]);
  });

  test('a retry of a committed write is answered with the first result and writes nothing again', async () => {
    const retried: WriteContext = {
      ...admin,
      idempotency: { key: keys.idempotency('admin-1', 'retry-1'), fingerprint: 'create SCHOOL-RETRY' },
    };
    const first = await created('SCHOOL-RETRY', retried);
    const again = await created('SCHOOL-RETRY', retried);

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ result: first.result, replayed: true });
    expect((await store.history(schoolType, { schoolId: 'SCHOOL-RETRY' }, 10)).items).toHaveLength(1);
    expect(await partition(schoolType.key({ schoolId: 'SCHOOL-RETRY' }).pk, 'OUTBOX#')).toHaveLength(1);

    // The same retry token for another request is the client's mistake, not a replay.
    const other = { ...retried, idempotency: { ...retried.idempotency!, fingerprint: 'create SCHOOL-OTHER' } };
    await expect(created('SCHOOL-OTHER', other)).rejects.toBeInstanceOf(IdempotencyKeyReused);
    expect(await store.get(schoolType, { schoolId: 'SCHOOL-OTHER' })).toBeUndefined();
  });

  test('extra items commit with the record, and an extra condition that fails raises its own error and writes nothing', async () => {
    const marker = { pk: 'MARKER#write-primitive', sk: 'MARKER' };
    const extra = {
      item: { Put: { TableName: table.tableName, Item: { ...marker, entity: 'marker' } } },
      onConditionFailed: () => new Conflict('marker'),
    };
    await store.write(
      admin,
      { kind: schoolType, ids: { schoolId: 'SCHOOL-EXTRA' }, data: school('Extra High'), extra: [extra] },
      { at: clock() },
    );
    expect(await item(marker)).toMatchObject({ entity: 'marker' });

    class SchoolClosed extends Conflict {}
    const closed = store.write(
      admin,
      {
        kind: schoolType,
        ids: { schoolId: 'SCHOOL-BLOCKED' },
        data: school('Blocked High'),
        extra: [store.liveCheck(schoolType, { schoolId: 'SCHOOL-NONE' }, () => new SchoolClosed('no such school'))],
      },
      { at: clock() },
    );
    await expect(closed).rejects.toBeInstanceOf(SchoolClosed);
    expect(await item(schoolType.key({ schoolId: 'SCHOOL-BLOCKED' }))).toBeUndefined();
    expect(await item(keys.history(schoolType.key({ schoolId: 'SCHOOL-BLOCKED' }), 1))).toBeUndefined();
  });

  test("a kind's own rules hold in the same transaction: a reference to a missing record is refused by its field", async () => {
    const student = studentType.schema.parse(studentBody(newId()));
    const write = store.write(admin, { kind: studentType, ids: { studentId: 'STUDENT-ORPHAN' }, data: student }, { at: clock() });
    await expect(write).rejects.toBeInstanceOf(Invalid);
    await expect(write).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'schoolId' })] });
  });

  test('a delete is a new version marked deleted, and a restore clears the mark; history keeps every step', async () => {
    const first = (await created('SCHOOL-DEL')).result;
    const deleted = await store.write(
      admin,
      { kind: schoolType, ids: { schoolId: 'SCHOOL-DEL' }, before: first, action: 'Deleted' },
      { at: clock() },
    );
    expect(deleted.result).toMatchObject({ version: 2, deletedBy: 'admin-1', data: first.data });
    const restored = await store.write(
      admin,
      { kind: schoolType, ids: { schoolId: 'SCHOOL-DEL' }, before: deleted.result, action: 'Restored' },
      { at: clock() },
    );
    expect(restored.result.version).toBe(3);
    expect(restored.result.deletedAt).toBeUndefined();
    const history = await store.history(schoolType, { schoolId: 'SCHOOL-DEL' }, 10);
    expect(history.items.map((entry) => entry.action)).toEqual(['Restored', 'Deleted', 'Created']);
  });

  test('several records in one transaction: both are written or neither', async () => {
    const transaction = store.transaction(admin, clock());
    await transaction.write({ kind: schoolType, ids: { schoolId: 'SCHOOL-PAIR-1' }, data: school('Pair One') });
    await transaction.write({ kind: schoolType, ids: { schoolId: 'SCHOOL-PAIR-2' }, data: school('Pair Two') });
    await transaction.commit('done');
    expect(await store.get(schoolType, { schoolId: 'SCHOOL-PAIR-1' })).toBeDefined();
    expect(await store.get(schoolType, { schoolId: 'SCHOOL-PAIR-2' })).toBeDefined();

    // The second record exists already: the first is not created either.
    const clash = store.transaction(admin, clock());
    await clash.write({ kind: schoolType, ids: { schoolId: 'SCHOOL-PAIR-3' }, data: school('Pair Three') });
    await clash.write({ kind: schoolType, ids: { schoolId: 'SCHOOL-PAIR-2' }, data: school('Pair Two again') });
    await expect(clash.commit('done')).rejects.toBeInstanceOf(Conflict);
    expect(await store.get(schoolType, { schoolId: 'SCHOOL-PAIR-3' })).toBeUndefined();
  });
});
