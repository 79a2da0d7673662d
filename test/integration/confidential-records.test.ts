import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailable } from '../../domain/errors';
import { keys } from '../../domain/keys';
import type { Principal } from '../../domain/principal';
import { HEALTH } from '../../domain/records/confidential-types';
import { schoolType, studentType, type RecordType } from '../../domain/records/record-types';
import { FieldCipher, LocalKeyFileProvider } from '../../functions/platform/field-encryption';
import { AccessLogStore } from '../../functions/repositories/access-log-store';
import { EnrollmentStore } from '../../functions/repositories/enrollment-store';
import { RecordStore } from '../../functions/repositories/record-store';
import { ScheduleStore } from '../../functions/repositories/schedule-store';
import { TransactionRunner } from '../../functions/repositories/transaction-runner';
import type { Services } from '../../functions/services';
import { AccessControl } from '../../functions/use-cases/access';
import { listConfidential, readConfidential } from '../../functions/use-cases/confidential/read-confidential';
import { createConfidential, restoreConfidential, updateConfidential } from '../../functions/use-cases/confidential/write-confidential';
import { systemContext } from '../../functions/repositories/write-context';
import { createTestTable, type TestTable } from '../support/dynamo';
import { schoolBody, studentBody } from '../support/fixtures';

/** Confidential records against DynamoDB Local: sealed at rest, every read logged first, key rotation. */
describe('confidential records', () => {
  let table: TestTable;
  let documents: DynamoDBDocumentClient;
  let services: Services;
  let provider: LocalKeyFileProvider;
  const nurse: Principal = { sub: 'nurse-1', roles: ['nurse'], staffId: 'NURSE-1', schoolIds: ['SCHOOL-1'] };
  const context = { principal: nurse };
  const allergy = {
    kind: 'condition',
    category: 'allergy',
    name: 'Bee sting allergy',
    severity: 'severe',
    alert: 'Bee sting allergy',
    date: '2026-08-20',
  };

  function servicesWith(accessLog: AccessLogStore): Services {
    const transactions = new TransactionRunner(documents, table.tableName);
    const records = new RecordStore(documents, table.tableName, transactions);
    const enrollments = new EnrollmentStore(documents, table.tableName, transactions);
    const schedules = new ScheduleStore(documents, table.tableName);
    return {
      ...({} as Services),
      transactions,
      records,
      enrollments,
      schedules,
      access: new AccessControl(records, enrollments, schedules),
      accessLog,
      fields: new FieldCipher(() => provider),
      now: () => new Date(),
    };
  }

  async function put(type: RecordType, idName: string, id: string, data: Record<string, unknown>): Promise<string> {
    await services.records.write(systemContext('test'), { kind: type, ids: { [idName]: id }, data }, { at: new Date().toISOString() });
    return id;
  }
  const newStudent = () =>
    put(studentType, 'studentId', `STU${Math.random().toString(36).slice(2, 10).toUpperCase()}`, studentBody('SCHOOL-1'));

  beforeAll(async () => {
    table = await createTestTable('confidential');
    documents = DynamoDBDocumentClient.from(table.client);
    provider = LocalKeyFileProvider.open(join(mkdtempSync(join(tmpdir(), 'sis-keys-')), 'field-key.json'));
    services = servicesWith(new AccessLogStore(documents, table.tableName));
    await put(schoolType, 'schoolId', 'SCHOOL-1', schoolBody());
  });
  afterAll(() => table?.drop());

  test('a read whose access-log entry cannot be written fails, and discloses nothing', async () => {
    const studentId = await newStudent();
    const created = await createConfidential(services, HEALTH, studentId, allergy, context);
    const ids = created.result.ids;

    // The log's write fails for real: its table does not exist.
    const broken = servicesWith(new AccessLogStore(documents, `${table.tableName}-missing`));
    await expect(readConfidential(broken, HEALTH, ids, { principal: nurse })).rejects.toBeInstanceOf(ServiceUnavailable);
    await expect(listConfidential(broken, HEALTH, studentId, { limit: 25 }, { principal: nurse })).rejects.toBeInstanceOf(
      ServiceUnavailable,
    );

    // With the log working, the read goes through and its entry is there first.
    const read = await readConfidential(services, HEALTH, ids, { principal: nurse, purpose: 'allergy review' });
    expect(read.record).toMatchObject({ name: 'Bee sting allergy', severity: 'severe' });
    const log = await services.accessLog.ofStudent(studentId, 10);
    expect(log.items).toEqual([
      expect.objectContaining({
        role: 'nurse',
        purpose: 'allergy review',
        disclosure: false,
        actor: { sub: 'nurse-1', staffId: 'NURSE-1' },
        what: { family: 'health', operation: 'read', recordIds: [ids.recordId] },
      }),
    ]);
  });

  test('the record, its history and its outbox event hold no contents; the event names ids and the kind only', async () => {
    const studentId = await newStudent();
    await createConfidential(services, HEALTH, studentId, allergy, context);
    const items =
      (
        await documents.send(
          new QueryCommand({
            TableName: table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `STUDENT#${studentId}#HEALTH` },
          }),
        )
      ).Items ?? [];
    expect(items.map((item) => item.entity).sort()).toEqual(['healthRecord', 'history', 'outbox']);
    expect(JSON.stringify(items)).not.toMatch(/Bee sting|severe/);
    const outbox = items.find((item) => item.entity === 'outbox')!;
    expect(outbox.detailType).toBe('Health Record Created');
    expect(Object.keys(outbox.detail as object).sort()).toEqual(
      ['actor', 'changedFields', 'eventId', 'eventVersion', 'ids', 'kind', 'occurredAt', 'recordType', 'schoolIds'].sort(),
    );
  });

  test('after a key rotation, new versions use the new key, old versions still open, and restoring one keeps it readable', async () => {
    const studentId = await newStudent();
    const created = await createConfidential(services, HEALTH, studentId, allergy, context);
    const ids = created.result.ids;
    const before = provider.currentVersion();

    const rotated = provider.rotate();
    const changed = await updateConfidential(services, HEALTH, ids, { patch: { severity: 'moderate' }, expectedVersion: 1 }, context);
    const raw = async () =>
      (
        await documents.send(
          new GetCommand({ TableName: table.tableName, Key: keys.confidentialRecord('health', studentId, ids.recordId) }),
        )
      ).Item!;
    expect((await raw()).data.sealed.keyVersion).toBe(rotated);
    expect((await readConfidential(services, HEALTH, ids, { principal: nurse })).record).toMatchObject({ severity: 'moderate' });

    // Version 1, sealed under the old key, comes back as version 3 and opens.
    await restoreConfidential(services, HEALTH, ids, { version: 1 }, { ...context, reason: 'entered in error' });
    expect((await raw()).data.sealed.keyVersion).toBe(before);
    expect(changed.result.version).toBe(2);
    expect((await readConfidential(services, HEALTH, ids, { principal: nurse })).record).toMatchObject({ severity: 'severe', version: 3 });
  });
});
