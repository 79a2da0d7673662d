import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { keys } from '../../domain/keys';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamo-local';
import { createTestTable, type TestTable } from '../support/dynamo';
import { newEnrollmentBody } from '../support/fixtures';

/**
 * The intake handler against DynamoDB Local, with SQS mocked (it cannot run here): what it sends,
 * and what it leaves behind when the queue refuses.
 */
describe('enrollment intake (POST /v1/enrollment-requests)', () => {
  const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/sis-enrollment';
  const sqs = mockClient(SQSClient);
  let table: TestTable;
  let handler: (event: unknown, context: Context) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

  beforeAll(async () => {
    table = await createTestTable('intake');
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      QUEUE_URL_ENROLLMENT: QUEUE_URL,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    ({ handler } = (await import('../../functions/api/enrollment')) as unknown as { handler: typeof handler });
  });
  afterEach(() => sqs.reset());
  afterAll(() => table?.drop());

  const submit = (key: string) =>
    handler(
      {
        version: '2.0',
        routeKey: 'POST /v1/enrollment-requests',
        rawPath: '/v1/enrollment-requests',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        requestContext: { authorizer: { jwt: { claims: { sub: 'parent-1', 'cognito:groups': '[parent]' } } } },
        body: JSON.stringify(newEnrollmentBody('01JZZZZZZZZZZZZZZZZZZZZZZZ')),
        isBase64Encoded: false,
      },
      { awsRequestId: 'test', functionName: 'sis-enrollment', getRemainingTimeInMillis: () => 10_000 } as Context,
    );

  test('a request is stored, then queued as {requestId, generation} on the intake queue, then answered 202', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    const response = await submit('intake-ok');

    expect(response.statusCode).toBe(202);
    const { id } = JSON.parse(response.body) as { id: string };
    const sent = sqs.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args[0].input).toEqual({ QueueUrl: QUEUE_URL, MessageBody: JSON.stringify({ requestId: id, generation: 0 }) });
    const stored = await DynamoDBDocumentClient.from(table.client).send(
      new GetCommand({ TableName: table.tableName, Key: keys.enrollmentRequest(id) }),
    );
    expect(stored.Item).toMatchObject({ status: 'PENDING', requestedBy: 'parent-1' });
  });

  test('when the queue refuses, the answer is 503 and nothing is left PENDING; the retry with the same key is accepted afresh', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Service is unavailable'), { name: 'ServiceUnavailable', $retryable: {} }));

    const refused = await submit('intake-retry');

    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    const attempted = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!;
    const { requestId } = JSON.parse(attempted) as { requestId: string };
    const left = await DynamoDBDocumentClient.from(table.client).send(
      new GetCommand({ TableName: table.tableName, Key: keys.enrollmentRequest(requestId) }),
    );
    expect(left.Item).toBeUndefined();

    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-2' });
    const retried = await submit('intake-retry');
    expect(retried.statusCode).toBe(202);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.parse(retried.body).id).not.toBe(requestId);
  });
});
