import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../../infra/local/dynamo-local';
import { LocalQueues, type LocalQueuesOptions } from '../../infra/local/local-queues';

/** A fresh LocalQueues table in the jest run's DynamoDB Local, and a way to open it again ("restart"). */
export async function createQueueTable(label: string, options: Partial<LocalQueuesOptions> = {}) {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run the tests through jest');
  const client = localDynamoClient(endpoint);
  const tableName = `queues-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const open = () => new LocalQueues({ client, tableName, ...options });
  const queues = open();
  await queues.ensureTable();
  return {
    client,
    tableName,
    queues,
    /** A new LocalQueues instance on the same table, as after a restart (queues must be declared again). */
    reopen: open,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}
