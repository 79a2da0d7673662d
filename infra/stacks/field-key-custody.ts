import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DeadLetterQueue } from '../constructs/queues';
import { FUNCTIONS, type HandlerId } from '../../functions/manifest';
import { ENCRYPTION_CONTEXT } from '../../functions/platform/field-encryption';
import { fieldKeeperRoleName } from './functions-stack';

/** What the keepers of confidential records do with the field key: make data keys and open them. */
export const FIELD_KEY_USE = ['kms:GenerateDataKey', 'kms:Decrypt'];
/**
 * What key administrators may do: manage the key, never use it (no Encrypt, Decrypt, GenerateDataKey,
 * ReEncrypt or CreateGrant, which would let them hand use to someone else).
 */
export const FIELD_KEY_ADMINISTRATION = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListResourceTags',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:PutKeyPolicy',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateKeyDescription',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:RevokeGrant',
  'kms:RetireGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/** The functions that keep confidential records, with the record kinds each seals (the manifest's `fieldKey`). */
export const FIELD_KEEPERS = (Object.entries(FUNCTIONS) as [HandlerId, (typeof FUNCTIONS)[HandlerId]][]).flatMap(([handlerId, spec]) =>
  spec.fieldKey ? [{ handlerId, kinds: spec.fieldKey.kinds }] : [],
);

/** Decrypt of a data key sealed before decision 0136, whose context is the purpose alone. */
const LEGACY_CONTEXT = {
  StringEquals: { 'kms:EncryptionContext:purpose': ENCRYPTION_CONTEXT.purpose },
  'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': Object.keys(ENCRYPTION_CONTEXT) },
};

export interface FieldKeyCustodyProps {
  readonly stage: string;
  /**
   * Who administers the key (never uses it): role ARNs. The deployment's CloudFormation role must be
   * one of them, or no deployment can change the key policy again. @default the account, through IAM
   */
  readonly administrators?: readonly string[];
}

/**
 * The field key (decision 0136), whose policy is the whole of who may use it: the confidential
 * functions' roles, each only for its record kinds (with a Decrypt of data keys sealed before the
 * kinds were in the context), the break-glass role (Decrypt, alarmed), and administrators, who
 * cannot use it. No statement lets the account's IAM policies grant its use.
 */
export function addFieldKey(stack: Stack, props: FieldKeyCustodyProps): { key: kms.Key; breakGlass: iam.Role } {
  const breakGlass = new iam.Role(stack, 'FieldKeyBreakGlass', {
    roleName: `sis-${props.stage}-field-key-break-glass`,
    description: 'Opens a confidential record when the application cannot (an incident): assumed with MFA, for an hour, alarmed',
    // A person of this account, signed in with MFA; the account's own IAM policies say who.
    assumedBy: new iam.AccountPrincipal(stack.account).withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    maxSessionDuration: Duration.hours(1),
  });
  const administrators = props.administrators?.length
    ? props.administrators.map((arn) => new iam.ArnPrincipal(arn))
    : [new iam.AccountRootPrincipal()];
  const keeperArn = (handlerId: HandlerId) =>
    stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: fieldKeeperRoleName(props.stage, handlerId) });

  const policy = new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'KeyAdministration',
        principals: administrators,
        actions: FIELD_KEY_ADMINISTRATION,
        resources: ['*'],
      }),
      // The functions' roles live in the functions stack, deployed after this one; KMS refuses a
      // principal that does not exist yet, so they are named by aws:PrincipalArn instead.
      ...FIELD_KEEPERS.flatMap(({ handlerId, kinds }) => [
        new iam.PolicyStatement({
          sid: `Use-${handlerId}`,
          principals: [new iam.AnyPrincipal()],
          actions: FIELD_KEY_USE,
          resources: ['*'],
          conditions: {
            ArnEquals: { 'aws:PrincipalArn': keeperArn(handlerId) },
            StringEquals: { 'kms:EncryptionContext:purpose': ENCRYPTION_CONTEXT.purpose, 'kms:EncryptionContext:kind': [...kinds] },
          },
        }),
        new iam.PolicyStatement({
          sid: `OpenSealedBefore0136-${handlerId}`,
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: { ArnEquals: { 'aws:PrincipalArn': keeperArn(handlerId) }, ...LEGACY_CONTEXT },
        }),
      ]),
      new iam.PolicyStatement({
        sid: 'BreakGlass',
        principals: [new iam.ArnPrincipal(breakGlass.roleArn)],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': ENCRYPTION_CONTEXT.purpose } },
      }),
    ],
  });
  const key = new kms.Key(stack, 'FieldKey', {
    description: `SIS (${props.stage}): wraps the data keys of health, counseling and special-education record contents`,
    alias: `alias/sis-${props.stage}-fields`,
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
    policy,
  });
  breakGlass.addToPolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': ENCRYPTION_CONTEXT.purpose } },
    }),
  );
  return { key, breakGlass };
}

/**
 * Alarms on the field key's custody, from CloudTrail through the default bus to the alarm topic:
 * the break-glass role assumed or used (Decrypt is a read-only management event, hence the rule
 * state that receives those), and the key's policy, grants or state changed. Needs a CloudTrail
 * trail in the account (docs/deploy.md).
 */
export function addFieldKeyAlarms(
  scope: Construct,
  props: { readonly key: kms.IKey; readonly breakGlass: iam.IRole; readonly alarmTopic: sns.ITopic },
): events.Rule[] {
  const dlq = new DeadLetterQueue(scope, 'FieldKeyAlarmFailures', { purpose: 'field key custody alarms', alarmTopic: props.alarmTopic });
  Validations.of(dlq.queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      "This queue is itself a dead-letter queue: the field key custody rules' failed deliveries. Its depth alarm pages on the first message.",
  });
  const rule = (id: string, description: string, pattern: events.EventPattern, allManagementEvents = false) => {
    const created = new events.Rule(scope, id, {
      description,
      eventPattern: { detailType: ['AWS API Call via CloudTrail'], ...pattern },
      targets: [new targets.SnsTopic(props.alarmTopic, { deadLetterQueue: dlq.queue, retryAttempts: 10 })],
    });
    if (allManagementEvents) (created.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
    return created;
  };
  const breakGlassSession = { userIdentity: { sessionContext: { sessionIssuer: { arn: [props.breakGlass.roleArn] } } } };
  return [
    rule('BreakGlassAssumed', 'The field key break-glass role was assumed', {
      source: ['aws.sts'],
      detail: { eventName: ['AssumeRole'], requestParameters: { roleArn: [props.breakGlass.roleArn] } },
    }),
    rule(
      'BreakGlassDecrypt',
      'The field key break-glass role opened a confidential record (KMS Decrypt)',
      { source: ['aws.kms'], detail: { eventName: ['Decrypt'], ...breakGlassSession } },
      true,
    ),
    rule('FieldKeyCustodyChanged', "The field key's policy, grants or state changed", {
      source: ['aws.kms'],
      detail: {
        eventName: ['PutKeyPolicy', 'CreateGrant', 'DisableKey', 'ScheduleKeyDeletion', 'ImportKeyMaterial'],
        requestParameters: { keyId: [props.key.keyArn, props.key.keyId] },
      },
    }),
  ];
}
