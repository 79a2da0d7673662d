import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { route, served } from '../http/route';
import { ENV } from '../names';
import { getDocumentClient } from '../platform/aws-clients';
import { behind, readBacklog } from '../platform/backlog';
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
      answers: {
        200: c.json(c.HealthSchema, 'The table answers; `degraded` when the stream relay or a queue is behind'),
        503: c.json(c.HealthSchema, 'The table does not answer'),
      },
    }),
    /**
     * Whether the table answers a read; 503 when it does not, so load balancers and probes can
     * act. One GetItem (a data-plane call, not DescribeTable's control plane, whose low request
     * quota a probe must not spend), and an answer that names no record: the route is public.
     * Where the runtime reports the backlog, the answer carries it, and says `degraded` (still
     * 200: the API serves) when the relay or a queue is past its threshold (functions/platform/backlog.ts).
     */
    run: async () => {
      try {
        await getDocumentClient().send(
          new GetCommand({ TableName: requireEnv(ENV.table), Key: keys.healthProbe(), ProjectionExpression: 'pk' }),
        );
      } catch {
        return { statusCode: 503, body: { status: 'unavailable' } };
      }
      const backlog = await readBacklog().catch(() => undefined);
      if (!backlog) return { statusCode: 200, body: { status: 'ok' } };
      const late = behind(backlog);
      return { statusCode: 200, body: { status: late.length > 0 ? 'degraded' : 'ok', backlog: { ...backlog, behind: late } } };
    },
  }),
]);
