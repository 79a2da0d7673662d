import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { EnrollmentProcessor } from '../../functions/use-cases/enrollment/enroll-request';
import { lambdaContext } from '../../infra/local/api-server';
import { createTestTable, useTableAsFunctionEnv, type TestTable } from '../support/dynamo';

/**
 * The enrollment consumer's Powertools idempotency record of an attempt that died (a crash, a
 * timeout) must not hold the request beyond the function's own timeout: the record's in-progress
 * expiry comes from the Lambda context's remaining time, which the local runtime's context gives.
 */
describe('enrollment consumer: an attempt that died does not block the redelivery', () => {
  let table: TestTable;
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

  beforeAll(async () => {
    table = await createTestTable('consumer-timeout');
    useTableAsFunctionEnv(table);
    ({ handler } = (await import('../../functions/consumers/enrollment-consumer')) as unknown as { handler: typeof handler });
  });
  afterAll(() => table?.drop());

  const delivery = (requestId: string, receiveCount: number): SQSEvent => ({
    Records: [
      {
        messageId: `m-${receiveCount}`,
        receiptHandle: `r-${receiveCount}`,
        body: JSON.stringify({ requestId, generation: 0 }),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:sis-enrollment',
        awsRegion: 'us-east-1',
      },
    ],
  });

  test('the in-progress record expires with the function timeout; a redelivery after it is processed', async () => {
    const requestId = '01JCRASHEDCRASHEDCRASHEDCR';
    // The first attempt never finishes (the function died inside it); its timeout is 3 seconds.
    const process = jest.spyOn(EnrollmentProcessor.prototype, 'process').mockImplementationOnce(() => new Promise(() => undefined));
    const dying = handler(delivery(requestId, 1), lambdaContext('sis-enrollmentConsumer', 3)).catch((error: Error) => error);
    // The test's own table holds nothing else: the Powertools record is the one item there.
    const documents = DynamoDBDocumentClient.from(table.client);
    let Item: Record<string, unknown> | undefined;
    for (let look = 0; look < 20 && !Item; look += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      Item = (await documents.send(new ScanCommand({ TableName: table.tableName }))).Items?.[0];
    }
    expect(Item).toMatchObject({ status: 'INPROGRESS', in_progress_expiration: expect.any(Number) });
    expect(Item!.in_progress_expiration).toBeLessThanOrEqual(Date.now() + 3000);
    expect(Item!.pk).toMatch(/^POWERTOOLS#/);

    // Redelivered at once, while the first attempt may still be running: refused (retried later).
    await expect(handler(delivery(requestId, 2), lambdaContext('sis-enrollmentConsumer', 30))).rejects.toThrow(/All records failed/);
    // The first attempt is timed out, as Lambda would end it.
    expect(await dying).toBeInstanceOf(Error);

    // Redelivered after the dead attempt's timeout: processed (here the request does not exist: nothing to do).
    await new Promise((resolve) => setTimeout(resolve, Number(Item!.in_progress_expiration) - Date.now() + 100));
    const later = await handler(delivery(requestId, 3), lambdaContext('sis-enrollmentConsumer', 30));
    expect(later.batchItemFailures).toEqual([]);
    expect(process).toHaveBeenCalledTimes(2);
  });
});
