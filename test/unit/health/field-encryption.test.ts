import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ENCRYPTION_CONTEXT,
  FIELD_KEY_ENV,
  FieldCipher,
  getFieldCipher,
  LocalKeyFileProvider,
  type KeyProvider,
  type SealedFields,
} from '../../../functions/platform/field-encryption';
import { KmsKeyProvider } from '../../../functions/platform/kms-key-provider';

const ALLERGY = { allergen: 'peanuts', reaction: 'anaphylaxis', actionPlan: 'EpiPen in the nurse office, call 911' };
const CONTEXT = 'healthRecord|STUDENT1|RECORD1';
const RECORD = { kind: 'healthRecord', schoolId: 'SCHOOL1', studentId: 'STUDENT1' };
/** The encryption context KMS sees for RECORD's data key (decision 0136). */
const KEY_CONTEXT = { purpose: 'sis-field-encryption', kind: 'healthRecord', school: 'SCHOOL1', student: 'STUDENT1' };

const keyFile = () => join(mkdtempSync(join(tmpdir(), 'sis-field-key-')), 'field-key.json');

describe('field encryption with the local key file', () => {
  test('what is sealed opens again, and the stored form shows none of the contents', async () => {
    const cipher = new FieldCipher(() => LocalKeyFileProvider.open(keyFile()));
    const sealed = await cipher.encryptFields(ALLERGY, CONTEXT, RECORD);
    expect(JSON.stringify(sealed)).not.toMatch(/peanut|anaphylaxis|EpiPen/);
    expect(sealed).toMatchObject({ alg: 'AES-256-GCM', keyId: 'local', keyVersion: '1' });
    expect(await cipher.decryptFields(sealed, CONTEXT, RECORD)).toEqual(ALLERGY);
  });

  test("a ciphertext moved to another student's record does not open", async () => {
    const cipher = new FieldCipher(() => LocalKeyFileProvider.open(keyFile()));
    const sealed = await cipher.encryptFields(ALLERGY, CONTEXT, RECORD);
    await expect(cipher.decryptFields(sealed, 'healthRecord|STUDENT2|RECORD1', RECORD)).rejects.toThrow();
  });

  test('a tampered ciphertext does not open', async () => {
    const cipher = new FieldCipher(() => LocalKeyFileProvider.open(keyFile()));
    const sealed = await cipher.encryptFields(ALLERGY, CONTEXT, RECORD);
    const ct = Buffer.from(sealed.ct, 'base64');
    ct[0] = ct[0]! ^ 1;
    await expect(cipher.decryptFields({ ...sealed, ct: ct.toString('base64') }, CONTEXT, RECORD)).rejects.toThrow();
  });

  test('rotation: new writes use the new key version, old items still open, and re-encryption moves them to the new version', async () => {
    const file = keyFile();
    const provider = LocalKeyFileProvider.open(file);
    const cipher = new FieldCipher(() => provider);
    const old = await cipher.encryptFields(ALLERGY, CONTEXT, RECORD);
    expect(old.keyVersion).toBe('1');

    expect(provider.rotate()).toBe('2');
    const fresh = await cipher.encryptFields(ALLERGY, CONTEXT, RECORD);
    expect(fresh.keyVersion).toBe('2');
    expect(cipher.needsReencryption(old)).toBe(true);
    expect(cipher.needsReencryption(fresh)).toBe(false);

    // A new container (nothing cached) still reads both, from the file alone.
    const restarted = new FieldCipher(() => LocalKeyFileProvider.open(file));
    expect(await restarted.decryptFields(old, CONTEXT, RECORD)).toEqual(ALLERGY);
    expect(await restarted.decryptFields(fresh, CONTEXT, RECORD)).toEqual(ALLERGY);

    const moved = await restarted.reencrypt(old, CONTEXT, RECORD);
    expect(moved.keyVersion).toBe('2');
    expect(await restarted.decryptFields(moved, CONTEXT, RECORD)).toEqual(ALLERGY);
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { keys: object }).keys)).toEqual(['1', '2']);
  });
});

describe('the key context of decision 0136, with the local key file', () => {
  test('items sealed before it (the purpose alone) still open; a data key of one kind does not open as another', async () => {
    const provider = LocalKeyFileProvider.open(keyFile());
    // How data keys were made before decision 0136: bound to the purpose alone.
    const before: KeyProvider = {
      generate: () => provider.generate(ENCRYPTION_CONTEXT),
      unwrap: (encrypted, keyId, version, context) => provider.unwrap(encrypted, keyId, version, context),
      currentVersion: () => provider.currentVersion(),
    };
    const old = await new FieldCipher(() => before).encryptFields(ALLERGY, CONTEXT, RECORD);
    expect(await new FieldCipher(() => provider).decryptFields(old, CONTEXT, RECORD)).toEqual(ALLERGY);

    const fresh = await new FieldCipher(() => provider).encryptFields(ALLERGY, CONTEXT, RECORD);
    const asCounseling = { ...RECORD, kind: 'counselingRecord' };
    await expect(new FieldCipher(() => provider).decryptFields(fresh, CONTEXT, asCounseling)).rejects.toThrow();
    await expect(new FieldCipher(() => provider).decryptFields(fresh, CONTEXT, { ...RECORD, schoolId: 'SCHOOL2' })).rejects.toThrow();
  });
});

describe('field encryption with KMS', () => {
  const kms = mockClient(KMSClient);
  const KEY_ARN = 'arn:aws:kms:us-west-2:111122223333:key/field';
  const dataKey = randomBytes(32);
  let clock = 0;
  const cipher = () =>
    new FieldCipher(() => new KmsKeyProvider(new KMSClient({}), 'alias/sis-test-fields'), { cacheMs: 60_000, now: () => clock });

  beforeEach(() => {
    kms.reset();
    clock = 0;
    kms.on(GenerateDataKeyCommand).resolves({ KeyId: KEY_ARN, Plaintext: dataKey, CiphertextBlob: Buffer.from('wrapped-data-key') });
    kms.on(DecryptCommand).resolves({ KeyId: KEY_ARN, Plaintext: dataKey });
  });

  test('asks KMS for an AES-256 data key under the configured key, bound to its purpose, kind, school and student, and stores it wrapped', async () => {
    const sealed = await cipher().encryptFields(ALLERGY, CONTEXT, RECORD);
    const [call] = kms.commandCalls(GenerateDataKeyCommand);
    expect(call!.args[0].input).toEqual({
      KeyId: 'alias/sis-test-fields',
      KeySpec: 'AES_256',
      EncryptionContext: KEY_CONTEXT,
    });
    expect(sealed).toMatchObject({
      keyId: KEY_ARN,
      keyVersion: 'alias/sis-test-fields',
      edk: Buffer.from('wrapped-data-key').toString('base64'),
    });
    expect(JSON.stringify(sealed)).not.toContain(dataKey.toString('base64'));
  });

  test('one data key serves a container for the cache period, then a new one is generated', async () => {
    const shared = cipher();
    for (let index = 0; index < 5; index += 1) await shared.encryptFields(ALLERGY, CONTEXT, RECORD);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    clock = 60_001;
    await shared.encryptFields(ALLERGY, CONTEXT, RECORD);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(2);
  });

  test('a stored item opens with KMS Decrypt of its wrapped key, naming the key it was sealed under', async () => {
    const sealed: SealedFields = await cipher().encryptFields(ALLERGY, CONTEXT, RECORD);
    const reader = cipher();
    expect(await reader.decryptFields(sealed, CONTEXT, RECORD)).toEqual(ALLERGY);
    expect(await reader.decryptFields(sealed, CONTEXT, RECORD)).toEqual(ALLERGY);
    const calls = kms.commandCalls(DecryptCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      CiphertextBlob: Buffer.from('wrapped-data-key'),
      KeyId: KEY_ARN,
      EncryptionContext: KEY_CONTEXT,
    });
  });

  test('a data key sealed under the old static context still opens: the record context is tried, then the purpose alone', async () => {
    kms
      .on(DecryptCommand, { EncryptionContext: KEY_CONTEXT })
      .rejects(Object.assign(new Error('InvalidCiphertextException'), { name: 'InvalidCiphertextException' }));
    const sealed: SealedFields = await cipher().encryptFields(ALLERGY, CONTEXT, RECORD);
    expect(await cipher().decryptFields(sealed, CONTEXT, RECORD)).toEqual(ALLERGY);
    expect(kms.commandCalls(DecryptCommand).map((call) => call.args[0].input.EncryptionContext)).toEqual([KEY_CONTEXT, ENCRYPTION_CONTEXT]);
  });

  test("each student's records get a data key of their own, so every KMS call names its student", async () => {
    const shared = cipher();
    await shared.encryptFields(ALLERGY, CONTEXT, RECORD);
    await shared.encryptFields(ALLERGY, 'healthRecord|STUDENT2|RECORD2', { ...RECORD, studentId: 'STUDENT2' });
    await shared.encryptFields(ALLERGY, CONTEXT, RECORD);
    expect(kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input.EncryptionContext?.student)).toEqual([
      'STUDENT1',
      'STUDENT2',
    ]);
  });

  test('when KMS refuses, nothing is sealed or opened', async () => {
    kms.on(GenerateDataKeyCommand).rejects(new Error('AccessDeniedException'));
    await expect(cipher().encryptFields(ALLERGY, CONTEXT, RECORD)).rejects.toThrow('AccessDeniedException');
  });

  test("a function's own cipher, configured with FIELD_KEY_ID, seals and opens through KMS loaded at its first use", async () => {
    process.env[FIELD_KEY_ENV.keyId] = 'alias/sis-test-fields';
    try {
      const functionCipher = getFieldCipher();
      expect(functionCipher.needsReencryption({ keyVersion: 'alias/sis-test-fields' } as SealedFields)).toBe(false);
      const sealed = await functionCipher.encryptFields(ALLERGY, CONTEXT, RECORD);
      expect(sealed).toMatchObject({ keyId: KEY_ARN, keyVersion: 'alias/sis-test-fields' });
      expect(await functionCipher.decryptFields(sealed, CONTEXT, RECORD)).toEqual(ALLERGY);
      expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    } finally {
      delete process.env[FIELD_KEY_ENV.keyId];
    }
  });
});
