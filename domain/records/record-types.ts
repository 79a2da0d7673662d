/**
 * The record kinds, one module per context (schools and calendars, people, scheduling,
 * attendance, gradebook; confidential records in confidential-types.ts), gathered here so that
 * every import stays `from '…/records/record-types'`.
 */
import { attendanceCodeType } from './attendance';
import { gradingScaleType, transferCreditType } from './gradebook';
import { advisorType, guardianLinkType, guardianType, staffType, studentType } from './people';
import type { RecordKind } from './record-kind';
import { courseRequestsType, courseType, sectionCoverType, sectionType } from './scheduling';
import { bellScheduleType, schoolType, schoolYearType } from './schools';

export * from './attendance';
export * from './gradebook';
export * from './people';
export * from './record-kind';
export * from './scheduling';
export * from './schools';

/** The kinds the generic record routes serve (create, read, patch, delete, history, restore). */
export const RECORD_TYPES: readonly RecordKind[] = [
  schoolType,
  schoolYearType,
  bellScheduleType,
  studentType,
  guardianType,
  guardianLinkType,
  staffType,
  courseType,
  sectionType,
  courseRequestsType,
  attendanceCodeType,
  gradingScaleType,
  transferCreditType,
  sectionCoverType,
  advisorType,
];
