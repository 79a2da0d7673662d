/**
 * The names the manifest (functions/manifest.ts) wires by, which Lambda code needs at run time:
 * function ids, queue ids and the environment variables through which a function learns where
 * its resources are. Kept apart from the manifest and free of imports, so that a function's
 * bundle carries these few strings and not the wiring of the whole system.
 */

/** A function of the system: an API route group's handler, or a consumer. */
export type HandlerId =
  | 'health'
  | 'schools'
  | 'students'
  | 'guardians'
  | 'staff'
  | 'enrollment'
  | 'scheduling'
  | 'parents'
  | 'attendance'
  | 'gradebook'
  | 'healthRecords'
  | 'counseling'
  | 'accessLog'
  | 'oneroster'
  | 'outboxRelay'
  | 'auditConsumer'
  | 'enrollmentConsumer'
  | 'enrollmentSweeper'
  | 'enrollmentDeadLetters'
  | 'schoolMoves'
  | 'schedulingConsumer'
  | 'notifier'
  | 'notificationSweep'
  | 'noticeFeedback'
  | 'oneRosterSecretRotation'
  | 'docs';

export type QueueId = 'audit' | 'enrollment' | 'scheduling' | 'notifications' | 'noticeFeedback';

/** Environment variable names through which functions learn where resources are. */
export const ENV = {
  table: 'TABLE_NAME',
  bus: 'EVENT_BUS_NAME',
  queueUrl: (id: QueueId) => `QUEUE_URL_${id.toUpperCase()}`,
} as const;
