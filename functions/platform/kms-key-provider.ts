import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { traced } from './aws-clients';
import type { DataKey, KeyContext, KeyProvider } from './field-encryption';

/** KMS: GenerateDataKey for new data keys, Decrypt for stored ones. */
export class KmsKeyProvider implements KeyProvider {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async generate(context: KeyContext): Promise<DataKey> {
    const result = await this.kms.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
    );
    if (!result.Plaintext || !result.CiphertextBlob || !result.KeyId) throw new Error('KMS returned no data key');
    // The configured key names the version: KMS's own yearly rotation of key material is invisible
    // to Decrypt, and a move to another key (a new FIELD_KEY_ID) is a new version here. Decrypt
    // names the key's ARN, which KMS answered with.
    return {
      keyId: result.KeyId,
      keyVersion: this.keyId,
      plaintext: Buffer.from(result.Plaintext),
      encrypted: Buffer.from(result.CiphertextBlob),
    };
  }

  async unwrap(encrypted: Buffer, keyId: string, _keyVersion: string, context: KeyContext): Promise<Buffer> {
    const result = await this.kms.send(new DecryptCommand({ CiphertextBlob: encrypted, KeyId: keyId, EncryptionContext: { ...context } }));
    if (!result.Plaintext) throw new Error('KMS returned no plaintext key');
    return Buffer.from(result.Plaintext);
  }

  currentVersion(): string {
    return this.keyId;
  }
}

/** The provider of a function's field key: a traced KMS client of its own. */
export const kmsKeyProvider = (keyId: string): KeyProvider => new KmsKeyProvider(traced(new KMSClient({})), keyId);
