import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV } from './names';
import { getDocumentClient } from './platform/aws-clients';
import { requireEnv } from './platform/config';
import { getFieldCipher, type FieldCipher } from './platform/field-encryption';
import { AccessLogStore } from './repositories/access-log-store';
import { ActivityStore } from './repositories/activity-store';
import { AttendanceStore } from './repositories/attendance-store';
import { EnrollmentStore } from './repositories/enrollment-store';
import { GradebookStore } from './repositories/gradebook-store';
import { BehaviorStore } from './repositories/behavior-store';
import { HealthStore } from './repositories/health-store';
import { RolloverStore } from './repositories/rollover-store';
import { MasterScheduleStore } from './repositories/master-schedule-store';
import { NotificationStore } from './repositories/notification-store';
import { RecordStore } from './repositories/record-store';
import { ScheduleStore } from './repositories/schedule-store';
import { TransactionRunner } from './repositories/transaction-runner';
import { countWrites } from './repositories/write-generation';
import { AccessControl } from './use-cases/access';

/** The collaborators of the use cases, built once per execution environment. */
export interface Services {
  readonly transactions: TransactionRunner;
  /** Records of every kind, and the write primitive every change of a record goes through. */
  readonly records: RecordStore;
  readonly enrollments: EnrollmentStore;
  readonly schedules: ScheduleStore;
  /** Snapshots of a term's sections, and the automatic scheduler's runs. */
  readonly masterSchedule: MasterScheduleStore;
  /** Students' days and attendance counters. */
  readonly attendance: AttendanceStore;
  /** Low-grade notices and posted-marks locks. */
  readonly gradebook: GradebookStore;
  /** Immunization status items. */
  readonly health: HealthStore;
  readonly behavior: BehaviorStore;
  readonly rollovers: RolloverStore;
  readonly activity: ActivityStore;
  readonly notifications: NotificationStore;
  readonly access: AccessControl;
  /** FERPA's record of access (health, counseling, special education). */
  readonly accessLog: AccessLogStore;
  /** Seals and opens the contents of confidential records (its key is resolved at first use). */
  readonly fields: FieldCipher;
  readonly now: () => Date;
}

let services: Services | undefined;

/** The use cases' collaborators, from the function's configuration (TABLE_NAME). */
export function getServices(): Services {
  services ??= createServices(getDocumentClient(), requireEnv(ENV.table));
  return services;
}

/**
 * The use cases' collaborators over a given client and table (the ops tools build their own, and
 * the bulk tools pass a runner that merges concurrent transactions).
 */
export function createServices(
  client: DynamoDBDocumentClient,
  tableName: string,
  transactions = new TransactionRunner(client, tableName),
): Services {
  countWrites(client);
  const records = new RecordStore(client, tableName, transactions);
  const enrollments = new EnrollmentStore(client, tableName, transactions);
  const schedules = new ScheduleStore(client, tableName);
  return {
    transactions,
    records,
    enrollments,
    schedules,
    masterSchedule: new MasterScheduleStore(client, tableName),
    attendance: new AttendanceStore(tableName),
    gradebook: new GradebookStore(tableName),
    health: new HealthStore(tableName),
    behavior: new BehaviorStore(tableName),
    rollovers: new RolloverStore(client, tableName),
    activity: new ActivityStore(client, tableName, transactions),
    notifications: new NotificationStore(client, tableName, transactions),
    access: new AccessControl(records, enrollments, schedules),
    accessLog: new AccessLogStore(client, tableName),
    fields: getFieldCipher(),
    now: () => new Date(),
  };
}
