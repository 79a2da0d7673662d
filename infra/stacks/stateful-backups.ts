import { Duration, RemovalPolicy, Validations, type Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Backups for recovery (not archival: the table keeps every version's history itself). PITR gives
 * any second of the last 35 days; AWS Backup adds copies that survive a deleted table or a
 * compromised account role: daily for 7 days (PITR already covers 35), monthly for a year, and each school year's close
 * (1 July) for 7 years, the longest period a California district must keep a student's
 * disposable (Class 2/3) records after they leave (decision 0063).
 */
export const BACKUP_RETENTION = { dailyDays: 7, monthlyDays: 365, yearlyDays: 7 * 365 } as const;

/**
 * The table's AWS Backup plan and its locked vault, under a key of their own (decision 0063). Built in
 * the stack's own scope, so the resources keep the logical ids they had when the stack built them itself.
 */
export function addTableBackups(
  stack: Stack,
  table: dynamodb.ITableV2,
  stage: string,
): { vault: backup.BackupVault; plan: backup.BackupPlan } {
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
    // Nobody, the account root included, deletes a recovery point before its retention ends.
    lockConfiguration: { minRetention: Duration.days(BACKUP_RETENTION.dailyDays) },
  });
  const plan = new backup.BackupPlan(stack, 'BackupPlan', {
    backupVault: vault,
    backupPlanRules: [
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ hour: '9', minute: '0' }),
        deleteAfter: Duration.days(BACKUP_RETENTION.dailyDays),
      }),
      new backup.BackupPlanRule({
        ruleName: 'Monthly',
        scheduleExpression: events.Schedule.cron({ day: '1', hour: '10', minute: '0' }),
        deleteAfter: Duration.days(BACKUP_RETENTION.monthlyDays),
      }),
      new backup.BackupPlanRule({
        ruleName: 'SchoolYearClose',
        scheduleExpression: events.Schedule.cron({ month: '7', day: '1', hour: '11', minute: '0' }),
        deleteAfter: Duration.days(BACKUP_RETENTION.yearlyDays),
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
  return { vault, plan };
}
