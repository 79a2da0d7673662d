import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../repo-root';

/**
 * The repository's `.local/` folder (git-ignored): the default data folder, and where `npm start`
 * leaves the pointer the tools follow to the running system (local-system.ts), whichever data
 * folder and port that system uses. LOCAL_HOME moves it: tests set it, so that the systems they
 * start leave a developer's pointer alone.
 */
export const LOCAL_HOME = resolve(process.env.LOCAL_HOME ?? join(REPO_ROOT, '.local'));

/** Where the local runtime keeps its state; LOCAL_DATA_DIR overrides. @default LOCAL_HOME */
export const LOCAL_DATA_DIR = resolve(process.env.LOCAL_DATA_DIR ?? LOCAL_HOME);

/** What a local system keeps in its data folder. */
export function localPaths(dataDir: string) {
  return {
    dynamodb: resolve(dataDir, 'dynamodb'),
    signingKey: resolve(dataDir, 'jwt-signing-key.pem'),
    /** The field key versions (decision 0066): what KMS is to confidential records in AWS. */
    fieldKey: resolve(dataDir, 'field-key.json'),
    busArchive: resolve(dataDir, 'event-archive.jsonl'),
    /** The notifier's email and SMS, one JSON line per message in <UTC date>.ndjson. */
    outbox: resolve(dataDir, 'outbox'),
    /**
     * The lock on the folder and where its system runs (system-lock.ts): created by the one process
     * that may start DynamoDB Local on the folder, removed when it stops.
     */
    runtimeInfo: resolve(dataDir, 'runtime.json'),
  };
}

export const LOCAL_PATHS = localPaths(LOCAL_DATA_DIR);

/** The pointer to the data folder of the system `npm start` started last (local-system.ts). */
export const systemPointer = (home: string) => join(home, 'current-system.json');
export const CURRENT_SYSTEM_POINTER = systemPointer(LOCAL_HOME);
