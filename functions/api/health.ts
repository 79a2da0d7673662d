import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ENV } from '../manifest';
import { traced } from '../platform/aws-clients';
import { requireEnv } from '../platform/config';
import { apiHandler, type RouteHandler } from '../http/api-handler';

const client = traced(new DynamoDBClient({}));

/** Reports whether the table answers; 503 when it does not, so load balancers and probes can act. */
export const checkHealth: RouteHandler = async () => {
  const tableName = requireEnv(ENV.table);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return { statusCode: 200, body: { status: 'ok', table: { name: tableName, status: Table?.TableStatus } } };
  } catch (error) {
    return { statusCode: 503, body: { status: 'unavailable', table: { name: tableName, error: (error as Error).name } } };
  }
};

export const handler = apiHandler('health', () => checkHealth);
