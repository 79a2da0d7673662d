import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { VENDOR_SECRET_ROTATION_DAYS } from '../constructs/oneroster-vendors';
import type { SisFunction } from '../constructs/sis-function';
import type { SisData } from './stateful-stack';

/**
 * The rotation of every OneRoster vendor's secret by `fn` (decision 0155), in the functions stack: Secrets Manager
 * invokes the function as soon as a schedule exists, so the schedules are made where the function is, after it.
 *
 * Built from the L1 rather than `secret.addRotationSchedule`, whose grants include `secretsmanager:GetRandomPassword`
 * on `*` (this rotation asks Cognito for the secret) and an invoke permission open to every secret of every account.
 * The function may: read and write these secrets' versions, use their key through Secrets Manager only, and
 * list, add and delete the client secrets of the staff pool's app clients (Cognito's actions take the pool's ARN,
 * not a client's, so that is as narrow as IAM allows).
 */
export function addVendorSecretRotation(scope: Construct, fn: SisFunction, rotation: SisData['oneRosterSecrets']): void {
  const stack = Stack.of(scope);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['cognito-idp:ListUserPoolClientSecrets', 'cognito-idp:AddUserPoolClientSecret', 'cognito-idp:DeleteUserPoolClientSecret'],
      resources: [rotation.userPoolArn],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      resources: rotation.secrets.map((secret) => secret.secretArn),
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [rotation.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
    }),
  );
  rotation.secrets.forEach((secret, index) => {
    // Secrets Manager may invoke the function for this secret only, from this account.
    fn.addPermission(`RotatesVendorSecret${index}`, {
      principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
      sourceArn: secret.secretArn,
      sourceAccount: stack.account,
    });
    const schedule = new secretsmanager.CfnRotationSchedule(scope, `VendorSecretRotation${index}`, {
      secretId: secret.secretArn,
      rotationLambdaArn: fn.functionArn,
      rotationRules: { scheduleExpression: `rate(${Duration.days(VENDOR_SECRET_ROTATION_DAYS).toDays()} days)` },
      // The secret is created without a client secret: its first rotation, at once, adds one (oneroster-vendors.ts).
      rotateImmediatelyOnUpdate: true,
    });
    const invoke = fn.permissionsNode.tryFindChild(`RotatesVendorSecret${index}`);
    if (invoke) schedule.node.addDependency(invoke);
    // The role's policy must be in place before the first rotation runs.
    schedule.node.addDependency(fn.role);
  });
}
