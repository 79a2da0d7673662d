import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DYNAMODB_LOCAL_LACKS,
  createRestoredTable,
  digestTable,
  exportTable,
  formatReport,
  readExport,
  rehearseRestore,
} from '../../infra/ops/restore-rehearsal';
import { TABLE } from '../../domain/table';
import { TABLE_CAPACITY } from '../../infra/stacks/capacity';
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
  // The in-place rehearsal's runbook puts deletion protection back on the test table: lifted before it is dropped.
  afterAll(async () => {
    if (!table) return;
    await table.client.send(new UpdateTableCommand({ TableName: table.tableName, DeletionProtectionEnabled: false }));
    await table.drop();
  });

  test('export, wipe, restore: the same count and checksum, and a record reads back as it was', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'sis-restore-'));
    const before = await digestTable(table.client, table.tableName);

    // Act
    const report = await rehearseRestore(table.client, table.tableName, dir);

    // Assert
    expect(before.count).toBeGreaterThanOrEqual(120);
    expect(report).toMatchObject({ ok: true, before, after: before, restoredInto: table.tableName, settingsMissing: [] });
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

  test("the runbook puts the stack's settings back on the bare restored table, and the report times each step", async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'sis-restore-'));
    const target = `${table.tableName}-runbook`;

    // Act
    const report = await rehearseRestore(table.client, table.tableName, dir, { target });

    // Assert: what DynamoDB Local holds of the settings is back, from the same definitions the stack uses.
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: target }));
    const ttl = await table.client.send(new DescribeTimeToLiveCommand({ TableName: target }));
    expect(Table?.DeletionProtectionEnabled).toBe(true);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: TABLE.streamViewType });
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: TABLE.timeToLiveAttribute });
    expect(report.settingsMissing).toEqual([]);
    const outcome = (id: string) => report.times.steps.find((step) => step.id === id)?.outcome;
    expect(['deletion-protection', 'stream', 'ttl'].map(outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(['pitr', 'max-throughput', 'warm-throughput', 'tags'].map(outcome)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(outcome('backup-selection')).toBe('deploy');
    expect(report.times.rtoMs).toBeGreaterThanOrEqual(report.times.restoreMs);
    expect(formatReport(report)).toMatch(/RTO +\d+\.\d\d s/);

    // The deletion protection it put back holds: the restored table cannot be deleted until it is lifted.
    await table.client.send(new UpdateTableCommand({ TableName: target, DeletionProtectionEnabled: false }));
  });

  test('what the rehearsal leaves to AWS is what DynamoDB Local cannot do', async () => {
    const name = `${table.tableName}-lacks`;
    const arn = await createRestoredTable(table.client, name);

    const pitr = table.client.send(
      new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    );
    const tags = table.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'sis:stage', Value: 'test' }] }));
    const warm = table.client.send(
      new UpdateTableCommand({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 48_000, WriteUnitsPerSecond: 42_000 } }),
    );

    await expect(pitr).rejects.toThrow(/unknown operation/i);
    await expect(tags).rejects.toThrow(/not currently supported/i);
    await expect(warm).rejects.toThrow(/nothing to update/i);
    // The caps are kept only until the next UpdateTable (the stream's) resets them.
    const caps = { MaxReadRequestUnits: TABLE_CAPACITY.max.readRequestUnits, MaxWriteRequestUnits: TABLE_CAPACITY.max.writeRequestUnits };
    await table.client.send(new UpdateTableCommand({ TableName: name, OnDemandThroughput: caps }));
    await table.client.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
    );
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.OnDemandThroughput).not.toEqual(caps);
    expect([...DYNAMODB_LOCAL_LACKS].sort()).toEqual(['max-throughput', 'pitr', 'tags', 'warm-throughput']);
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
