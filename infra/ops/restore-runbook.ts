/**
 * The restore runbook as code (docs/deploy.md "Backups and restore", decision 0157). A table restored
 * from PITR or from a backup is a new table that carries the data, the indexes and the encryption,
 * and nothing else: "You must manually set up the following on the restored table: auto scaling
 * policies, IAM policies, Amazon CloudWatch metrics and alarms, tags, stream settings, Time to Live
 * (TTL) settings, point in time recovery settings" (DynamoDB API Reference, RestoreTableToPointInTime).
 * Deletion protection and warm throughput are table settings it does not carry either.
 *
 * `restoreRunbook` lists, in order, the calls that put the stage's settings (infra/stacks/table-settings.ts,
 * the same source the stack builds the table from) back on a restored table, and then what only a
 * deployment re-points: the backup selection, the alarms, the functions and the stream mapping, which
 * name the table through the stack. `applyRunbook` makes the calls, one at a time, waiting for the
 * table to be ACTIVE after each UpdateTable (DynamoDB refuses an UpdateTable on a table that is still
 * UPDATING), and times each step.
 */
import {
  DescribeTableCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { TableSettings } from '../stacks/table-settings';

/** The SDK commands the runbook sends; each is one DynamoDB control-plane call. */
type RunbookCommand = UpdateContinuousBackupsCommand | UpdateTableCommand | UpdateTimeToLiveCommand | TagResourceCommand;

export type StepId = 'pitr' | 'deletion-protection' | 'max-throughput' | 'warm-throughput' | 'stream' | 'ttl' | 'tags';

/** A call the runbook makes itself. */
export interface CallStep {
  readonly kind: 'call';
  readonly id: StepId;
  /** What it puts back, and why it comes at this point of the order. */
  readonly purpose: string;
  readonly commands: readonly RunbookCommand[];
}

/** What a deployment (cdk import, then cdk deploy) re-points, with the command that checks it afterwards. */
export interface DeployStep {
  readonly kind: 'deploy';
  readonly id: 'import' | 'backup-selection' | 'alarms' | 'functions' | 'stream-mapping';
  readonly purpose: string;
  readonly check: string;
}

export type RunbookStep = CallStep | DeployStep;

export interface RestoredTable {
  readonly tableName: string;
  /** Needed for TagResource. */
  readonly tableArn: string;
}

/**
 * The ordered steps for a restored table. PITR first: until it is on, a second loss of the restored
 * table has nothing to restore from. Deletion protection next, then throughput (the caps before the
 * warm-up, so the first morning's burst can neither throttle nor run away), the stream before the
 * writers come back (the relay reads it), TTL, tags; the deployment last, since it points the
 * functions at the table.
 */
export function restoreRunbook(settings: TableSettings, table: RestoredTable): RunbookStep[] {
  const TableName = table.tableName;
  const steps: RunbookStep[] = [
    {
      kind: 'call',
      id: 'pitr',
      purpose: 'point-in-time recovery, off on every restored table: the new RPO starts when it is on',
      commands: [
        new UpdateContinuousBackupsCommand({
          TableName,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: settings.pointInTimeRecovery },
        }),
      ],
    },
    {
      kind: 'call',
      id: 'deletion-protection',
      purpose: 'deletion protection, so the restored table cannot be deleted by mistake',
      commands: [new UpdateTableCommand({ TableName, DeletionProtectionEnabled: settings.deletionProtection })],
    },
  ];
  const capacity = settings.capacity;
  if (capacity) {
    steps.push(
      {
        kind: 'call',
        id: 'max-throughput',
        purpose: 'the on-demand caps of the capacity model (a runaway loop cannot write without bound)',
        commands: [
          new UpdateTableCommand({
            TableName,
            OnDemandThroughput: {
              MaxReadRequestUnits: capacity.max.readRequestUnits,
              MaxWriteRequestUnits: capacity.max.writeRequestUnits,
            },
          }),
        ],
      },
      {
        kind: 'call',
        id: 'warm-throughput',
        purpose: "warm throughput of the table and of each index: a restored table comes back cold (a new table's ~4,000 writes/s)",
        commands: [
          new UpdateTableCommand({
            TableName,
            WarmThroughput: {
              ReadUnitsPerSecond: capacity.warm.readUnitsPerSecond,
              WriteUnitsPerSecond: capacity.warm.writeUnitsPerSecond,
            },
          }),
          // One index a call: each UpdateTable leaves the table UPDATING until its change is done.
          ...settings.indexNames.map(
            (IndexName) =>
              new UpdateTableCommand({
                TableName,
                GlobalSecondaryIndexUpdates: [
                  {
                    Update: {
                      IndexName,
                      WarmThroughput: {
                        ReadUnitsPerSecond: capacity.warmIndex.readUnitsPerSecond,
                        WriteUnitsPerSecond: capacity.warmIndex.writeUnitsPerSecond,
                      },
                    },
                  },
                ],
              }),
          ),
        ],
      },
    );
  }
  steps.push(
    {
      kind: 'call',
      id: 'stream',
      purpose: 'the stream the outbox relay reads, before the writers resume',
      commands: [
        new UpdateTableCommand({ TableName, StreamSpecification: { StreamEnabled: true, StreamViewType: settings.streamViewType } }),
      ],
    },
    {
      kind: 'call',
      id: 'ttl',
      purpose: 'Time to Live on the outbox and idempotency items (never on the record of access, decision 0138)',
      commands: [
        new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: settings.timeToLiveAttribute, Enabled: true } }),
      ],
    },
    {
      kind: 'call',
      id: 'tags',
      purpose: "the table's tags (its stage and data classification)",
      commands: [
        new TagResourceCommand({
          ResourceArn: table.tableArn,
          Tags: Object.entries(settings.tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      ],
    },
    ...deploySteps(table.tableName),
  );
  return steps;
}

/** What `cdk import` and `cdk deploy --all` re-point to the restored table, by the stack's reference to it. */
function deploySteps(tableName: string): DeployStep[] {
  return [
    {
      kind: 'deploy',
      id: 'import',
      purpose: `import ${tableName} into the stateful stack in place of the lost table (cdk import, after removing the old one)`,
      check: 'aws cloudformation describe-stack-resources --stack-name Sis-<stage>-Stateful --logical-resource-id <Table id>',
    },
    {
      kind: 'deploy',
      id: 'backup-selection',
      purpose:
        'the AWS Backup selection names the table by ARN; the deployment replaces it with one naming the restored table ' +
        '(by hand: aws backup create-backup-selection with the new ARN, then delete-backup-selection of the old one)',
      check: 'aws backup get-backup-selection --backup-plan-id <plan> --selection-id <id>  # Resources: the restored table',
    },
    {
      kind: 'deploy',
      id: 'alarms',
      purpose: "the table's throttle and error alarms and the dashboard, whose TableName dimension names the old table",
      check: 'aws cloudwatch describe-alarms --alarm-name-prefix Sis-<stage>-Stateful-TableThrottles',
    },
    {
      kind: 'deploy',
      id: 'functions',
      purpose: "every function's TABLE_NAME and its IAM policy's table ARN and key prefixes",
      check: 'aws lambda get-function-configuration --function-name <function> --query Environment.Variables.TABLE_NAME',
    },
    {
      kind: 'deploy',
      id: 'stream-mapping',
      purpose: "the outbox relay's event source mapping, to the restored table's new stream ARN",
      check: 'aws lambda list-event-source-mappings --function-name <outbox relay>',
    },
  ];
}

export interface StepOutcome {
  readonly id: RunbookStep['id'];
  /** applied: every call answered; skipped: the target cannot take it (the rehearsal's DynamoDB Local); deploy: left to the deployment. */
  readonly outcome: 'applied' | 'skipped' | 'deploy';
  readonly ms: number;
  readonly note?: string;
}

export interface ApplyOptions {
  /** Steps the target is known not to support: reported, not sent. */
  readonly skip?: ReadonlySet<StepId>;
  readonly skipReason?: string;
  /** Between polls of DescribeTable while the table is UPDATING. @default 1000 */
  readonly pollMs?: number;
  /** @default 15 minutes */
  readonly maxWaitMs?: number;
  readonly now?: () => number;
}

/** Waits until the table and its indexes are ACTIVE (an UpdateTable is refused while a change is in progress). */
export async function waitUntilActive(client: DynamoDBClient, tableName: string, options: ApplyOptions = {}): Promise<void> {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.maxWaitMs ?? 15 * 60_000);
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const busy = Table?.TableStatus !== 'ACTIVE' || (Table.GlobalSecondaryIndexes ?? []).some((index) => index.IndexStatus !== 'ACTIVE');
    if (!busy) return;
    if (now() > deadline) throw new Error(`${tableName} is still ${Table?.TableStatus ?? 'missing'} after waiting`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}

/** One call, by its command's type (the client's send has an overload per command). */
async function send(client: DynamoDBClient, command: RunbookCommand): Promise<void> {
  if (command instanceof UpdateTableCommand) await client.send(command);
  else if (command instanceof UpdateContinuousBackupsCommand) await client.send(command);
  else if (command instanceof UpdateTimeToLiveCommand) await client.send(command);
  else await client.send(command);
}

/** Sends the runbook's calls in order, each after the table is ACTIVE again, and times every step. */
export async function applyRunbook(
  client: DynamoDBClient,
  tableName: string,
  steps: readonly RunbookStep[],
  options: ApplyOptions = {},
): Promise<StepOutcome[]> {
  const now = options.now ?? Date.now;
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    if (step.kind === 'deploy') {
      outcomes.push({ id: step.id, outcome: 'deploy', ms: 0, note: step.purpose });
      continue;
    }
    if (options.skip?.has(step.id)) {
      outcomes.push({ id: step.id, outcome: 'skipped', ms: 0, note: options.skipReason ?? 'not supported by the target' });
      continue;
    }
    const started = now();
    for (const command of step.commands) {
      await send(client, command);
      if (command instanceof UpdateTableCommand) await waitUntilActive(client, tableName, options);
    }
    outcomes.push({ id: step.id, outcome: 'applied', ms: now() - started });
  }
  return outcomes;
}
