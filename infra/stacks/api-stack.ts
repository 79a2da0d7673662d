import {
  ArnFormat,
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ApiAlarms } from '../constructs/alarms';
import { STAFF_ROLES } from '../constructs/identity';
import { ROUTES, routeKey, isScopeAccess, routeRoles, type HandlerId, type RouteSpec } from '../../functions/manifest';
import { routeThrottle } from './capacity';
import { functionNameOf } from './functions-stack';
import type { ApiIdentity } from './stateful-stack';

/** The two HTTP APIs: one per user pool (decision 0062). */
export type ApiName = 'staff' | 'family';
export const API_NAMES: readonly ApiName[] = ['staff', 'family'];

/**
 * Which API serves a route: the staff API every route a staff role may call, and the public
 * ones (health, docs); the family API every route a parent may call. A route both may call is
 * on both, served by the same function.
 */
export function apisOf(route: RouteSpec): ApiName[] {
  const roles = routeRoles(route);
  if (roles === 'public') return ['staff'];
  // Other systems' client-credentials tokens come from the staff pool (decision 0077).
  if (isScopeAccess(route.access)) return ['staff'];
  const apis: ApiName[] = [];
  if (roles.some((role) => (STAFF_ROLES as readonly string[]).includes(role))) apis.push('staff');
  if (roles.includes('parent')) apis.push('family');
  return apis;
}

export interface ApiStackProps extends StackProps {
  readonly name: ApiName;
  /** The stage of the functions the routes are integrated with (their names, functionNameOf). */
  readonly stage: string;
  /** The pool whose tokens this API accepts. */
  readonly identity: ApiIdentity;
  readonly alarmTopic: sns.ITopic;
  /** Origins of the web apps allowed by CORS. */
  readonly corsAllowOrigins: readonly string[];
  /** Default-stage throttling. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * The API's own host name and its certificate. With it the execute-api endpoint is disabled, so
   * the host name (behind the front door when there is one) is the only way in. @default none
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
}

/** Headers the apps send: the bearer token, JSON, optimistic concurrency, idempotency, tracing. */
const CORS_ALLOW_HEADERS = ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-change-reason', 'x-request-id'];
/** Headers the apps may read: the version tag (for If-Match), where a created record lives, the request id. */
const CORS_EXPOSE_HEADERS = ['etag', 'location', 'idempotent-replayed', 'x-request-id'];

/** One JSON object per request; the field names match what operators query in Logs Insights. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
});

/**
 * One HTTP API, authorized by one user pool, with the manifest routes {@link apisOf} gives it,
 * each with its own throttle, its access log and its alarms (5xx, p99 latency, 429s). Routes are
 * integrated with their function by name (functionNameOf), so this stack takes no reference to
 * the functions stack; it is deployed after it, which CDK orders by an explicit dependency.
 */
export class ApiStack extends Stack {
  readonly apiName: ApiName;
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  /** The OneRoster routes' authorizer: the machine clients' tokens, and nobody else's. @default none (no machine clients) */
  readonly machineAuthorizer?: HttpJwtAuthorizer;
  readonly accessLogs: logs.LogGroup;
  readonly alarms: ApiAlarms;
  /** Route keys served, in manifest order. */
  readonly routeKeys: string[] = [];
  /** The API's own host name, when one is configured. */
  readonly domain?: apigwv2.DomainName;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // The pool's issuer and clients and the alarm topic are retained resources of the stateful
    // stack: strong references, as for the functions stack.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { name } = props;
    this.apiName = name;
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Audiences exact: the role routes take the app's tokens only; the OneRoster routes the machine
    // clients' only, so another system's token opens no staff route. (Cognito's access tokens carry
    // client_id instead of aud; API Gateway accepts either in the audience, hence the handler's
    // token_use check for staff access tokens.)
    this.authorizer = new HttpJwtAuthorizer('CognitoJwt', props.identity.issuer, {
      jwtAudience: [props.identity.clientId],
      identitySource: ['$request.header.Authorization'],
    });
    if (props.identity.machineClientIds?.length) {
      this.machineAuthorizer = new HttpJwtAuthorizer('MachineClientJwt', props.identity.issuer, {
        jwtAudience: [...props.identity.machineClientIds],
        identitySource: ['$request.header.Authorization'],
      });
    }
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: `Student information system ${name} API (routes from functions/manifest.ts)`,
      createDefaultStage: false,
      // Behind its own host name, the API answers there only: the front door's WAF cannot be
      // bypassed through https://<id>.execute-api.<region>.amazonaws.com.
      disableExecuteApiEndpoint: props.customDomain !== undefined,
      // Secure by default: a route is public only when the manifest says so (access: null).
      defaultAuthorizer: this.authorizer,
      corsPreflight: {
        allowOrigins: [...props.corsAllowOrigins],
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PATCH,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.DELETE,
          apigwv2.CorsHttpMethod.OPTIONS,
        ],
        allowHeaders: CORS_ALLOW_HEADERS,
        exposeHeaders: CORS_EXPOSE_HEADERS,
        // Bearer tokens, not cookies.
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });
    if (props.customDomain) {
      this.domain = new apigwv2.DomainName(this, 'Domain', {
        domainName: props.customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
        endpointType: apigwv2.EndpointType.REGIONAL,
        securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      });
    }
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
      ...(this.domain ? { domainMapping: { domainName: this.domain } } : {}),
    });
    this.addRoutes(props.stage);
    // What other stacks read of this one (the dashboard, the front door's origins) is read weakly,
    // with Fn::GetStackOutput rather than an export, so this stack never fails to deploy because
    // another stack still imports a value it changes (decision 0123).
    CrossStackReferences.of(this.api).produce(ReferenceStrength.WEAK);
    if (this.domain) CrossStackReferences.of(this.domain).produce(ReferenceStrength.WEAK);

    this.alarms = new ApiAlarms(this, 'Alarms', {
      alarmTopic: props.alarmTopic,
      name,
      api: this.api,
      accessLogs: this.accessLogs,
      throttledMetric: { namespace: 'Sis/HttpApi', metricName: `${props.stage}-${name}-429` },
    });

    const url = this.domain ? `https://${props.customDomain!.domainName}/` : this.stage.url;
    new CfnOutput(this, 'Url', { value: url, description: `Base URL of the ${name} HTTP API` });
    if (this.domain) {
      new CfnOutput(this, 'RegionalDomainName', {
        value: this.domain.regionalDomainName,
        description: `Where ${props.customDomain!.domainName} points when there is no front door (the front door's origin otherwise)`,
      });
    }
  }

  private machineAuthorizerFor(route: RouteSpec): HttpJwtAuthorizer {
    if (!this.machineAuthorizer) throw new Error(`${routeKey(route)} takes machine clients' tokens, and the ${this.apiName} API has none`);
    return this.machineAuthorizer;
  }

  /**
   * The routes, one integration per function shared by its routes, with one API-wide invoke
   * permission (instead of a lambda:Permission per route), and each route's throttle.
   */
  private addRoutes(stage: string): void {
    const integrations = new Map<HandlerId, HttpLambdaIntegration>();
    const integrationOf = (handlerId: HandlerId) => {
      let integration = integrations.get(handlerId);
      if (!integration) {
        const fn = lambda.Function.fromFunctionAttributes(this, `${handlerId}Function`, {
          functionArn: this.formatArn({
            service: 'lambda',
            resource: 'function',
            resourceName: functionNameOf(stage, handlerId),
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
          // Same account and Region: the invoke permission is created here, beside the API.
          sameEnvironment: true,
        });
        integration = new HttpLambdaIntegration(`${handlerId}Integration`, fn, { scopePermissionToRoute: false });
        integrations.set(handlerId, integration);
      }
      return integration;
    };

    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const httpRoutes: apigwv2.HttpRoute[] = [];
    for (const route of ROUTES.filter((candidate) => apisOf(candidate).includes(this.apiName))) {
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationOf(route.handler),
        ...(route.access === null ? { authorizer: new apigwv2.HttpNoneAuthorizer() } : {}),
        ...(isScopeAccess(route.access) ? { authorizer: this.machineAuthorizerFor(route) } : {}),
        // No authorizationScopes on scoped routes: API Gateway's own 403 is not the imsx_StatusInfo the
        // OneRoster binding asks for, so the handler checks the scopes (decision 0107).
      });
      if (!httpRoute) continue;
      httpRoutes.push(httpRoute);
      this.routeKeys.push(routeKey(route));
      const throttle = routeThrottle(route);
      routeSettings[routeKey(route)] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
      if (route.access === null) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.handler === 'docs'
              ? `${routeKey(route)} is public in the manifest (access: null): the API's published documentation (the OpenAPI document and its reference page), which holds no data.`
              : `${routeKey(route)} is public in the manifest (access: null): a liveness probe that uptime monitors call without a token; it answers ok or unavailable and names nothing, under its own 5 rps limit.`,
        });
      }
    }
    // Per-route limits (infra/stacks/capacity.ts): a flood on one route, /health above all, cannot
    // drain the others' budget. API Gateway refuses route settings for a route that does not exist
    // yet, hence the stage's dependency on every route.
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.routeSettings = routeSettings;
    for (const httpRoute of httpRoutes) this.stage.node.addDependency(httpRoute);
  }
}
