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

export function getDocumentClient(): DynamoDBDocumentClient {
  if (!documentClient) {
    const client = tracer.captureAWSv3Client(new DynamoDBClient({}));
    if (process.env.SIS_COUNT_DYNAMODB_CALLS === '1') {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const name = String(context.commandName ?? 'unknown');
          dynamoCalls[name] = (dynamoCalls[name] ?? 0) + 1;
          return next(args);
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
