import type { Template } from 'aws-cdk-lib/assertions';
import {
  ENV,
  FUNCTIONS,
  QUEUES,
  ROUTES,
  SCHEDULES,
  STREAM_CONSUMERS,
  isScopeAccess,
  routeKey,
  type HandlerId,
} from '../../functions/manifest';
import { TABLE } from '../../domain/table';
import { BACKLOG_METRICS_ENV } from '../../functions/platform/backlog-cloudwatch';
import { BUSINESS_METRICS } from '../../infra/constructs/observability';
import { assertReservationsFit, MODEL_DURATION_SECONDS, reservedConcurrency, routeThrottle } from '../../infra/stacks/capacity';
import { apisOf, type ApiName } from '../../infra/stacks/api-stack';
import { functionNameOf } from '../../infra/stacks/functions-stack';
import { STACK_RESOURCE_BUDGET } from '../../infra/stacks/sis-stacks';
import {
  actionsOf,
  exportedValue,
  getAtt,
  logicalIdOf,
  ref,
  resourceCounts,
  resourceOf,
  resourcesOf,
  statementsOfRole,
  synthSis,
  type CfnValue,
  type SynthesizedSis,
} from './support/synth';

let sis: SynthesizedSis;
beforeAll(() => {
  sis = synthSis();
});

const HANDLERS = Object.keys(FUNCTIONS) as HandlerId[];
const API_HANDLERS = [...new Set(ROUTES.map((route) => route.handler))];
const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

const functionOf = (handler: HandlerId) => resourceOf(sis.computeTemplate, logicalIdOf(sis.compute.functions[handler]));
const statementsOf = (handler: HandlerId) => statementsOfRole(sis.computeTemplate, logicalIdOf(sis.compute.functions[handler].role));
const environmentOf = (handler: HandlerId) =>
  (functionOf(handler).Properties.Environment as { Variables: Record<string, CfnValue> }).Variables;
/** The stateful-stack value behind an import of another stack. */
const imported = (value: CfnValue | undefined) => exportedValue(sis.statefulTemplate, value);
/** A value with every import replaced by what it imports. */
const resolveImports = (value: CfnValue): CfnValue => {
  if (Array.isArray(value)) return value.map(resolveImports);
  if (value && typeof value === 'object') {
    if ('Fn::ImportValue' in value) return imported(value);
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolveImports(inner)]));
  }
  return value;
};

describe('functions', () => {
  it.each(HANDLERS)('%s runs Node.js 22 on arm64 with active tracing, JSON logs under its own service name, and source maps', (handler) => {
    const props = functionOf(handler).Properties;
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(props.Handler).toBe('index.handler');
    expect(props.LoggingConfig).toEqual(expect.objectContaining({ LogFormat: 'JSON', LogGroup: expect.anything() }));
    expect(environmentOf(handler)).toEqual(
      expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: handler }),
    );
  });

  it.each(HANDLERS)("%s has the manifest's memory and timeout (512 MB / 10 s by default)", (handler) => {
    expect(functionOf(handler).Properties.MemorySize).toBe(FUNCTIONS[handler].memoryMb ?? 512);
    expect(functionOf(handler).Properties.Timeout).toBe(FUNCTIONS[handler].timeoutSeconds ?? 10);
  });

  it.each(HANDLERS)('%s logs to a log group with a retention period', (handler) => {
    const logGroupRef = (functionOf(handler).Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resourceOf(sis.computeTemplate, logGroupRef).Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  it.each(HANDLERS)('%s learns where its resources are exactly when it may use them', (handler) => {
    const spec = FUNCTIONS[handler];
    const environment = environmentOf(handler);
    expect(environment[ENV.table] !== undefined).toBe(spec.table !== 'none');
    if (spec.table !== 'none') expect(imported(environment[ENV.table])).toEqual(ref(logicalIdOf(sis.stateful.table)));
    expect(environment[ENV.bus] !== undefined).toBe(spec.publishes === true);
    for (const queue of QUEUES) expect(environment[ENV.queueUrl(queue.id)] !== undefined).toBe((spec.sendsTo ?? []).includes(queue.id));
  });
});

describe('least privilege', () => {
  it.each(HANDLERS)(
    '%s has its own role with no managed policies, no wildcard actions, and "*" only where IAM allows nothing narrower',
    (handler) => {
      const role = resourceOf(sis.computeTemplate, logicalIdOf(sis.compute.functions[handler].role));
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      const onAnything = statementsOf(handler).filter(
        (statement) => statement.Effect !== 'Deny' && JSON.stringify(statement.Resource).includes('*'),
      );
      // SMS to a phone number has no ARN: the notifiers' sns:Publish is on "*", fenced by a Deny on topics (below).
      // GetMetricData has no resource-level permissions: only the function that reports the backlog has it.
      const allowed = [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'dynamodb:ListStreams',
        ...(FUNCTIONS[handler].notifies ? ['sns:Publish'] : []),
        ...(FUNCTIONS[handler].reportsBacklog ? ['cloudwatch:GetMetricData'] : []),
      ];
      for (const action of actionsOf(onAnything)) expect(allowed).toContain(action);
      for (const action of actionsOf(statementsOf(handler))) expect(action).not.toContain('*');
    },
  );

  it.each(HANDLERS)('%s gets the table access the manifest gives it, and never Scan', (handler) => {
    const actions = actionsOf(statementsOf(handler));
    const access = FUNCTIONS[handler].table;
    expect(actions.has('dynamodb:GetItem')).toBe(access !== 'none');
    for (const write of TABLE_WRITES) expect(actions.has(write)).toBe(access === 'readWrite');
    expect(actions.has('dynamodb:Scan')).toBe(false);
  });

  // The functions whose writes span the table, each with its reason in the manifest (decision 0135):
  // a function added to this list is a decision, not a default.
  const TABLE_WIDE_WRITERS: HandlerId[] = [
    'schools',
    'students',
    'guardians',
    'staff',
    'enrollment',
    'scheduling',
    'attendance',
    'gradebook',
    // Grade passback writes the gradebook through its use cases, and the OneRoster rows beside it (decision 0140).
    'oneroster',
    'schedulingConsumer',
    'enrollmentConsumer',
    'enrollmentSweeper',
    'enrollmentDeadLetters',
    'schoolMoves',
    'auditConsumer',
    'notifier',
    'notificationSweep',
    'noticeFeedback',
  ];
  const WRITERS = HANDLERS.filter((handler) => FUNCTIONS[handler].table === 'readWrite');
  const writeStatementsOf = (handler: HandlerId) =>
    statementsOf(handler).filter((statement) => [statement.Action].flat().some((action) => TABLE_WRITES.includes(action)));

  it.each(WRITERS)(
    '%s writes the table only where its manifest entry says (dynamodb:LeadingKeys), or table-wide with a reason',
    (handler) => {
      const scope = FUNCTIONS[handler].writes;
      const [statement, ...more] = writeStatementsOf(handler);
      expect(more).toEqual([]);
      if (!scope || 'anywhere' in scope) {
        expect(TABLE_WIDE_WRITERS).toContain(handler);
        expect(scope && 'anywhere' in scope ? scope.anywhere : '').toMatch(/\w{4,}.{40,}/);
        expect(statement?.Condition).toBeUndefined();
      } else {
        expect(TABLE_WIDE_WRITERS).not.toContain(handler);
        expect(statement?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(scope.partitions)] } });
      }
    },
  );

  it("the parents function writes only guardians' own partitions and retry records; health and counseling only their own kind", () => {
    const patternsOf = (handler: HandlerId) =>
      writeStatementsOf(handler).flatMap((statement) => {
        const condition = statement.Condition as Record<string, Record<string, string[]>> | undefined;
        return condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['(table-wide)'];
      });
    expect(patternsOf('parents').sort()).toEqual(['GUARDIAN#*', 'GUARDIAN#*#INBOX', 'IDEMPOTENCY#*#*']);
    expect(patternsOf('healthRecords').sort()).toEqual(['IDEMPOTENCY#*#*', 'STUDENT#*#ACCESSLOG', 'STUDENT#*#HEALTH']);
    expect(patternsOf('counseling').sort()).toEqual([
      'IDEMPOTENCY#*#*',
      'SCHOOL#*#BEHAVIORCOUNTS',
      'STUDENT#*#ACCESSLOG',
      'STUDENT#*#BEHAVIOR',
      'STUDENT#*#COUNSELING',
      'STUDENT#*#PLAN',
    ]);
  });

  it('the health check can read the table but not write it', () => {
    const actions = actionsOf(statementsOf('health'));
    expect(actions).toContain('dynamodb:GetItem');
    for (const write of TABLE_WRITES) expect(actions).not.toContain(write);
    expect(actions).not.toContain('kms:Encrypt');
  });

  it('the health check is told the relay and every queue whose backlog it reports, and may read their metrics', () => {
    // The JSON is joined around the queues' names: each name stands as `<GetAtt logical id.attribute>` here.
    const joined = resolveImports(environmentOf('health')[BACKLOG_METRICS_ENV]!) as { 'Fn::Join': [string, CfnValue[]] };
    const text = joined['Fn::Join'][1]
      .map((part) => (typeof part === 'string' ? part : `<${(part as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.')}>`))
      .join('');
    const metrics = JSON.parse(text) as { relayFunctionName: string; queueNames: Record<string, string> };
    expect(metrics.relayFunctionName).toBe(functionNameOf('dev', STREAM_CONSUMERS[0]!.handler));
    expect(Object.keys(metrics.queueNames).sort()).toEqual(QUEUES.map((queue) => queue.id).sort());
    for (const name of Object.values(metrics.queueNames)) expect(name).toMatch(/^<\w+\.QueueName>$/);
    expect(HANDLERS.filter((handler) => actionsOf(statementsOf(handler)).has('cloudwatch:GetMetricData'))).toEqual(['health']);
  });

  it('the outbox relay can put events on the bus and read the stream, but has no table data access', () => {
    const statements = statementsOf('outboxRelay');
    const putEvents = statements.filter((statement) => [statement.Action].flat().includes('events:PutEvents'));
    expect(putEvents.map((statement) => imported(statement.Resource))).toEqual([getAtt(logicalIdOf(sis.stateful.bus), 'Arn')]);
    const actions = actionsOf(statements);
    for (const dataAction of ['dynamodb:GetItem', 'dynamodb:Query', ...TABLE_WRITES]) expect(actions).not.toContain(dataAction);
    const streamRead = statements.find((statement) => [statement.Action].flat().includes('dynamodb:GetRecords'));
    expect(imported(streamRead?.Resource)).toEqual(getAtt(logicalIdOf(sis.stateful.table), 'StreamArn'));
  });

  it.each(API_HANDLERS)('API function %s cannot publish events', (handler) => {
    expect(actionsOf(statementsOf(handler))).not.toContain('events:PutEvents');
  });

  it.each(HANDLERS.filter((handler) => FUNCTIONS[handler].table !== 'none'))(
    "%s's table grants name the table, its GSIs and its key, nothing broader",
    (handler) => {
      const tableArn = getAtt(logicalIdOf(sis.stateful.table), 'Arn');
      const withActions = (prefix: string) =>
        statementsOf(handler)
          .filter((statement) => [statement.Action].flat().some((action) => action.startsWith(prefix) && action !== 'dynamodb:ListStreams'))
          .flatMap((statement) => [statement.Resource].flat() as CfnValue[])
          .map((resource) => JSON.stringify(resolveImports(resource)));
      const expected = [tableArn, ...TABLE.globalIndexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]] }))];
      expect(new Set(withActions('dynamodb:'))).toEqual(new Set(expected.map((value) => JSON.stringify(value))));
      const keys = [sis.stateful.dataKey, ...(FUNCTIONS[handler].fieldKey ? [sis.stateful.fieldKey] : [])];
      expect(new Set(withActions('kms:'))).toEqual(new Set(keys.map((key) => JSON.stringify(getAtt(logicalIdOf(key), 'Arn')))));
    },
  );
});

describe('HTTP APIs', () => {
  const routesOf = (name: ApiName) =>
    Object.values(resourcesOf(sis.apiTemplates[name], 'AWS::ApiGatewayV2::Route')).filter(
      (route) => JSON.stringify(route.Properties.ApiId) === JSON.stringify(ref(logicalIdOf(sis.apis[name].api))),
    );
  const stageOf = (name: ApiName) => resourceOf(sis.apiTemplates[name], logicalIdOf(sis.apis[name].stage));

  it('serve every manifest route: staff routes and public ones on the staff API, parent routes on the family API', () => {
    const staff = routesOf('staff').map((route) => route.Properties.RouteKey as string);
    const family = routesOf('family').map((route) => route.Properties.RouteKey as string);
    expect(new Set([...staff, ...family])).toEqual(new Set(ROUTES.map(routeKey)));
    expect(new Set(staff).size).toBe(staff.length);
    expect(family).toEqual(expect.arrayContaining(['GET /v1/me/children', 'GET /v1/students/{studentId}']));
    expect(family).not.toContain('GET /health');
    expect(staff).not.toContain('GET /v1/me/children');
    expect(staff).toContain('GET /health');
  });

  it.each(ROUTES.flatMap((route) => apisOf(route).map((name) => [`${name} ${routeKey(route)}`, name, route] as const)))(
    '%s is integrated with its handler and authorized by its pool as the manifest says',
    (_label, name, route) => {
      const resource = routesOf(name).find((candidate) => candidate.Properties.RouteKey === routeKey(route))!;
      // No route asks API Gateway for scopes: the handler decides, so a OneRoster client missing one gets imsx_StatusInfo (decision 0107).
      expect(resource.Properties.AuthorizationScopes).toBeUndefined();
      if (route.access === null) {
        expect(resource.Properties.AuthorizationType).toBe('NONE');
        expect(resource.Properties.AuthorizerId).toBeUndefined();
      } else {
        expect(resource.Properties.AuthorizationType).toBe('JWT');
        // The OneRoster routes take the machine clients' tokens; every other route the app's (audiences exact).
        const authorizer = isScopeAccess(route.access) ? 'MachineClientJwt' : 'CognitoJwt';
        expect(resource.Properties.AuthorizerId).toEqual(ref(logicalIdOf(sis.apis[name].api.node.findChild(authorizer))));
      }
      const target = resource.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integration = resourceOf(sis.apiTemplates[name], target['Fn::Join'][1][1].Ref);
      // By name, not by reference (decision 0123): the ARN of the function the functions stack names so.
      const functionName = functionOf(route.handler).Properties.FunctionName;
      expect(functionName).toBe(functionNameOf('dev', route.handler));
      expect(JSON.stringify(integration.Properties.IntegrationUri)).toMatch(new RegExp(`:lambda:us-east-1:.*:function:${functionName}"`));
      expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    },
  );

  it("verify JWTs issued by their own pool for exactly its web client; only the OneRoster routes take the vendors' clients", () => {
    const pools = { staff: sis.stateful.identity.staffPool, family: sis.stateful.identity.familyPool };
    const clients = { staff: sis.stateful.identity.staffClient, family: sis.stateful.identity.familyClient };
    for (const name of ['staff', 'family'] as const) {
      const authorizer = resourceOf(sis.apiTemplates[name], logicalIdOf(sis.apis[name].api.node.findChild('CognitoJwt')));
      const jwt = authorizer.Properties.JwtConfiguration as { Audience: CfnValue[]; Issuer: { 'Fn::Join': [string, CfnValue[]] } };
      expect(authorizer.Properties.AuthorizerType).toBe('JWT');
      expect(jwt.Audience.map(imported)).toEqual([ref(logicalIdOf(clients[name]))]);
      const [prefix, poolId] = jwt.Issuer['Fn::Join'][1];
      expect(prefix).toBe('https://cognito-idp.us-east-1.amazonaws.com/');
      expect(imported(poolId)).toEqual(ref(logicalIdOf(pools[name])));
    }
    const machine = resourceOf(sis.apiTemplates.staff, logicalIdOf(sis.apis.staff.api.node.findChild('MachineClientJwt')));
    const machineJwt = machine.Properties.JwtConfiguration as { Audience: CfnValue[] };
    // Every OneRoster vendor's client, and nothing else (decision 0155; oneroster-vendors.checks.ts checks more settings).
    expect(machineJwt.Audience.map(imported)).toEqual(
      sis.stateful.identity.oneRoster.clients.map(({ client }) => ref(logicalIdOf(client))),
    );
    expect(sis.apis.family.machineAuthorizer).toBeUndefined();
  });

  it.each(['staff', 'family'] as const)('%s logs every request as JSON to a retained log group and throttles its stage', (name) => {
    const stage = stageOf(name);
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    const logs = stage.Properties.AccessLogSettings as { DestinationArn: CfnValue; Format: string };
    expect(logs.DestinationArn).toEqual(getAtt(logicalIdOf(sis.apis[name].accessLogs), 'Arn'));
    expect(JSON.parse(logs.Format)).toEqual(
      expect.objectContaining({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        ip: '$context.identity.sourceIp',
      }),
    );
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 2000, ThrottlingRateLimit: 1000 });
    expect(resourceOf(sis.apiTemplates[name], logicalIdOf(sis.apis[name].accessLogs))).toEqual(
      expect.objectContaining({ DeletionPolicy: 'Retain', Properties: expect.objectContaining({ RetentionInDays: 365 }) }),
    );
  });

  it.each(['staff', 'family'] as const)('%s gives every route its own throttle, within the stage limit', (name) => {
    const settings = stageOf(name).Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    expect(new Set(Object.keys(settings))).toEqual(new Set(sis.apis[name].routeKeys));
    for (const [key, limit] of Object.entries(settings)) {
      expect(limit).toEqual({ ...limit, ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
      expect(limit.ThrottlingRateLimit).toBeLessThanOrEqual(1000);
      // The burst is part of the function's budget (decision 0112): at least one request, never unbounded.
      expect(limit.ThrottlingBurstLimit).toBeGreaterThanOrEqual(1);
      expect(routeThrottle(ROUTES.find((route) => routeKey(route) === key)!)).toEqual({
        rateLimit: limit.ThrottlingRateLimit,
        burstLimit: limit.ThrottlingBurstLimit,
      });
    }
  });

  it('keeps the anonymous /health on a tight limit of its own, far below any other route', () => {
    const settings = stageOf('staff').Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    expect(settings['GET /health']).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 1 });
    // Other routes' limits come from their function's budget (decision 0112); a staff read route gets more than a probe.
    expect(settings['GET /v1/students/{studentId}']!.ThrottlingRateLimit).toBeGreaterThan(5);
  });

  it('allow the configured web-app origins, with the headers the API uses', () => {
    for (const name of ['staff', 'family'] as const) {
      const api = resourceOf(sis.apiTemplates[name], logicalIdOf(sis.apis[name].api));
      const cors = api.Properties.CorsConfiguration as Record<string, string[] | boolean | number>;
      expect(cors.AllowOrigins).toEqual(['http://localhost:3000', 'http://localhost:5173']);
      expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match']));
      expect(cors.ExposeHeaders).toEqual(expect.arrayContaining(['etag', 'location']));
      expect(cors.AllowCredentials).toBe(false);
    }
  });

  it.each(['staff', 'family'] as const)(
    '%s outputs its URL and keeps its execute-api endpoint without a host name of its own; no front door unless configured (edge.checks.ts)',
    (name) => {
      expect(Object.keys(sis.apiTemplates[name].toJSON().Outputs as object)).toContain('Url');
      expect(resourceOf(sis.apiTemplates[name], logicalIdOf(sis.apis[name].api)).Properties.DisableExecuteApiEndpoint).toBe(false);
      expect(sis.edge).toBeUndefined();
    },
  );
});

describe('stack sizes', () => {
  it(`keeps every stack of the default synth under ${STACK_RESOURCE_BUDGET} resources (production.checks.ts: the production synth)`, () => {
    const counts = resourceCounts(sis);
    expect(Object.keys(counts)).toHaveLength(5);
    expect(Object.entries(counts).filter(([, count]) => count > STACK_RESOURCE_BUDGET)).toEqual([]);
  });
});

describe('concurrency', () => {
  it.each(HANDLERS)('%s has reserved concurrency from the capacity model, never below its queue’s maximum concurrency', (handler) => {
    const reserved = functionOf(handler).Properties.ReservedConcurrentExecutions as number;
    expect(reserved).toBe(reservedConcurrency(handler));
    for (const queue of QUEUES.filter((spec) => spec.consumer === handler)) expect(reserved).toBeGreaterThanOrEqual(queue.maxConcurrency);
  });

  it.each(ROUTES.map((route) => [routeKey(route), route] as const))(
    '%s is throttled by API Gateway (429) before its function would be (500)',
    (_key, route) => {
      const seconds = route.method === 'GET' ? MODEL_DURATION_SECONDS.read : MODEL_DURATION_SECONDS.write;
      expect(routeThrottle(route).rateLimit * seconds).toBeLessThanOrEqual(reservedConcurrency(route.handler));
    },
  );

  it('reservations leave the 100 unreserved executions Lambda requires of a 1,000 account', () => {
    const total = HANDLERS.reduce((sum, handler) => sum + (functionOf(handler).Properties.ReservedConcurrentExecutions as number), 0);
    expect(total).toBe(sis.compute.reservedConcurrencyTotal);
    expect(total).toBeLessThanOrEqual(900);
    expect(() => assertReservationsFit(total + 99)).toThrow(/sis:accountConcurrency/);
  });
});

describe('alarms and dashboard', () => {
  const alarmsIn = (template: Template) => Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
  const alarms = () => [sis.computeTemplate, sis.apiTemplates.staff, sis.apiTemplates.family].flatMap(alarmsIn);
  const topicArn = () => imported((alarms()[0]!.Properties.AlarmActions as CfnValue[])[0]);
  const onFunction = (metricName: string, handler: HandlerId) =>
    alarmsIn(sis.computeTemplate).filter(
      (alarm) =>
        alarm.Properties.MetricName === metricName &&
        JSON.stringify(alarm.Properties.Dimensions) ===
          JSON.stringify([{ Name: 'FunctionName', Value: ref(logicalIdOf(sis.compute.functions[handler])) }]),
    );

  it('every alarm notifies the alarm topic of the stateful stack', () => {
    expect(topicArn()).toEqual(ref(logicalIdOf(sis.stateful.alarmTopic)));
    for (const alarm of alarms()) expect((alarm.Properties.AlarmActions as CfnValue[]).map(imported)).toEqual([topicArn()]);
  });

  it.each(HANDLERS)('%s alarms on errors and on throttles', (handler) => {
    expect(onFunction('Errors', handler)).toHaveLength(1);
    expect(onFunction('Throttles', handler)).toHaveLength(1);
  });

  it('alarms when the stream relay falls 10 minutes behind the table', () => {
    const [age] = onFunction('IteratorAge', STREAM_CONSUMERS[0]!.handler);
    expect(age?.Properties).toEqual(expect.objectContaining({ Statistic: 'Maximum', Threshold: 600_000 }));
  });

  it.each(['staff', 'family'] as const)('alarms on the %s API’s 5xx rate and p99 latency', (name) => {
    const apiRef = JSON.stringify(ref(logicalIdOf(sis.apis[name].api)));
    const mentioning = alarmsIn(sis.apiTemplates[name]).filter((alarm) => JSON.stringify(alarm.Properties).includes(apiRef));
    expect(
      mentioning.some(
        (alarm) => JSON.stringify(alarm.Properties.Metrics).includes('"5xx"') || JSON.stringify(alarm.Properties.Metrics).includes('5xx'),
      ),
    ).toBe(true);
    expect(mentioning.some((alarm) => alarm.Properties.MetricName === 'Latency' && alarm.Properties.ExtendedStatistic === 'p99')).toBe(
      true,
    );
  });

  it.each(['staff', 'family'] as const)('counts the %s API’s 429s from its access log and alarms when they persist', (name) => {
    const [filter] = Object.values(resourcesOf(sis.apiTemplates[name], 'AWS::Logs::MetricFilter'));
    expect(filter!.Properties).toEqual(
      expect.objectContaining({ LogGroupName: ref(logicalIdOf(sis.apis[name].accessLogs)), FilterPattern: '{ $.status = "429" }' }),
    );
    const { MetricNamespace, MetricName } = (
      filter!.Properties.MetricTransformations as { MetricNamespace: string; MetricName: string }[]
    )[0]!;
    const throttled = alarmsIn(sis.apiTemplates[name]).filter(
      (alarm) =>
        JSON.stringify(alarm.Properties).includes(`"${MetricName}"`) && JSON.stringify(alarm.Properties).includes(`"${MetricNamespace}"`),
    );
    expect(throttled).toHaveLength(1);
    expect(throttled[0]!.Properties).toEqual(expect.objectContaining({ Threshold: 10, EvaluationPeriods: 5, DatapointsToAlarm: 3 }));
    expect(MetricName).toBe(`dev-${name}-429`);
  });

  it('has a dashboard of requests, latency, errors, functions, queues, the stream, the table and the business figures', () => {
    const [dashboard] = Object.values(resourcesOf(sis.operationsTemplate, 'AWS::CloudWatch::Dashboard'));
    const joined = dashboard!.Properties.DashboardBody as { 'Fn::Join': [string, CfnValue[]] } | string;
    const body = typeof joined === 'string' ? joined : joined['Fn::Join'][1].filter((part) => typeof part === 'string').join('');
    for (const title of [
      'staff API: latency',
      'family API: errors',
      'Route groups: p50 / p99 duration',
      'Concurrent executions',
      'Throttles',
      'Dead-letter queue depth',
      'Oldest message age',
      'Stream iterator age',
      'Table: consumed capacity',
      'Table: throttles',
    ]) {
      expect(body).toContain(title);
    }
    for (const metric of BUSINESS_METRICS) expect(body).toContain(metric.metricName);
    for (const handler of HANDLERS) expect(body).toContain(`"label":"${handler}"`);
  });
});

describe('family notices', () => {
  const NOTIFIERS = HANDLERS.filter((handler) => FUNCTIONS[handler].notifies);

  it('only the notifier and its sweep may send email or SMS', () => {
    expect(NOTIFIERS.sort()).toEqual(['notificationSweep', 'notifier']);
    for (const handler of HANDLERS.filter((candidate) => !NOTIFIERS.includes(candidate))) {
      const actions = actionsOf(statementsOf(handler));
      expect(actions).not.toContain('ses:SendEmail');
      expect(actions).not.toContain('sns:Publish');
    }
  });

  it.each(NOTIFIERS)("%s sends email only from the district's SES identity and address, and knows the address", (handler) => {
    const statements = statementsOf(handler).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('ses:')));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toBe('ses:SendEmail');
    expect(JSON.stringify(statements[0]!.Resource)).toContain(':identity/district.example');
    expect(JSON.stringify(statements[0]!.Resource)).not.toContain('*');
    expect(statements[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'notices@district.example' } });
    expect(environmentOf(handler).NOTIFY_FROM_ADDRESS).toBe('notices@district.example');
  });

  it.each(NOTIFIERS)('%s may publish SMS to phone numbers but to no topic', (handler) => {
    const publish = statementsOf(handler).filter((statement) => [statement.Action].flat().includes('sns:Publish'));
    expect(publish).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Allow', Resource: '*' }),
        expect.objectContaining({ Effect: 'Deny', Resource: 'arn:aws:sns:*:*:*' }),
      ]),
    );
    expect(publish).toHaveLength(2);
  });

  it('a configuration set, when configured, is the only other SES resource granted', () => {
    const configured = synthSis({ config: { notify: { fromAddress: 'avisos@schools.example', configurationSet: 'family-notices' } } });
    const statements = statementsOfRole(configured.computeTemplate, logicalIdOf(configured.compute.functions.notifier.role)).filter(
      (statement) => [statement.Action].flat().includes('ses:SendEmail'),
    );
    const resources = JSON.stringify(statements[0]!.Resource);
    expect(resources).toContain(':identity/schools.example');
    expect(resources).toContain(':configuration-set/family-notices');
    expect(statements[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'avisos@schools.example' } });
  });
});

describe('field encryption (decision 0066)', () => {
  const KEEPERS = HANDLERS.filter((handler) => FUNCTIONS[handler].fieldKey);
  const fieldKeyArn = () => JSON.stringify(getAtt(logicalIdOf(sis.stateful.fieldKey), 'Arn'));

  it('only the health and counseling functions may use the field key', () => {
    expect(KEEPERS.sort()).toEqual(['counseling', 'healthRecords']);
    for (const handler of HANDLERS.filter((candidate) => !KEEPERS.includes(candidate))) {
      const resources = statementsOf(handler).flatMap((statement) => [statement.Resource].flat() as CfnValue[]);
      expect(resources.map((resource) => JSON.stringify(resolveImports(resource)))).not.toContain(fieldKeyArn());
      expect(environmentOf(handler).FIELD_KEY_ID).toBeUndefined();
    }
  });

  it.each(KEEPERS)(
    '%s may use the field key only for its own record kinds (and open data keys sealed before), and knows its id',
    (handler) => {
      const statements = statementsOf(handler).filter(
        (statement) => JSON.stringify(resolveImports(statement.Resource as CfnValue)) === fieldKeyArn(),
      );
      expect(statements.map((statement) => [statement.Action].flat().sort())).toEqual([
        ['kms:Decrypt', 'kms:GenerateDataKey'],
        ['kms:Decrypt'],
      ]);
      expect(statements[0]!.Condition).toEqual({
        StringEquals: {
          'kms:EncryptionContext:purpose': 'sis-field-encryption',
          'kms:EncryptionContext:kind': FUNCTIONS[handler].fieldKey!.kinds,
        },
      });
      expect(statements[1]!.Condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': 'sis-field-encryption' },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['purpose'] },
      });
      expect(JSON.stringify(resolveImports(environmentOf(handler).FIELD_KEY_ID!))).toBe(fieldKeyArn());
    },
  );

  it('the field key rotates yearly and outlives the stack', () => {
    const key = resourceOf(sis.statefulTemplate, logicalIdOf(sis.stateful.fieldKey));
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });
});

describe('event source mappings', () => {
  const mappings = () => Object.values(resourcesOf(sis.computeTemplate, 'AWS::Lambda::EventSourceMapping'));

  it.each(QUEUES.map((spec) => [spec.id, spec] as const))(
    'queue %s feeds its consumer in batches with partial failures and bounded concurrency',
    (_id, spec) => {
      const queueArn = getAtt(logicalIdOf(sis.stateful.queues[spec.id].queue), 'Arn');
      const mapping = mappings().find(
        (candidate) => JSON.stringify(imported(candidate.Properties.EventSourceArn)) === JSON.stringify(queueArn),
      );
      expect(mapping?.Properties).toEqual(
        expect.objectContaining({
          FunctionName: ref(logicalIdOf(sis.compute.functions[spec.consumer])),
          BatchSize: spec.batchSize,
          MaximumBatchingWindowInSeconds: spec.batchingWindowSeconds,
          ScalingConfig: { MaximumConcurrency: spec.maxConcurrency },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        }),
      );
    },
  );

  it.each(STREAM_CONSUMERS.map((spec) => [spec.id, spec] as const))(
    'stream consumer %s gets only outbox inserts, retries with bisection, then gives up to its DLQ',
    (_id, spec) => {
      const streamArn = getAtt(logicalIdOf(sis.stateful.table), 'StreamArn');
      const mapping = mappings().find(
        (candidate) => JSON.stringify(imported(candidate.Properties.EventSourceArn)) === JSON.stringify(streamArn),
      );
      const props = mapping!.Properties;
      expect(props).toEqual(
        expect.objectContaining({
          FunctionName: ref(logicalIdOf(sis.compute.functions[spec.handler])),
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: spec.batchSize,
          MaximumBatchingWindowInSeconds: spec.batchingWindowSeconds,
          MaximumRetryAttempts: spec.maxRetries,
          BisectBatchOnFunctionError: true,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        }),
      );
      const [filter] = (props.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
      const pattern = JSON.parse(filter!.Pattern);
      expect(pattern).toEqual(spec.filter);
      expect(pattern.dynamodb.NewImage.entity).toEqual({ S: ['outbox'] });
      const destination = (props.DestinationConfig as { OnFailure: { Destination: CfnValue } }).OnFailure.Destination;
      expect(imported(destination)).toEqual(getAtt(logicalIdOf(sis.stateful.streamFailureQueues[spec.id]!.queue), 'Arn'));
      // Lambda sends the failure record with the function's role.
      const send = statementsOf(spec.handler).find((statement) => [statement.Action].flat().includes('sqs:SendMessage'));
      expect(send?.Resource).toEqual(destination);
    },
  );
});

describe('dead-letter consumers and schedules', () => {
  const mappings = () => Object.values(resourcesOf(sis.computeTemplate, 'AWS::Lambda::EventSourceMapping'));

  it.each(QUEUES.filter((spec) => spec.deadLetterConsumer).map((spec) => [spec.id, spec] as const))(
    "queue %s's dead-letter queue feeds its dead-letter consumer",
    (_id, spec) => {
      const dlqArn = getAtt(logicalIdOf(sis.stateful.queues[spec.id].deadLetter.queue), 'Arn');
      const mapping = mappings().find(
        (candidate) => JSON.stringify(imported(candidate.Properties.EventSourceArn)) === JSON.stringify(dlqArn),
      );
      expect(mapping?.Properties).toEqual(
        expect.objectContaining({
          FunctionName: ref(logicalIdOf(sis.compute.functions[spec.deadLetterConsumer!])),
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        }),
      );
    },
  );

  it.each(SCHEDULES.map((spec) => [spec.id, spec] as const))(
    'schedule %s is a rule invoking its function at its rate with its input',
    (_id, spec) => {
      const rule = resourceOf(sis.computeTemplate, logicalIdOf(sis.compute.schedules[spec.id]!)).Properties;
      const [, amount, unit] = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(String(rule.ScheduleExpression))!;
      const unitMinutes = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 }[unit as 'minute'];
      expect(Number(amount) * unitMinutes).toBe(spec.rateMinutes);
      expect(rule.State).toBe('ENABLED');
      const [target] = rule.Targets as { Arn: CfnValue; Input: string; RetryPolicy?: CfnValue }[];
      expect(target!.Arn).toEqual(getAtt(logicalIdOf(sis.compute.functions[spec.handler]), 'Arn'));
      expect(JSON.parse(target!.Input)).toEqual(spec.input);
      // EventBridge may invoke the function.
      const permissions = Object.values(resourcesOf(sis.computeTemplate, 'AWS::Lambda::Permission')).filter(
        (permission) => permission.Properties.Principal === 'events.amazonaws.com',
      );
      expect(permissions.map((permission) => permission.Properties.FunctionName)).toContainEqual(
        getAtt(logicalIdOf(sis.compute.functions[spec.handler]), 'Arn'),
      );
    },
  );

  it('the enrollment sweeper runs at least every 5 minutes', () => {
    expect(SCHEDULES.find((spec) => spec.handler === 'enrollmentSweeper')?.rateMinutes).toBeLessThanOrEqual(5);
  });
});
