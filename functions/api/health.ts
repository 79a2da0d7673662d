import { apiHandler } from '../http/api-handler';
import { HEALTH_ROUTES } from '../routes/health';
import { registerBacklogSource } from '../platform/backlog';
import { backlogMetricsFromEnvironment, cloudWatchBacklog } from '../platform/backlog-cloudwatch';

// In AWS the stack names the metrics to read; the local runtime registers its own source instead.
const metrics = backlogMetricsFromEnvironment();
if (metrics) registerBacklogSource(cloudWatchBacklog(metrics));

export const handler = apiHandler('health', HEALTH_ROUTES);
