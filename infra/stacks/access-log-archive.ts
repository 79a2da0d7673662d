import { CfnOutput, Duration, RemovalPolicy, Validations, type Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { BACKUP_RETENTION } from './stateful-backups';

/**
 * How long an archived access-log object is locked, by default: seven years, the longest the backups keep a school
 * year's close (BACKUP_RETENTION.yearlyDays, decision 0063), the period a district keeps a departed student's
 * disposable records. A district that keeps them longer sets `sis:accessLogArchiveRetentionDays` (decision 0158).
 */
export const ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS = BACKUP_RETENTION.yearlyDays;

export interface AccessLogArchive {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  /** Where S3 records every request to the archive (who read or wrote the record of access). */
  readonly requestLogs: s3.Bucket;
}

/**
 * The archive of FERPA's record of access (decision 0158): the bucket `npm run access-log:archive` fills, one JSON
 * Lines object per student and day. Each object version is locked in compliance mode for the retention: "when an
 * object is locked in compliance mode, its retention mode can't be changed, and its retention period can't be
 * shortened", and it "can't be overwritten or deleted for the duration of the retention period" (Amazon S3 User
 * Guide, "Locking objects with Object Lock", retention modes), by any user, the account root included. Object Lock
 * needs versioning, and CloudFormation can only turn it on when the bucket is created.
 */
export function addAccessLogArchive(stack: Stack, props: { readonly stage: string; readonly retentionDays: number }): AccessLogArchive {
  const scope = new Construct(stack, 'AccessLogArchive');
  // S3 delivers the server access logs under a bucket policy naming the archive bucket, not the deprecated
  // log-delivery ACL (CDK's own flag for it, set here for these buckets only).
  scope.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
  const key = new kms.Key(scope, 'Key', {
    description: `SIS (${props.stage}): encrypts the archive of the record of access`,
    alias: `alias/sis-${props.stage}-access-log-archive`,
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Server access logs go to a bucket of their own; S3 delivers them only to SSE-S3 buckets.
  const requestLogs = new s3.Bucket(scope, 'Requests', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(30) }],
  });
  Validations.of(requestLogs).acknowledge({
    id: 'AwsSolutions-S1',
    reason: "This bucket holds the archive bucket's server access logs; logging it to itself would log its own log deliveries without end.",
  });
  const bucket = new s3.Bucket(scope, 'Bucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectLockEnabled: true,
    objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.retentionDays)),
    serverAccessLogsBucket: requestLogs,
    serverAccessLogsPrefix: 'access-log-archive/',
    removalPolicy: RemovalPolicy.RETAIN,
  });
  new CfnOutput(stack, 'AccessLogArchiveBucket', {
    value: bucket.bucketName,
    description: 'The archive of the record of access (Object Lock, compliance mode): npm run access-log:archive, then aws s3 sync',
  });
  return { bucket, key, requestLogs };
}
