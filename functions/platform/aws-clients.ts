import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterDynamoClient } from './dynamo-meter';
import { tracer } from './observability';

/**
 * SDK clients, created once per execution environment and traced by X-Ray (a no-op where
 * tracing is off, as in the local runtime). They read their endpoint from the standard AWS
 * variables (AWS_ENDPOINT_URL_DYNAMODB, …), which is how the local runtime points them at
 * DynamoDB Local without the code knowing.
 */
let documentClient: DynamoDBDocumentClient | undefined;

// The benchmarks' meter (calls and consumed units by command and by scope) lives in dynamo-meter.ts.
export { dynamoCalls, dynamoConsumed } from './dynamo-meter';

export function getDocumentClient(): DynamoDBDocumentClient {
  if (!documentClient) {
    const client = meterDynamoClient(tracer.captureAWSv3Client(new DynamoDBClient({})));
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}

/** Wraps any other SDK client (SQS, EventBridge, …) in the function's tracer. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
