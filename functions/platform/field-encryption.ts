import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Field-level envelope encryption (decision 0066): the sensitive fields of a record are one
 * AES-256-GCM ciphertext under a data key; the data key, encrypted by the key-encryption key (a
 * KMS key in AWS, a local key file in the local runtime), is stored next to it with the key's id
 * and version. A table export, a backup or a stream record alone reveals nothing of the contents.
 */
export interface SealedFields {
  readonly alg: 'AES-256-GCM';
  /** The key-encryption key: a KMS key ARN, or `local`. */
  readonly keyId: string;
  /** Which version of that key wrapped the data key (rotation: new writes take the current one). */
  readonly keyVersion: string;
  /** The encrypted data key, base64. */
  readonly edk: string;
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

/** A plaintext data key and its encrypted form, from the key provider. */
export interface DataKey {
  readonly keyId: string;
  readonly keyVersion: string;
  readonly plaintext: Buffer;
  readonly encrypted: Buffer;
}

/** What a data key is bound to: KMS's encryption context, which CloudTrail logs with every call. */
export type KeyContext = Readonly<Record<string, string>>;

/** The key-encryption side: KMS in AWS, a key file locally. */
export interface KeyProvider {
  /** A fresh data key under the current key version, bound to the context. */
  generate(context: KeyContext): Promise<DataKey>;
  /** The plaintext of a data key wrapped by the named key and version under the context. */
  unwrap(encrypted: Buffer, keyId: string, keyVersion: string, context: KeyContext): Promise<Buffer>;
  /** The key version new writes use. */
  currentVersion(): string;
}

/** Binds every data key to its purpose, so a KMS grant for anything else cannot unwrap it. */
export const ENCRYPTION_CONTEXT = { purpose: 'sis-field-encryption' } as const;

/** The record a data key seals (decision 0136): its kind, school and student. */
export interface SealedRecord {
  /** The record kind (`healthRecord`, `counselingRecord`, `studentPlan`). */
  readonly kind: string;
  readonly schoolId: string;
  readonly studentId: string;
}

/**
 * The encryption context of a record's data key (decision 0136): the key policy lets each function
 * use the key only for its own kinds, and CloudTrail names the student of every GenerateDataKey
 * and Decrypt. Data keys sealed before it carry {@link ENCRYPTION_CONTEXT} alone and still open.
 */
export const keyContextOf = (record: SealedRecord): KeyContext => ({
  ...ENCRYPTION_CONTEXT,
  kind: record.kind,
  school: record.schoolId,
  student: record.studentId,
});

/** The encryption context's keys, as the key policy names them (`kms:EncryptionContext:<key>`). */
export const KEY_CONTEXT_KEYS = Object.keys(keyContextOf({ kind: '', schoolId: '', studentId: '' }));

/** The local key file's additional authenticated data for a context: the purpose alone for data keys sealed before decision 0136. */
const contextAad = (context: KeyContext): string =>
  Object.keys(context).length === 1 && context.purpose !== undefined
    ? context.purpose
    : Object.entries(context)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => `${key}=${value}`)
        .join(';');

/**
 * KMS, loaded at the first seal or open (decision 0126): most functions never open a confidential
 * record, so the KMS client is a chunk of its own that only the request needing it loads, once per
 * execution environment. The key version is the configured key, known without the client.
 */
class DeferredKmsKeyProvider implements KeyProvider {
  private loaded?: Promise<KeyProvider>;

  constructor(private readonly keyId: string) {}

  private provider(): Promise<KeyProvider> {
    this.loaded ??= import('./kms-key-provider').then(({ kmsKeyProvider }) => kmsKeyProvider(this.keyId));
    return this.loaded;
  }

  async generate(context: KeyContext): Promise<DataKey> {
    return (await this.provider()).generate(context);
  }

  async unwrap(encrypted: Buffer, keyId: string, keyVersion: string, context: KeyContext): Promise<Buffer> {
    return (await this.provider()).unwrap(encrypted, keyId, keyVersion, context);
  }

  currentVersion(): string {
    return this.keyId;
  }
}

interface KeyFileContents {
  current: string;
  keys: Record<string, string>;
}

const gcm = (key: Buffer, plaintext: Buffer, aad: string) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ct };
};

const ungcm = (key: Buffer, iv: Buffer, tag: Buffer, ct: Buffer, aad: string): Buffer => {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]);
};

/**
 * The local runtime's key-encryption keys: a JSON file under the local data folder with every
 * key version (32 random bytes each) and the current one, created on first use (like the local
 * JWT signing key). `rotate` adds a version; old versions stay so old items still decrypt.
 */
export class LocalKeyFileProvider implements KeyProvider {
  private checkedAt = 0;
  private modifiedAt: number;

  private constructor(
    private readonly file: string,
    private contents: KeyFileContents,
  ) {
    this.modifiedAt = statSync(file).mtimeMs;
  }

  /**
   * Reads the file again when another process changed it (`npm run reencrypt -- --rotate` beside a
   * running system), looking at most once a second: new writes then take the new version, and
   * items sealed under it open.
   */
  private refresh(force = false): void {
    const now = Date.now();
    if (!force && now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    const modifiedAt = statSync(this.file).mtimeMs;
    if (modifiedAt === this.modifiedAt) return;
    this.modifiedAt = modifiedAt;
    this.contents = JSON.parse(readFileSync(this.file, 'utf8')) as KeyFileContents;
  }

  static open(file: string): LocalKeyFileProvider {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const contents: KeyFileContents = { current: '1', keys: { '1': randomBytes(32).toString('base64') } };
      writeFileSync(file, JSON.stringify(contents, null, 2), { mode: 0o600 });
    }
    return new LocalKeyFileProvider(file, JSON.parse(readFileSync(file, 'utf8')) as KeyFileContents);
  }

  /** Adds a new key version and makes it current; returns it. */
  rotate(): string {
    const next = String(Math.max(...Object.keys(this.contents.keys).map(Number)) + 1);
    this.contents = { current: next, keys: { ...this.contents.keys, [next]: randomBytes(32).toString('base64') } };
    writeFileSync(this.file, JSON.stringify(this.contents, null, 2), { mode: 0o600 });
    this.modifiedAt = statSync(this.file).mtimeMs;
    return next;
  }

  private key(version: string): Buffer {
    if (!this.contents.keys[version]) this.refresh(true);
    const key = this.contents.keys[version];
    if (!key) throw new Error(`the local key file has no key version ${version}`);
    return Buffer.from(key, 'base64');
  }

  generate(context: KeyContext): Promise<DataKey> {
    this.refresh();
    const plaintext = randomBytes(32);
    const version = this.contents.current;
    const { iv, tag, ct } = gcm(this.key(version), plaintext, contextAad(context));
    return Promise.resolve({ keyId: 'local', keyVersion: version, plaintext, encrypted: Buffer.concat([iv, tag, ct]) });
  }

  unwrap(encrypted: Buffer, _keyId: string, keyVersion: string, context: KeyContext): Promise<Buffer> {
    try {
      const key = this.key(keyVersion);
      return Promise.resolve(
        ungcm(key, encrypted.subarray(0, 12), encrypted.subarray(12, 28), encrypted.subarray(28), contextAad(context)),
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  currentVersion(): string {
    this.refresh();
    return this.contents.current;
  }
}

export interface FieldCipherOptions {
  /** How long a plaintext data key is reused for new writes, and kept for reads. @default 300000 (5 minutes) */
  readonly cacheMs?: number;
  /** Encryptions under one data key before a new one is asked for. @default 10000 */
  readonly maxUses?: number;
  readonly now?: () => number;
}

/**
 * Seals and opens fields. A plaintext data key is cached per execution environment and record
 * (kind, school, student: its encryption context) for a bounded time and number of uses, so a
 * burst of writes about one student is one KMS call; unwrapped keys of stored items are cached as
 * long, by their encrypted form.
 * @param aad additional authenticated data: the record's identity, so a ciphertext moved to
 *   another record (another student) fails to open
 */
export class FieldCipher {
  private readonly current = new Map<string, { key: DataKey; until: number; uses: number }>();
  private readonly unwrapped = new Map<string, { key: Buffer; until: number }>();
  private readonly cacheMs: number;
  private readonly maxUses: number;
  private readonly now: () => number;

  constructor(
    private readonly provider: () => KeyProvider,
    options: FieldCipherOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 300_000;
    this.maxUses = options.maxUses ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async encryptFields(fields: Readonly<Record<string, unknown>>, aad: string, record: SealedRecord): Promise<SealedFields> {
    const key = await this.dataKey(keyContextOf(record));
    const { iv, tag, ct } = gcm(key.plaintext, Buffer.from(JSON.stringify(fields), 'utf8'), aad);
    return {
      alg: 'AES-256-GCM',
      keyId: key.keyId,
      keyVersion: key.keyVersion,
      edk: key.encrypted.toString('base64'),
      iv: iv.toString('base64'),
      tag: tag.toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  async decryptFields(sealed: SealedFields, aad: string, record: SealedRecord): Promise<Record<string, unknown>> {
    const key = await this.unwrap(sealed, record);
    const plaintext = ungcm(
      key,
      Buffer.from(sealed.iv, 'base64'),
      Buffer.from(sealed.tag, 'base64'),
      Buffer.from(sealed.ct, 'base64'),
      aad,
    );
    return JSON.parse(plaintext.toString('utf8')) as Record<string, unknown>;
  }

  /** True when the fields were sealed under a key version other than the current one. */
  needsReencryption(sealed: SealedFields): boolean {
    return sealed.keyVersion !== this.provider().currentVersion();
  }

  /**
   * True when the data key opens under the record's own context (decision 0136), false when it was sealed under the
   * purpose alone, before that decision: such an item is sealed again even on the current key version. Asks the key
   * provider itself (a refused Decrypt in AWS), not the cache, which does not say which context opened a key.
   */
  async sealedForRecord(sealed: SealedFields, record: SealedRecord): Promise<boolean> {
    return this.provider()
      .unwrap(Buffer.from(sealed.edk, 'base64'), sealed.keyId, sealed.keyVersion, keyContextOf(record))
      .then(
        () => true,
        () => false,
      );
  }

  /** The same fields sealed again under the current key version and the record's context (a rotation's re-encryption). */
  async reencrypt(sealed: SealedFields, aad: string, record: SealedRecord): Promise<SealedFields> {
    return this.encryptFields(await this.decryptFields(sealed, aad, record), aad, record);
  }

  private async dataKey(context: KeyContext): Promise<DataKey> {
    const now = this.now();
    const provider = this.provider();
    const name = contextAad(context);
    const cached = this.current.get(name);
    if (cached && cached.until > now && cached.uses < this.maxUses && cached.key.keyVersion === provider.currentVersion()) {
      cached.uses += 1;
      return cached.key;
    }
    const key = await provider.generate(context);
    this.remember(this.current, name, { key, until: now + this.cacheMs, uses: 1 }, now);
    this.remember(this.unwrapped, key.encrypted.toString('base64'), { key: key.plaintext, until: now + this.cacheMs }, now);
    return key;
  }

  /**
   * The data key of stored fields: under the record's context, or else under the purpose alone,
   * which data keys sealed before decision 0136 carry (until `npm run reencrypt` has sealed them
   * again); KMS refuses a context other than the one a data key was made with.
   */
  private async unwrap(sealed: SealedFields, record: SealedRecord): Promise<Buffer> {
    const now = this.now();
    const cached = this.unwrapped.get(sealed.edk);
    if (cached && cached.until > now) return cached.key;
    const provider = this.provider();
    const encrypted = Buffer.from(sealed.edk, 'base64');
    const key = await provider
      .unwrap(encrypted, sealed.keyId, sealed.keyVersion, keyContextOf(record))
      .catch((error: unknown) =>
        provider.unwrap(encrypted, sealed.keyId, sealed.keyVersion, ENCRYPTION_CONTEXT).catch(() => Promise.reject(error)),
      );
    this.remember(this.unwrapped, sealed.edk, { key, until: now + this.cacheMs }, now);
    return key;
  }

  /** Caches an entry, keeping each cache under 1,000 entries (expired ones go first). */
  private remember<T extends { until: number }>(cache: Map<string, T>, name: string, entry: T, now: number): void {
    if (cache.size >= 1000) {
      for (const [other, held] of cache) if (held.until <= now) cache.delete(other);
      if (cache.size >= 1000) cache.clear();
    }
    cache.set(name, entry);
  }
}

/** Where the function learns its key: FIELD_KEY_ID (a KMS key id or ARN) in AWS, FIELD_KEY_FILE locally. */
export const FIELD_KEY_ENV = { keyId: 'FIELD_KEY_ID', keyFile: 'FIELD_KEY_FILE' } as const;

let cipher: FieldCipher | undefined;

/** This execution environment's cipher; its key provider is chosen at first use, so functions without the key never need it. */
export function getFieldCipher(): FieldCipher {
  if (!cipher) {
    let provider: KeyProvider | undefined;
    cipher = new FieldCipher(() => {
      if (provider) return provider;
      const file = process.env[FIELD_KEY_ENV.keyFile];
      const keyId = process.env[FIELD_KEY_ENV.keyId];
      if (file) provider = LocalKeyFileProvider.open(file);
      else if (keyId) provider = new DeferredKmsKeyProvider(keyId);
      else throw new Error(`missing configuration: set ${FIELD_KEY_ENV.keyId} (AWS) or ${FIELD_KEY_ENV.keyFile} (local)`);
      return provider;
    });
  }
  return cipher;
}
