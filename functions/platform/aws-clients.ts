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

export function getDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

/** Wraps any other SDK client (SQS, EventBridge, …) in the function's tracer. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
