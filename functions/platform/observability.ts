import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs with the request's correlation id (Powertools). */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'sis' });
