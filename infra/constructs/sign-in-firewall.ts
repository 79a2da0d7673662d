import { Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { WafRuleMode } from '../stacks/config';
import { DistrictEgress, RATE_WINDOW_SECONDS, managedRule, rateLimit, rateRuleAction, visibility } from './waf-rules';

export interface SignInFirewallProps {
  /** The user pools to protect (staff and guardians). */
  readonly userPools: Readonly<Record<string, cognito.IUserPool>>;
  /** Requests to a pool one address outside the district's ranges may make in 5 minutes. */
  readonly signInRateLimitPer5Minutes: number;
  /** The district's egress ranges, scoped out of the per-address rule. */
  readonly districtEgressCidrs: readonly string[];
  readonly mode: WafRuleMode;
}

/** The sign-in web ACL's rate rule, by metric name (the alarms watch it). */
export const SIGN_IN_RATE_RULE = 'SignInPerAddressRateLimit';

/**
 * A regional WAF on both user pools (their managed login, hosted UI and API endpoints:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html). Requests it
 * blocks do not count against the account's Cognito request quotas, so a credential-stuffing
 * run cannot use up the UserAuthentication rate 25,000 teachers need at 8 a.m.
 *
 * The rate rule is per address, since a sign-in carries no token yet, and the district's egress
 * ranges are scoped out of it: its teachers are bounded by Cognito's own quotas (the go-live
 * checklist's values) rather than counted as one client. Cognito does not pass usernames or
 * passwords to WAF, and a web ACL with the account-takeover rule group (ATP) cannot be associated
 * with a pool, so the managed rules here are the IP reputation list only.
 */
export class SignInFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly webAclName: string;

  constructor(scope: Construct, id: string, props: SignInFirewallProps) {
    super(scope, id);
    const egress = new DistrictEgress(this, 'DistrictEgress', { scope: 'REGIONAL', cidrs: props.districtEgressCidrs });
    const outsideDistrict = egress.outside();
    this.webAclName = `${Stack.of(this).stackName}-sign-in`;
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('sis-sign-in'),
      rules: [
        {
          name: SIGN_IN_RATE_RULE,
          priority: 0,
          // Cognito shows its own page for a blocked managed-login request; a custom status is not kept.
          action: rateRuleAction(props.mode),
          statement: {
            rateBasedStatement: {
              limit: rateLimit(props.signInRateLimitPer5Minutes),
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
              ...(outsideDistrict ? { scopeDownStatement: outsideDistrict } : {}),
            },
          },
          visibilityConfig: visibility(SIGN_IN_RATE_RULE),
        },
        managedRule('AWSManagedRulesAmazonIpReputationList', 1),
      ],
    });
    for (const [name, pool] of Object.entries(props.userPools)) {
      new wafv2.CfnWebACLAssociation(this, `${name}Pool`, { resourceArn: pool.userPoolArn, webAclArn: this.webAcl.attrArn });
    }
  }
}
