import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CONFIG, readConfig, type SisConfig } from '../../infra/stacks/config';
import { TABLE_CAPACITY } from '../../infra/stacks/capacity';
import { createSisStacks } from '../../infra/stacks/sis-stacks';
import { logicalIdOf, resourceOf, resourcesOf, synthSis, type SynthesizedSis } from './support/synth';

/** A production configuration as docs/deploy.md gives it. */
const PRODUCTION: Partial<SisConfig> = {
  stage: 'prod',
  production: true,
  frontDoor: true,
  alarmEmail: 'oncall@district.example',
  sesEmail: { fromEmail: 'no-reply@district.example', identity: 'district.example' },
  staffIdentityProvider: { kind: 'saml', name: 'District', metadataUrl: 'https://login.district.example/federationmetadata.xml' },
  corsAllowOrigins: ['https://staff.district.example', 'https://parents.district.example'],
};

let sis: SynthesizedSis;
beforeAll(() => {
  sis = synthSis({ config: PRODUCTION });
});

describe('a production deployment', () => {
  it('refuses to synthesize without an alarm subscriber or an SES sender, naming what is missing', () => {
    const bare = { ...DEFAULT_CONFIG, stage: 'prod', production: true };
    expect(() => createSisStacks(new App(), bare)).toThrow(/sis:alarmEmail.*sis:sesFromEmail/);
    expect(() => createSisStacks(new App(), { ...bare, sesEmail: PRODUCTION.sesEmail! })).toThrow(/needs sis:alarmEmail/);
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

  it('puts both APIs behind CloudFront with a WAF that rate-limits each client', () => {
    const frontDoor = sis.stateless.frontDoor!;
    const acl = resourceOf(sis.statelessTemplate, logicalIdOf(frontDoor.webAcl)).Properties;
    expect(acl.Scope).toBe('CLOUDFRONT');
    const rules = acl.Rules as { Name: string; Statement: { RateBasedStatement?: { Limit: number; AggregateKeyType: string } } }[];
    expect(rules.find((rule) => rule.Name === 'PerClientRateLimit')?.Statement.RateBasedStatement).toEqual({
      Limit: DEFAULT_CONFIG.clientRateLimitPer5Minutes,
      AggregateKeyType: 'IP',
    });
    const distributions = Object.values(resourcesOf(sis.statelessTemplate, 'AWS::CloudFront::Distribution'));
    expect(distributions).toHaveLength(2);
    for (const distribution of distributions) {
      const config = distribution.Properties.DistributionConfig as {
        WebACLId: unknown;
        DefaultCacheBehavior: { ViewerProtocolPolicy: string };
      };
      expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [logicalIdOf(frontDoor.webAcl), 'Arn'] });
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
    }
    sis.statelessTemplate.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
    });
  });

  it('is cdk-nag clean', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(sis.app);
    expect(
      report.violations.map((violation) => `${violation.ruleName} ${violation.violatingResources.map((r) => r.constructPath).join(',')}`),
    ).toEqual([]);
  });
});
