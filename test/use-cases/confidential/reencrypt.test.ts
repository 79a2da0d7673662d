import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys as tableKeys } from '../../../domain/keys';
import { COUNSELING, HEALTH, sealingContext } from '../../../domain/records/confidential-types';
import {
  ENCRYPTION_CONTEXT,
  FIELD_KEY_ENV,
  FieldCipher,
  LocalKeyFileProvider,
  type SealedFields,
} from '../../../functions/platform/field-encryption';
import { confidentialHistory, readConfidential } from '../../../functions/use-cases/confidential/read-confidential';
import { readerOf } from '../../../functions/use-cases/confidential/record-access';
import { createConfidential, updateConfidential } from '../../../functions/use-cases/confidential/write-confidential';
import { reencrypt } from '../../../infra/ops/reencrypt';
import { as, by } from '../../support/principals';
import { seedHighSchool, seedStudents } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * `npm run reencrypt` after a rotation of the field key: every health and counseling record and each
 * of its history items ends under the new key version, their contents unchanged; a walk stopped in
 * the middle resumes from its state file without sealing anything twice; a second walk finds nothing.
 */
describe('sealing confidential records again after a key rotation', () => {
  let world: UseCaseServices;

  beforeAll(async () => {
    world = await useCaseServices('reencrypt');
  });
  afterAll(() => world?.drop());

  /** The key versions of every item holding sealed contents, by key. */
  async function versions(): Promise<Map<string, string>> {
    const documents = DynamoDBDocumentClient.from(world.table.client);
    const page = await documents.send(new ScanCommand({ TableName: world.table.tableName, ConsistentRead: true }));
    const found = new Map<string, string>();
    for (const item of page.Items ?? []) {
      const sealed = (item.data as { sealed?: SealedFields } | undefined)?.sealed;
      if (sealed) found.set(`${String(item.pk)} ${String(item.sk)}`, sealed.keyVersion);
    }
    return found;
  }

  test('a rotation, a walk stopped after two items, the walk resumed, then nothing left to do', async () => {
    const { services } = world;
    const schoolId = await seedHighSchool(services, 'Rotation High', { gradeLevels: ['09'] });
    const [studentId] = (await seedStudents(services, schoolId, 1)) as [string];
    const nurse = as.nurse(schoolId, 'NURSE-1');
    const counselor = as.counselor(schoolId, 'COUNSELOR-1');
    const allergy = await createConfidential(
      services,
      HEALTH,
      studentId,
      {
        kind: 'condition',
        category: 'allergy',
        name: 'Bee sting allergy',
        severity: 'severe',
        date: '2026-08-20',
        alert: 'Bee stings: EpiPen',
      },
      by(nurse),
    );
    const ids = { studentId, recordId: allergy.result.ids.recordId };
    await updateConfidential(services, HEALTH, ids, { patch: { severity: 'life-threatening' }, expectedVersion: 1 }, by(nurse));
    await createConfidential(
      services,
      COUNSELING,
      studentId,
      { kind: 'note', date: '2026-09-10', topic: 'Transition', text: 'Settling in well; check again in October' },
      by(counselor),
    );
    const before = await readConfidential(services, HEALTH, ids, readerOf(nurse, undefined));
    const sealedBefore = await versions();
    // Two records, their current items and three history items (created, updated; created).
    expect([...sealedBefore.values()]).toEqual(['1', '1', '1', '1', '1']);

    const keys = LocalKeyFileProvider.open(process.env[FIELD_KEY_ENV.keyFile]!);
    expect(keys.rotate()).toBe('2');
    const cipher = new FieldCipher(() => keys);
    const documents = DynamoDBDocumentClient.from(world.table.client);
    const stateFile = join(mkdtempSync(join(tmpdir(), 'sis-reencrypt-')), 'state.json');

    const stopped = await reencrypt(documents, world.table.tableName, cipher, { segments: 2, stateFile, stopAfter: 2 });
    // Two segments run at once: the other one's item under way when the stop comes is finished too.
    expect(stopped.finished).toBe(false);
    expect(stopped.resealed).toBeGreaterThanOrEqual(2);
    expect(stopped.resealed).toBeLessThan(5);
    expect(existsSync(stateFile)).toBe(true);

    const resumed = await reencrypt(documents, world.table.tableName, cipher, { stateFile });
    expect(resumed).toMatchObject({ finished: true, resealed: 5, changedMeanwhile: 0 });
    expect(existsSync(stateFile)).toBe(false);
    expect([...(await versions()).values()]).toEqual(['2', '2', '2', '2', '2']);

    // The contents open as before, through the use cases, history included.
    expect(await readConfidential(services, HEALTH, ids, readerOf(nurse, undefined))).toEqual(before);
    const history = await confidentialHistory(services, HEALTH, ids, { limit: 10 }, readerOf(nurse, undefined));
    expect(history.items.map((entry) => (entry.record as { severity: string }).severity)).toEqual(['life-threatening', 'severe']);

    const again = await reencrypt(documents, world.table.tableName, cipher, { stateFile });
    expect(again).toEqual({ finished: true, sealedItems: 5, current: 5, resealed: 0, changedMeanwhile: 0 });
  });

  test('an item sealed before the record context (under the purpose alone) is sealed again on the current version', async () => {
    const { services } = world;
    const schoolId = await seedHighSchool(services, 'Context High', { gradeLevels: ['09'] });
    const [studentId] = (await seedStudents(services, schoolId, 1)) as [string];
    const nurse = as.nurse(schoolId, 'NURSE-2');
    const visit = await createConfidential(
      services,
      HEALTH,
      studentId,
      { kind: 'condition', category: 'condition', name: 'Asthma', severity: 'moderate', date: '2026-09-01' },
      by(nurse),
    );
    const ids = { studentId, recordId: visit.result.ids.recordId };
    const before = await readConfidential(services, HEALTH, ids, readerOf(nurse, undefined));

    // The record's item as a function wrote it before decision 0136: its data key bound to the purpose alone.
    const keys = LocalKeyFileProvider.open(process.env[FIELD_KEY_ENV.keyFile]!);
    const legacy = new FieldCipher(() => ({
      generate: () => keys.generate(ENCRYPTION_CONTEXT),
      unwrap: (...args) => keys.unwrap(...args),
      currentVersion: () => keys.currentVersion(),
    }));
    const documents = DynamoDBDocumentClient.from(world.table.client);
    // Everything on the current version first (the services may have sealed the record under the version before the
    // rotation of the test above: their key file is read again at most once a second).
    await reencrypt(documents, world.table.tableName, new FieldCipher(() => keys), {});
    const key = tableKeys.confidentialRecord('health', studentId, ids.recordId);
    const item = (await documents.send(new GetCommand({ TableName: world.table.tableName, Key: key }))).Item!;
    const contents = await new FieldCipher(() => keys).decryptFields(
      item.data.sealed,
      sealingContext(HEALTH.type, studentId, ids.recordId),
      {
        kind: 'healthRecord',
        schoolId,
        studentId,
      },
    );
    const sealedBefore0136 = await legacy.encryptFields(contents, sealingContext(HEALTH.type, studentId, ids.recordId), {
      kind: 'healthRecord',
      schoolId,
      studentId,
    });
    await documents.send(
      new UpdateCommand({
        TableName: world.table.tableName,
        Key: key,
        UpdateExpression: 'SET #data.#sealed = :sealed',
        ExpressionAttributeNames: { '#data': 'data', '#sealed': 'sealed' },
        ExpressionAttributeValues: { ':sealed': sealedBefore0136 },
      }),
    );
    const cipher = new FieldCipher(() => keys);
    const record = { kind: 'healthRecord', schoolId, studentId };
    expect(await cipher.sealedForRecord(sealedBefore0136, record)).toBe(false);

    const walk = await reencrypt(documents, world.table.tableName, cipher, {});
    // Only that item: the other records of the file and the record's history item are bound to their record already.
    expect(walk.resealed).toBe(1);
    const after = (await documents.send(new GetCommand({ TableName: world.table.tableName, Key: key }))).Item!;
    expect(await cipher.sealedForRecord(after.data.sealed, record)).toBe(true);
    expect(await readConfidential(services, HEALTH, ids, readerOf(nurse, undefined))).toEqual(before);
  });
});
