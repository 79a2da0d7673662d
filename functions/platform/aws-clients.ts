import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './observability';

/**
 * SDK clients, created once per execution environment and traced by X-Ray (a no-op where
 * tracing is off, as in the local runtime). They read their endpoint from the standard AWS
 * variables (AWS_ENDPOINT_URL_DYNAMODB, …), which is how the local runtime points them at
 * DynamoDB Local without the code knowing.
 */
let documentClient: DynamoDBDocumentClient | undefined;

/** DynamoDB calls by command name, counted when SIS_COUNT_DYNAMODB_CALLS=1 (the benchmarks' per-operation figures). */
export const dynamoCalls: Record<string, number> = {};
/** Capacity units DynamoDB reports as consumed (`ReturnConsumedCapacity: TOTAL`, asked for when counting calls). */
export const dynamoConsumed = { readUnits: 0, writeUnits: 0, awsTransactionWriteUnits: 0 };

/**
 * What AWS would charge for a TransactWriteItems: 2 write units per KB (rounded up) of each item
 * written, counted from the request (DynamoDB Local's own figure does not follow this rule). An
 * update is sized by its expression's values (the counters it updates are well under 1 KB).
 */
function awsTransactionWriteUnits(input: Record<string, unknown>): number {
  const entries = (input.TransactItems ?? []) as Record<string, { Item?: unknown; ExpressionAttributeValues?: unknown }>[];
  let units = 0;
  for (const entry of entries) {
    const operation = Object.values(entry)[0];
    const bytes = JSON.stringify(operation?.Item ?? operation?.ExpressionAttributeValues ?? {}).length;
    units += 2 * Math.max(1, Math.ceil(bytes / 1024));
  }
  return units;
}

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}
const WRITES = /^(TransactWrite|BatchWrite|Put|Update|Delete)/;

export function getDocumentClient(): DynamoDBDocumentClient {
  if (!documentClient) {
    const client = tracer.captureAWSv3Client(new DynamoDBClient({}));
    if (process.env.SIS_COUNT_DYNAMODB_CALLS === '1') {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const name = String(context.commandName ?? 'unknown');
          dynamoCalls[name] = (dynamoCalls[name] ?? 0) + 1;
          const input = args.input as Record<string, unknown>;
          if (!/^(Describe|Create|Delete|List|Update)Table|TimeToLive|Stream/.test(name)) input.ReturnConsumedCapacity ??= 'TOTAL';
          if (name === 'TransactWriteItemsCommand') dynamoConsumed.awsTransactionWriteUnits += awsTransactionWriteUnits(input);
          const result = await next(args);
          const reported = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
          for (const entry of Array.isArray(reported) ? reported : reported ? [reported] : []) {
            const write = entry.WriteCapacityUnits ?? (WRITES.test(name) ? (entry.CapacityUnits ?? 0) : 0);
            const read = entry.ReadCapacityUnits ?? (WRITES.test(name) ? 0 : (entry.CapacityUnits ?? 0));
            dynamoConsumed.writeUnits += write;
            dynamoConsumed.readUnits += read;
          }
          return result;
        },
        { step: 'initialize', name: 'countDynamoCalls' },
      );
    }
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}

/** Wraps any other SDK client (SQS, EventBridge, …) in the function's tracer. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
