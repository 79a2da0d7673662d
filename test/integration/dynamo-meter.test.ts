import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoUnitsByScope, meterDynamoClient, meterScope } from '../../functions/platform/dynamo-meter';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient } from '../../infra/local/dynamo-local';
import { createTestTable, type TestTable } from '../support/dynamo';

const pad = (bytes: number) => 'x'.repeat(bytes);
const saved = { ...process.env };
let table: TestTable;
let metered: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await createTestTable('meter');
  // The meter's sizing reads go through a client configured from the environment, as a function's would.
  Object.assign(process.env, {
    SIS_COUNT_DYNAMODB_CALLS: '1',
    SIS_SIZE_TRANSACTION_ITEMS: '1',
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  metered = DynamoDBDocumentClient.from(meterDynamoClient(localDynamoClient(table.endpoint)));
});

afterAll(async () => {
  process.env = saved;
  metered.destroy();
  await table.drop();
});

describe('the benchmarks’ DynamoDB meter', () => {
  it('prices a transaction by AWS’s rule from the sizes of the items it touches, in the scope that ran it', async () => {
    const plain = DynamoDBDocumentClient.from(localDynamoClient(table.endpoint));
    await plain.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'M', sk: 'updated', v: pad(1500) } }));
    await plain.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'M', sk: 'checked', v: pad(1500) } }));
    await plain.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'M', sk: 'deleted', v: pad(2500) } }));
    plain.destroy();

    await meterScope.run('a transaction', () =>
      metered.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table.tableName,
                Key: { pk: 'M', sk: 'updated' },
                UpdateExpression: 'SET n = :n',
                ExpressionAttributeValues: { ':n': 1 },
              },
            },
            { Put: { TableName: table.tableName, Item: { pk: 'M', sk: 'put', v: pad(500) } } },
            {
              ConditionCheck: { TableName: table.tableName, Key: { pk: 'M', sk: 'checked' }, ConditionExpression: 'attribute_exists(pk)' },
            },
            { Delete: { TableName: table.tableName, Key: { pk: 'M', sk: 'deleted' } } },
          ],
        }),
      ),
    );
    // 2 × (2 KB-units for the 1.5 KB update + 1 for the 0.5 KB put + 2 for the check + 3 for the 2.5 KB delete).
    expect(dynamoUnitsByScope['a transaction']).toMatchObject({ calls: 1, transactions: 1, awsWrite: 16, awsRead: 0 });
  });

  it('takes what DynamoDB reports for a plain put and an eventually consistent get', async () => {
    await meterScope.run('plain', async () => {
      await metered.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'P', sk: 'half', v: pad(500) } }));
      await metered.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'P', sk: 'half' } }));
    });
    expect(dynamoUnitsByScope.plain).toMatchObject({
      calls: 2,
      transactions: 0,
      reportedWrite: 1,
      awsWrite: 1,
      reportedRead: 0.5,
      awsRead: 0.5,
    });
  });
});
