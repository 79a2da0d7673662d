import type { EnrollmentRequest, EnrollmentStatus, Rejection, Resolution } from '../../domain/enrollment/schemas';
import { keyAttributes } from '../../domain/table';

export const BY_SCHOOL_STATUS = keyAttributes('gsi1');
export const ENROLLED_AT_SCHOOL = keyAttributes('gsi2');
/** The district-wide index of unsettled requests (a request item's gsi2). */
export const UNSETTLED = keyAttributes('gsi2');
/** Statuses a request is listed in the district-wide unsettled index under. */
export const UNSETTLED_STATUSES: readonly EnrollmentStatus[] = ['PENDING', 'FAILED'];

/** An unsettled request as the district-wide index lists it. */
export interface UnsettledRequest {
  readonly id: string;
  readonly generation: number;
  readonly status: EnrollmentStatus;
  /** When it was last queued (`gsi2sk` without the id). */
  readonly queuedAt: string;
}

/** A student's school change waiting for its enrollment's entry date. */
export interface ScheduledSchoolMove {
  readonly studentId: string;
  readonly enrollmentId: string;
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly gradeLevel: string;
  readonly entryDate: string;
}

export interface StatusTransition {
  readonly status: EnrollmentStatus;
  readonly at: string;
  readonly by: string;
  readonly note?: string;
}

/** An enrollment request as stored: what was asked, where it stands, and how it got there. */
export interface EnrollmentRequestRecord {
  readonly id: string;
  readonly status: EnrollmentStatus;
  readonly request: EnrollmentRequest;
  readonly schoolId: string;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly studentId?: string;
  readonly enrollmentId?: string;
  readonly rejection?: { readonly reasons: readonly Rejection[] };
  /** `identityOrdinal`: for confirm-new, which identity claim the new student takes (see family-matching.ts). */
  readonly resolution?: Resolution & { readonly by: string; readonly at: string; readonly identityOrdinal?: number };
  readonly attempts?: number;
  readonly lastError?: string;
  /** Counts the request's resolutions; each one is processed afresh. */
  readonly generation: number;
  readonly transitions: readonly StatusTransition[];
}

/** A school enrollment: one student at one school for (part of) one school year. */
export interface EnrollmentRecord {
  readonly enrollmentId: string;
  readonly studentId: string;
  readonly schoolId: string;
  readonly schoolYear: string;
  readonly gradeLevel: string;
  readonly entryDate: string;
  readonly exitDate?: string;
  readonly exitReason?: string;
  readonly requestId?: string;
  readonly priorSchool?: Record<string, string>;
}

const REQUEST_FIELDS = [
  'id',
  'status',
  'request',
  'schoolId',
  'requestedBy',
  'createdAt',
  'updatedAt',
  'studentId',
  'enrollmentId',
  'rejection',
  'resolution',
  'attempts',
  'lastError',
  'generation',
  'transitions',
] as const;

export function toRequest(item: Record<string, unknown>): EnrollmentRequestRecord {
  return Object.fromEntries(
    REQUEST_FIELDS.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]),
  ) as unknown as EnrollmentRequestRecord;
}

export function toEnrollment(item: Record<string, unknown>): EnrollmentRecord {
  const rest = { ...item };
  for (const name of ['pk', 'sk', 'entity', ENROLLED_AT_SCHOOL.partitionKey, ENROLLED_AT_SCHOOL.sortKey]) delete rest[name];
  return rest as unknown as EnrollmentRecord;
}
