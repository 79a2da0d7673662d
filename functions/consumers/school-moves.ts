import middy from '@middy/core';
import { count, METRIC, observabilityFor } from '../platform/observability';
import { getServices } from '../services';
import { applySchoolMoves } from '../use-cases/enrollment/apply-school-moves';

const observability = observabilityFor('schoolMoves');

/** Scheduled: students whose new enrollment starts today (or started while the job was down) change school. */
export const handler = middy(async () => {
  const result = await applySchoolMoves(getServices());
  if (result.applied > 0) count(observability, METRIC.schoolMovesApplied, result.applied);
  observability.logger.info('school moves applied', { ...result });
  return result;
}).use(observability.middlewares());
