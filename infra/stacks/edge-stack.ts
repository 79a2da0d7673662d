import { CfnOutput, CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { WafAlarms } from '../constructs/alarms';
import { FRONT_DOOR_RATE_RULES, FrontDoor } from '../constructs/front-door';
import { SIGN_IN_RATE_RULE, SignInFirewall } from '../constructs/sign-in-firewall';
import type { ApiName, ApiStack } from './api-stack';
import type { CustomDomain, WafRuleMode } from './config';

export interface EdgeStackProps extends StackProps {
  readonly apis: Readonly<Record<ApiName, ApiStack>>;
  readonly userPools: Readonly<Record<ApiName, cognito.IUserPool>>;
  readonly alarmTopic: sns.ITopic;
  readonly customDomain?: CustomDomain;
  readonly tokenRateLimitPer5Minutes: number;
  readonly clientRateLimitPer5Minutes: number;
  readonly signInRateLimitPer5Minutes: number;
  readonly districtEgressCidrs: readonly string[];
  readonly wafRateRules: WafRuleMode;
}

/**
 * What stands between the internet and the system: CloudFront and its WAF in front of both APIs,
 * a WAF on both user pools, and alarms on what they block. Deployed last. The pools' ARNs are
 * strong references (exports of the stateful stack: a pool cannot be removed while its WAF is
 * associated); the APIs' ids and host names are weak ones (Fn::GetStackOutput, no export), which
 * the API stacks mark on what they produce, so an API stack stays free to change them (decision 0123).
 */
export class EdgeStack extends Stack {
  readonly frontDoor: FrontDoor;
  readonly signIn: SignInFirewall;
  readonly alarms: WafAlarms[];

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const origin = (name: ApiName) => {
      const { api, domain } = props.apis[name];
      const domainName = props.customDomain?.[name];
      return { api, ...(domain && domainName ? { domain: { domainName, regionalDomainName: domain.regionalDomainName } } : {}) };
    };
    this.frontDoor = new FrontDoor(this, 'FrontDoor', {
      apis: { staff: origin('staff'), family: origin('family') },
      ...(props.customDomain ? { certificateArn: props.customDomain.certificateArn } : {}),
      tokenRateLimitPer5Minutes: props.tokenRateLimitPer5Minutes,
      clientRateLimitPer5Minutes: props.clientRateLimitPer5Minutes,
      districtEgressCidrs: props.districtEgressCidrs,
      mode: props.wafRateRules,
    });
    this.signIn = new SignInFirewall(this, 'SignIn', {
      userPools: props.userPools,
      signInRateLimitPer5Minutes: props.signInRateLimitPer5Minutes,
      districtEgressCidrs: props.districtEgressCidrs,
      mode: props.wafRateRules,
    });
    this.alarms = [
      new WafAlarms(this, 'FrontDoorAlarms', {
        alarmTopic: props.alarmTopic,
        webAclName: this.frontDoor.webAclName,
        rules: FRONT_DOOR_RATE_RULES,
        mode: props.wafRateRules,
      }),
      new WafAlarms(this, 'SignInAlarms', {
        alarmTopic: props.alarmTopic,
        webAclName: this.signIn.webAclName,
        region: this.region,
        rules: [SIGN_IN_RATE_RULE],
        mode: props.wafRateRules,
      }),
    ];
    for (const [name, distribution] of Object.entries(this.frontDoor.distributions)) {
      new CfnOutput(this, `${name.charAt(0).toUpperCase()}${name.slice(1)}FrontDoorUrl`, {
        value: `https://${props.customDomain ? props.customDomain[name as ApiName] : distribution.distributionDomainName}/`,
        description: `The ${name} API through CloudFront and the WAF: the URL clients use`,
      });
      if (props.customDomain) {
        new CfnOutput(this, `${name.charAt(0).toUpperCase()}${name.slice(1)}DnsTarget`, {
          value: distribution.distributionDomainName,
          description: `Point ${props.customDomain[name as ApiName]} here (CNAME, or a Route 53 alias)`,
        });
      }
    }
  }
}
