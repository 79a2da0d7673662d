import * as z from 'zod';
import {
  ENROLLMENT_STATUSES,
  EnrollmentRequestSchema,
  REJECTION_CODES,
  ResolutionSchema,
  WITHDRAWAL_REASONS,
} from '../../domain/enrollment/schemas';
import { LISTINGS, type ListingId } from '../../domain/records/listings';
import { RECORD_TYPES, type RecordType } from '../../domain/records/record-types';
import { GradeLevel, IsoDate } from '../../domain/schemas/common';
import { ActorSchema, RECORD_ACTIONS, RecordMetaSchema } from '../../events/catalog';
import { json, named, page } from './answers';

/**
 * The shapes of what routes answer, in zod: the record views are built from each record kind's
 * own schema (domain/records/record-types.ts) and its bookkeeping (RecordMetaSchema); the rest
 * mirror what the use cases return.
 */

/** `School Year` → `SchoolYear`. */
export const schemaNameOf = (type: RecordType) => type.label.replace(/\s+/g, '');

const views = new Map<RecordType, z.ZodObject>();

/** A record as the API shows it: id, parent ids, its fields, then version and timestamps (functions/use-cases/records/record-view.ts). */
export function recordView(type: RecordType): z.ZodObject {
  let view = views.get(type);
  if (!view) {
    const parents = Object.fromEntries(type.idParams.slice(0, -1).map((name) => [name, z.string()]));
    view = named(schemaNameOf(type), type.schema.extend({ ...parents, ...RecordMetaSchema.shape }), `A ${type.label.toLowerCase()} record`);
    views.set(type, view);
  }
  return view;
}

/** The data a record kind is created with (its domain schema, as the handlers validate it). */
export function recordFields(type: RecordType): z.ZodObject {
  return named(`${schemaNameOf(type)}Fields`, type.schema, `The fields of a ${type.label.toLowerCase()}`);
}

/** A JSON Merge Patch (RFC 7396) of an object: every field optional, `null` removes it, nested objects patch likewise. */
function patchOf(schema: z.ZodType): z.ZodType {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodObject)) return inner;
  const shape = inner.shape as Record<string, z.ZodType>;
  return z.strictObject(Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, patchOf(field).nullable().optional()])));
}

const patches = new Map<RecordType, z.ZodType>();

export function recordPatch(type: RecordType): z.ZodType {
  let patch = patches.get(type);
  if (!patch) {
    patch = named(
      `${schemaNameOf(type)}Patch`,
      patchOf(type.schema),
      `A JSON Merge Patch of a ${type.label.toLowerCase()}: the merged record must be a valid ${schemaNameOf(type)}Fields`,
    );
    patches.set(type, patch);
  }
  return patch;
}

const versions = new Map<RecordType, z.ZodType>();

/** One entry of a record's history (functions/use-cases/records/record-history.ts). */
export function recordVersion(type: RecordType): z.ZodType {
  let version = versions.get(type);
  if (!version) {
    version = named(
      `${schemaNameOf(type)}Version`,
      z.strictObject({
        version: z.number().int().positive(),
        action: z.enum(RECORD_ACTIONS),
        at: z.string(),
        actor: z.string(),
        reason: z.string().optional(),
        record: recordView(type),
      }),
      `A version of a ${type.label.toLowerCase()}, with who changed it, when and why`,
    );
    versions.set(type, version);
  }
  return version;
}

/** What a listing shows of each record: the whole record, or a summary when the listing says so. */
export function listingItem(listingId: ListingId): z.ZodType {
  const listing = LISTINGS[listingId];
  const view = recordView(listing.type);
  if (!listing.summaryFields) return view;
  const fields = ['id', 'version', ...listing.summaryFields];
  return named(
    `${schemaNameOf(listing.type)}Summary`,
    view.pick(Object.fromEntries(fields.map((field) => [field, true])) as Record<string, true>),
    `What a search across the district shows of a ${listing.type.label.toLowerCase()}`,
  );
}

export const HealthSchema = named(
  'Health',
  // Names nothing (no table, no error class): the route is public.
  z.strictObject({
    /** `degraded`: the table answers, but the stream relay or a queue is behind (decision 0120). */
    status: z.enum(['ok', 'degraded', 'unavailable']),
    backlog: z
      .strictObject({
        relayLagSeconds: z.number().nonnegative(),
        queueOldestAgeSeconds: z.record(z.string(), z.number().nonnegative()),
        behind: z.array(z.string()),
      })
      .optional(),
  }),
);

export const InstructionalDaysSchema = named(
  'InstructionalDays',
  z.strictObject({ schoolId: z.string(), schoolYear: z.string(), count: z.number().int().nonnegative(), days: z.array(IsoDate) }),
);

export const ActivityEntrySchema = named(
  'ActivityEntry',
  z.strictObject({
    eventId: z.string(),
    occurredAt: z.string(),
    source: z.string(),
    detailType: z.string(),
    recordType: z.string(),
    ids: z.record(z.string(), z.string()),
    actor: ActorSchema.strict(),
    reason: z.string().optional(),
    changedFields: z.array(z.string()),
  }),
  "One line of a school's audit trail: who changed what, when, and why",
);

export const ActivityPageSchema = z.strictObject({
  schoolId: z.string(),
  date: IsoDate,
  items: z.array(ActivityEntrySchema),
  nextCursor: z.string().optional(),
});

export const IntakeReceiptSchema = named(
  'IntakeReceipt',
  z.strictObject({
    id: z.string(),
    status: z.literal('PENDING'),
    statusUrl: z.string().meta({ description: 'Where to follow the request' }),
    createdAt: z.string().optional(),
  }),
  'An accepted enrollment request: stored and queued',
);

const RejectionSchema = named(
  'Rejection',
  z.strictObject({
    code: z.enum(REJECTION_CODES),
    message: z.string(),
    candidates: z.array(z.strictObject({ studentId: z.string(), matchedOn: z.enum(['districtStudentId', 'nameAndBirthDate']) })).optional(),
  }),
);

const resolvedBy = { by: z.string(), at: z.string() };

export const EnrollmentRequestViewSchema = named(
  'EnrollmentRequestStatus',
  z.strictObject({
    id: z.string(),
    status: z.enum(ENROLLMENT_STATUSES),
    request: named('EnrollmentRequest', EnrollmentRequestSchema, 'An enrollment: a new student or a transfer'),
    schoolId: z.string(),
    requestedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    studentId: z.string().optional(),
    enrollmentId: z.string().optional(),
    rejection: z.strictObject({ reasons: z.array(RejectionSchema) }).optional(),
    resolution: z
      .discriminatedUnion('action', [
        ResolutionSchema.options[0].extend(resolvedBy),
        ResolutionSchema.options[1].extend({
          ...resolvedBy,
          identityOrdinal: z.number().int().positive().optional().meta({ description: 'Which identity claim a confirmed-new child takes' }),
        }),
      ])
      .optional(),
    attempts: z.number().int().nonnegative().optional(),
    lastError: z.string().optional(),
    generation: z.number().int().nonnegative(),
    transitions: z.array(
      z.strictObject({ status: z.enum(ENROLLMENT_STATUSES), at: z.string(), by: z.string(), note: z.string().optional() }),
    ),
    statusUrl: z.string(),
  }),
  'An enrollment request and where it stands',
);

export const EnrollmentRequestPageSchema = z.strictObject({
  schoolId: z.string(),
  status: z.enum(ENROLLMENT_STATUSES),
  items: z.array(EnrollmentRequestViewSchema),
  nextCursor: z.string().optional(),
});

export const EnrollmentSchema = named(
  'Enrollment',
  z.strictObject({
    enrollmentId: z.string(),
    studentId: z.string(),
    schoolId: z.string(),
    schoolYear: z.string(),
    gradeLevel: GradeLevel,
    entryDate: IsoDate,
    exitDate: IsoDate.optional(),
    exitReason: z.enum([...WITHDRAWAL_REASONS, 'transfer']).optional(),
    requestId: z.string().optional(),
    priorSchool: z.record(z.string(), z.string()).optional(),
  }),
  'A school enrollment: one student at one school for (part of) one school year',
);

/** A 202 of the enrollment routes: the request is stored and queued. */
export const accepted = (description: string) => json(IntakeReceiptSchema, description, { Location: 'The status URL of the request.' });

export const EnrollmentPageSchema = z.strictObject({
  studentId: z.string(),
  items: z.array(EnrollmentSchema),
  nextCursor: z.string().optional(),
});

/** The OpenAPI document itself, as far as a client relies on it. */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({}),
  paths: z.record(z.string(), z.unknown()),
});

// Every record kind's shapes get their names up front, so the document's components do not
// depend on which routes happen to use them first.
for (const type of RECORD_TYPES) {
  recordView(type);
  recordFields(type);
}

export { page };
