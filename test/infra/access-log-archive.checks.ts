import { App } from 'aws-cdk-lib';
import { readConfig } from '../../infra/stacks/config';
import { ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS } from '../../infra/stacks/access-log-archive';
import { getAtt, logicalIdOf, ref, resourceOf, resourcesOf, synthSis, type CfnValue, type SynthesizedSis } from './support/synth';

let sis: SynthesizedSis;
beforeAll(() => {
  sis = synthSis();
});

/** The archive of the record of access (decision 0158): nobody can erase an archived entry before its retention. */
describe('the access-log archive bucket', () => {
  const bucketId = () => logicalIdOf(sis.stateful.accessLogArchive.bucket);
  const bucket = () => resourceOf(sis.statefulTemplate, bucketId());

  it('locks every object version in compliance mode for the configured retention, seven years by default', () => {
    expect(bucket().Properties.ObjectLockEnabled).toBe(true);
    expect(bucket().Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS } },
    });
    expect(ACCESS_LOG_ARCHIVE_DEFAULT_RETENTION_DAYS).toBe(7 * 365);
    expect(bucket().Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket().DeletionPolicy).toBe('Retain');
    const configured = readConfig(new App({ context: { 'sis:accessLogArchiveRetentionDays': '3650' } }).node);
    expect(configured.accessLogArchiveRetentionDays).toBe(3650);
    expect(() => readConfig(new App({ context: { 'sis:accessLogArchiveRetentionDays': '-1' } }).node)).toThrow(/positive integer/);
  });

  it('is encrypted with a key of its own, which rotates and is kept', () => {
    const keyId = logicalIdOf(sis.stateful.accessLogArchive.key);
    expect(bucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(keyId, 'Arn') } },
      ],
    });
    expect(keyId).not.toBe(logicalIdOf(sis.stateful.dataKey));
    expect(resourceOf(sis.statefulTemplate, keyId).Properties.EnableKeyRotation).toBe(true);
    expect(resourceOf(sis.statefulTemplate, keyId).DeletionPolicy).toBe('Retain');
  });

  it('blocks public access, refuses requests without TLS, and logs every request to a bucket of its own', () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const policy = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::S3::BucketPolicy')).find(
      (candidate) => JSON.stringify(candidate.Properties.Bucket) === JSON.stringify(ref(bucketId())),
    );
    const statements = (policy?.Properties.PolicyDocument as { Statement: { Effect: string; Condition?: CfnValue }[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(bucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(logicalIdOf(sis.stateful.accessLogArchive.requestLogs)),
      LogFilePrefix: 'access-log-archive/',
    });
  });
});
