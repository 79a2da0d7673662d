/**
 * The AWS side of the vendors' secret rotation (functions/use-cases/oneroster/rotate-client-secret.ts): Cognito's
 * client secrets, Secrets Manager's versions, and the pool's token endpoint (decision 0155): the ports the use case
 * works through, and their adapters.
 */
import { AwsJsonError, awsJsonClient, type AwsJsonOptions } from './aws-json';

/** Cognito's client secrets of an app client (cognito-idp List/Add/DeleteUserPoolClientSecret). */
export interface AppClientSecrets {
  list(userPoolId: string, clientId: string): Promise<readonly { readonly id: string; readonly createdAt: number }[]>;
  /** A secret Cognito generates; its value is returned this once. */
  add(userPoolId: string, clientId: string): Promise<{ readonly id: string; readonly value: string }>;
  remove(userPoolId: string, clientId: string, secretId: string): Promise<void>;
}

/** The versions and staging labels of one Secrets Manager secret. */
export interface SecretVersions {
  describe(
    secretId: string,
  ): Promise<{ readonly rotationEnabled: boolean; readonly versions: Readonly<Record<string, readonly string[]>> }>;
  /** The value of the version with this stage (and id), or undefined when there is none. */
  value(secretId: string, stage: 'AWSCURRENT' | 'AWSPENDING', versionId?: string): Promise<string | undefined>;
  putPending(secretId: string, versionId: string, value: string): Promise<void>;
  /** Moves AWSCURRENT to `versionId` (the version that held it becomes AWSPREVIOUS). */
  makeCurrent(secretId: string, versionId: string, fromVersionId: string): Promise<void>;
}

/** Asks the pool's token endpoint for a client-credentials token: true when it grants one. */
export type TokenCheck = (tokenEndpoint: string, clientId: string, clientSecret: string) => Promise<boolean>;

export interface RotationPorts {
  readonly cognito: AppClientSecrets;
  readonly secrets: SecretVersions;
  readonly tokenCheck: TokenCheck;
}

/** cognito-idp's ListUserPoolClientSecrets, AddUserPoolClientSecret and DeleteUserPoolClientSecret. */
export function cognitoClientSecrets(options: AwsJsonOptions = {}): AppClientSecrets {
  const call = awsJsonClient({ service: 'cognito-idp', targetPrefix: 'AWSCognitoIdentityProviderService' }, options);
  type Descriptor = { ClientSecretId: string; ClientSecretValue?: string; ClientSecretCreateDate?: number };
  return {
    async list(userPoolId, clientId) {
      // At most two secrets, both in one answer (the API's reference: no pagination token is returned).
      const answer = await call<{ ClientSecrets?: Descriptor[] }>('ListUserPoolClientSecrets', {
        UserPoolId: userPoolId,
        ClientId: clientId,
      });
      return (answer.ClientSecrets ?? []).map((secret) => ({ id: secret.ClientSecretId, createdAt: secret.ClientSecretCreateDate ?? 0 }));
    },
    async add(userPoolId, clientId) {
      // No ClientSecret given: Cognito generates one, and returns its value only then.
      const answer = await call<{ ClientSecretDescriptor: Descriptor }>('AddUserPoolClientSecret', {
        UserPoolId: userPoolId,
        ClientId: clientId,
      });
      const { ClientSecretId: id, ClientSecretValue: value } = answer.ClientSecretDescriptor;
      if (!value) throw new Error(`Cognito returned no value for the new secret of client ${clientId}`);
      return { id, value };
    },
    async remove(userPoolId, clientId, secretId) {
      await call('DeleteUserPoolClientSecret', { UserPoolId: userPoolId, ClientId: clientId, ClientSecretId: secretId });
    },
  };
}

/** secretsmanager's DescribeSecret, GetSecretValue, PutSecretValue and UpdateSecretVersionStage. */
export function secretVersions(options: AwsJsonOptions = {}): SecretVersions {
  const call = awsJsonClient({ service: 'secretsmanager', targetPrefix: 'secretsmanager' }, options);
  return {
    async describe(secretId) {
      const answer = await call<{ RotationEnabled?: boolean; VersionIdsToStages?: Record<string, string[]> }>('DescribeSecret', {
        SecretId: secretId,
      });
      return { rotationEnabled: answer.RotationEnabled === true, versions: answer.VersionIdsToStages ?? {} };
    },
    async value(secretId, stage, versionId) {
      try {
        const answer = await call<{ SecretString?: string }>('GetSecretValue', {
          SecretId: secretId,
          VersionStage: stage,
          ...(versionId ? { VersionId: versionId } : {}),
        });
        return answer.SecretString;
      } catch (error) {
        if (error instanceof AwsJsonError && error.type === 'ResourceNotFoundException') return undefined;
        throw error;
      }
    },
    async putPending(secretId, versionId, value) {
      await call('PutSecretValue', {
        SecretId: secretId,
        ClientRequestToken: versionId,
        SecretString: value,
        VersionStages: ['AWSPENDING'],
      });
    },
    async makeCurrent(secretId, versionId, fromVersionId) {
      await call('UpdateSecretVersionStage', {
        SecretId: secretId,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: versionId,
        RemoveFromVersionId: fromVersionId,
      });
    },
  };
}

/** The client-credentials grant at the pool's `/oauth2/token`, with HTTP Basic client authentication. */
export function tokenEndpointCheck(send: typeof fetch = fetch): TokenCheck {
  return async (tokenEndpoint, clientId, clientSecret) => {
    const response = await send(tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      // No scope asked: Cognito grants every scope the client is allowed.
      body: 'grant_type=client_credentials',
    });
    if (!response.ok) return false;
    const answer = (await response.json()) as { access_token?: unknown };
    return typeof answer.access_token === 'string';
  };
}

/** The ports of a rotation in AWS. */
export const awsRotationPorts = (): RotationPorts => ({
  cognito: cognitoClientSecrets(),
  secrets: secretVersions(),
  tokenCheck: tokenEndpointCheck(),
});
