import { Duration, RemovalPolicy, Validations, type Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { DeadLetterQueue } from '../constructs/queues';

/**
 * Backups for recovery (not archival: the table keeps every version's history itself). PITR gives
 * any second of the last 35 days; AWS Backup adds copies that survive a deleted table or a
 * compromised account role: daily for 7 days (PITR already covers 35), monthly for a year, and each school year's close
 * (1 July) for 7 years, the longest period a California district must keep a student's
 * disposable (Class 2/3) records after they leave (decision 0063).
 */
export const BACKUP_RETENTION = { dailyDays: 7, monthlyDays: 365, yearlyDays: 7 * 365 } as const;

/**
 * Days after the vault lock is created during which it can still be removed; then it is in
 * compliance mode, and nobody, the account root and AWS included, can shorten a recovery point's
 * retention or delete the vault's lock (AWS Backup Developer Guide, "AWS Backup Vault Lock"; 3 is
 * the least AWS Backup accepts).
 */
export const VAULT_LOCK_GRACE_DAYS = 3;

/** A copy of every recovery point to a vault in another Region or account (decision 0137). */
export interface BackupCopy {
  /** The destination vault's ARN; its access policy must allow backup:CopyIntoBackupVault from this account. */
  readonly vaultArn: string;
  /** @default the source rule's retention */
  readonly deleteAfterDays?: number;
}

export interface TableBackupsProps {
  readonly stage: string;
  readonly alarmTopic: sns.ITopic;
  /** @default no copy */
  readonly copy?: BackupCopy;
}

/**
 * The table's AWS Backup plan and its locked vault, under a key of their own (decision 0063). Built in
 * the stack's own scope, so the resources keep the logical ids they had when the stack built them itself.
 */
export function addTableBackups(
  stack: Stack,
  table: dynamodb.ITableV2,
  props: TableBackupsProps,
): { vault: backup.BackupVault; plan: backup.BackupPlan; jobAlarm: events.Rule; missingAlarm: cloudwatch.Alarm } {
  const { stage } = props;
  // AWS Backup: copies that outlive the table, in a vault under its own key (decision 0063).
  const backupKey = new kms.Key(stack, 'BackupKey', {
    description: `SIS (${stage}): encrypts the backup vault`,
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const vault = new backup.BackupVault(stack, 'BackupVault', {
    encryptionKey: backupKey,
    removalPolicy: RemovalPolicy.RETAIN,
    // Compliance mode once the grace days are over: nobody, the account root included, deletes a
    // recovery point before its retention ends, or removes the lock. Retention between the daily
    // rule's 7 days and the school-year rule's 7 years (decision 0137).
    lockConfiguration: {
      minRetention: Duration.days(BACKUP_RETENTION.dailyDays),
      maxRetention: Duration.days(BACKUP_RETENTION.yearlyDays),
      changeableFor: Duration.days(VAULT_LOCK_GRACE_DAYS),
    },
  });
  const copy = props.copy;
  const copyVault = copy ? backup.BackupVault.fromBackupVaultArn(stack, 'BackupCopyVault', copy.vaultArn) : undefined;
  const copyActions = (days: number): { copyActions?: backup.BackupPlanCopyActionProps[] } =>
    copy && copyVault
      ? { copyActions: [{ destinationBackupVault: copyVault, deleteAfter: Duration.days(copy.deleteAfterDays ?? days) }] }
      : {};
  const plan = new backup.BackupPlan(stack, 'BackupPlan', {
    backupVault: vault,
    backupPlanRules: [
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ hour: '9', minute: '0' }),
        deleteAfter: Duration.days(BACKUP_RETENTION.dailyDays),
        ...copyActions(BACKUP_RETENTION.dailyDays),
      }),
      new backup.BackupPlanRule({
        ruleName: 'Monthly',
        scheduleExpression: events.Schedule.cron({ day: '1', hour: '10', minute: '0' }),
        deleteAfter: Duration.days(BACKUP_RETENTION.monthlyDays),
        ...copyActions(BACKUP_RETENTION.monthlyDays),
      }),
      new backup.BackupPlanRule({
        ruleName: 'SchoolYearClose',
        scheduleExpression: events.Schedule.cron({ month: '7', day: '1', hour: '11', minute: '0' }),
        deleteAfter: Duration.days(BACKUP_RETENTION.yearlyDays),
        ...copyActions(BACKUP_RETENTION.yearlyDays),
      }),
    ],
  });
  const selection = plan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(table)] });
  Validations.of(selection.node.findChild('Role')).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    reason:
      "The backup selection's role uses AWS Backup's own service-role policy (AWSBackupServiceRolePolicyForBackup), " +
      'which AWS maintains as the service adds resource types; the role is assumable only by backup.amazonaws.com.',
  });

  // A failed, aborted or expired backup or copy job pages: a missed night is a day of RPO lost.
  const dlq = new DeadLetterQueue(stack, 'BackupAlarmFailures', { purpose: 'backup job alarms', alarmTopic: props.alarmTopic });
  Validations.of(dlq.queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      "This queue is itself a dead-letter queue: the backup job alarm rule's failed deliveries. Its depth alarm pages on the first message.",
  });
  const jobAlarm = new events.Rule(stack, 'BackupJobFailed', {
    description: "A backup or copy job of the table's vault failed, was aborted or expired",
    eventPattern: {
      source: ['aws.backup'],
      detailType: ['Backup Job State Change', 'Copy Job State Change'],
      detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
    },
    targets: [new targets.SnsTopic(props.alarmTopic, { deadLetterQueue: dlq.queue, retryAttempts: 10 })],
  });

  // A night without any backup emits no failure event (a plan or selection broken, the service not running it):
  // page when no backup job completed in the vault for a whole day. AWS Backup counts completed jobs per vault
  // (namespace AWS/Backup, NumberOfBackupJobsCompleted, dimension BackupVaultName); no data counts as none.
  const missingAlarm = new cloudwatch.Alarm(stack, 'BackupMissing', {
    alarmDescription: "No backup job of the table's vault completed in the last day: a day of RPO lost (docs/deploy.md, Backups)",
    metric: new cloudwatch.Metric({
      namespace: 'AWS/Backup',
      metricName: 'NumberOfBackupJobsCompleted',
      dimensionsMap: { BackupVaultName: vault.backupVaultName },
      statistic: 'Sum',
      period: Duration.days(1),
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  missingAlarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
  return { vault, plan, jobAlarm, missingAlarm };
}
