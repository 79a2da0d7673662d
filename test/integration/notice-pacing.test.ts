import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RateLimiterStore, type RateBucket } from '../../functions/repositories/rate-limiter-store';
import { createTestTable, type TestTable } from '../support/dynamo';

/**
 * The shared token bucket (decision 0115) on DynamoDB Local: two notifier instances take from one
 * bucket, so together they never send faster than its rate; what cannot go now is given a slot
 * (and waits in its queue for it), never refused; the SMS bucket stops at the month's spend limit.
 */
describe('notices paced by a shared token bucket', () => {
  let table: TestTable;
  let instances: [RateLimiterStore, RateLimiterStore];
  const at = (ms: number) => new Date(Date.parse('2027-03-09T13:00:00Z') + ms);

  beforeAll(async () => {
    table = await createTestTable('pacing');
    const client = DynamoDBDocumentClient.from(table.client);
    instances = [new RateLimiterStore(client, table.tableName), new RateLimiterStore(client, table.tableName)];
  });
  afterAll(() => table?.drop());

  test('two instances share one e-mail rate: a wave of 6 at once goes 1 now and the rest in slots a second apart', async () => {
    const bucket: RateBucket = { name: 'email-wave', perSecond: 1, burst: 1, shards: 1 };
    const answers = [];
    for (let index = 0; index < 6; index += 1) answers.push(await instances[index % 2]!.reserve(bucket, 1, at(0)));
    expect(answers[0]).toEqual({ kind: 'now' });
    const slots = answers.slice(1).map((answer) => (answer.kind === 'later' ? answer.at.getTime() - at(0).getTime() : answer.kind));
    // Every other one waits for a slot of its own, the rate's interval apart: nothing is refused, nothing goes early.
    expect(slots).toEqual([1000, 2000, 3000, 4000, 5000]);
    // A send after the wave's slots have passed goes at once again.
    expect(await instances[1].reserve(bucket, 1, at(6000))).toEqual({ kind: 'now' });
  });

  test('an SMS of two parts takes two tokens, and the month stops at its spend limit in parts', async () => {
    const bucket: RateBucket = { name: 'sms-tollFree-month', perSecond: 3, burst: 1, shards: 1, monthlyTokens: 4 };
    expect(await instances[0].reserve(bucket, 2, at(0))).toEqual({ kind: 'now' });
    expect(await instances[1].reserve(bucket, 2, at(10_000))).toEqual({ kind: 'now' });
    expect(await instances[0].reserve(bucket, 1, at(20_000))).toEqual({ kind: 'spent' });
  });
});
