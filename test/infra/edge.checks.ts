import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { WafAlarms } from '../../infra/constructs/alarms';
import { FRONT_DOOR_RATE_RULES, FrontDoor } from '../../infra/constructs/front-door';
import { DEFAULT_CONFIG, readConfig } from '../../infra/stacks/config';
import { WAF_LIMITS } from '../../functions/platform/limits';

/**
 * The front door's rules on their own (no functions, no synth of the system): the count-mode
 * switch a first deployment uses, and what happens without the district's egress ranges.
 * production.checks.ts checks the edge stack of a production synth.
 */
function frontDoor(overrides: Partial<ConstructorParameters<typeof FrontDoor>[2]> = {}) {
  const stack = new Stack(new App(), 'Edge', { env: { region: 'us-east-1' } });
  const door = new FrontDoor(stack, 'FrontDoor', {
    apis: { staff: { api: apigwv2.HttpApi.fromHttpApiAttributes(stack, 'Api', { httpApiId: 'a1b2c3' }) } },
    tokenRateLimitPer5Minutes: 3000,
    clientRateLimitPer5Minutes: 3000,
    districtEgressCidrs: [],
    mode: 'block',
    ...overrides,
  });
  const alarms = new WafAlarms(stack, 'Alarms', {
    alarmTopic: new sns.Topic(stack, 'Topic'),
    webAclName: door.webAclName,
    rules: FRONT_DOOR_RATE_RULES,
    mode: overrides.mode ?? 'block',
  });
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const resources = (type: string) => Object.values(template.Resources).filter((resource) => resource.Type === type);
  const rules = resources('AWS::WAFv2::WebACL')[0]!.Properties.Rules as {
    Name: string;
    Action?: unknown;
    Statement: Record<string, any>;
  }[];
  return { door, alarms, resources, rules, rule: (name: string) => rules.find((candidate) => candidate.Name === name)! };
}

describe('the front door', () => {
  it('in count mode counts what its rate rules would block, and alarms on those counts, so limits can be tried on real traffic first', () => {
    const { rule, resources } = frontDoor({ mode: 'count' });
    for (const name of FRONT_DOOR_RATE_RULES) expect(rule(name).Action).toEqual({ Count: {} });
    expect(resources('AWS::CloudWatch::Alarm').map((alarm) => alarm.Properties.MetricName)).toEqual(['CountedRequests', 'CountedRequests']);
    // The managed rule groups keep their own actions in either mode.
    expect(rule('AWSManagedRulesAmazonIpReputationList')).toEqual(expect.objectContaining({ OverrideAction: { None: {} } }));
  });

  it('is switched to count mode by a context flag, and refuses anything but count or block', () => {
    expect(readConfig(new App({ context: { 'sis:wafRateRules': 'count' } }).node).wafRateRules).toBe('count');
    expect(DEFAULT_CONFIG.wafRateRules).toBe('block');
    expect(() => readConfig(new App({ context: { 'sis:wafRateRules': 'log' } }).node)).toThrow(/count or block/);
  });

  it('without the district’s egress ranges limits every address, and creates no IP set', () => {
    const { rule, resources } = frontDoor();
    expect(rule('PerAddressRateLimit').Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
    expect(resources('AWS::WAFv2::IPSet')).toHaveLength(0);
  });

  it('scopes the per-address rule down to addresses outside both IPv4 and IPv6 egress ranges', () => {
    const { rule, resources } = frontDoor({ districtEgressCidrs: ['203.0.113.0/28', '2001:db8:10::/48'] });
    expect(resources('AWS::WAFv2::IPSet').map((set) => set.Properties.IPAddressVersion)).toEqual(['IPV4', 'IPV6']);
    const scopeDown = rule('PerAddressRateLimit').Statement.RateBasedStatement.ScopeDownStatement;
    expect(scopeDown.NotStatement.Statement.OrStatement.Statements).toHaveLength(2);
    // The per-token rule applies inside the district too.
    expect(rule('PerTokenRateLimit').Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
  });

  it(`refuses a rate limit below WAF's floor of ${WAF_LIMITS.rateRuleMinimum.value}`, () => {
    expect(() => frontDoor({ tokenRateLimitPer5Minutes: WAF_LIMITS.rateRuleMinimum.value - 1 })).toThrow(/at least 10/);
  });

  it('validates the egress ranges and asks for the host names and their certificate together', () => {
    expect(() => readConfig(new App({ context: { 'sis:districtEgressCidrs': '203.0.113.0' } }).node)).toThrow(/CIDR/);
    expect(
      readConfig(new App({ context: { 'sis:districtEgressCidrs': '203.0.113.0/28, 2001:db8::/32' } }).node).districtEgressCidrs,
    ).toEqual(['203.0.113.0/28', '2001:db8::/32']);
    expect(() => readConfig(new App({ context: { 'sis:staffApiDomain': 'staff-api.district.example' } }).node)).toThrow(/together/);
  });
});
