import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FrontDoor } from '../constructs/front-door';
import { STAFF_ROLES } from '../constructs/identity';
import { SisObservability } from '../constructs/observability';
import { SisFunction } from '../constructs/sis-function';
import {
  FUNCTIONS,
  QUEUES,
  ROUTES,
  SCHEDULES,
  STREAM_CONSUMERS,
  routeKey,
  isScopeAccess,
  routeRoles,
  type HandlerId,
  type RouteSpec,
} from '../../functions/manifest';
import { assertReservationsFit, reservedConcurrency, routeThrottle } from './capacity';
import type { ChannelRates } from '../../functions/platform/channel-rates';
import type { ApiIdentity, SisData } from './stateful-stack';

/** The two HTTP APIs: one per user pool (decision 0062). */
export type ApiName = 'staff' | 'family';

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

export interface StatelessStackProps extends StackProps {
  readonly data: SisData;
  /** Origins of the web apps allowed by CORS. */
  readonly corsAllowOrigins: readonly string[];
  /** Default-stage throttling. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly accessLogRetention?: logs.RetentionDays;
  /** Where family notices come from, and their channel rates (see SisConfig.notify). */
  readonly notify: { readonly fromAddress: string; readonly configurationSet?: string; readonly rates?: ChannelRates };
  /** The account's Lambda concurrency quota, which the reservations must fit. @default 1000 */
  readonly accountConcurrency?: number;
  /** CloudFront + WAF in front of both APIs. @default none */
  readonly frontDoor?: { readonly clientRateLimitPer5Minutes: number } | undefined;
}

/** One HTTP API with its authorizer, stage and access logs. */
export interface SisHttpApi {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  readonly accessLogs: logs.LogGroup;
  /** Route keys served, in manifest order. */
  readonly routeKeys: string[];
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
 * Everything that holds no data and can be redeployed at will: one function per manifest
 * handler, their event source mappings, and the HTTP API whose routes are the manifest's.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<HandlerId, SisFunction>;
  readonly apis: Record<ApiName, SisHttpApi>;
  /** The manifest's SCHEDULES, by id. */
  readonly schedules: Record<string, events.Rule> = {};
  readonly observability: SisObservability;
  readonly frontDoor?: FrontDoor;
  /** Concurrent executions reserved by all functions together. */
  readonly reservedConcurrencyTotal: number;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Strong references (exports/imports): CloudFormation then refuses to remove or replace a
    // stateful resource while this stack still uses it, which is the protection wanted here. The
    // exported values are names and ARNs of retained resources, which do not change.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { data } = props;
    this.reservedConcurrencyTotal = assertReservationsFit(props.accountConcurrency ?? 1000);

    this.functions = {} as Record<HandlerId, SisFunction>;
    for (const [handlerId, spec] of Object.entries(FUNCTIONS) as [HandlerId, (typeof FUNCTIONS)[HandlerId]][]) {
      const fn = SisFunction.fromSpec(this, handlerId, spec, { reservedConcurrency: reservedConcurrency(handlerId) });
      if (spec.table !== 'none') fn.bindTable(data.table, spec.table);
      for (const queueId of spec.sendsTo ?? []) fn.bindQueue(queueId, data.queues[queueId]);
      if (spec.publishes) fn.bindBus(data.bus);
      if (spec.notifies) fn.bindNotifications({ ...props.notify, configurationSet: data.noticeConfigurationSet });
      if (spec.fieldKey) fn.bindFieldKey(data.fieldKey);
      this.functions[handlerId] = fn;
    }

    for (const spec of QUEUES) {
      this.functions[spec.consumer].addEventSource(
        new SqsEventSource(data.queues[spec.id], {
          batchSize: spec.batchSize,
          maxBatchingWindow: Duration.seconds(spec.batchingWindowSeconds),
          maxConcurrency: spec.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }

    // A dead-letter queue's consumer settles what died there (the manifest's deadLetterConsumer).
    for (const spec of QUEUES) {
      if (!spec.deadLetterConsumer) continue;
      this.functions[spec.deadLetterConsumer].addEventSource(
        new SqsEventSource(data.deadLetterQueues[spec.id], { batchSize: 10, maxConcurrency: 2, reportBatchItemFailures: true }),
      );
    }

    // The manifest's schedules. A failed run needs no DLQ: the event carries nothing, the work is
    // in the table, and the next run does it.
    for (const spec of SCHEDULES) {
      this.schedules[spec.id] = new events.Rule(this, `Schedule-${spec.id}`, {
        description: spec.description,
        schedule: events.Schedule.rate(Duration.minutes(spec.rateMinutes)),
        targets: [
          new targets.LambdaFunction(this.functions[spec.handler], {
            event: events.RuleTargetInput.fromObject(spec.input),
            retryAttempts: 2,
            maxEventAge: Duration.minutes(Math.max(1, spec.rateMinutes)),
          }),
        ],
      });
    }

    for (const spec of STREAM_CONSUMERS) {
      const fn = this.functions[spec.handler];
      const streamArn = data.table.tableStreamArn;
      if (!streamArn) throw new Error('the table has no stream');
      const failures = data.streamFailureQueues[spec.id];
      if (!failures) throw new Error(`no on-failure queue for stream consumer ${spec.id}`);
      // An EventSourceMapping rather than DynamoEventSource: the latter grants ListStreams on a
      // table/stream/* wildcard; SisFunction.bindTableStream grants the exact stream instead.
      fn.bindTableStream(data.table);
      new lambda.EventSourceMapping(this, `Stream-${spec.id}`, {
        target: fn,
        eventSourceArn: streamArn,
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: spec.batchSize,
        maxBatchingWindow: Duration.seconds(spec.batchingWindowSeconds),
        retryAttempts: spec.maxRetries,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // FilterCriteria.filter JSON-serialises the object as is, and the manifest's pattern is
        // already in Lambda's (EventBridge) filter syntax.
        filters: [lambda.FilterCriteria.filter(spec.filter)],
        onFailure: new SqsDlq(failures),
      });
    }

    this.apis = {
      staff: this.buildApi('staff', data.identity.staff, props),
      family: this.buildApi('family', data.identity.family, props),
    };

    this.observability = new SisObservability(this, 'Observability', {
      alarmTopic: data.alarmTopic,
      functions: this.functions,
      apiFunctions: [...new Set(ROUTES.map((route) => route.handler))],
      apis: (Object.entries(this.apis) as [ApiName, SisHttpApi][]).map(([name, { api }]) => ({ name, api })),
      streamRelay: this.functions[STREAM_CONSUMERS[0]!.handler],
      queues: data.queues,
      deadLetterQueues: {
        ...Object.fromEntries(Object.entries(data.deadLetterQueues).map(([id, queue]) => [`${id} DLQ`, queue])),
        ...Object.fromEntries(Object.entries(data.streamFailureQueues).map(([id, queue]) => [`${id} stream failures`, queue])),
      },
      table: data.table,
      dashboardName: `${this.stackName}-operations`,
    });

    if (props.frontDoor) {
      this.frontDoor = new FrontDoor(this, 'FrontDoor', {
        apis: { staff: this.apis.staff.api, family: this.apis.family.api },
        clientRateLimitPer5Minutes: props.frontDoor.clientRateLimitPer5Minutes,
      });
      for (const [name, distribution] of Object.entries(this.frontDoor.distributions)) {
        new CfnOutput(this, `${name.charAt(0).toUpperCase()}${name.slice(1)}FrontDoorUrl`, {
          value: `https://${distribution.distributionDomainName}`,
          description: `The ${name} API through CloudFront and the WAF`,
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.apis.staff.stage.url, description: 'Base URL of the staff HTTP API' });
    new CfnOutput(this, 'FamilyApiUrl', { value: this.apis.family.stage.url, description: 'Base URL of the family HTTP API' });
  }

  /** An HTTP API serving the manifest routes {@link apisOf} gives it, authorized by one user pool. */
  private buildApi(name: ApiName, identity: ApiIdentity, props: StatelessStackProps): SisHttpApi {
    const prefix = name === 'staff' ? '' : 'Family';
    const accessLogs = new logs.LogGroup(this, `${prefix}AccessLogs`, {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', identity.issuer, {
      // Cognito's access tokens carry client_id instead of aud; API Gateway accepts either in the audience.
      jwtAudience: [identity.clientId, ...(identity.machineClientIds ?? [])],
      identitySource: ['$request.header.Authorization'],
    });
    const api = new apigwv2.HttpApi(this, `${prefix}Api`, {
      description: `Student information system ${name} API (routes from functions/manifest.ts)`,
      createDefaultStage: false,
      // Secure by default: a route is public only when the manifest says so (access: null).
      defaultAuthorizer: authorizer,
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
    const stage = new apigwv2.HttpStage(this, `${prefix}DefaultStage`, {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });

    // One integration per function, shared by all its routes, with one API-wide invoke permission
    // (instead of a lambda:Permission per route).
    const integrations = new Map<HandlerId, HttpLambdaIntegration>();
    const integrationOf = (handlerId: HandlerId) => {
      let integration = integrations.get(handlerId);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${handlerId}Integration`, this.functions[handlerId], { scopePermissionToRoute: false });
        integrations.set(handlerId, integration);
      }
      return integration;
    };

    const routeKeys: string[] = [];
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const httpRoutes: apigwv2.HttpRoute[] = [];
    for (const route of ROUTES.filter((candidate) => apisOf(candidate).includes(name))) {
      const [httpRoute] = api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationOf(route.handler),
        ...(route.access === null ? { authorizer: new apigwv2.HttpNoneAuthorizer() } : {}),
        // No authorizationScopes on scoped routes: API Gateway's own 403 is not the imsx_StatusInfo the
        // OneRoster binding asks for, so the handler checks the scopes (decision 0107).
      });
      if (!httpRoute) continue;
      httpRoutes.push(httpRoute);
      routeKeys.push(routeKey(route));
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
    // Per-route limits (infra/stacks/capacity.ts): a flood on one route, /health above all, cannot drain the others' budget.
    const cfnStage = stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.routeSettings = routeSettings;
    for (const httpRoute of httpRoutes) stage.node.addDependency(httpRoute);
    return { api, stage, authorizer, accessLogs, routeKeys };
  }
}
