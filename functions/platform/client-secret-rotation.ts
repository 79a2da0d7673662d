/**
 * The AWS side of the vendors' secret rotation (functions/use-cases/oneroster/rotate-client-secret.ts): Cognito's
 * client secrets, Secrets Manager's versions, and the pool's token endpoint (decision 0155): the ports the use case
 * works through, and their adapters.
 */
import {
  AddUserPoolClientSecretCommand,
  CognitoIdentityProviderClient,
  DeleteUserPoolClientSecretCommand,
  ListUserPoolClientSecretsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { traced } from './aws-clients';

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
export function cognitoClientSecrets(
  client: CognitoIdentityProviderClient = traced(new CognitoIdentityProviderClient({})),
): AppClientSecrets {
  return {
    async list(userPoolId, clientId) {
      // At most two secrets, both in one answer (the API's reference: no pagination token is returned).
      const answer = await client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: userPoolId, ClientId: clientId }));
      return (answer.ClientSecrets ?? []).map((secret) => ({
        id: secret.ClientSecretId ?? '',
        createdAt: secret.ClientSecretCreateDate?.getTime() ?? 0,
      }));
    },
    async add(userPoolId, clientId) {
      // No ClientSecret given: Cognito generates one, and returns its value only then.
      const answer = await client.send(new AddUserPoolClientSecretCommand({ UserPoolId: userPoolId, ClientId: clientId }));
      const { ClientSecretId: id, ClientSecretValue: value } = answer.ClientSecretDescriptor ?? {};
      if (!id || !value) throw new Error(`Cognito returned no value for the new secret of client ${clientId}`);
      return { id, value };
    },
    async remove(userPoolId, clientId, secretId) {
      await client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: userPoolId, ClientId: clientId, ClientSecretId: secretId }));
    },
  };
}

/** secretsmanager's DescribeSecret, GetSecretValue, PutSecretValue and UpdateSecretVersionStage. */
export function secretVersions(client: SecretsManagerClient = traced(new SecretsManagerClient({}))): SecretVersions {
  return {
    async describe(secretId) {
      const answer = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return { rotationEnabled: answer.RotationEnabled === true, versions: answer.VersionIdsToStages ?? {} };
    },
    async value(secretId, stage, versionId) {
      try {
        const answer = await client.send(
          new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, ...(versionId ? { VersionId: versionId } : {}) }),
        );
        return answer.SecretString;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    async putPending(secretId, versionId, value) {
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: versionId,
          SecretString: value,
          VersionStages: ['AWSPENDING'],
        }),
      );
    },
    async makeCurrent(secretId, versionId, fromVersionId) {
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: versionId,
          RemoveFromVersionId: fromVersionId,
        }),
      );
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
