import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { digestTable, exportTable, readExport, rehearseRestore } from '../../infra/ops/restore-rehearsal';
import { createTestTable, type TestTable } from '../support/dynamo';

/**
 * The local restore rehearsal (npm run restore:rehearse): a table is exported, wiped, restored
 * and found identical, item for item.
 */
describe('the restore rehearsal', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable('restore');
    // Items of every shape the table holds: strings, numbers, maps, lists, string sets.
    for (let index = 0; index < 120; index += 1) {
      await table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: {
            pk: { S: `STUDENT#${index}` },
            sk: { S: 'STUDENT' },
            entity: { S: 'student' },
            version: { N: String(index + 1) },
            data: {
              M: { legalName: { M: { first: { S: `Ana${index}` }, last: { S: 'Ruiz' } } }, grades: { L: [{ N: '3' }, { S: 'K' }] } },
            },
            tags: { SS: ['b', 'a', 'c'] },
            active: { BOOL: index % 2 === 0 },
          },
        }),
      );
    }
  });
  afterAll(() => table?.drop());

  test('export, wipe, restore: the same count and checksum, and a record reads back as it was', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'sis-restore-'));
    const before = await digestTable(table.client, table.tableName);

    // Act
    const report = await rehearseRestore(table.client, table.tableName, dir);

    // Assert
    expect(before.count).toBeGreaterThanOrEqual(120);
    expect(report).toMatchObject({ ok: true, before, after: before, restoredInto: table.tableName });
    const item = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: 'STUDENT#7' }, sk: { S: 'STUDENT' } } }),
    );
    expect(item.Item?.data?.M?.legalName?.M?.first?.S).toBe('Ana7');
    expect(new Set(item.Item?.tags?.SS)).toEqual(new Set(['a', 'b', 'c']));
  });

  test('restoring beside the table (as AWS does) gives a new table with the same checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sis-restore-'));

    const report = await rehearseRestore(table.client, table.tableName, dir, { target: `${table.tableName}-restored` });

    expect(report.ok).toBe(true);
    expect(report.restoredInto).toBe(`${table.tableName}-restored`);
    expect(await digestTable(table.client, table.tableName)).toEqual(report.before);
  });

  test('a changed item changes the checksum, and an export that lost a line is refused', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'sis-restore-'));
    const exported = await exportTable(table.client, table.tableName, dir);

    // Act: someone edits one student after the export; a line of the export goes missing.
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { pk: { S: 'STUDENT#3' }, sk: { S: 'STUDENT' }, entity: { S: 'student' }, version: { N: '99' } },
      }),
    );
    const lines = readFileSync(join(dir, 'items.jsonl'), 'utf8').split('\n');
    writeFileSync(join(dir, 'items.jsonl'), lines.slice(1).join('\n'));

    // Assert
    const now = await digestTable(table.client, table.tableName);
    expect(now.count).toBe(exported.count);
    expect(now.checksum).not.toBe(exported.checksum);
    expect(() => readExport(dir)).toThrow(/does not match its manifest/);
  });
});
