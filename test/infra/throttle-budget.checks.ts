import { API_GATEWAY, LAMBDA_LIMITS } from '../../functions/platform/limits';
import { FUNCTIONS, ROUTES, routeKey, type HandlerId } from '../../functions/manifest';
import { MODEL_DURATION_SECONDS, ROUTE_BUDGETS, STREAM_SHARDS, TABLE_CAPACITY, relayConcurrencyNeeded } from '../../infra/stacks/capacity';
import { PRODUCTION } from './support/production';
import { synthSis, logicalIdOf, resourceOf } from './support/synth';

/**
 * The throttle budget as deployed: read from the synthesized stages and functions, so that what is
 * checked is what API Gateway and Lambda will enforce (decision 0112).
 */
describe('the throttle budget', () => {
  const sis = synthSis({ config: PRODUCTION });
  const stages = Object.values(sis.apiTemplates).flatMap((template) =>
    Object.values(
      (template.toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources,
    ).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage'),
  );
  const settings = stages.flatMap((stage) =>
    Object.entries(stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>).map(
      ([key, limits]) => ({ key, ...limits }),
    ),
  );
  const reservedOf = (handlerId: HandlerId) =>
    resourceOf(sis.computeTemplate, logicalIdOf(sis.compute.functions[handlerId])).Properties.ReservedConcurrentExecutions as number;

  test('every route of both APIs has its own limit', () => {
    expect(stages).toHaveLength(2);
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
