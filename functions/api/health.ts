import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../domain/keys';
import { ENV } from '../manifest';
import { getDocumentClient } from '../platform/aws-clients';
import { requireEnv } from '../platform/config';
import { apiHandler, type RouteHandler } from '../http/api-handler';

/**
 * Reports whether the table answers a read; 503 when it does not, so load balancers and probes
 * can act. One GetItem (a data-plane call, not DescribeTable's control plane, whose low request
 * quota a probe must not spend), and an answer that names nothing: the route is public.
 */
export const checkHealth: RouteHandler = async () => {
  try {
    await getDocumentClient().send(
      new GetCommand({ TableName: requireEnv(ENV.table), Key: keys.healthProbe(), ProjectionExpression: 'pk' }),
    );
    return { statusCode: 200, body: { status: 'ok' } };
  } catch {
    return { statusCode: 503, body: { status: 'unavailable' } };
  }
};

export const handler = apiHandler('health', () => checkHealth);
