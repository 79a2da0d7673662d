import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { keys } from '../../domain/keys';
import { TransactionRunner } from '../../functions/repositories/transaction-runner';
import { createTestTable, useTableAsFunctionEnv, type TestTable } from '../support/dynamo';
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
    useTableAsFunctionEnv(table, { QUEUE_URL_ENROLLMENT: QUEUE_URL });
    ({ handler } = (await import('../../functions/api/enrollment')) as unknown as { handler: typeof handler });
  });
  afterEach(() => sqs.reset());
  afterAll(() => table?.drop());

  const submit = (key: string, body: unknown = newEnrollmentBody('01JZZZZZZZZZZZZZZZZZZZZZZZ')) =>
    handler(
      {
        version: '2.0',
        routeKey: 'POST /v1/enrollment-requests',
        rawPath: '/v1/enrollment-requests',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        requestContext: { authorizer: { jwt: { claims: { sub: 'parent-1', 'cognito:groups': '[parent]', token_use: 'id' } } } },
        body: JSON.stringify(body),
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

  test('when the queue refuses and the take-back fails too, the answer is 503 "stored, retry with the same key", and the retry answers with it', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Service is unavailable'), { name: 'ServiceUnavailable', $retryable: {} }));
    // The take-back (the second transaction of the intake) fails as if the table could not be reached.
    const transact = TransactionRunner.prototype.transact;
    let calls = 0;
    const spy = jest.spyOn(TransactionRunner.prototype, 'transact').mockImplementation(function (this: TransactionRunner, ...args) {
      calls += 1;
      if (calls === 2) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' }));
      return transact.apply(this, args);
    });

    const body = newEnrollmentBody('01JZZZZZZZZZZZZZZZZZZZZZZZ');
    const refused = await submit('intake-stored', body);
    spy.mockRestore();

    expect(refused.statusCode).toBe(503);
    const problem = JSON.parse(refused.body) as { detail: string };
    const { requestId } = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!) as { requestId: string };
    expect(problem.detail).toContain(`stored as ${requestId}`);
    expect(problem.detail).toContain('same Idempotency-Key');
    expect(problem.detail).not.toContain('nothing was accepted');
    const stored = await DynamoDBDocumentClient.from(table.client).send(
      new GetCommand({ TableName: table.tableName, Key: keys.enrollmentRequest(requestId) }),
    );
    expect(stored.Item).toMatchObject({ status: 'PENDING', gsi2pk: expect.stringMatching(/^ENROLLREQ#PENDING#/) });

    // The retry with the same key gets the stored request (not a second one), and queues it.
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-3' });
    const retried = await submit('intake-stored', body);
    expect(retried.statusCode).toBe(202);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(retried.body).id).toBe(requestId);
    expect(sqs.commandCalls(SendMessageCommand).map((call) => JSON.parse(call.args[0].input.MessageBody!).requestId)).toEqual([requestId]);
  });
});
