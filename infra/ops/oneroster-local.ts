/** Where the OneRoster tools write: the table of the running local system (local-system.ts), or a named table in AWS. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../local/dynamo-local';
import { connectToLocalSystem } from '../local/local-system';
import { GroupCommitRunner } from '../../functions/repositories/group-commit';
import { OneRosterStore } from '../../functions/repositories/oneroster-store';
import { createServices, type Services } from '../../functions/services';

export interface ToolTable {
  readonly services: Services;
  readonly store: OneRosterStore;
  readonly tableName: string;
}

/** The document client the tools write through. */
export const documentsOver = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });

/**
 * The services and store over a document client, as the tools and the tests build them. The tools
 * write in bulk, so their transactions go through a group-commit runner (decision 0090).
 */
export function toolTableOver(client: DynamoDBClient, tableName: string): ToolTable {
  const documents = documentsOver(client);
  return {
    services: createServices(documents, tableName, new GroupCommitRunner(documents, tableName)),
    store: new OneRosterStore(documents, tableName),
    tableName,
  };
}

/** The local runtime's table, or `table` in AWS (credentials and region from the environment). */
export function toolTable(table?: string): ToolTable {
  if (table) return toolTableOver(new DynamoDBClient({}), table);
  const runtime = connectToLocalSystem('name a table in AWS with --table');
  return toolTableOver(localDynamoClient(runtime.dynamoEndpoint), runtime.tableName);
}
