import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { route, served } from '../http/route';
import { ENV } from '../names';
import { getDocumentClient } from '../platform/aws-clients';
import { requireEnv } from '../platform/config';

/** Liveness, public: the one route of the `health` function. */
export const HEALTH_ROUTES = served('health', [
  route({
    method: 'GET',
    path: '/health',
    access: null,
    operationId: 'health',
    summary: 'Health check',
    contract: (c) => ({
      answers: { 200: c.json(c.HealthSchema, 'The table answers'), 503: c.json(c.HealthSchema, 'The table does not answer') },
    }),
    /**
     * Whether the table answers a read; 503 when it does not, so load balancers and probes can
     * act. One GetItem (a data-plane call, not DescribeTable's control plane, whose low request
     * quota a probe must not spend), and an answer that names nothing: the route is public.
     */
    run: async () => {
      try {
        await getDocumentClient().send(
          new GetCommand({ TableName: requireEnv(ENV.table), Key: keys.healthProbe(), ProjectionExpression: 'pk' }),
        );
        return { statusCode: 200, body: { status: 'ok' } };
      } catch {
        return { statusCode: 503, body: { status: 'unavailable' } };
      }
    },
  }),
]);
