import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { WafRuleMode } from '../stacks/config';
import { DistrictEgress, RATE_WINDOW_SECONDS, managedRule, rateLimit, rateRuleAction, visibility } from './waf-rules';

/** An API behind the front door: its id, and its own host name when one is configured. */
export interface FrontDoorOrigin {
  readonly api: apigwv2.IHttpApi;
  /** The API's custom domain: the viewer-facing name and API Gateway's regional target for it. */
  readonly domain?: { readonly domainName: string; readonly regionalDomainName: string };
}

export interface FrontDoorProps {
  /** The HTTP APIs to put behind CloudFront, by name. */
  readonly apis: Readonly<Record<string, FrontDoorOrigin>>;
  /** The certificate (us-east-1) of the APIs' host names, when they have them. @default CloudFront's own */
  readonly certificateArn?: string;
  /** Requests one bearer token (one signed-in session) may make in 5 minutes. */
  readonly tokenRateLimitPer5Minutes: number;
  /** Requests one address outside the district's ranges may make in 5 minutes. */
  readonly clientRateLimitPer5Minutes: number;
  /** The district's egress ranges, scoped out of the per-address rule. */
  readonly districtEgressCidrs: readonly string[];
  /** Whether the rate rules block or only count. */
  readonly mode: WafRuleMode;
}

/** The front door's rate rules, by metric name (the alarms watch them). */
export const FRONT_DOOR_RATE_RULES = ['PerTokenRateLimit', 'PerAddressRateLimit'] as const;

/**
 * CloudFront + WAF in front of the HTTP APIs (decisions 0061, 0124): rate limits per token and
 * per address (HTTP APIs have no per-client throttling of their own), AWS's managed rules for
 * common exploits, known bad inputs and IP reputation, and TLS at the edge. Nothing is cached:
 * the Authorization header is part of the cache key and every TTL defaults to 0, so no answer is
 * ever served to another caller.
 */
export class FrontDoor extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly webAclName: string;
  readonly districtEgress: DistrictEgress;
  readonly distributions: Record<string, cloudfront.Distribution> = {};
  readonly wafLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region) || stack.region !== 'us-east-1') {
      throw new Error(
        `the front door's WAF (scope CLOUDFRONT) must be created in us-east-1, but this stack is in ${stack.region}; ` +
          'deploy to us-east-1 or set -c sis:frontDoor=false (see docs/known-gaps.md)',
      );
    }
    this.districtEgress = new DistrictEgress(this, 'DistrictEgress', { scope: 'CLOUDFRONT', cidrs: props.districtEgressCidrs });
    const outsideDistrict = this.districtEgress.outside();
    this.webAclName = `${stack.stackName}-front-door`;
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('sis-front-door'),
      rules: [
        {
          // Keyed on the bearer token: one signed-in session (or one system's client-credentials
          // token), wherever it comes from, so a school behind the district's few egress addresses
          // is 25,000 sessions, not one client. Requests without the header are not counted by
          // this rule (WAF skips requests missing an aggregation key); the per-address rule takes them.
          // https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-aggregation-options.html
          name: FRONT_DOOR_RATE_RULES[0],
          priority: 0,
          action: rateRuleAction(props.mode, 429),
          statement: {
            rateBasedStatement: {
              limit: rateLimit(props.tokenRateLimitPer5Minutes),
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'CUSTOM_KEYS',
              customKeys: [{ header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } }],
            },
          },
          visibilityConfig: visibility(FRONT_DOOR_RATE_RULES[0]),
        },
        {
          // Keyed on the source address, for everything outside the district's ranges: a client
          // that rotates or omits tokens is still one address.
          name: FRONT_DOOR_RATE_RULES[1],
          priority: 1,
          action: rateRuleAction(props.mode, 429),
          statement: {
            rateBasedStatement: {
              limit: rateLimit(props.clientRateLimitPer5Minutes),
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
              ...(outsideDistrict ? { scopeDownStatement: outsideDistrict } : {}),
            },
          },
          visibilityConfig: visibility(FRONT_DOOR_RATE_RULES[1]),
        },
        managedRule('AWSManagedRulesAmazonIpReputationList', 2),
        // Bulk imports and a section's attendance exceed the rule set's 8 KB body limit: counted, not blocked.
        managedRule('AWSManagedRulesCommonRuleSet', 3, ['SizeRestrictions_BODY']),
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 4),
      ],
    });
    // WAF requires the aws-waf-logs- prefix.
    this.wafLogs = new logs.LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${stack.stackName}`.slice(0, 512),
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [this.wafLogs.logGroupArn],
      // Tokens are not logged.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });

    const cachePolicy = new cloudfront.CachePolicy(this, 'NoSharedCache', {
      comment: 'SIS API: per-caller key, nothing cached unless the API says so',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });
    const certificate = props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;
    for (const [name, { api, domain }] of Object.entries(props.apis)) {
      // With a host name, the origin is API Gateway's regional target for it and the viewer's Host
      // header is forwarded: CloudFront then asks for the API's own name (SNI and Host), which is
      // the only way in once the execute-api endpoint is disabled. Without one, the execute-api host.
      const origin = new origins.HttpOrigin(domain ? domain.regionalDomainName : `${api.apiId}.execute-api.${stack.region}.amazonaws.com`, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      });
      const distribution = new cloudfront.Distribution(this, `${name}Distribution`, {
        comment: `SIS ${name} API`,
        webAclId: this.webAcl.attrArn,
        priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
        ...(domain && certificate
          ? { domainNames: [domain.domainName], certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 }
          : {}),
        defaultBehavior: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy,
          originRequestPolicy: domain
            ? cloudfront.OriginRequestPolicy.ALL_VIEWER
            : cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      });
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: families travel and move, and a parent abroad must still see their child; the WAF rate limit and ' +
          'IP reputation list apply everywhere.',
      });
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR3',
        reason:
          "Every request is logged twice already: by the WAF (the aws-waf-logs- log group, Authorization redacted) and by the API's " +
          'JSON access log; CloudFront standard logs would need an S3 bucket holding the same request lines again.',
      });
      if (!domain) {
        Validations.of(distribution).acknowledge({
          id: 'AwsSolutions-CFR4',
          reason:
            "Without the district's host names (sis:staffApiDomain, sis:familyApiDomain, sis:apiCertificateArn) the distribution " +
            "uses CloudFront's default certificate, with which CloudFront cannot pin a minimum viewer TLS version; with them it requires TLS 1.2.",
        });
      }
      this.distributions[name] = distribution;
    }
  }
}
