import { resolve } from 'node:path';

/** Where the local runtime keeps its state (git-ignored); LOCAL_DATA_DIR overrides. */
export const LOCAL_DATA_DIR = resolve(process.env.LOCAL_DATA_DIR ?? '.local');
export const LOCAL_PATHS = {
  dynamodb: resolve(LOCAL_DATA_DIR, 'dynamodb'),
  signingKey: resolve(LOCAL_DATA_DIR, 'jwt-signing-key.pem'),
  /** The field key versions (decision 0066): what KMS is to confidential records in AWS. */
  fieldKey: resolve(LOCAL_DATA_DIR, 'field-key.json'),
  busArchive: resolve(LOCAL_DATA_DIR, 'event-archive.jsonl'),
  /** The notifier's email and SMS, one JSON line per message in <UTC date>.ndjson. */
  outbox: resolve(LOCAL_DATA_DIR, 'outbox'),
  runtimeInfo: resolve(LOCAL_DATA_DIR, 'runtime.json'),
};
