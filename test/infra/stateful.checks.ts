import { Stack, Stage, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ONEROSTER_SCOPE_SERVER } from '../../domain/oneroster/rest-routes';
import { ROLES } from '../../domain/principal';
import { BUS_RULES, FUNCTIONS, QUEUES, STREAM_CONSUMERS, type HandlerId } from '../../functions/manifest';
import { DEFAULT_CONFIG } from '../../infra/stacks/config';
import { fieldKeeperRoleName } from '../../infra/stacks/functions-stack';
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
  const pools = () => resourcesOf(sis.statefulTemplate, 'AWS::Cognito::UserPool');
  const pool = (construct: IConstruct) => resourceOf(sis.statefulTemplate, logicalIdOf(construct));
  const clientOf = (construct: IConstruct) => resourceOf(sis.statefulTemplate, logicalIdOf(construct));

  it('keeps staff and families in two pools, both without self sign-up, strong passwords, retained and deletion-protected', () => {
    expect(Object.keys(pools())).toHaveLength(2);
    for (const resource of Object.values(pools())) {
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.Properties).toEqual(
        expect.objectContaining({
          AdminCreateUserConfig: expect.objectContaining({ AllowAdminCreateUserOnly: true }),
          DeletionProtection: 'ACTIVE',
          Policies: { PasswordPolicy: expect.objectContaining({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true }) },
        }),
      );
    }
  });

  it('requires an authenticator-app second factor of every staff member, with enforced threat protection', () => {
    expect(pool(sis.stateful.identity.staffPool).Properties).toEqual(
      expect.objectContaining({
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      }),
    );
  });

  it('lets families sign in with an e-mail address or a mobile number, and choose SMS or TOTP MFA', () => {
    const props = pool(sis.stateful.identity.familyPool).Properties;
    expect(props.UsernameAttributes).toEqual(expect.arrayContaining(['email', 'phone_number']));
    expect(props.MfaConfiguration).toBe('OPTIONAL');
    expect(props.EnabledMfas).toEqual(expect.arrayContaining(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']));
    expect(props.SmsConfiguration).toEqual(expect.objectContaining({ SnsCallerArn: expect.anything() }));
  });

  it('sends e-mail through Cognito only when no SES identity is configured (development)', () => {
    for (const resource of Object.values(pools())) {
      const email = resource.Properties.EmailConfiguration as { EmailSendingAccount?: string } | undefined;
      expect(email?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe('COGNITO_DEFAULT');
    }
  });

  it('lets a staff member name regions rather than schools (custom:regionIds, decision 0087); families have no such attribute', () => {
    type Attribute = { Name: string; AttributeDataType: string; Mutable?: boolean; StringAttributeConstraints?: { MaxLength?: string } };
    const schemaOf = (construct: IConstruct) => (pool(construct).Properties.Schema ?? []) as Attribute[];
    const regions = schemaOf(sis.stateful.identity.staffPool).find((attribute) => attribute.Name === 'regionIds');
    expect(regions).toEqual(
      expect.objectContaining({
        AttributeDataType: 'String',
        Mutable: true,
        StringAttributeConstraints: expect.objectContaining({ MaxLength: '2048' }),
      }),
    );
    expect(schemaOf(sis.stateful.identity.familyPool).map((attribute) => attribute.Name)).not.toContain('regionIds');
  });

  it('gives each role a group in the pool it belongs to', () => {
    const groups = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::Cognito::UserPoolGroup'));
    const staffPoolRef = ref(logicalIdOf(sis.stateful.identity.staffPool));
    const inStaff = groups.filter((group) => JSON.stringify(group.Properties.UserPoolId) === JSON.stringify(staffPoolRef));
    expect(new Set(inStaff.map((group) => group.Properties.GroupName))).toEqual(new Set(ROLES.filter((role) => role !== 'parent')));
    const inFamily = groups.filter((group) => JSON.stringify(group.Properties.UserPoolId) !== JSON.stringify(staffPoolRef));
    expect(inFamily.map((group) => group.Properties.GroupName)).toEqual(['parent']);
  });

  it('carries the link attributes, which users can read but never write, in short-lived tokens (families 15 minutes, staff 30: decision 0114)', () => {
    const staff = clientOf(sis.stateful.identity.staffClient).Properties;
    const family = clientOf(sis.stateful.identity.familyClient).Properties;
    expect(staff.ReadAttributes).toEqual(expect.arrayContaining(['custom:staffId', 'custom:schoolIds', 'custom:regionIds']));
    expect(family.ReadAttributes).not.toContain('custom:regionIds');
    expect(family.ReadAttributes).toEqual(expect.arrayContaining(['custom:guardianId', 'phone_number']));
    for (const client of [staff, family]) {
      expect(client.GenerateSecret).toBe(false);
      expect((client.WriteAttributes as string[]).filter((name) => name.startsWith('custom:'))).toEqual([]);
      expect(client.EnableTokenRevocation).toBe(true);
    }
    expect(family).toEqual(expect.objectContaining({ IdTokenValidity: 15, AccessTokenValidity: 15 }));
    expect(staff).toEqual(expect.objectContaining({ IdTokenValidity: 30, AccessTokenValidity: 30 }));
  });

  it("defines OneRoster's read and gradebook write scopes on the staff pool, whose domain is the vendors' token endpoint", () => {
    const staffPool = ref(logicalIdOf(sis.stateful.identity.staffPool));
    const server = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.identity.oneRosterScopes)).Properties;
    expect(server.UserPoolId).toEqual(staffPool);
    expect(server.Identifier).toBe(ONEROSTER_SCOPE_SERVER);
    expect((server.Scopes as { ScopeName: string }[]).map((scope) => scope.ScopeName).sort()).toEqual([
      'gradebook.createput',
      'gradebook.delete',
      'gradebook.readonly',
      'roster-core.readonly',
      'roster.readonly',
    ]);
    // Each vendor's client and secret: oneroster-vendors.checks.ts.
    // The token endpoint lives on the pool's domain.
    expect(
      Object.values(resourcesOf(sis.statefulTemplate, 'AWS::Cognito::UserPoolDomain')).map((domain) => domain.Properties.UserPoolId),
    ).toContainEqual(staffPool);
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
  it.each([
    ['bus', () => sis.stateful.bus, () => sis.stateful.eventsKey],
    ['archive', () => sis.stateful.archive, () => sis.stateful.archiveKey],
  ] as const)('%s is encrypted with a rotating customer-managed key of its own, which EventBridge may use', (_name, resource, keyOf) => {
    expect(resourceOf(sis.statefulTemplate, logicalIdOf(resource())).Properties.KmsKeyIdentifier).toEqual(
      getAtt(logicalIdOf(keyOf()), 'Arn'),
    );
    const key = resourceOf(sis.statefulTemplate, logicalIdOf(keyOf()));
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    const statements = (key.Properties.KeyPolicy as { Statement: { Principal?: { Service?: string }; Action: string | string[] }[] })
      .Statement;
    const granted = statements
      .filter((statement) => statement.Principal?.Service === 'events.amazonaws.com')
      .flatMap((statement) => [statement.Action].flat());
    expect(granted).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
  });

  it('archives every event for a year', () => {
    sis.statefulTemplate.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: getAtt(logicalIdOf(sis.stateful.bus), 'Arn'),
      EventPattern: { account: [ref('AWS::AccountId')] },
      RetentionDays: 365,
    });
  });

  /** The queue's policy lets EventBridge send to it (`action`) only on behalf of `sourceArn`. */
  const expectOnlyEventBridgeSends = (queueId: string, action: unknown, sourceArn: unknown) =>
    sis.statefulTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(queueId)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: action,
            Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } },
          }),
        ]),
      },
    });

  it('sends the events it cannot encrypt or decrypt to a dead-letter queue of its own, which only this bus may send to and which pages', () => {
    const dlqId = logicalIdOf(sis.stateful.busDeadLetterQueue.queue);
    expect(resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.bus)).Properties.DeadLetterConfig).toEqual({
      Arn: getAtt(dlqId, 'Arn'),
    });
    expect(alarmsOn('ApproximateNumberOfMessagesVisible', dlqId)).toHaveLength(1);
    expectOnlyEventBridgeSends(
      dlqId,
      'sqs:SendMessage',
      Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':event-bus/sis-dev-events'])]) }),
    );
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
      expectOnlyEventBridgeSends(queueId, Match.arrayWith(['sqs:SendMessage']), getAtt(logicalIdOf(sis.stateful.rules[spec.id]!), 'Arn'));
    },
  );
});

it('outputs the table name, bus name, both user pools and their clients', () => {
  const outputs = sis.statefulTemplate.toJSON().Outputs as Record<string, { Value: CfnValue }>;
  expect(outputs.TableName?.Value).toEqual(ref(logicalIdOf(sis.stateful.table)));
  expect(outputs.EventBusName?.Value).toEqual(ref(logicalIdOf(sis.stateful.bus)));
  expect(outputs.StaffUserPoolId?.Value).toEqual(ref(logicalIdOf(sis.stateful.identity.staffPool)));
  expect(outputs.StaffUserPoolClientId?.Value).toEqual(ref(logicalIdOf(sis.stateful.identity.staffClient)));
  expect(outputs.FamilyUserPoolId?.Value).toEqual(ref(logicalIdOf(sis.stateful.identity.familyPool)));
  expect(outputs.FamilyUserPoolClientId?.Value).toEqual(ref(logicalIdOf(sis.stateful.identity.familyClient)));
});

describe('alarms on the stateful resources', () => {
  const alarms = () => Object.values(resourcesOf(sis.statefulTemplate, 'AWS::CloudWatch::Alarm'));
  const topic = () => ref(logicalIdOf(sis.stateful.alarmTopic));

  it('every alarm notifies the alarm topic', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions).toEqual([topic()]);
  });

  it('fires on any read or write throttle of the table, and on a run of DynamoDB system errors', () => {
    const tableRef = ref(logicalIdOf(sis.stateful.table));
    const mentionsTable = (alarm: { Properties: { [key: string]: CfnValue } }) =>
      JSON.stringify(alarm.Properties).includes(JSON.stringify(tableRef));
    const throttles = alarms().find(
      (alarm) => mentionsTable(alarm) && JSON.stringify(alarm.Properties.Metrics ?? '').includes('WriteThrottleEvents'),
    );
    expect(throttles?.Properties.Threshold).toBe(0);
    expect(JSON.stringify(throttles?.Properties.Metrics)).toContain('ReadThrottleEvents');
    const systemErrors = alarms().find((alarm) => mentionsTable(alarm) && JSON.stringify(alarm.Properties).includes('SystemErrors'));
    expect(JSON.stringify(systemErrors?.Properties)).toContain('TransactWriteItems');
  });

  it.each(BUS_RULES.map((spec) => [spec.id] as const))('fires when bus rule %s fails to deliver', (id) => {
    const ruleRef = ref(logicalIdOf(sis.stateful.rules[id]!));
    const failed = alarms().filter(
      (alarm) =>
        alarm.Properties.MetricName === 'FailedInvocations' &&
        JSON.stringify(alarm.Properties.Dimensions).includes(JSON.stringify(ruleRef)),
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]!.Properties.Namespace).toBe('AWS/Events');
  });

  it('has no alarm subscriber unless one is configured (a production synth refuses that: production.checks.ts)', () => {
    // The notices' feedback topic has its queue as subscriber; the alarm topic has none.
    const subscriptions = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::SNS::Subscription'));
    expect(subscriptions.filter((subscription) => JSON.stringify(subscription.Properties.TopicArn).includes('AlarmTopic'))).toHaveLength(0);
  });
});

describe('field key custody (decision 0136)', () => {
  type KeyStatement = {
    Sid?: string;
    Principal: CfnValue;
    Action: string | string[];
    Condition?: Record<string, Record<string, CfnValue>>;
  };
  const USE = [
    'kms:Encrypt',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'kms:GenerateDataKeyWithoutPlaintext',
    'kms:ReEncryptFrom',
    'kms:ReEncryptTo',
    'kms:CreateGrant',
  ];
  const keyStatements = () =>
    (resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.fieldKey)).Properties.KeyPolicy as { Statement: KeyStatement[] }).Statement;
  const usesKey = (statement: KeyStatement) => [statement.Action].flat().some((action) => action === 'kms:*' || USE.includes(action));
  const principalArnOf = (statement: KeyStatement) =>
    JSON.stringify(statement.Condition?.ArnEquals?.['aws:PrincipalArn'] ?? statement.Principal);

  it('only the two confidential functions, each for its own record kinds, and the break-glass role (Decrypt) may use the field key', () => {
    const users = keyStatements().filter(usesKey);
    const keepers = Object.entries(FUNCTIONS).filter(([, spec]) => spec.fieldKey);
    expect(keepers.map(([handler]) => handler).sort()).toEqual(['counseling', 'healthRecords']);
    for (const [handler, spec] of keepers) {
      const roleName = fieldKeeperRoleName(DEFAULT_CONFIG.stage, handler as HandlerId);
      const own = users.filter((statement) => principalArnOf(statement).includes(`:role/${roleName}`));
      expect(own.map((statement) => [statement.Action].flat().sort())).toEqual([['kms:Decrypt', 'kms:GenerateDataKey'], ['kms:Decrypt']]);
      expect(own[0]!.Condition?.StringEquals).toEqual({
        'kms:EncryptionContext:purpose': 'sis-field-encryption',
        'kms:EncryptionContext:kind': spec.fieldKey!.kinds,
      });
      // Data keys sealed before the kind was in the context open, and only those: their context is the purpose alone.
      expect(own[1]!.Condition).toEqual({
        ArnEquals: expect.anything(),
        StringEquals: { 'kms:EncryptionContext:purpose': 'sis-field-encryption' },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['purpose'] },
      });
      // The functions stack gives the role the name the key policy names.
      const roles = Object.values(resourcesOf(sis.computeTemplate, 'AWS::IAM::Role')).map((role) => role.Properties.RoleName);
      expect(roles).toContain(roleName);
    }
    const breakGlass = users.filter((statement) => statement.Sid === 'BreakGlass');
    expect(breakGlass.map((statement) => statement.Action)).toEqual(['kms:Decrypt']);
    expect(JSON.stringify(breakGlass[0]!.Principal)).toContain(logicalIdOf(sis.stateful.fieldKeyBreakGlass));
    expect(users).toHaveLength(keepers.length * 2 + 1);
  });

  it("delegates nothing to the account's IAM policies but administration, which cannot use the key", () => {
    const toAccount = keyStatements().filter((statement) => JSON.stringify(statement.Principal).includes(':root'));
    expect(toAccount.map((statement) => statement.Sid)).toEqual(['KeyAdministration']);
    expect(toAccount.filter(usesKey)).toEqual([]);
    for (const statement of keyStatements().filter((candidate) => JSON.stringify(candidate.Principal) === '{"AWS":"*"}')) {
      expect(statement.Condition?.ArnEquals?.['aws:PrincipalArn']).toEqual(expect.anything());
    }
  });

  it("the break-glass role needs MFA, lasts an hour, and paging rules watch its use and any change to the key's custody", () => {
    const role = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.fieldKeyBreakGlass));
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('"aws:MultiFactorAuthPresent":"true"');
    const rules = sis.stateful.fieldKeyAlarms.map((rule) => resourceOf(sis.statefulTemplate, logicalIdOf(rule)).Properties);
    const patterns = rules.map((rule) => rule.EventPattern as { source: string[]; detail: { eventName: string[] } });
    expect(patterns.map((pattern) => [pattern.source[0], ...pattern.detail.eventName])).toEqual([
      ['aws.sts', 'AssumeRole'],
      ['aws.kms', 'Decrypt'],
      ['aws.kms', 'PutKeyPolicy', 'CreateGrant', 'DisableKey', 'ScheduleKeyDeletion', 'ImportKeyMaterial'],
    ]);
    // Decrypt is a read-only management event: only this rule state receives it.
    expect(rules[1]!.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    for (const rule of rules) {
      expect(rule.Targets).toEqual([
        expect.objectContaining({ Arn: ref(logicalIdOf(sis.stateful.alarmTopic)), DeadLetterConfig: { Arn: expect.anything() } }),
      ]);
    }
  });
});

describe('backups', () => {
  it('back the table up daily (7 days), monthly (a year) and at each school year close (7 years) into a locked, encrypted vault', () => {
    const plan = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.backupPlan)).Properties.BackupPlan as {
      BackupPlanRule: { RuleName: string; ScheduleExpression: string; Lifecycle: { DeleteAfterDays: number } }[];
    };
    const retention = Object.fromEntries(plan.BackupPlanRule.map((rule) => [rule.RuleName, rule.Lifecycle.DeleteAfterDays]));
    expect(retention).toEqual({ Daily: 7, Monthly: 365, SchoolYearClose: 2555 });
    expect(plan.BackupPlanRule.find((rule) => rule.RuleName === 'SchoolYearClose')?.ScheduleExpression).toBe('cron(0 11 1 7 ? *)');
    const vault = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.backupVault));
    expect(vault.DeletionPolicy).toBe('Retain');
    expect(vault.Properties.EncryptionKeyArn).toEqual(expect.anything());
    // Compliance mode after the 3 grace days: the lock itself can no longer be removed.
    expect(vault.Properties.LockConfiguration).toEqual({ MinRetentionDays: 7, MaxRetentionDays: 2555, ChangeableForDays: 3 });
    // Under a key of the vault's own, not the table's.
    expect(vault.Properties.EncryptionKeyArn).not.toEqual(getAtt(logicalIdOf(sis.stateful.dataKey), 'Arn'));
    // No copy unless one is configured (production requires one: production.test.ts).
    for (const rule of plan.BackupPlanRule as { CopyActions?: unknown }[]) expect(rule.CopyActions).toBeUndefined();
    const [selection] = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::Backup::BackupSelection'));
    expect(JSON.stringify(selection!.Properties)).toContain(JSON.stringify(getAtt(logicalIdOf(sis.stateful.table), 'Arn')));
  });

  it('a failed, aborted or expired backup or copy job pages the alarm topic', () => {
    const rule = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.backupJobAlarm)).Properties;
    expect(rule.EventPattern).toEqual({
      source: ['aws.backup'],
      'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
      detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
    });
    expect(rule.Targets).toEqual([
      expect.objectContaining({ Arn: ref(logicalIdOf(sis.stateful.alarmTopic)), DeadLetterConfig: { Arn: expect.anything() } }),
    ]);
  });
});

describe('a night without a backup', () => {
  it('pages when no backup job of the vault completed in a whole day, no data counting as none', () => {
    const alarms = Object.values(resourcesOf(sis.statefulTemplate, 'AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties.MetricName === 'NumberOfBackupJobsCompleted',
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({
      Namespace: 'AWS/Backup',
      Dimensions: [{ Name: 'BackupVaultName', Value: getAtt(logicalIdOf(sis.stateful.backupVault), 'BackupVaultName') }],
      Statistic: 'Sum',
      Period: 86_400,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [ref(logicalIdOf(sis.stateful.alarmTopic))],
    });
  });
});

/** Every acknowledgment recorded in the tree, with where it was made. */
function acknowledgments(root: IConstruct): { path: string; scope: IConstruct; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          scope: construct,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

// cdk-nag over both stacks of this file's synth (one synth a file: each costs ~20 s of CPU).
describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error or warning in either stack', () => {
    // cdk-nag 3 is a policy-validation plugin; validateScope runs the same rules the app's synth runs.
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(sis.app);
    const findings = report.violations.map((violation) => ({
      rule: violation.ruleName,
      severity: violation.severity,
      resources: violation.violatingResources.map((resource) => resource.constructPath),
    }));
    expect(findings).toEqual([]);
  });

  it('acknowledges findings only on specific resources, each with a reason', () => {
    const all = acknowledgments(sis.app);
    expect(all.length).toBeGreaterThan(0);
    for (const acknowledgment of all) {
      expect(acknowledgment.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(acknowledgment.reason.length).toBeGreaterThan(60);
      // Never a blanket acknowledgment on an app, stage or stack.
      expect(Stack.isStack(acknowledgment.scope) || Stage.isStage(acknowledgment.scope)).toBe(false);
    }
  });

  it('acknowledges wildcard IAM findings only for Resource "*" (X-Ray, ListStreams), never for actions', () => {
    const wildcard = acknowledgments(sis.app).filter((acknowledgment) => acknowledgment.id.startsWith('AwsSolutions-IAM5'));
    expect(new Set(wildcard.map((acknowledgment) => acknowledgment.id))).toEqual(new Set(['AwsSolutions-IAM5[Resource::*]']));
  });
});
