import * as z from 'zod';
import { behaviorDate, BehaviorRecordInput } from '../behavior/schemas';
import { CounselingRecordInput, StudentPlanInput } from '../counseling/schemas';
import { healthRecordDate, HealthRecordInput } from '../health/schemas';
import { keys } from '../keys';
import type { Resource } from '../policy';
import { IsoDate } from '../schemas/common';
import { define, id, type RecordKind, type RecordSource } from './record-kind';

/**
 * Health, counseling and special-education records (decision 0066): the contents are sealed
 * (field-level envelope encryption) into `sealed`; the item holds in clear only what lists and
 * access decisions need: the student, the school, the kind, a date, a review date, whether there
 * is an alert. History items, restores and stream records carry the same sealed contents.
 */
export const SealedFieldsSchema = z.strictObject({
  alg: z.literal('AES-256-GCM'),
  keyId: z.string(),
  keyVersion: z.string(),
  edk: z.string(),
  iv: z.string(),
  tag: z.string(),
  ct: z.string(),
});

export const StoredConfidentialSchema = z.strictObject({
  studentId: z.string(),
  schoolId: z.string(),
  kind: z.string(),
  date: IsoDate.optional(),
  reviewDue: IsoDate.optional(),
  hasAlert: z.boolean().optional(),
  /** Who recorded it (a staff id, or the caller's sub): for the kinds whose reporters read only their own (behavior). */
  reportedBy: z.string().optional(),
  sealed: SealedFieldsSchema,
});
export type StoredConfidential = z.infer<typeof StoredConfidentialSchema>;

export const CONFIDENTIAL_FAMILIES = ['health', 'counseling', 'plan', 'behavior'] as const;
export type ConfidentialFamilyId = (typeof CONFIDENTIAL_FAMILIES)[number];

/** The clear attributes of a record, from its contents. */
export type ClearAttributes = Pick<StoredConfidential, 'date' | 'reviewDue' | 'hasAlert'>;
type Contents = Record<string, unknown>;

/** One family of confidential records: its record kind, its input, and what each reader may see of it. */
export interface ConfidentialFamily {
  readonly id: ConfidentialFamilyId;
  readonly type: RecordKind<StoredConfidential>;
  readonly resource: Resource;
  readonly label: string;
  readonly input: z.ZodType<Contents & { kind: string }>;
  clear(contents: Contents): ClearAttributes;
  /** What a parent with educational rights reads; undefined: the record is not theirs to read. */
  parentView(contents: Contents): Contents | undefined;
  /** The record keeps who recorded it in clear (`reportedBy`), for the policy's `reporter` relationship. */
  readonly keepsReporter?: boolean;
}

const without = (contents: Contents, ...names: string[]): Contents =>
  Object.fromEntries(Object.entries(contents).filter(([name]) => !names.includes(name)));

const confidentialType = (family: ConfidentialFamilyId, entity: string, label: string, resource: Resource, source: RecordSource) =>
  define({
    entity,
    label,
    resource,
    source,
    schema: StoredConfidentialSchema,
    idParams: ['studentId', 'recordId'],
    immutable: ['studentId', 'schoolId', 'kind'],
    key: (ids) => keys.confidentialRecord(family, id(ids, 'studentId'), id(ids, 'recordId')),
    indexKeys: (record, ids) =>
      family === 'plan' && record.reviewDue && record.kind !== 'graduation'
        ? keys.planReviewOfSchool(record.schoolId, record.reviewDue, record.studentId, id(ids, 'recordId'))
        : {},
    schoolIds: (record) => [record.schoolId],
  });

export const healthRecordType = confidentialType('health', 'healthRecord', 'Health Record', 'healthRecord', 'sis.health');
export const counselingRecordType = confidentialType(
  'counseling',
  'counselingRecord',
  'Counseling Record',
  'counselingRecord',
  'sis.counseling',
);
export const studentPlanType = confidentialType('plan', 'studentPlan', 'Student Plan', 'studentPlan', 'sis.counseling');
export const behaviorRecordType = confidentialType('behavior', 'behaviorRecord', 'Behavior Record', 'behaviorRecord', 'sis.counseling');

export const HEALTH: ConfidentialFamily = {
  id: 'health',
  type: healthRecordType,
  resource: 'healthRecord',
  label: 'health record',
  input: HealthRecordInput,
  clear: (contents) => {
    const record = contents as HealthRecordInput;
    return { date: healthRecordDate(record), ...(record.kind === 'condition' && record.alert ? { hasAlert: true } : {}) };
  },
  parentView: (contents) => without(contents, 'nurseNotes'),
};

export const COUNSELING: ConfidentialFamily = {
  id: 'counseling',
  type: counselingRecordType,
  resource: 'counselingRecord',
  label: 'counseling record',
  input: CounselingRecordInput,
  clear: (contents) => ({ date: (contents as CounselingRecordInput).date }),
  parentView: () => undefined,
};

export const PLANS: ConfidentialFamily = {
  id: 'plan',
  type: studentPlanType,
  resource: 'studentPlan',
  label: 'plan',
  input: StudentPlanInput,
  clear: (contents) => {
    const plan = contents as StudentPlanInput;
    return {
      ...(plan.kind === 'graduation' ? {} : { date: plan.startDate }),
      ...(plan.reviewDue ? { reviewDue: plan.reviewDue } : {}),
    };
  },
  parentView: (contents) => without(contents, 'counselorNotes'),
};

/**
 * Behavior incidents and discipline actions (decision 0153): the school's administrators and
 * counselors, and the staff member who reported it. A family reads the facts of their child's
 * part (date, place, behaviors, role; an action's kind and dates), never the reporter's account or
 * staff notes, which may name other students.
 */
export const BEHAVIOR: ConfidentialFamily = {
  id: 'behavior',
  type: behaviorRecordType,
  resource: 'behaviorRecord',
  label: 'behavior record',
  input: BehaviorRecordInput,
  keepsReporter: true,
  clear: (contents) => ({ date: behaviorDate(contents as BehaviorRecordInput) }),
  parentView: (contents) => without(contents, 'description', 'notes', 'decidedBy'),
};

export const FAMILY_OF: Readonly<Record<ConfidentialFamilyId, ConfidentialFamily>> = {
  health: HEALTH,
  counseling: COUNSELING,
  plan: PLANS,
  behavior: BEHAVIOR,
};

/** The additional authenticated data of a record's sealed contents: its kind, student and id. */
export const sealingContext = (type: RecordKind<StoredConfidential>, studentId: string, recordId: string) =>
  `${type.entity}|${studentId}|${recordId}`;
