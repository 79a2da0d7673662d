import * as path from 'node:path';

/** The repository root: manifest entry paths are relative to it, whatever the working directory. */
export const REPO_ROOT = path.resolve(__dirname, '..');
