import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface FrontDoorProps {
  /** The HTTP APIs to put behind CloudFront, by name. */
  readonly apis: Readonly<Record<string, apigwv2.HttpApi>>;
  /** Requests one client IP may make in any 5 minutes before it is blocked. */
  readonly clientRateLimitPer5Minutes: number;
}

/**
 * CloudFront + WAF in front of the HTTP APIs (decision 0061): a per-client rate limit (HTTP APIs
 * have no per-client throttling of their own), AWS's managed rules for common exploits, known bad
 * inputs and IP reputation, and TLS at the edge. Nothing is cached: the Authorization header is
 * part of the cache key and every TTL defaults to 0, so no answer is ever served to another caller.
 */
export class FrontDoor extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
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
    const managed = (name: string, priority: number, excluded: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(excluded.length > 0 ? { ruleActionOverrides: excluded.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'sis-front-door', sampledRequestsEnabled: true },
      rules: [
        {
          name: 'PerClientRateLimit',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: { rateBasedStatement: { limit: props.clientRateLimitPer5Minutes, aggregateKeyType: 'IP' } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'PerClientRateLimit', sampledRequestsEnabled: true },
        },
        managed('AWSManagedRulesAmazonIpReputationList', 1),
        // Bulk imports and a section's attendance exceed the rule set's 8 KB body limit: counted, not blocked.
        managed('AWSManagedRulesCommonRuleSet', 2, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
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
    for (const [name, api] of Object.entries(props.apis)) {
      const distribution = new cloudfront.Distribution(this, `${name}Distribution`, {
        comment: `SIS ${name} API`,
        webAclId: this.webAcl.attrArn,
        priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
        defaultBehavior: {
          origin: new origins.HttpOrigin(`${api.apiId}.execute-api.${stack.region}.amazonaws.com`, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
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
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution uses CloudFront's default certificate until the district's domain and ACM certificate are configured " +
          '(docs/known-gaps.md); with the default certificate CloudFront cannot pin a minimum viewer TLS version.',
      });
      this.distributions[name] = distribution;
    }
  }
}
