import {
  DescribeTableCommand,
  DynamoDBClient,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { TABLE } from '../../domain/table';
import { TABLE_CAPACITY } from '../../infra/stacks/capacity';
import { tableSettings } from '../../infra/stacks/table-settings';
import { applyRunbook, restoreRunbook, type CallStep, type RunbookStep } from '../../infra/ops/restore-runbook';

/**
 * The restore runbook (decision 0157): the calls that put the stack's table settings back on a restored table,
 * in order, and what it leaves to the deployment. The calls DynamoDB Local cannot answer (continuous backups,
 * warm throughput, tags) are checked here against a mocked client that answers as DynamoDB does.
 */
const restored = { tableName: 'sis-prod-restored', tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/sis-prod-restored' };
const production = tableSettings({ stage: 'prod', districtCapacity: true });
const calls = (steps: readonly RunbookStep[]) => steps.filter((step): step is CallStep => step.kind === 'call');
const inputOf = (steps: readonly RunbookStep[], id: CallStep['id']) =>
  calls(steps)
    .find((step) => step.id === id)!
    .commands.map((c) => c.input);

describe('the restore runbook', () => {
  test('puts back PITR first, then deletion protection, caps, warm-up, stream, TTL and tags, then the deployment', () => {
    const steps = restoreRunbook(production, restored);

    expect(steps.map((step) => step.id)).toEqual([
      'pitr',
      'deletion-protection',
      'max-throughput',
      'warm-throughput',
      'stream',
      'ttl',
      'tags',
      'import',
      'backup-selection',
      'alarms',
      'functions',
      'stream-mapping',
    ]);
    expect(steps.findIndex((step) => step.kind === 'deploy')).toBe(calls(steps).length);
  });

  test("takes every figure from the stack's definitions: the table module and the capacity model", () => {
    const steps = restoreRunbook(production, restored);

    expect(inputOf(steps, 'pitr')).toEqual([
      { TableName: restored.tableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
    ]);
    expect(inputOf(steps, 'deletion-protection')).toEqual([{ TableName: restored.tableName, DeletionProtectionEnabled: true }]);
    expect(inputOf(steps, 'max-throughput')).toEqual([
      {
        TableName: restored.tableName,
        OnDemandThroughput: {
          MaxReadRequestUnits: TABLE_CAPACITY.max.readRequestUnits,
          MaxWriteRequestUnits: TABLE_CAPACITY.max.writeRequestUnits,
        },
      },
    ]);
    const warm = inputOf(steps, 'warm-throughput');
    expect(warm[0]).toEqual({
      TableName: restored.tableName,
      WarmThroughput: {
        ReadUnitsPerSecond: TABLE_CAPACITY.warm.readUnitsPerSecond,
        WriteUnitsPerSecond: TABLE_CAPACITY.warm.writeUnitsPerSecond,
      },
    });
    // One call per index, each index of the table definition.
    expect(
      warm
        .slice(1)
        .map((input) => (input as { GlobalSecondaryIndexUpdates: { Update: { IndexName: string } }[] }).GlobalSecondaryIndexUpdates),
    ).toEqual(
      TABLE.globalIndexes.map((index) => [
        {
          Update: {
            IndexName: index.indexName,
            WarmThroughput: {
              ReadUnitsPerSecond: TABLE_CAPACITY.warmIndex.readUnitsPerSecond,
              WriteUnitsPerSecond: TABLE_CAPACITY.warmIndex.writeUnitsPerSecond,
            },
          },
        },
      ]),
    );
    expect(inputOf(steps, 'stream')).toEqual([
      { TableName: restored.tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamViewType } },
    ]);
    expect(inputOf(steps, 'ttl')).toEqual([
      { TableName: restored.tableName, TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true } },
    ]);
    expect(inputOf(steps, 'tags')).toEqual([
      { ResourceArn: restored.tableArn, Tags: Object.entries(production.tags).map(([Key, Value]) => ({ Key, Value })) },
    ]);
  });

  test('a stage without the capacity model has no warm-up or caps to put back', () => {
    const steps = restoreRunbook(tableSettings({ stage: 'dev', districtCapacity: false }), restored);

    expect(steps.map((step) => step.id)).not.toContain('warm-throughput');
    expect(steps.map((step) => step.id)).not.toContain('max-throughput');
    expect(inputOf(steps, 'tags')[0]).toMatchObject({ Tags: expect.arrayContaining([{ Key: 'sis:stage', Value: 'dev' }]) });
  });

  test('the deployment re-points the backup selection, and says how to check it', () => {
    const selection = restoreRunbook(production, restored).find((step) => step.id === 'backup-selection');

    expect(selection).toMatchObject({ kind: 'deploy', check: expect.stringContaining('aws backup get-backup-selection') });
  });
});

describe('applying the runbook', () => {
  const dynamo = mockClient(DynamoDBClient);
  afterEach(() => dynamo.reset());

  test('sends every call in order, waits out UPDATING after each UpdateTable, and times each step', async () => {
    // Arrange: DynamoDB answers each UpdateTable with the table UPDATING once, then ACTIVE.
    const sent: string[] = [];
    let describes = 0;
    dynamo.on(UpdateContinuousBackupsCommand).callsFake(() => (sent.push('UpdateContinuousBackups'), {}));
    dynamo.on(UpdateTableCommand).callsFake(() => (sent.push('UpdateTable'), {}));
    dynamo.on(UpdateTimeToLiveCommand).callsFake(() => (sent.push('UpdateTimeToLive'), {}));
    dynamo.on(TagResourceCommand).callsFake(() => (sent.push('TagResource'), {}));
    dynamo.on(DescribeTableCommand).callsFake(() => {
      describes += 1;
      return { Table: { TableStatus: describes % 2 === 1 ? 'UPDATING' : 'ACTIVE', GlobalSecondaryIndexes: [{ IndexStatus: 'ACTIVE' }] } };
    });
    let clock = 0;
    const now = () => (clock += 5);

    // Act
    const outcomes = await applyRunbook(new DynamoDBClient({}), restored.tableName, restoreRunbook(production, restored), {
      pollMs: 0,
      now,
    });

    // Assert
    const updateTables = 1 + 1 + 1 + TABLE.globalIndexes.length + 1; // protection, caps, table warm-up, each index, stream
    expect(sent).toEqual([
      'UpdateContinuousBackups',
      ...Array.from({ length: updateTables }, () => 'UpdateTable'),
      'UpdateTimeToLive',
      'TagResource',
    ]);
    expect(describes).toBe(updateTables * 2);
    expect(outcomes.filter((outcome) => outcome.outcome === 'applied').every((outcome) => outcome.ms > 0)).toBe(true);
    expect(outcomes.filter((outcome) => outcome.outcome === 'deploy').map((outcome) => outcome.id)).toEqual([
      'import',
      'backup-selection',
      'alarms',
      'functions',
      'stream-mapping',
    ]);
  });

  test('reports the steps the target cannot take instead of sending them', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });

    const outcomes = await applyRunbook(new DynamoDBClient({}), restored.tableName, restoreRunbook(production, restored), {
      skip: new Set(['pitr', 'warm-throughput', 'tags']),
      skipReason: 'not here',
    });

    expect(dynamo.commandCalls(UpdateContinuousBackupsCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TagResourceCommand)).toHaveLength(0);
    expect(outcomes.find((outcome) => outcome.id === 'pitr')).toEqual({ id: 'pitr', outcome: 'skipped', ms: 0, note: 'not here' });
    expect(outcomes.find((outcome) => outcome.id === 'stream')?.outcome).toBe('applied');
  });

  test('stops when DynamoDB refuses a call, naming it', async () => {
    dynamo.on(UpdateContinuousBackupsCommand).rejects(new Error('AccessDeniedException: dynamodb:UpdateContinuousBackups'));

    await expect(applyRunbook(new DynamoDBClient({}), restored.tableName, restoreRunbook(production, restored))).rejects.toThrow(
      /UpdateContinuousBackups/,
    );
    expect(dynamo.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });
});
