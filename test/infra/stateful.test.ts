import { Match } from 'aws-cdk-lib/assertions';
import { ROLES } from '../../domain/principal';
import { BUS_RULES, FUNCTIONS, QUEUES, STREAM_CONSUMERS } from '../../functions/manifest';
import { createTableInput, TABLE } from '../../domain/table';
import { getAtt, logicalIdOf, ref, resourceOf, resourcesOf, synthSis, type CfnValue, type SynthesizedSis } from './support/synth';

let sis: SynthesizedSis;
beforeAll(() => {
  sis = synthSis();
});

const alarmsOn = (metricName: string, queueLogicalId: string) =>
  Object.values(resourcesOf(sis.statefulTemplate, 'AWS::CloudWatch::Alarm')).filter(
    (alarm) =>
      alarm.Properties.MetricName === metricName &&
      JSON.stringify(alarm.Properties.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: getAtt(queueLogicalId, 'QueueName') }]),
  );

describe('the single table', () => {
  const table = () => resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.table));

  it('has the key schema, attributes and GSIs of the shared definition the local runtime also uses', () => {
    const local = createTableInput('any');
    const props = table().Properties;
    expect(props.KeySchema).toEqual(local.KeySchema);
    expect(props.AttributeDefinitions).toEqual(local.AttributeDefinitions);
    expect(props.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('cannot lose data: PITR, deletion protection, retained on stack deletion and replacement', () => {
    const resource = table();
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
    expect(resource.Properties.Replicas).toEqual([
      expect.objectContaining({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    ]);
  });

  it('streams new and old images, expires items by the TTL attribute', () => {
    expect(table().Properties.StreamSpecification).toEqual({ StreamViewType: TABLE.streamViewType });
    expect(table().Properties.TimeToLiveSpecification).toEqual({ AttributeName: TABLE.timeToLiveAttribute, Enabled: true });
  });

  it('is encrypted with the customer-managed key, which rotates', () => {
    const keyId = logicalIdOf(sis.stateful.dataKey);
    expect(table().Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table().Properties.Replicas).toEqual([expect.objectContaining({ SSESpecification: { KMSMasterKeyId: getAtt(keyId, 'Arn') } })]);
    expect(resourceOf(sis.statefulTemplate, keyId).Properties.EnableKeyRotation).toBe(true);
    expect(resourceOf(sis.statefulTemplate, keyId).DeletionPolicy).toBe('Retain');
  });
});

describe('identity', () => {
  it('is a pool without self sign-up, with a strong password policy, optional TOTP MFA and enforced threat protection', () => {
    sis.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    sis.statefulTemplate.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });

  it('has one group per role', () => {
    const groups = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );
    expect(new Set(groups)).toEqual(new Set(ROLES));
  });

  it('carries staffId, guardianId and schoolIds, which users can read but never write themselves', () => {
    const pool = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::Cognito::UserPool'))[0]!;
    const custom = (pool.Properties.Schema as { Name: string }[]).map((attribute) => attribute.Name);
    expect(custom).toEqual(expect.arrayContaining(['staffId', 'guardianId', 'schoolIds']));
    const client = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::Cognito::UserPoolClient'))[0]!;
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:staffId', 'custom:guardianId', 'custom:schoolIds']));
    expect((client.Properties.WriteAttributes as string[]).filter((name) => name.startsWith('custom:'))).toEqual([]);
  });
});

describe.each(QUEUES.map((spec) => [spec.id, spec] as const))('queue %s', (_id, spec) => {
  const queueIds = () => ({
    queue: logicalIdOf(sis.stateful.queues[spec.id].queue),
    dlq: logicalIdOf(sis.stateful.queues[spec.id].deadLetter.queue),
  });

  it("redrives to its DLQ after the manifest's maxReceives", () => {
    const { queue, dlq } = queueIds();
    expect(resourceOf(sis.statefulTemplate, queue).Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: getAtt(dlq, 'Arn'),
      maxReceiveCount: spec.maxReceives,
    });
  });

  it("has the manifest's visibility timeout, at least 6 × the consumer's timeout", () => {
    const visibility = resourceOf(sis.statefulTemplate, queueIds().queue).Properties.VisibilityTimeout;
    expect(visibility).toBe(spec.visibilityTimeoutSeconds);
    expect(visibility).toBeGreaterThanOrEqual(6 * (FUNCTIONS[spec.consumer].timeoutSeconds ?? 10));
  });

  it('is encrypted and TLS-only, like its DLQ', () => {
    for (const id of Object.values(queueIds())) {
      expect(resourceOf(sis.statefulTemplate, id).Properties.SqsManagedSseEnabled).toBe(true);
      sis.statefulTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(id)],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });

  it('alarms as soon as a message reaches the DLQ, and when the oldest message gets old', () => {
    const { queue, dlq } = queueIds();
    const [depth] = alarmsOn('ApproximateNumberOfMessagesVisible', dlq);
    expect(depth?.Properties).toEqual(
      expect.objectContaining({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }),
    );
    expect(alarmsOn('ApproximateAgeOfOldestMessage', queue)).toHaveLength(1);
  });
});

describe.each(STREAM_CONSUMERS.map((spec) => [spec.id, spec] as const))('stream consumer %s', (_id, spec) => {
  it('has an encrypted on-failure queue with a depth alarm', () => {
    const dlq = logicalIdOf(sis.stateful.streamFailureQueues[spec.id]!.queue);
    expect(resourceOf(sis.statefulTemplate, dlq).Properties.SqsManagedSseEnabled).toBe(true);
    expect(alarmsOn('ApproximateNumberOfMessagesVisible', dlq)).toHaveLength(1);
  });
});

describe('event bus', () => {
  it('archives every event for a year', () => {
    sis.statefulTemplate.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: getAtt(logicalIdOf(sis.stateful.bus), 'Arn'),
      EventPattern: { account: [ref('AWS::AccountId')] },
      RetentionDays: 365,
    });
  });

  it.each(BUS_RULES.map((spec) => [spec.id, spec] as const))(
    'rule %s has the manifest pattern and delivers to its queue, with a DLQ',
    (_id, spec) => {
      const rule = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.rules[spec.id]!));
      expect(rule.Properties.EventBusName).toEqual(ref(logicalIdOf(sis.stateful.bus)));
      expect(rule.Properties.EventPattern).toEqual(spec.pattern as unknown as CfnValue);
      const queueId = logicalIdOf(sis.stateful.queues[spec.target.queue].queue);
      const ruleDlqId = logicalIdOf(sis.stateful.ruleDeadLetterQueues[spec.id]!.queue);
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({ Arn: getAtt(queueId, 'Arn'), DeadLetterConfig: { Arn: getAtt(ruleDlqId, 'Arn') } }),
      ]);
      expect(alarmsOn('ApproximateNumberOfMessagesVisible', ruleDlqId)).toHaveLength(1);
      // Only this rule may send to the queue through EventBridge.
      sis.statefulTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queueId)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: Match.arrayWith(['sqs:SendMessage']),
              Condition: { ArnEquals: { 'aws:SourceArn': getAtt(logicalIdOf(sis.stateful.rules[spec.id]!), 'Arn') } },
            }),
          ]),
        },
      });
    },
  );
});

it('outputs the table name, bus name, user pool id and client id', () => {
  const outputs = sis.statefulTemplate.toJSON().Outputs as Record<string, { Value: CfnValue }>;
  expect(outputs.TableName?.Value).toEqual(ref(logicalIdOf(sis.stateful.table)));
  expect(outputs.EventBusName?.Value).toEqual(ref(logicalIdOf(sis.stateful.bus)));
  expect(outputs.UserPoolId?.Value).toEqual(ref(logicalIdOf(sis.stateful.identity.userPool)));
  expect(outputs.UserPoolClientId?.Value).toEqual(ref(logicalIdOf(sis.stateful.identity.webClient)));
});
