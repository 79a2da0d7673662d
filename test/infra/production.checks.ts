import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CONFIG, readConfig } from '../../infra/stacks/config';
import { TABLE_CAPACITY } from '../../infra/stacks/capacity';
import { CLOUDFORMATION } from '../../functions/platform/limits';
import { STACK_RESOURCE_BUDGET, createSisStacks } from '../../infra/stacks/sis-stacks';
import {
  exportedValue,
  getAtt,
  logicalIdOf,
  resourceCounts,
  resourceOf,
  resourcesOf,
  synthSis,
  type SynthesizedSis,
} from './support/synth';
import { CERTIFICATE, COPY_VAULT, PRODUCTION } from './support/production';

let sis: SynthesizedSis;
beforeAll(() => {
  sis = synthSis({ config: PRODUCTION });
});

describe('a production deployment', () => {
  it('refuses to synthesize without an alarm subscriber or an SES sender, naming what is missing', () => {
    const bare = { ...DEFAULT_CONFIG, stage: 'prod', production: true };
    expect(() => createSisStacks(new App(), bare)).toThrow(/sis:alarmEmail.*sis:sesFromEmail/);
    expect(() => createSisStacks(new App(), { ...bare, sesEmail: PRODUCTION.sesEmail! })).toThrow(/needs sis:alarmEmail/);
    expect(() => createSisStacks(new App(), { ...bare, ...PRODUCTION, backupCopy: undefined })).toThrow(/needs sis:backupCopyVaultArn/);
  });

  it('copies every backup to the vault of another Region or account, kept as long as the original (decision 0137)', () => {
    const plan = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.backupPlan)).Properties.BackupPlan as {
      BackupPlanRule: {
        RuleName: string;
        Lifecycle: { DeleteAfterDays: number };
        CopyActions?: { DestinationBackupVaultArn: string; Lifecycle: { DeleteAfterDays: number } }[];
      }[];
    };
    for (const rule of plan.BackupPlanRule) {
      expect(rule.CopyActions).toEqual([
        { DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: rule.Lifecycle.DeleteAfterDays } },
      ]);
    }
    const config = readConfig(
      new App({ context: { 'sis:stage': 'prod', 'sis:backupCopyVaultArn': COPY_VAULT, 'sis:backupCopyDeleteAfterDays': '30' } }).node,
    );
    expect(config.backupCopy).toEqual({ vaultArn: COPY_VAULT, deleteAfterDays: 30 });
    expect(() => readConfig(new App({ context: { 'sis:backupCopyVaultArn': 'sis-prod-copies' } }).node)).toThrow(
      /must be a backup vault ARN/,
    );
  });

  it('is what the prod stage means unless told otherwise, with the front door on', () => {
    const config = readConfig(new App({ context: { 'sis:stage': 'prod' } }).node);
    expect(config).toEqual(expect.objectContaining({ production: true, frontDoor: true }));
    expect(readConfig(new App({ context: { 'sis:stage': 'prod', 'sis:frontDoor': 'false' } }).node).frontDoor).toBe(false);
  });

  it('pages the configured address on every alarm', () => {
    sis.statefulTemplate.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@district.example' });
  });

  it('pre-warms the table for the first morning and caps its throughput', () => {
    const table = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.table)).Properties;
    expect(table.WarmThroughput).toEqual({
      ReadUnitsPerSecond: TABLE_CAPACITY.warm.readUnitsPerSecond,
      WriteUnitsPerSecond: TABLE_CAPACITY.warm.writeUnitsPerSecond,
    });
    expect(table.WriteOnDemandThroughputSettings).toEqual({ MaxWriteRequestUnits: TABLE_CAPACITY.max.writeRequestUnits });
    for (const index of table.GlobalSecondaryIndexes as { WarmThroughput: unknown }[]) {
      expect(index.WarmThroughput).toEqual({
        ReadUnitsPerSecond: TABLE_CAPACITY.warmIndex.readUnitsPerSecond,
        WriteUnitsPerSecond: TABLE_CAPACITY.warmIndex.writeUnitsPerSecond,
      });
    }
    expect(TABLE_CAPACITY.warm.writeUnitsPerSecond).toBeGreaterThan(4_000);
    expect(TABLE_CAPACITY.max.writeRequestUnits).toBeGreaterThan(TABLE_CAPACITY.warm.writeUnitsPerSecond);
  });

  it('sends both pools’ e-mail through the district’s SES identity', () => {
    for (const pool of [sis.stateful.identity.staffPool, sis.stateful.identity.familyPool]) {
      const email = resourceOf(sis.statefulTemplate, logicalIdOf(pool)).Properties.EmailConfiguration as Record<string, unknown>;
      expect(email).toEqual(
        expect.objectContaining({ EmailSendingAccount: 'DEVELOPER', From: 'Student Information System <no-reply@district.example>' }),
      );
      expect(JSON.stringify(email.SourceArn)).toContain('identity/district.example');
    }
  });

  it('federates staff through the district’s SAML provider on the staff client', () => {
    sis.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'District',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: 'https://login.district.example/federationmetadata.xml' },
    });
    const client = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.identity.staffClient)).Properties;
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO', { Ref: logicalIdOf(sis.stateful.identity.federatedProvider!) }]);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.CallbackURLs).toContain('https://staff.district.example/');
    // Local staff accounts (break-glass) still need TOTP; the plan drops to Essentials (the IdP checks risk).
    const pool = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.identity.staffPool)).Properties;
    expect(pool).toEqual(expect.objectContaining({ MfaConfiguration: 'ON', UserPoolTier: 'ESSENTIALS' }));
  });

  it('puts both APIs behind CloudFront and its WAF, at their own host names, with the execute-api endpoints disabled', () => {
    const edge = sis.edge!;
    const distributions = Object.values(resourcesOf(sis.edgeTemplate!, 'AWS::CloudFront::Distribution'));
    expect(distributions).toHaveLength(2);
    for (const name of ['staff', 'family'] as const) {
      const api = resourceOf(sis.apiTemplates[name], logicalIdOf(sis.apis[name].api)).Properties;
      expect(api.DisableExecuteApiEndpoint).toBe(true);
      sis.apiTemplates[name].hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
        DomainName: PRODUCTION.customDomain![name],
        DomainNameConfigurations: [Match.objectLike({ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' })],
      });
      sis.apiTemplates[name].hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { Stage: '$default' });
      const config = resourceOf(sis.edgeTemplate!, logicalIdOf(edge.frontDoor.distributions[name]!)).Properties.DistributionConfig as {
        Aliases: string[];
        WebACLId: unknown;
        Origins: { DomainName: unknown }[];
        ViewerCertificate: { AcmCertificateArn: string; MinimumProtocolVersion: string };
        DefaultCacheBehavior: { ViewerProtocolPolicy: string };
      };
      expect(config.Aliases).toEqual([PRODUCTION.customDomain![name]]);
      expect(config.ViewerCertificate).toEqual(
        expect.objectContaining({ AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021' }),
      );
      expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [logicalIdOf(edge.frontDoor.webAcl), 'Arn'] });
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
      // The origin is API Gateway's regional target for the host name, read from the API stack's output.
      expect(JSON.stringify(config.Origins[0]!.DomainName)).toContain('Fn::GetStackOutput');
      expect(JSON.stringify(config.Origins[0]!.DomainName)).toContain(sis.apis[name].stackName);
    }
    sis.edgeTemplate!.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
    });
  });

  it('limits each bearer token, and each address outside the district’s egress ranges, rather than the district as one client', () => {
    const acl = resourceOf(sis.edgeTemplate!, logicalIdOf(sis.edge!.frontDoor.webAcl)).Properties;
    expect(acl.Scope).toBe('CLOUDFRONT');
    const rules = acl.Rules as { Name: string; Action: unknown; Statement: { RateBasedStatement?: Record<string, unknown> } }[];
    const byName = (name: string) => rules.find((rule) => rule.Name === name)!;
    expect(byName('PerTokenRateLimit').Statement.RateBasedStatement).toEqual({
      Limit: DEFAULT_CONFIG.tokenRateLimitPer5Minutes,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
    });
    const perAddress = byName('PerAddressRateLimit').Statement.RateBasedStatement!;
    expect(perAddress).toEqual(expect.objectContaining({ Limit: DEFAULT_CONFIG.clientRateLimitPer5Minutes, AggregateKeyType: 'IP' }));
    const egress = sis.edge!.frontDoor.districtEgress.ipSets[0]!;
    expect(perAddress.ScopeDownStatement).toEqual({
      NotStatement: { Statement: { IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [logicalIdOf(egress), 'Arn'] } } } },
    });
    expect(resourceOf(sis.edgeTemplate!, logicalIdOf(egress)).Properties).toEqual(
      expect.objectContaining({ Scope: 'CLOUDFRONT', IPAddressVersion: 'IPV4', Addresses: PRODUCTION.districtEgressCidrs }),
    );
    for (const name of ['PerTokenRateLimit', 'PerAddressRateLimit']) {
      expect(byName(name).Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    }
  });

  it('puts a WAF on both user pools, and pages on what either web ACL’s rate rules block', () => {
    const pools = [sis.stateful.identity.staffPool, sis.stateful.identity.familyPool].map((pool) => getAtt(logicalIdOf(pool), 'Arn'));
    const associations = Object.values(resourcesOf(sis.edgeTemplate!, 'AWS::WAFv2::WebACLAssociation'));
    expect(associations.map((association) => exportedValue(sis.statefulTemplate, association.Properties.ResourceArn))).toEqual(pools);
    for (const association of associations) {
      expect(association.Properties.WebACLArn).toEqual(getAtt(logicalIdOf(sis.edge!.signIn.webAcl), 'Arn'));
    }
    const signIn = resourceOf(sis.edgeTemplate!, logicalIdOf(sis.edge!.signIn.webAcl)).Properties;
    expect(signIn.Scope).toBe('REGIONAL');
    const [rateRule] = signIn.Rules as { Action: unknown; Statement: { RateBasedStatement: Record<string, unknown> } }[];
    expect(rateRule!.Action).toEqual({ Block: {} });
    expect(rateRule!.Statement.RateBasedStatement).toEqual(
      expect.objectContaining({
        Limit: DEFAULT_CONFIG.signInRateLimitPer5Minutes,
        AggregateKeyType: 'IP',
        ScopeDownStatement: expect.anything(),
      }),
    );
    const blocked = Object.values(resourcesOf(sis.edgeTemplate!, 'AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
    expect(
      blocked.map((alarm) => [
        alarm.MetricName,
        (alarm.Dimensions as { Name: string; Value: string }[]).find((d) => d.Name === 'Rule')?.Value,
      ]),
    ).toEqual([
      ['BlockedRequests', 'PerTokenRateLimit'],
      ['BlockedRequests', 'PerAddressRateLimit'],
      ['BlockedRequests', 'SignInPerAddressRateLimit'],
    ]);
  });

  it(`keeps every stack under ${STACK_RESOURCE_BUDGET} resources, 60% of CloudFormation's ${CLOUDFORMATION.resourcesPerStack.value}`, () => {
    expect(STACK_RESOURCE_BUDGET).toBe(CLOUDFORMATION.resourcesPerStack.value * 0.6);
    expect(resourceCounts(sis)).toEqual(Object.fromEntries(Object.keys(sis.templates).map((name) => [name, expect.any(Number)])));
    const over = Object.entries(resourceCounts(sis)).filter(([, count]) => count > STACK_RESOURCE_BUDGET);
    expect(over).toEqual([]);
  });

  it('exports only what never changes (the stateful stack’s retained resources) and reads every other stack weakly or by name', () => {
    const readers = new Set<string>();
    for (const template of Object.values(sis.templates)) {
      const json = JSON.stringify(template.toJSON());
      for (const match of json.matchAll(/"Fn::GetStackOutput":\{"StackName":"([^"]+)"/g)) readers.add(match[1]!);
    }
    // Only the stateful stack's retained resources are exported; nothing imports from the functions stack.
    const imported = Object.entries(sis.templates)
      .filter(([name]) => name !== sis.stateful.stackName)
      .flatMap(([, template]) => [...JSON.stringify(template.toJSON()).matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((match) => match[1]!));
    expect(imported.every((exportName) => exportName.startsWith(`${sis.stateful.stackName}:`))).toBe(true);
    // The APIs' ids and host names (the dashboard, the front door) and the stateful stack's names (the dashboard).
    expect([...readers].sort()).toEqual([sis.apis.family.stackName, sis.apis.staff.stackName, sis.stateful.stackName].sort());
    expect(Object.keys(sis.computeTemplate.toJSON().Outputs ?? {})).toEqual([]);
  });

  it('is cdk-nag clean', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(sis.app);
    expect(
      report.violations.map((violation) => `${violation.ruleName} ${violation.violatingResources.map((r) => r.constructPath).join(',')}`),
    ).toEqual([]);
  });
});
