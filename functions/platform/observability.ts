// First: the X-Ray SDK starts without its promise-tracking namespace where nothing is traced (see the module).
import './xray-mode';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type middy from '@middy/core';

/**
 * Powertools for one function: structured JSON logs under the function's own service name,
 * business metrics as CloudWatch EMF, and X-Ray traces. The local runtime runs every function
 * in one process, so each function gets its own instances, named after its manifest id.
 */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Middy middlewares: Lambda context in every log line, a trace segment per invocation, metrics flushed per invocation. */
  readonly middlewares: () => middy.MiddlewareObj[];
}

/** The business figures the system reports (CloudWatch namespace `Sis`, dimension `service`). */
export const METRIC = {
  enrollmentRequestsAccepted: 'EnrollmentRequestsAccepted',
  enrollmentsCompleted: 'EnrollmentsCompleted',
  enrollmentRequestsRejected: 'EnrollmentRequestsRejected',
  enrollmentRequestsFailed: 'EnrollmentRequestsFailed',
  /** PENDING requests the sweeper queued again (their message was lost: a crash between storing and queueing). */
  enrollmentRequestsRequeued: 'EnrollmentRequestsRequeued',
  /** Requests marked FAILED by the dead-letter consumer (their message died with its function). */
  enrollmentRequestsDeadLettered: 'EnrollmentRequestsDeadLettered',
  schoolMovesApplied: 'SchoolMovesApplied',
  eventsRelayed: 'EventsRelayed',
  eventsFiled: 'EventsFiled',
  /** Notices written to guardians' inboxes, and messages sent by email or SMS (one per event, guardian and channel). */
  noticesWritten: 'NoticesWritten',
  notificationsSent: 'NotificationsSent',
  /** Held back by quiet hours or for a digest; sent by the notification sweep. */
  notificationsDeferred: 'NotificationsDeferred',
  notificationsSkipped: 'NotificationsSkipped',
  /** Deliveries paced to their channel's rate (or throttled by it): they wait for a slot, and are sent then. */
  notificationsPaced: 'NotificationsPaced',
  /** Deliveries not sent: the address bounced or complained, or the month's SMS spend limit is reached. */
  notificationsSuppressed: 'NotificationsSuppressed',
  /** Deliveries that failed for good (the sweep gave up, or the send was refused). */
  notificationsFailed: 'NotificationsFailed',
  /** SES's bounce and complaint events recorded. */
  emailBounces: 'EmailBounces',
  emailComplaints: 'EmailComplaints',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The logging a use case may need, without depending on Powertools. */
export type Log = Pick<Logger, 'error' | 'warn' | 'info'>;

/** One tracer per execution environment: it wraps the AWS SDK clients, which are shared. */
export const tracer = new Tracer();

const instances = new Map<string, Observability>();

export function observabilityFor(functionId: string): Observability {
  let found = instances.get(functionId);
  if (!found) {
    const logger = new Logger({ serviceName: functionId });
    const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Sis', serviceName: functionId });
    const flushMetrics: middy.MiddlewareObj = {
      // Only invocations that counted something publish: no empty EMF documents, no warnings.
      after: () => {
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      },
      onError: () => {
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      },
    };
    found = {
      logger,
      metrics,
      middlewares: () => [injectLambdaContext(logger, { resetKeys: true }), captureLambdaHandler(tracer), flushMetrics],
    };
    instances.set(functionId, found);
  }
  return found;
}

/** Counts one occurrence of a business event. */
export function count(observability: Observability, name: MetricName, value = 1): void {
  observability.metrics.addMetric(name, MetricUnit.Count, value);
}
