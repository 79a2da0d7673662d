import { startDynamoLocal } from '../../infra/local/dynamo-local';

/**
 * Starts one DynamoDB Local (in memory) for the whole jest run, when a project that uses it has a
 * test to run (jest.config.js names this module in those projects); each test file then creates
 * its own uniquely named table, so files run in parallel without seeing each other's data.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DYNAMODB_ENDPOINT) return; // an already running instance was given
  const dynamo = await startDynamoLocal({ inMemory: true });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamoLocal?: typeof dynamo }).__dynamoLocal = dynamo;
}
