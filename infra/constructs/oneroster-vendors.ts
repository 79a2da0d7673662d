import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { OneRosterScopeName } from '../../domain/oneroster/rest-routes';
import type { OneRosterVendor } from '../stacks/oneroster-vendors';

export interface OneRosterVendorsProps {
  readonly stage: string;
  /** The staff pool, which holds the OneRoster resource server and its token endpoint. */
  readonly userPool: cognito.UserPool;
  readonly resourceServer: cognito.UserPoolResourceServer;
  /** The resource server's scopes, by OneRoster scope name. */
  readonly scopes: Readonly<Record<OneRosterScopeName, cognito.ResourceServerScope>>;
  /** The pool domain's `/oauth2/token` URL. */
  readonly tokenEndpoint: string;
  readonly vendors: readonly OneRosterVendor[];
}

/** One vendor's app client and the secret the district hands it. */
export interface VendorClient {
  readonly vendor: OneRosterVendor;
  readonly client: cognito.UserPoolClient;
  readonly secret: secretsmanager.Secret;
}

/** Days between two rotations of a vendor's secret; the previous secret stays valid until the next one (decision 0155). */
export const VENDOR_SECRET_ROTATION_DAYS = 90;

/** The Secrets Manager name of a vendor's credentials. */
export const vendorSecretName = (stage: string, vendor: string) => `sis/${stage}/oneroster/${vendor}`;

/** `learning-platform` → `LearningPlatform`, for construct ids and output names. */
const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

/**
 * One client-credentials app client per OneRoster vendor, with exactly the vendor's scopes, and its
 * credentials in a Secrets Manager secret of its own, encrypted with a customer-managed key (decision 0155).
 *
 * The secret is created without the client secret: its first rotation, which Secrets Manager runs as soon
 * as the rotation schedule exists (the functions stack, `RotateImmediatelyOnUpdate`), adds one with
 * Cognito's AddUserPoolClientSecret and stores it. The client secret therefore never passes through
 * CloudFormation (a `userPoolClientSecret` would: CDK reads it with DescribeUserPoolClient into a custom
 * resource's response), and a later deployment cannot overwrite a rotated secret with a stale one.
 */
export class OneRosterVendors extends Construct {
  readonly clients: readonly VendorClient[];
  /** Encrypts every vendor's secret: who may read them is in IAM and this key's grants, and CloudTrail logs each use. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: OneRosterVendorsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'SecretsKey', {
      description: `SIS (${props.stage}): encrypts the OneRoster vendors' client secrets`,
      alias: `alias/sis-${props.stage}-oneroster-secrets`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const userPoolId = props.userPool.userPoolId;
    this.clients = props.vendors.map((vendor) => {
      const name = pascal(vendor.name);
      const client = props.userPool.addClient(`OneRoster${name}Client`, {
        userPoolClientName: `oneroster-${vendor.name}`,
        // A server-side integration keeps its secret; it never signs in as a person.
        generateSecret: true,
        authFlows: {},
        oAuth: {
          flows: { clientCredentials: true },
          scopes: vendor.scopes.map((scopeName) => cognito.OAuthScope.resourceServer(props.resourceServer, props.scopes[scopeName])),
        },
        enableTokenRevocation: true,
        preventUserExistenceErrors: true,
        accessTokenValidity: Duration.hours(1),
      });
      // What the vendor needs besides the secret; none of it is secret, so it may sit in the template. Nothing here
      // changes for a vendor (a scope change updates the client in place), so no deployment writes a new version
      // without the client secret; a replaced client is a new secret, to be rotated at once (docs/oneroster.md).
      const plain = (value: string) => SecretValue.unsafePlainText(value);
      const secret = new secretsmanager.Secret(this, `${name}Secret`, {
        secretName: vendorSecretName(props.stage, vendor.name),
        description: `OneRoster credentials of ${vendor.name}: client id, client secret (rotated), token endpoint`,
        encryptionKey: this.key,
        secretObjectValue: {
          vendor: plain(vendor.name),
          userPoolId: plain(userPoolId),
          clientId: plain(client.userPoolClientId),
          tokenEndpoint: plain(props.tokenEndpoint),
        },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotated every 90 days by the oneRosterSecretRotation function: its rotation schedule is in the functions stack, ' +
          'deployed after this one (the function must exist before Secrets Manager invokes it).',
      });
      new CfnOutput(Stack.of(this), `OneRoster${name}ClientId`, {
        value: client.userPoolClientId,
        description: `OneRoster client of ${vendor.name} (client credentials: ${vendor.scopes.join(', ')})`,
      });
      new CfnOutput(Stack.of(this), `OneRoster${name}SecretName`, {
        value: vendorSecretName(props.stage, vendor.name),
        description: `Secrets Manager secret with ${vendor.name}'s client id and secret, to hand to the vendor`,
      });
      return { vendor, client, secret };
    });
  }
}
