import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { WAF_LIMITS } from '../../functions/platform/limits';
import type { WafRuleMode } from '../stacks/config';

/**
 * Rate-based rules count over a 5-minute window (300 s, the default; 60, 120 and 600 are the
 * others): https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
 */
export const RATE_WINDOW_SECONDS = 300;

/**
 * A rate rule's action: block (with 429 where the caller is an app that backs off on it), or count
 * only while the limits are tried out.
 */
export function rateRuleAction(mode: WafRuleMode, blockStatus?: 429): wafv2.CfnWebACL.RuleActionProperty {
  if (mode === 'count') return { count: {} };
  return { block: blockStatus ? { customResponse: { responseCode: blockStatus } } : {} };
}

/** A rate-based statement's limit, checked against WAF's floor. */
export function rateLimit(limit: number): number {
  if (limit < WAF_LIMITS.rateRuleMinimum.value) {
    throw new Error(`a WAF rate rule's limit must be at least ${WAF_LIMITS.rateRuleMinimum.value}, got ${limit}`);
  }
  return limit;
}

/** An AWS managed rule group, its rules' own actions kept except those counted only. */
export function managedRule(name: string, priority: number, countedOnly: string[] = []): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countedOnly.length > 0 ? { ruleActionOverrides: countedOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

export const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

export interface DistrictEgressProps {
  /** CLOUDFRONT for the front door, REGIONAL for the user pools. */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /** The district's egress ranges (sis:districtEgressCidrs). */
  readonly cidrs: readonly string[];
}

/**
 * The district's egress ranges as WAF IP sets (one per address family, as WAF requires), and
 * the statement that matches requests from anywhere else: the scope-down of the per-address
 * rules, so that a district that leaves the internet through a few filtered addresses is limited
 * per token (or by Cognito's own quotas), never as one client.
 */
export class DistrictEgress extends Construct {
  readonly ipSets: wafv2.CfnIPSet[] = [];

  constructor(scope: Construct, id: string, props: DistrictEgressProps) {
    super(scope, id);
    const families = [
      { version: 'IPV4', cidrs: props.cidrs.filter((cidr) => !cidr.includes(':')) },
      { version: 'IPV6', cidrs: props.cidrs.filter((cidr) => cidr.includes(':')) },
    ];
    for (const family of families.filter((candidate) => candidate.cidrs.length > 0)) {
      this.ipSets.push(
        new wafv2.CfnIPSet(this, family.version, {
          scope: props.scope,
          ipAddressVersion: family.version,
          addresses: family.cidrs,
          description: 'District network egress ranges from sis:districtEgressCidrs',
        }),
      );
    }
  }

  /** Matches requests from outside the district's ranges; undefined when no range is configured (every request). */
  outside(): wafv2.CfnWebACL.StatementProperty | undefined {
    const inside = this.ipSets.map((ipSet) => ({ ipSetReferenceStatement: { arn: ipSet.attrArn } }));
    if (inside.length === 0) return undefined;
    return { notStatement: { statement: inside.length === 1 ? inside[0]! : { orStatement: { statements: inside } } } };
  }
}
