import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, localDynamoClient } from '../../infra/local/dynamo-local';

export interface TestTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly endpoint: string;
  drop(): Promise<void>;
}

/** A fresh single table in the jest run's DynamoDB Local, for one test file. */
export async function createTestTable(label: string): Promise<TestTable> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run the tests through jest (its global setup starts DynamoDB Local)');
  const client = localDynamoClient(endpoint);
  const tableName = `test-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await ensureTable(client, tableName);
  return {
    client,
    tableName,
    endpoint,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}
