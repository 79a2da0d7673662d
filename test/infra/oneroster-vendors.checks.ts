import { App } from 'aws-cdk-lib';
import { ONEROSTER_SCOPE_SERVER } from '../../domain/oneroster/rest-routes';
import { VENDOR_SECRET_ROTATION_DAYS } from '../../infra/constructs/oneroster-vendors';
import { readConfig } from '../../infra/stacks/config';
import { DEFAULT_ONEROSTER_VENDORS, type OneRosterVendor } from '../../infra/stacks/oneroster-vendors';
import {
  actionsOf,
  exportedValue,
  getAtt,
  logicalIdOf,
  ref,
  resourceOf,
  resourcesOf,
  statementsOfRole,
  synthSis,
  type CfnValue,
  type SynthesizedSis,
} from './support/synth';

/** A district's own list: one vendor reads demographics, one only the roster core, one posts and deletes grades. */
const DISTRICT_VENDORS: readonly OneRosterVendor[] = [
  { name: 'student-analytics', scopes: ['roster.readonly'] },
  { name: 'library', scopes: ['roster-core.readonly'] },
  { name: 'grading-platform', scopes: ['roster-core.readonly', 'gradebook.readonly', 'gradebook.createput', 'gradebook.delete'] },
];

/** The scope names a client's AllowedOAuthScopes grant (each `<resource server>/<name>`). */
const scopeNamesOf = (scopes: CfnValue): string[] =>
  (scopes as CfnValue[]).map((scope) => {
    const [server, suffix] = (scope as { 'Fn::Join': [string, [CfnValue, string]] })['Fn::Join'][1];
    expect(server).toEqual(expect.objectContaining({ Ref: expect.any(String) }));
    return suffix.replace(/^\//, '');
  });

describe.each([
  ['the default vendors', DEFAULT_ONEROSTER_VENDORS, () => synthSis()],
  ["a district's own vendors", DISTRICT_VENDORS, () => synthSis({ config: { oneRosterVendors: DISTRICT_VENDORS } })],
] as const)('OneRoster vendors: %s', (_label, vendors, synth) => {
  let sis: SynthesizedSis;
  beforeAll(() => {
    sis = synth();
  });
  const clients = () => sis.stateful.identity.oneRoster.clients;
  const fromStateful = (value: CfnValue | undefined) => exportedValue(sis.statefulTemplate, value);

  it('gives each vendor its own client-credentials client on the staff pool, with exactly its scopes', () => {
    expect(clients().map(({ vendor }) => vendor.name)).toEqual(vendors.map((vendor) => vendor.name));
    const server = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.identity.oneRosterScopes)).Properties;
    expect(server.Identifier).toBe(ONEROSTER_SCOPE_SERVER);
    const clientIds = new Set<string>();
    for (const { vendor, client } of clients()) {
      const props = resourceOf(sis.statefulTemplate, logicalIdOf(client)).Properties;
      clientIds.add(logicalIdOf(client));
      expect(props.UserPoolId).toEqual(ref(logicalIdOf(sis.stateful.identity.staffPool)));
      expect(props.ClientName).toBe(`oneroster-${vendor.name}`);
      expect(props.GenerateSecret).toBe(true);
      // Client credentials only: no user sign-in flow, no code or implicit grant, no callback.
      expect(props.AllowedOAuthFlows).toEqual(['client_credentials']);
      expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
      expect(props.ExplicitAuthFlows ?? []).toEqual([]);
      expect(props.CallbackURLs).toBeUndefined();
      expect(props.SupportedIdentityProviders ?? ['COGNITO']).toEqual(['COGNITO']);
      expect(scopeNamesOf(props.AllowedOAuthScopes!).sort()).toEqual([...vendor.scopes].sort());
    }
    expect(clientIds.size).toBe(vendors.length);
  });

  it("keeps each vendor's credentials in a secret of its own, encrypted with a rotated customer-managed key", () => {
    const key = sis.stateful.identity.oneRoster.key;
    expect(resourceOf(sis.statefulTemplate, logicalIdOf(key)).Properties.EnableKeyRotation).toBe(true);
    for (const { vendor, client, secret } of clients()) {
      const resource = resourceOf(sis.statefulTemplate, logicalIdOf(secret));
      expect(resource.Properties.Name).toBe(`sis/dev/oneroster/${vendor.name}`);
      expect(resource.Properties.KmsKeyId).toEqual(getAtt(logicalIdOf(key), 'Arn'));
      expect(resource.DeletionPolicy).toBe('Retain');
      // The client id is in it from the start; the client secret arrives with the first rotation, never in the template.
      const parts = (resource.Properties.SecretString as { 'Fn::Join': [string, CfnValue[]] })['Fn::Join'][1];
      const clientAt = parts.findIndex((part) => JSON.stringify(part) === JSON.stringify(ref(logicalIdOf(client))));
      expect(String(parts[clientAt - 1])).toMatch(/"clientId":"$/);
      const value = JSON.stringify(parts);
      expect(value).not.toMatch(/ClientSecret/);
    }
  });

  it("rotates every vendor's secret with the rotation function, which Secrets Manager may invoke for those secrets only", () => {
    const rotation = sis.compute.functions.oneRosterSecretRotation;
    const functionArn = getAtt(logicalIdOf(rotation), 'Arn');
    const schedules = Object.values(resourcesOf(sis.computeTemplate, 'AWS::SecretsManager::RotationSchedule'));
    const rotated = schedules.map((schedule) => fromStateful(schedule.Properties.SecretId));
    expect(rotated.sort()).toEqual(
      clients()
        .map(({ secret }) => ref(logicalIdOf(secret)))
        .sort(),
    );
    for (const schedule of schedules) {
      expect(schedule.Properties.RotationLambdaARN).toEqual(functionArn);
      expect(schedule.Properties.RotationRules).toEqual({ ScheduleExpression: `rate(${VENDOR_SECRET_ROTATION_DAYS} days)` });
      expect(schedule.Properties.RotateImmediatelyOnUpdate).toBe(true);
    }
    const permissions = Object.values(resourcesOf(sis.computeTemplate, 'AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === 'secretsmanager.amazonaws.com',
    );
    expect(permissions.map((permission) => fromStateful(permission.Properties.SourceArn)).sort()).toEqual(rotated.sort());
    expect(permissions.every((permission) => JSON.stringify(permission.Properties.FunctionName) === JSON.stringify(functionArn))).toBe(
      true,
    );
  });

  it('holds the rotation function to those secrets, their key through Secrets Manager, and the staff pool’s client secrets', () => {
    const role = logicalIdOf(sis.compute.functions.oneRosterSecretRotation.role);
    const statements = statementsOfRole(sis.computeTemplate, role).filter(
      // Less its log group's and X-Ray's, which every function has (stateless.checks.ts).
      (statement) => !/"(logs|xray):/.test(JSON.stringify(statement.Action)),
    );
    expect([...actionsOf(statements)].sort()).toEqual(
      [
        'cognito-idp:AddUserPoolClientSecret',
        'cognito-idp:DeleteUserPoolClientSecret',
        'cognito-idp:ListUserPoolClientSecrets',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ].sort(),
    );
    for (const statement of statements) expect(JSON.stringify(statement.Resource)).not.toContain('*');
    const kms = statements.find((statement) => [statement.Action].flat().includes('kms:Decrypt'))!;
    expect(JSON.stringify(kms.Condition)).toContain('kms:ViaService');
    const secrets = statements.find((statement) => [statement.Action].flat().includes('secretsmanager:PutSecretValue'))!;
    expect(
      [secrets.Resource]
        .flat()
        .map((resource) => fromStateful(resource))
        .sort(),
    ).toEqual(
      clients()
        .map(({ secret }) => ref(logicalIdOf(secret)))
        .sort(),
    );
  });

  it("puts every vendor's client in the OneRoster routes' audience and none in a role route's", () => {
    const audienceOf = (name: 'staff' | 'family', authorizer: string) =>
      (
        resourceOf(sis.apiTemplates[name], logicalIdOf(sis.apis[name].api.node.findChild(authorizer))).Properties.JwtConfiguration as {
          Audience: CfnValue[];
        }
      ).Audience.map(fromStateful);
    const vendorClients = clients().map(({ client }) => ref(logicalIdOf(client)));
    expect(audienceOf('staff', 'MachineClientJwt')).toEqual(vendorClients);
    for (const name of ['staff', 'family'] as const) {
      const roleAudience = audienceOf(name, 'CognitoJwt');
      for (const client of vendorClients) expect(roleAudience).not.toContainEqual(client);
    }
  });
});

describe('sis:oneRosterVendors', () => {
  const read = (value: unknown) => readConfig(new App({ context: { 'sis:oneRosterVendors': value } }).node).oneRosterVendors;

  it('reads a JSON list or name:scope+scope pairs, and defaults to a learning platform and a library', () => {
    expect(readConfig(new App().node).oneRosterVendors).toEqual(DEFAULT_ONEROSTER_VENDORS);
    expect(read('lms:roster-core.readonly+gradebook.createput, library:roster-core.readonly')).toEqual([
      { name: 'lms', scopes: ['roster-core.readonly', 'gradebook.createput'] },
      { name: 'library', scopes: ['roster-core.readonly'] },
    ]);
    expect(read(JSON.stringify(DISTRICT_VENDORS))).toEqual(DISTRICT_VENDORS);
    expect(read(DISTRICT_VENDORS)).toEqual(DISTRICT_VENDORS);
  });

  it('refuses unknown scopes, names used twice, names that cannot be ids, and an empty list', () => {
    expect(() => read('lms:roster.write')).toThrow(/unknown scope roster\.write/);
    expect(() => read('lms:roster-core.readonly,lms:roster.readonly')).toThrow(/"lms" is listed twice/);
    expect(() => read('Big Vendor:roster-core.readonly')).toThrow(/not a vendor name/);
    expect(() => read('lms:')).toThrow(/lms has no scope/);
    expect(() => read('[]')).toThrow(/at least one vendor/);
  });
});
