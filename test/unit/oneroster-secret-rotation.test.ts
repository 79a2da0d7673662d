import {
  AddUserPoolClientSecretCommand,
  CognitoIdentityProviderClient,
  DeleteUserPoolClientSecretCommand,
  ListUserPoolClientSecretsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  cognitoClientSecrets,
  secretVersions,
  tokenEndpointCheck,
  type RotationPorts,
} from '../../functions/platform/client-secret-rotation';
import { rotateClientSecret, type RotationStep } from '../../functions/use-cases/oneroster/rotate-client-secret';

/**
 * The rotation of a vendor's client secret (decision 0155) against stand-ins that keep Cognito's and Secrets Manager's
 * rules: an app client holds two secrets at most and never none; a secret's versions carry AWSCURRENT, AWSPENDING and
 * AWSPREVIOUS; the token endpoint grants a token to a client id and one of its secrets.
 */
class FakeCognito {
  private next = 0;
  readonly secrets = new Map<string, { id: string; value: string; createdAt: number }[]>();

  constructor(clientId: string) {
    // The secret Cognito generated with the client, which nobody ever read.
    this.secrets.set(clientId, [{ id: 'initial', value: 'never-read', createdAt: 0 }]);
  }
  held = (clientId: string) => this.secrets.get(clientId) ?? [];
  accepts = (clientId: string, value: string) => this.held(clientId).some((secret) => secret.value === value);

  readonly port: RotationPorts['cognito'] = {
    list: async (_pool, clientId) => this.held(clientId).map(({ id, createdAt }) => ({ id, createdAt })),
    add: async (_pool, clientId) => {
      if (this.held(clientId).length >= 2) throw new Error('LimitExceededException: two secrets at most');
      this.next += 1;
      const secret = { id: `secret-${this.next}`, value: `value-${this.next}`, createdAt: this.next };
      this.secrets.set(clientId, [...this.held(clientId), secret]);
      return { id: secret.id, value: secret.value };
    },
    remove: async (_pool, clientId, secretId) => {
      if (this.held(clientId).length <= 1) throw new Error('InvalidParameterException: the last secret cannot be deleted');
      this.secrets.set(
        clientId,
        this.held(clientId).filter((secret) => secret.id !== secretId),
      );
    },
  };
}

class FakeSecretsManager {
  readonly versions = new Map<string, { value: string; stages: string[] }>();
  rotationEnabled = true;

  constructor(initial: object) {
    this.versions.set('v0', { value: JSON.stringify(initial), stages: ['AWSCURRENT'] });
  }
  /** What Secrets Manager does when a rotation starts: a new version id labelled AWSPENDING, no value yet. */
  startRotation(token: string) {
    this.versions.set(token, { value: '', stages: ['AWSPENDING'] });
  }
  staged = (stage: string) => [...this.versions.entries()].find(([, version]) => version.stages.includes(stage));
  current = () => JSON.parse(this.staged('AWSCURRENT')![1].value) as Record<string, string>;

  readonly port: RotationPorts['secrets'] = {
    describe: async () => ({
      rotationEnabled: this.rotationEnabled,
      versions: Object.fromEntries([...this.versions.entries()].map(([id, version]) => [id, version.stages])),
    }),
    value: async (_secret, stage, versionId) => {
      const found = versionId ? this.versions.get(versionId) : this.staged(stage)?.[1];
      return found && found.stages.includes(stage) && found.value !== '' ? found.value : undefined;
    },
    putPending: async (_secret, versionId, value) => {
      this.versions.set(versionId, { value, stages: ['AWSPENDING'] });
    },
    makeCurrent: async (_secret, versionId, fromVersionId) => {
      for (const version of this.versions.values()) version.stages = version.stages.filter((stage) => stage !== 'AWSPREVIOUS');
      this.versions.get(fromVersionId)!.stages = ['AWSPREVIOUS'];
      this.versions.get(versionId)!.stages = ['AWSCURRENT'];
    },
  };
}

const CLIENT = 'vendor-client-id';
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

function setUp() {
  const cognito = new FakeCognito(CLIENT);
  const secrets = new FakeSecretsManager({
    vendor: 'library',
    userPoolId: 'us-east-1_pool',
    clientId: CLIENT,
    tokenEndpoint: 'https://sis-dev.auth.us-east-1.amazoncognito.com/oauth2/token',
  });
  const ports: RotationPorts = {
    cognito: cognito.port,
    secrets: secrets.port,
    tokenCheck: async (_endpoint, clientId, secret) => cognito.accepts(clientId, secret),
  };
  const rotate = async (token: string, steps: RotationStep[] = STEPS) => {
    secrets.startRotation(token);
    for (const step of steps) await rotateClientSecret(ports, { secretId: 'sis/dev/oneroster/library', token, step });
  };
  return { cognito, secrets, ports, rotate };
}

describe("rotation of a OneRoster vendor's client secret", () => {
  it('stores a secret Cognito accepts at the first rotation, beside the one the client was made with', async () => {
    const { cognito, secrets, rotate } = setUp();
    await rotate('r1');
    const current = secrets.current();
    expect(current).toMatchObject({ vendor: 'library', clientId: CLIENT, clientSecretId: 'secret-1' });
    expect(cognito.accepts(CLIENT, current.clientSecret!)).toBe(true);
    expect(cognito.held(CLIENT).map((secret) => secret.id)).toEqual(['initial', 'secret-1']);
  });

  it('keeps the previous secret valid until the next rotation, which removes it to make room', async () => {
    const { cognito, secrets, rotate } = setUp();
    await rotate('r1');
    const first = secrets.current().clientSecret!;
    await rotate('r2');
    const second = secrets.current().clientSecret!;
    // The vendor still holding the first secret keeps working until it picks up the second.
    expect([cognito.accepts(CLIENT, first), cognito.accepts(CLIENT, second)]).toEqual([true, true]);
    expect(secrets.versions.get('r1')!.stages).toEqual(['AWSPREVIOUS']);
    await rotate('r3');
    expect(cognito.accepts(CLIENT, first)).toBe(false);
    expect(cognito.held(CLIENT).map((secret) => secret.id)).toEqual(['secret-2', 'secret-3']);
  });

  it('runs each step again without harm, and heals a createSecret that added a secret but failed to store it', async () => {
    const { cognito, secrets, ports, rotate } = setUp();
    // A first run whose put failed after Cognito added the secret: an orphan beside the client's own.
    await cognito.port.add('us-east-1_pool', CLIENT);
    secrets.startRotation('r1');
    const create = () => rotateClientSecret(ports, { secretId: 's', token: 'r1', step: 'createSecret' });
    await create();
    await create();
    for (const step of STEPS.slice(1)) await rotateClientSecret(ports, { secretId: 's', token: 'r1', step });
    await rotateClientSecret(ports, { secretId: 's', token: 'r1', step: 'finishSecret' });
    expect(cognito.held(CLIENT).map((secret) => secret.id)).toEqual(['secret-1', 'secret-2']);
    expect(secrets.current().clientSecretId).toBe('secret-2');
    // The next rotation removes the orphan, never the secret the vendor holds.
    await rotate('r2');
    expect(cognito.held(CLIENT).map((secret) => secret.id)).toEqual(['secret-2', 'secret-3']);
    expect(cognito.accepts(CLIENT, secrets.current().clientSecret!)).toBe(true);
  });

  it('leaves the current version in place when the token endpoint refuses the new secret', async () => {
    const { secrets, ports } = setUp();
    secrets.startRotation('r1');
    const refusing: RotationPorts = { ...ports, tokenCheck: async () => false };
    await rotateClientSecret(refusing, { secretId: 's', token: 'r1', step: 'createSecret' });
    await expect(rotateClientSecret(refusing, { secretId: 's', token: 'r1', step: 'testSecret' })).rejects.toThrow(
      /refused the new secret/,
    );
    expect(secrets.staged('AWSCURRENT')![0]).toBe('v0');
  });

  it('refuses a secret without rotation enabled, and a version that is not pending', async () => {
    const { secrets, ports } = setUp();
    await expect(rotateClientSecret(ports, { secretId: 's', token: 'nope', step: 'createSecret' })).rejects.toThrow(/not a version/);
    secrets.rotationEnabled = false;
    secrets.startRotation('r1');
    await expect(rotateClientSecret(ports, { secretId: 's', token: 'r1', step: 'createSecret' })).rejects.toThrow(/not enabled/);
  });
});

describe('the AWS calls of the rotation', () => {
  const cognitoMock = mockClient(CognitoIdentityProviderClient);
  const secretsMock = mockClient(SecretsManagerClient);
  afterEach(() => {
    cognitoMock.reset();
    secretsMock.reset();
  });

  it("asks Cognito for a secret it generates, and returns its value; lists and deletes by the secret's id", async () => {
    cognitoMock.on(AddUserPoolClientSecretCommand).resolves({
      ClientSecretDescriptor: { ClientSecretId: 'id-2', ClientSecretValue: 'generated', ClientSecretCreateDate: new Date(2000) },
    });
    cognitoMock.on(ListUserPoolClientSecretsCommand).resolves({
      ClientSecrets: [{ ClientSecretId: 'id-1', ClientSecretCreateDate: new Date(1000) }],
    });
    const cognito = cognitoClientSecrets(new CognitoIdentityProviderClient({ region: 'us-east-2' }));
    expect(await cognito.add('us-east-2_pool', 'client')).toEqual({ id: 'id-2', value: 'generated' });
    expect(await cognito.list('us-east-2_pool', 'client')).toEqual([{ id: 'id-1', createdAt: 1000 }]);
    await cognito.remove('us-east-2_pool', 'client', 'id-1');
    // No ClientSecret of our own: Cognito generates it.
    expect(cognitoMock.commandCalls(AddUserPoolClientSecretCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'us-east-2_pool',
      ClientId: 'client',
    });
    expect(cognitoMock.commandCalls(DeleteUserPoolClientSecretCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'us-east-2_pool',
      ClientId: 'client',
      ClientSecretId: 'id-1',
    });
  });

  it('reads a missing version as none, lets other Secrets Manager errors through, and stages versions by id', async () => {
    secretsMock
      .on(GetSecretValueCommand, { VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'no such version', $metadata: {} }))
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const secrets = secretVersions(new SecretsManagerClient({ region: 'us-east-1' }));
    expect(await secrets.value('s', 'AWSPENDING', 'r1')).toBeUndefined();
    await expect(secrets.value('s', 'AWSCURRENT')).rejects.toThrow('denied');
    expect(secretsMock.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId: 's',
      VersionStage: 'AWSPENDING',
      VersionId: 'r1',
    });
    await secrets.putPending('s', 'r1', '{"clientSecret":"x"}');
    await secrets.makeCurrent('s', 'r1', 'r0');
    expect(secretsMock.commandCalls(PutSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId: 's',
      ClientRequestToken: 'r1',
      SecretString: '{"clientSecret":"x"}',
      VersionStages: ['AWSPENDING'],
    });
    expect(secretsMock.commandCalls(UpdateSecretVersionStageCommand)[0]!.args[0].input).toEqual({
      SecretId: 's',
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'r1',
      RemoveFromVersionId: 'r0',
    });
  });

  it('asks the token endpoint for client credentials with HTTP Basic authentication', async () => {
    let seen: RequestInit | undefined;
    const check = tokenEndpointCheck((async (_url: string, init: RequestInit) => {
      seen = init;
      return new Response(JSON.stringify({ access_token: 'token', token_type: 'Bearer' }), { status: 200 });
    }) as unknown as typeof fetch);
    expect(await check('https://pool.auth.us-east-1.amazoncognito.com/oauth2/token', 'client', 'secret')).toBe(true);
    expect((seen!.headers as Record<string, string>).authorization).toBe(`Basic ${Buffer.from('client:secret').toString('base64')}`);
    expect(seen!.body).toBe('grant_type=client_credentials');
  });
});
