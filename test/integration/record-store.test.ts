import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, Invalid, StaleVersion } from '../../domain/errors';
import { keys } from '../../domain/keys';
import { schoolType, staffType, studentType, type RecordType } from '../../domain/records/record-types';
import { ActivityStore } from '../../functions/repositories/activity-store';
import { RecordStore, type ChangeAction, type StoredRecord } from '../../functions/repositories/record-store';
import { systemContext } from '../../functions/repositories/write-context';
import { createTestTable, type TestTable } from '../support/dynamo';
import { schoolBody, staffBody, studentBody } from '../support/fixtures';

/** The one transaction builder, against DynamoDB Local: all of a change or none of it. */
describe('RecordStore', () => {
  let table: TestTable;
  let documents: DynamoDBDocumentClient;
  let store: RecordStore;
  let sequence = 0;

  beforeAll(async () => {
    table = await createTestTable('record-store');
    documents = DynamoDBDocumentClient.from(table.client);
    store = new RecordStore(documents, table.tableName);
  });
  afterAll(() => table?.drop());

  const partition = async (pk: string) =>
    (
      await documents.send(
        new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
      )
    ).Items ?? [];

  function record(type: RecordType, id: string, data: Record<string, unknown>, version = 1): StoredRecord {
    const at = new Date(Date.UTC(2026, 7, 1, 8, 0, sequence++)).toISOString();
    return {
      entity: type.entity,
      id,
      ids: { [type.idParams[0]!]: id },
      version,
      data,
      createdAt: at,
      createdBy: 'tester',
      updatedAt: at,
      updatedBy: 'tester',
    };
  }

  async function write(type: RecordType, action: ChangeAction, after: StoredRecord, before?: StoredRecord) {
    const eventId = `EVT${(sequence++).toString().padStart(10, '0')}`;
    await store.write(
      systemContext('tester'),
      {
        kind: type,
        ids: after.ids,
        action,
        data: after.data,
        ...(before ? { before } : {}),
        events: () => [{ source: type.source, detailType: `${type.label} ${action}`, detail: { eventId } }],
      },
      { at: after.updatedAt },
    );
  }

  async function newSchool(id: string) {
    const school = record(schoolType, id, schoolBody());
    await write(schoolType, 'Created', school);
    return school;
  }

  test('a create writes the record, its first history version and an outbox event in one go', async () => {
    await newSchool('SCHOOL-A');

    const items = await partition('SCHOOL#SCHOOL-A');

    expect(items.map((item) => item.entity).sort()).toEqual(['history', 'outbox', 'school']);
    expect(items.find((item) => item.entity === 'outbox')).toMatchObject({ detailType: 'School Created', expiresAt: expect.any(Number) });
  });

  test('a write based on an old version is refused and changes nothing', async () => {
    const school = await newSchool('SCHOOL-B');
    const v2 = { ...school, version: 2, data: { ...school.data, name: 'Renamed' } };
    await write(schoolType, 'Updated', v2, school);

    const stale = write(schoolType, 'Updated', { ...school, version: 2, data: { ...school.data, name: 'Lost update' } }, school);

    await expect(stale).rejects.toBeInstanceOf(StaleVersion);
    expect((await store.get(schoolType, { schoolId: 'SCHOOL-B' }))?.data.name).toBe('Renamed');
    expect((await store.history(schoolType, { schoolId: 'SCHOOL-B' }, 10)).items.map((entry) => entry.version)).toEqual([2, 1]);
  });

  test('a second record claiming the same unique value fails whole: no record, no history, no event', async () => {
    await newSchool('SCHOOL-C');
    const body = studentBody('SCHOOL-C');
    await write(studentType, 'Created', record(studentType, 'STUDENT-1', body));

    const duplicate = write(studentType, 'Created', record(studentType, 'STUDENT-2', { ...body }));

    await expect(duplicate).rejects.toBeInstanceOf(Conflict);
    expect(await partition('STUDENT#STUDENT-2')).toEqual([]);
  });

  test('changing a unique value releases the old claim for others', async () => {
    await newSchool('SCHOOL-D');
    const first = record(studentType, 'STUDENT-3', studentBody('SCHOOL-D', { districtStudentId: 'D-100' }));
    await write(studentType, 'Created', first);
    await write(studentType, 'Updated', { ...first, version: 2, data: { ...first.data, districtStudentId: 'D-101' } }, first);

    await write(studentType, 'Created', record(studentType, 'STUDENT-4', studentBody('SCHOOL-D', { districtStudentId: 'D-100' })));

    expect((await store.get(studentType, { studentId: 'STUDENT-4' }))?.data.districtStudentId).toBe('D-100');
    await expect(
      write(studentType, 'Created', record(studentType, 'STUDENT-5', studentBody('SCHOOL-D', { districtStudentId: 'D-101' }))),
    ).rejects.toBeInstanceOf(Conflict);
  });

  test('a record naming a deleted school is refused, on the field that names it', async () => {
    const school = await newSchool('SCHOOL-E');
    await write(schoolType, 'Deleted', { ...school, version: 2, deletedAt: school.createdAt, deletedBy: 'tester' }, school);

    const attempt = write(studentType, 'Created', record(studentType, 'STUDENT-6', studentBody('SCHOOL-E')));

    await expect(attempt).rejects.toBeInstanceOf(Invalid);
    await expect(attempt).rejects.toMatchObject({ issues: [{ field: 'schoolId', message: expect.stringContaining('school') }] });
  });

  test("a staff member's school listings follow their assignments, and leave when they are deleted", async () => {
    await newSchool('SCHOOL-F');
    await newSchool('SCHOOL-G');
    const staff = record(staffType, 'STAFF-1', staffBody(['SCHOOL-F', 'SCHOOL-G']));
    await write(staffType, 'Created', staff);
    const inSchool = async (schoolId: string) =>
      (await store.query(staffType, { index: 'gsi1', partition: keys.staffOfSchool(schoolId), sortKeyPrefix: '', limit: 10 })).items.map(
        (item) => item.id,
      );
    expect(await inSchool('SCHOOL-G')).toEqual(['STAFF-1']);

    const moved = { ...staff, version: 2, data: { ...staff.data, assignments: [{ schoolId: 'SCHOOL-F', primary: true }] } };
    await write(staffType, 'Updated', moved, staff);
    expect(await inSchool('SCHOOL-G')).toEqual([]);
    expect(await inSchool('SCHOOL-F')).toEqual(['STAFF-1']);

    await write(staffType, 'Deleted', { ...moved, version: 3, deletedAt: moved.updatedAt, deletedBy: 'tester' }, moved);
    expect(await inSchool('SCHOOL-F')).toEqual([]);
  });
});

describe('ActivityStore', () => {
  let table: TestTable;
  let activity: ActivityStore;

  beforeAll(async () => {
    table = await createTestTable('activity-store');
    activity = new ActivityStore(DynamoDBDocumentClient.from(table.client), table.tableName);
  });
  afterAll(() => table?.drop());

  test('an event delivered twice is filed once, under each of its schools', async () => {
    const entry = {
      eventId: 'EVT-1',
      occurredAt: '2026-09-01T14:00:00.000Z',
      source: 'sis.people',
      detailType: 'Staff Member Updated',
      recordType: 'staff',
      ids: { staffId: 'STAFF-9' },
      actor: { sub: 'admin', roles: ['district_admin'] },
      changedFields: ['assignments'],
    };

    expect(await activity.record(entry, ['S1', 'S2'])).toBe(true);
    expect(await activity.record(entry, ['S1', 'S2'])).toBe(false);

    for (const schoolId of ['S1', 'S2']) {
      const day = await activity.listDay(schoolId, '2026-09-01', 10);
      expect(day.items).toEqual([expect.objectContaining({ eventId: 'EVT-1', detailType: 'Staff Member Updated' })]);
    }
  });

  test('a day of guardian events is spread over shards, and is read back whole, in order, page by page, each event once', async () => {
    // Arrange: 60 guardian events of one day (no school: the district's activity), delivered twice.
    const entries = Array.from({ length: 60 }, (_, index) => ({
      eventId: `EVT-G-${String(index).padStart(3, '0')}`,
      occurredAt: `2026-09-02T15:${String(index).padStart(2, '0')}:00.000Z`,
      source: 'sis.people',
      detailType: 'Guardian Updated',
      recordType: 'guardian',
      ids: { guardianId: `G-${index}` },
      actor: { sub: 'parent', roles: ['guardian'] },
      changedFields: ['phone'],
    }));
    await Promise.all(entries.map((entry) => activity.record(entry, [])));
    const again = await Promise.all(entries.map((entry) => activity.record(entry, [])));

    // Act: pages of 25 through every shard.
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await activity.listDay('district', '2026-09-02', 25, cursor);
      seen.push(...page.items.map((item) => item.eventId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    // Assert
    expect(again.every((filed) => filed === false)).toBe(true);
    expect(seen).toEqual(entries.map((entry) => entry.eventId));
    expect(pages).toBe(3);
    const filed = await DynamoDBDocumentClient.from(table.client).send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: 'begins_with(pk, :day)',
        ExpressionAttributeValues: { ':day': 'SCHOOL#district#ACTIVITY#2026-09-02#' },
      }),
    );
    expect(filed.Items).toHaveLength(60);
    expect(new Set(filed.Items!.map((item) => item.pk)).size).toBeGreaterThan(8);
    await expect(activity.listDay('district', '2026-09-02', 25, 'bm90LWEtY3Vyc29y')).rejects.toThrow();
  });
});
