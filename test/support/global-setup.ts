import { startDynamoLocal } from '../../infra/local/dynamo-local';

/**
 * Starts one DynamoDB Local (in memory) for the whole jest run, when a project that uses it has a
 * test to run (jest.config.js names this module in those projects); each test file then creates
 * its own uniquely named table, so files run in parallel without seeing each other's data.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DYNAMODB_ENDPOINT) return; // an already running instance was given
  // DynamoDB Local under tests lives for minutes, not days: the JIT's second tier and the parallel
  // collector cost more CPU than they give back. Measured on this 2-core machine, the access-matrix
  // file took 70 s of CPU with the JVM's defaults and 45 s with these (the use-case tier 32 → 22 s).
  // Set here, the variable reaches every DynamoDB Local the tests start, the workers' own included.
  process.env.JAVA_TOOL_OPTIONS ??= '-XX:+UseSerialGC -XX:TieredStopAtLevel=1';
  const dynamo = await startDynamoLocal({ inMemory: true });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamoLocal?: typeof dynamo }).__dynamoLocal = dynamo;
}
