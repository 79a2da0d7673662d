import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CONFIG, readConfig, type SisConfig } from '../../infra/stacks/config';
import { API_GATEWAY, LAMBDA_LIMITS } from '../../functions/platform/limits';
import { FUNCTIONS, ROUTES, routeKey, type HandlerId } from '../../functions/manifest';
import { MODEL_DURATION_SECONDS, ROUTE_BUDGETS, STREAM_SHARDS, TABLE_CAPACITY, relayConcurrencyNeeded } from '../../infra/stacks/capacity';
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

/**
 * The throttle budget as deployed: read from the synthesized stages and functions, so that what is
 * checked is what API Gateway and Lambda will enforce (decision 0112).
 */
describe('the throttle budget', () => {
  // Read from the production deployment's synth above: one synth for the file (each costs ~20 s of CPU).
  const stages = () =>
    Object.values(
      (sis.statelessTemplate.toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources,
    ).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage');
  let settings: { key: string; ThrottlingRateLimit: number; ThrottlingBurstLimit: number }[];
  beforeAll(() => {
    settings = stages().flatMap((stage) =>
      Object.entries(stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>).map(
        ([key, limits]) => ({ key, ...limits }),
      ),
    );
  });
  const reservedOf = (handlerId: HandlerId) =>
    resourceOf(sis.statelessTemplate, logicalIdOf(sis.stateless.functions[handlerId])).Properties.ReservedConcurrentExecutions as number;

  test('every route of both APIs has its own limit', () => {
    expect(stages()).toHaveLength(2);
    const onSomeApi = new Set(settings.map((setting) => setting.key));
    expect(ROUTES.filter((route) => !onSomeApi.has(routeKey(route))).map(routeKey)).toEqual([]);
  });

  test("no function's routes together can take more executions than it reserves, so a flood is a 429, never a Lambda throttle (5xx)", () => {
    const over: string[] = [];
    for (const handlerId of new Set(ROUTES.map((route) => route.handler))) {
      const keys = new Set(ROUTES.filter((route) => route.handler === handlerId).map(routeKey));
      // Little's law with the token bucket: at most burst + rate × duration requests in flight per route and API.
      const inFlight = settings
        .filter((setting) => keys.has(setting.key))
        .reduce(
          (sum, setting) =>
            sum +
            setting.ThrottlingBurstLimit +
            setting.ThrottlingRateLimit * (setting.key.startsWith('GET ') ? MODEL_DURATION_SECONDS.read : MODEL_DURATION_SECONDS.write),
          0,
        );
      if (inFlight > reservedOf(handlerId)) over.push(`${handlerId}: ${inFlight.toFixed(1)} > ${reservedOf(handlerId)}`);
    }
    expect(over).toEqual([]);
  });

  test("all routes of both APIs together stay within the account's API Gateway quota, so no route is refused by the account first", () => {
    const rate = settings.reduce((sum, setting) => sum + setting.ThrottlingRateLimit, 0);
    const burst = settings.reduce((sum, setting) => sum + setting.ThrottlingBurstLimit, 0);
    expect(rate).toBeLessThanOrEqual(API_GATEWAY.accountRequestsPerSecond.value);
    expect(burst).toBeLessThanOrEqual(API_GATEWAY.accountBurst.value);
  });

  test('the named budgets are routes of the manifest', () => {
    const keys = new Set(ROUTES.map(routeKey));
    expect(Object.keys(ROUTE_BUDGETS).filter((key) => !keys.has(key))).toEqual([]);
  });

  test('the relay reserves one execution per stream shard that the warm throughput implies, and the reservations fit the default account', () => {
    // 42,000 warm writes/s at 1,000 per partition: 42 partitions, so 42 shards read at once.
    expect(STREAM_SHARDS).toBe(Math.ceil(TABLE_CAPACITY.warm.writeUnitsPerSecond / 1_000));
    expect(reservedOf('outboxRelay')).toBe(relayConcurrencyNeeded(STREAM_SHARDS));
    expect(reservedOf('outboxRelay')).toBeGreaterThanOrEqual(STREAM_SHARDS);
    const total = (Object.keys(FUNCTIONS) as HandlerId[]).reduce((sum, handlerId) => sum + reservedOf(handlerId), 0);
    expect(total).toBeLessThanOrEqual(LAMBDA_LIMITS.accountConcurrency.value - LAMBDA_LIMITS.unreservedMinimum.value);
  });
});
