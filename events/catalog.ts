import * as z from 'zod';
import { RECORD_TYPES, type RecordType } from '../domain/records/record-types';
import { EventCommonSchema, V1, V2, type CatalogEntry } from './event-common';
import { GRADEBOOK_EVENTS } from './gradebook-events';

export { ActorSchema, EventCommonSchema, eventCommon, type CatalogEntry } from './event-common';
export * from './gradebook-events';

/**
 * The event catalog: every domain event the system publishes, with its EventBridge source,
 * detail-type and a versioned zod schema of its detail. The stream relay refuses to publish
 * anything the catalog does not know, or a detail its schema rejects.
 */
export const RECORD_ACTIONS = ['Created', 'Updated', 'Deleted', 'Restored'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** Bookkeeping every stored record carries next to its data. */
export const RecordMetaSchema = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  deletedAt: z.string().optional(),
  deletedBy: z.string().optional(),
});

/**
 * Version 2 of a record event's detail: the ids, the record's version after the change, the NAMES
 * of the fields that changed and the schools concerned, never the values (decision 0080). A
 * consumer that needs a value reads the record by its ids (or its history at `recordVersion`).
 */
export function recordEventDetailSchema(type: RecordType) {
  return V2.extend({
    recordType: z.literal(type.entity),
    recordVersion: z.number().int().positive(),
  });
}
export type RecordEventDetail = z.infer<ReturnType<typeof recordEventDetailSchema>>;

/**
 * Version 1 of a record event's detail (until decision 0080): the whole record after the change.
 * Still read, so that archived events and outbox items written before the change parse; the relay
 * upgrades them to version 2 before they reach the bus.
 */
export function recordEventDetailSchemaV1(type: RecordType) {
  return V1.extend({
    recordType: z.literal(type.entity),
    record: type.schema.extend(RecordMetaSchema.shape),
  });
}

function upgradeRecordEvent(detail: Record<string, unknown>): Record<string, unknown> {
  const { record, ...rest } = detail as { record: { version: number } } & Record<string, unknown>;
  return { ...rest, eventVersion: 2, recordVersion: record.version };
}

export const detailTypeOf = (type: RecordType, action: RecordAction) => `${type.label} ${action}`;

const EnrollmentSchema = z.object({
  enrollmentId: z.string(),
  studentId: z.string(),
  schoolId: z.string(),
  schoolYear: z.string(),
  gradeLevel: z.string(),
  entryDate: z.string(),
  exitDate: z.string().optional(),
  exitReason: z.string().optional(),
});

/**
 * Version 2 of "Student Enrolled": the enrollment and the ids of the guardians linked, no names or
 * contact details (decision 0080); the notifier reads the student and the guardians by id.
 */
export const StudentEnrolledSchema = V2.extend({
  recordType: z.literal('enrollment'),
  requestId: z.string(),
  kind: z.enum(['new', 'transfer']),
  enrollment: EnrollmentSchema,
  guardianIds: z.array(z.string()),
  transferredFrom: z.object({ schoolId: z.string(), enrollmentId: z.string() }).optional(),
});
export type StudentEnrolled = z.infer<typeof StudentEnrolledSchema>;

/** Version 1 of "Student Enrolled" (until decision 0080): it carried the student's name and the guardians' contacts. */
export const StudentEnrolledSchemaV1 = V1.extend({
  recordType: z.literal('enrollment'),
  requestId: z.string(),
  kind: z.enum(['new', 'transfer']),
  enrollment: EnrollmentSchema,
  student: z.object({
    id: z.string(),
    districtStudentId: z.string(),
    legalName: z.object({ first: z.string(), last: z.string() }).passthrough(),
    preferredName: z.object({ first: z.string().optional(), last: z.string().optional() }).optional(),
    gradeLevel: z.string(),
    homeLanguage: z.string(),
  }),
  guardians: z.array(
    z.object({
      guardianId: z.string(),
      name: z.object({ first: z.string(), last: z.string() }).passthrough(),
      email: z.string().optional(),
      phone: z.string().optional(),
      preferredLanguage: z.string(),
      relationship: z.string(),
      mayContact: z.boolean(),
      educationalRights: z.boolean(),
    }),
  ),
  transferredFrom: z.object({ schoolId: z.string(), enrollmentId: z.string() }).optional(),
});

function upgradeStudentEnrolled(detail: Record<string, unknown>): Record<string, unknown> {
  const {
    student: _student,
    guardians,
    ...rest
  } = detail as { student: unknown; guardians: { guardianId: string }[] } & Record<string, unknown>;
  return { ...rest, eventVersion: 2, guardianIds: guardians.map((guardian) => guardian.guardianId) };
}

export const EnrollmentRejectedSchema = V1.extend({
  recordType: z.literal('enrollmentRequest'),
  requestId: z.string(),
  schoolId: z.string(),
  schoolYear: z.string(),
  gradeLevel: z.string(),
  requestedBy: z.string(),
  reasons: z.array(
    z.object({
      code: z.string(),
      message: z.string(),
      candidates: z.array(z.object({ studentId: z.string(), matchedOn: z.string() })).optional(),
    }),
  ),
});
export type EnrollmentRejected = z.infer<typeof EnrollmentRejectedSchema>;

export const StudentWithdrawnSchema = V1.extend({
  recordType: z.literal('enrollment'),
  enrollment: EnrollmentSchema.required({ exitDate: true, exitReason: true }),
});
export type StudentWithdrawn = z.infer<typeof StudentWithdrawnSchema>;

export const ENROLLMENT_SOURCE = 'sis.enrollment';
export const ENROLLMENT_EVENTS = {
  studentEnrolled: {
    source: ENROLLMENT_SOURCE,
    detailType: 'Student Enrolled',
    version: 2,
    schema: StudentEnrolledSchema,
    previous: { version: 1, schema: StudentEnrolledSchemaV1, upgrade: upgradeStudentEnrolled },
  },
  enrollmentRejected: { source: ENROLLMENT_SOURCE, detailType: 'Enrollment Rejected', version: 1, schema: EnrollmentRejectedSchema },
  studentWithdrawn: { source: ENROLLMENT_SOURCE, detailType: 'Student Withdrawn', version: 1, schema: StudentWithdrawnSchema },
} as const satisfies Record<string, CatalogEntry>;

/**
 * A class a student joined or left, by ids and codes (version 2, decision 0089): a course's title,
 * code or room can tell what the placement is (a special-education resource class, an English
 * learners' section), so they stay in the table; the notifier tells the family the counts.
 */
const ScheduledClassSchema = z.object({
  sectionId: z.string(),
  courseId: z.string(),
  sectionNumber: z.string(),
  periods: z.array(z.string()),
  teacherIds: z.array(z.string()),
});
const ScheduleChange = {
  recordType: z.literal('rosterEntry'),
  studentId: z.string(),
  schoolId: z.string(),
  schoolYear: z.string(),
  termCode: z.string(),
};

/** Version 2 of "Student Schedule Changed": the classes added to and dropped from a student's term schedule, by id. */
export const StudentScheduleChangedSchema = V2.extend({
  ...ScheduleChange,
  added: z.array(ScheduledClassSchema),
  dropped: z.array(ScheduledClassSchema),
});
export type StudentScheduleChanged = z.infer<typeof StudentScheduleChangedSchema>;
export type ScheduledClass = z.infer<typeof ScheduledClassSchema>;

/** Version 1 of "Student Schedule Changed" (until decision 0089): each class with its course's code and title and its room. */
const ScheduledClassSchemaV1 = ScheduledClassSchema.extend({
  courseCode: z.string(),
  courseTitle: z.string(),
  room: z.string().optional(),
});
export const StudentScheduleChangedSchemaV1 = V1.extend({
  ...ScheduleChange,
  added: z.array(ScheduledClassSchemaV1),
  dropped: z.array(ScheduledClassSchemaV1),
});

/** The classes keep their ids and codes; titles, course codes and rooms are dropped (the version-2 schema strips them). */
const upgradeScheduleChanged = (detail: Record<string, unknown>): Record<string, unknown> => ({ ...detail, eventVersion: 2 });

export const SCHEDULING_SOURCE = 'sis.scheduling';
export const SCHEDULING_EVENTS = {
  studentScheduleChanged: {
    source: SCHEDULING_SOURCE,
    detailType: 'Student Schedule Changed',
    version: 2,
    schema: StudentScheduleChangedSchema,
    previous: { version: 1, schema: StudentScheduleChangedSchemaV1, upgrade: upgradeScheduleChanged },
  },
} as const satisfies Record<string, CatalogEntry>;

/** Version 1 of an attendance notice: what a parent notification needs about one mark, and nothing more. */
export const AttendanceMarkSchema = V1.extend({
  recordType: z.literal('sectionAttendance'),
  studentId: z.string(),
  schoolId: z.string(),
  sectionId: z.string(),
  periods: z.array(z.string()),
  date: z.string(),
  category: z.enum(['present', 'tardy', 'absent']),
  excused: z.boolean().optional(),
  /** For a correction: the category the mark had before. */
  previousCategory: z.enum(['present', 'tardy', 'absent']).optional(),
});
export type AttendanceMark = z.infer<typeof AttendanceMarkSchema>;

export const ATTENDANCE_SOURCE = 'sis.attendance';
export const ATTENDANCE_EVENTS = {
  studentMarkedAbsent: { source: ATTENDANCE_SOURCE, detailType: 'Student Marked Absent', version: 1, schema: AttendanceMarkSchema },
  studentMarkedTardy: { source: ATTENDANCE_SOURCE, detailType: 'Student Marked Tardy', version: 1, schema: AttendanceMarkSchema },
  attendanceCorrected: { source: ATTENDANCE_SOURCE, detailType: 'Attendance Corrected', version: 1, schema: AttendanceMarkSchema },
} as const satisfies Record<string, CatalogEntry>;

/**
 * Version 1 of a confidential record's lifecycle event (health, counseling, plans): ids and the
 * kind only, never contents (decision 0066). Consumers that need more read it, and are logged.
 */
export const ConfidentialRecordEventSchema = EventCommonSchema.extend({
  recordType: z.enum(['healthRecord', 'counselingRecord', 'studentPlan', 'behaviorRecord']),
  kind: z.string(),
});
export type ConfidentialRecordEvent = z.infer<typeof ConfidentialRecordEventSchema>;

export const HEALTH_SOURCE = 'sis.health';
export const COUNSELING_SOURCE = 'sis.counseling';
const confidentialEvents = (source: string, label: string) =>
  RECORD_ACTIONS.map((action) => ({ source, detailType: `${label} ${action}`, version: 1, schema: ConfidentialRecordEventSchema }));
export const CONFIDENTIAL_EVENTS: readonly CatalogEntry[] = [
  ...confidentialEvents(HEALTH_SOURCE, 'Health Record'),
  ...confidentialEvents(COUNSELING_SOURCE, 'Counseling Record'),
  ...confidentialEvents(COUNSELING_SOURCE, 'Student Plan'),
  ...confidentialEvents(COUNSELING_SOURCE, 'Behavior Record'),
];

const RECORD_EVENTS: ReadonlyMap<string, CatalogEntry> = new Map(
  RECORD_TYPES.flatMap((type) => {
    const schema = recordEventDetailSchema(type);
    const previous = { version: 1, schema: recordEventDetailSchemaV1(type), upgrade: upgradeRecordEvent };
    return RECORD_ACTIONS.map((action) => [
      `${type.entity}|${action}`,
      { source: type.source, detailType: detailTypeOf(type, action), version: 2, schema, previous },
    ]);
  }),
);

/** The catalog entry of a record kind's lifecycle event ("Student Updated", …). */
export function recordEvent(type: RecordType, action: RecordAction): CatalogEntry {
  const entry = RECORD_EVENTS.get(`${type.entity}|${action}`);
  if (!entry) throw new Error(`no ${action} event for record type ${type.entity}`);
  return entry;
}

export const CATALOG: readonly CatalogEntry[] = [
  ...RECORD_EVENTS.values(),
  ...Object.values(ENROLLMENT_EVENTS),
  ...Object.values(SCHEDULING_EVENTS),
  ...Object.values(ATTENDANCE_EVENTS),
  ...Object.values(GRADEBOOK_EVENTS),
  ...CONFIDENTIAL_EVENTS,
];

export const SOURCES = [...new Set(CATALOG.map((entry) => entry.source))];

export function catalogEntry(source: string, detailType: string): CatalogEntry | undefined {
  return CATALOG.find((entry) => entry.source === source && entry.detailType === detailType);
}

/**
 * A stored detail as the current version of its entry: an earlier version is parsed with its own
 * schema and upgraded (so an outbox item written before a version change is published slimmed).
 */
export function currentDetail(entry: CatalogEntry, detail: unknown): Record<string, unknown> {
  const version = (detail as { eventVersion?: unknown } | null)?.eventVersion;
  if (entry.previous && version === entry.previous.version)
    return entry.schema.parse(entry.previous.upgrade(entry.previous.schema.parse(detail) as Record<string, unknown>)) as Record<
      string,
      unknown
    >;
  return entry.schema.parse(detail) as Record<string, unknown>;
}

/** An event as the outbox stores it and the bus receives it. */
export interface DomainEvent {
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
}
