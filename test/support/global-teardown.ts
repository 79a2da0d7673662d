import { rmSync } from 'node:fs';
import type { DynamoLocal } from '../../infra/local/dynamo-local';

export default async function globalTeardown(): Promise<void> {
  const { __dynamoLocal, __dynamoLocalDataDir } = globalThis as { __dynamoLocal?: DynamoLocal; __dynamoLocalDataDir?: string };
  await __dynamoLocal?.stop();
  if (__dynamoLocalDataDir) rmSync(__dynamoLocalDataDir, { recursive: true, force: true });
}
