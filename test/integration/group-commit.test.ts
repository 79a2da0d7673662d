import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, StaleVersion } from '../../domain/errors';
import { GroupCommitRunner } from '../../functions/repositories/group-commit';
import type { TransactionItem } from '../../functions/repositories/transaction-runner';
import { createTestTable, type TestTable } from '../support/dynamo';

/** The bulk tools' runner: concurrent transactions merged into one, each caller's answer kept. */
describe('GroupCommitRunner', () => {
  let table: TestTable;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    table = await createTestTable('group-commit');
    documents = DynamoDBDocumentClient.from(table.client);
  });
  afterAll(() => table?.drop());

  const create = (pk: string, value: number): TransactionItem => ({
    item: { Put: { TableName: table.tableName, Item: { pk, sk: 'A', value }, ConditionExpression: 'attribute_not_exists(pk)' } },
    onConditionFailed: () => new Conflict(`${pk} exists`),
  });
  const bump = (pk: string, from: number): TransactionItem => ({
    item: {
      Update: {
        TableName: table.tableName,
        Key: { pk, sk: 'A' },
        UpdateExpression: 'SET #value = :to',
        ConditionExpression: '#value = :from',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':from': from, ':to': from + 1 },
      },
    },
    onConditionFailed: () => new StaleVersion(undefined),
  });
  const read = async (pk: string) =>
    (await documents.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk: 'A' }, ConsistentRead: true }))).Item?.value;

  it('commits forty concurrent transactions in a few merged ones, every item written', async () => {
    const runner = new GroupCommitRunner(documents, table.tableName);
    await Promise.all(
      Array.from({ length: 40 }, (_, index) => runner.transact([create(`many-${index}`, index), create(`many-${index}-b`, index)])),
    );
    expect(await Promise.all(Array.from({ length: 40 }, (_, index) => read(`many-${index}-b`)))).toEqual(
      Array.from({ length: 40 }, (_, index) => index),
    );
    expect(runner.stats.merged).toBeGreaterThan(0);
    expect(runner.stats.groups).toBeLessThan(40);
  });

  it('gives only the transaction whose condition fails its error; the others in its group commit', async () => {
    const runner = new GroupCommitRunner(documents, table.tableName);
    await runner.transact([create('taken', 1)]);
    const outcomes = await Promise.allSettled([
      runner.transact([create('fresh-1', 1)]),
      runner.transact([create('taken', 2), create('half-of-a-refused-one', 2)]),
      runner.transact([create('fresh-2', 3)]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Conflict('taken exists'));
    expect([await read('fresh-1'), await read('taken'), await read('half-of-a-refused-one'), await read('fresh-2')]).toEqual([
      1,
      1,
      undefined,
      3,
    ]);
    expect(runner.stats.split).toBe(1);
  });

  it('merges children that check the same parent (one check for all), and refuses them all when the parent is gone', async () => {
    const runner = new GroupCommitRunner(documents, table.tableName);
    await runner.transact([create('parent', 1)]);
    const parentExists: TransactionItem = {
      item: { ConditionCheck: { TableName: table.tableName, Key: { pk: 'parent', sk: 'A' }, ConditionExpression: 'attribute_exists(pk)' } },
      onConditionFailed: () => new Conflict('no parent'),
    };
    const before = runner.stats.merged;
    await Promise.all(Array.from({ length: 10 }, (_, index) => runner.transact([create(`child-${index}`, index), parentExists])));
    expect(await read('child-9')).toBe(9);
    expect(runner.stats.merged).toBeGreaterThan(before);
    const orphanCheck: TransactionItem = {
      ...parentExists,
      item: { ConditionCheck: { ...parentExists.item.ConditionCheck!, Key: { pk: 'no-such-parent', sk: 'A' } } },
    };
    const orphans = await Promise.allSettled([
      runner.transact([create('orphan-1', 1), orphanCheck]),
      runner.transact([create('orphan-2', 2), orphanCheck]),
    ]);
    expect(orphans.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect([await read('orphan-1'), await read('orphan-2')]).toEqual([undefined, undefined]);
  });

  it('never merges two transactions on one item: the second sees the first', async () => {
    const runner = new GroupCommitRunner(documents, table.tableName);
    await Promise.all([runner.transact([create('counter', 0)]), runner.transact([create('other', 0)])]);
    const outcomes = await Promise.allSettled([
      runner.transact([bump('counter', 0)]),
      runner.transact([bump('counter', 0)]),
      runner.transact([bump('other', 0)]),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect([await read('counter'), await read('other')]).toEqual([1, 1]);
  });
});
