/** What the health, counseling and special-education routes and the record of access answer (functions/routes/health-records.ts, counseling.ts, access-log.ts). */
import * as z from 'zod';
import { BEHAVIORS, DISCIPLINE_ACTIONS } from '../../domain/behavior/schemas';
import { INDICATORS } from '../../domain/early-warning/indicators';
import { SEVERITIES } from '../../domain/health/schemas';
import { PageQuery } from '../../domain/schemas/common';
import { RestoreBody, type LifecycleOp } from '../http/record-routes';
import { ConfidentialListQuery } from '../use-cases/confidential/read-confidential';
import { HEADERS, json, named, page } from './answers';
import type { ContractSpec } from './index';

const Bookkeeping = {
  version: z.number().int().positive(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  deletedAt: z.string().optional(),
  deletedBy: z.string().optional(),
};
const ClearFields = {
  id: z.string(),
  studentId: z.string(),
  schoolId: z.string(),
  kind: z.string(),
  date: z.string().optional(),
  reviewDue: z.string().optional(),
  hasAlert: z.boolean().optional(),
  reportedBy: z.string().optional(),
};

const ConfidentialSummary = named(
  'ConfidentialRecordSummary',
  z.strictObject({ ...ClearFields, ...Bookkeeping }),
  'A confidential record as a write answers it: its clear attributes and version, never its contents',
);
const ConfidentialView = named(
  'ConfidentialRecordView',
  z.looseObject({ ...ClearFields, ...Bookkeeping }),
  "A confidential record opened: its clear attributes, bookkeeping and contents (the kind's fields)",
);
const ConfidentialVersion = named(
  'ConfidentialRecordVersion',
  z.strictObject({
    version: z.number().int().positive(),
    action: z.string(),
    at: z.string(),
    actor: z.string(),
    reason: z.string().optional(),
    record: ConfidentialView,
  }),
  'One version of a confidential record, with who changed it, when and why',
);
const MergePatch = z.looseObject({}).describe('A JSON merge patch of the contents (the kind cannot change)');

export const HealthAlerts = named(
  'HealthAlerts',
  z.strictObject({
    studentId: z.string(),
    alerts: z.array(
      z.strictObject({
        recordId: z.string(),
        alert: z.string(),
        severity: z.enum(SEVERITIES),
        emergencyActionPlan: z.string().optional(),
      }),
    ),
  }),
  "A student's health alert flags: the flag, its severity and the action plan, nothing else of the record",
);
export const ImmunizationStatus = named(
  'ImmunizationStatusEntry',
  z.strictObject({
    studentId: z.string(),
    status: z.enum(['compliant', 'exempt', 'non-compliant']),
    ruleSet: z.string(),
    asOf: z.string(),
  }),
  "A student's immunization status against the district's rule set, as of the last change to their immunizations",
);
export const ChildHealth = named(
  'ChildHealthRecord',
  z.strictObject({ studentId: z.string(), records: z.array(z.looseObject({ id: z.string(), kind: z.string() })) }),
  "A child's health record as a parent reads it (without the nurse's own notes)",
);
export const Accommodations = named(
  'StudentAccommodations',
  z.strictObject({
    studentId: z.string(),
    plans: z.array(
      z.strictObject({
        recordId: z.string(),
        kind: z.string(),
        startDate: z.string(),
        endDate: z.string(),
        accommodations: z.array(z.string()),
      }),
    ),
  }),
  "The accommodations of a student's 504 plans and IEPs",
);
export const ChildPlans = named(
  'ChildPlans',
  z.strictObject({ studentId: z.string(), plans: z.array(z.looseObject({ id: z.string(), kind: z.string() })) }),
  "A child's plans and accommodations as a parent reads them (without the case manager's notes)",
);
export const PlanReview = named(
  'PlanReview',
  z.strictObject({ studentId: z.string(), recordId: z.string(), kind: z.string(), reviewDue: z.string() }),
  'A 504 plan or IEP due for review',
);
const countsBy = (codes: readonly string[]) => z.strictObject(Object.fromEntries(codes.map((code) => [code, z.number()])));
export const BehaviorCounts = named(
  'BehaviorCounts',
  z.strictObject({
    schoolId: z.string(),
    schoolYear: z.string(),
    incidents: z.number().describe("Students' parts in incidents (each participant's record counts once)"),
    offenders: z.number(),
    victims: z.number(),
    witnesses: z.number(),
    injuries: z.number(),
    daysInSchool: z.number().describe('School days of in-school suspension'),
    daysOutOfSchool: z.number().describe('School days of out-of-school suspension and expulsion'),
    behaviors: countsBy(BEHAVIORS).describe("Offenders' behaviors, by code"),
    actions: countsBy(DISCIPLINE_ACTIONS).describe('Discipline actions, by kind'),
  }),
  "A school's behavior counts of a school year, kept by the writes (no student named)",
);
export const ChildBehavior = named(
  'ChildBehavior',
  z.strictObject({ studentId: z.string(), records: z.array(z.looseObject({ id: z.string(), kind: z.string() })) }),
  "A child's behavior records as a parent reads them: the facts of the child's part and the actions, without the reporter's account or staff notes",
);
export const EarlyWarningList = named(
  'EarlyWarningList',
  z.strictObject({
    schoolId: z.string(),
    schoolYear: z.string(),
    thresholds: z.record(z.string(), z.number()).describe('The thresholds the tiers were computed with (decision 0154)'),
    studentsAssessed: z.number().int().describe('Students with any attendance, behavior or posted-mark counters this year'),
    tiers: z.strictObject({ intensive: z.number().int(), targeted: z.number().int(), onTrack: z.number().int() }),
    items: z.array(
      z.strictObject({
        studentId: z.string(),
        name: z.string().optional(),
        gradeLevel: z.string().optional(),
        tier: z.enum(['intensive', 'targeted']),
        indicators: z.array(z.enum(INDICATORS)),
        reasons: z.array(
          z.strictObject({
            indicator: z.enum(INDICATORS),
            code: z.string(),
            severe: z.boolean(),
            text: z.string(),
            links: z.array(z.string()).describe('The API paths of the records that make the reason'),
          }),
        ),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
  "A school's students flagged by the early-warning indicators (attendance, behavior, course performance), intensive tier first",
);
export const AccessLogEntry = named(
  'AccessLogEntry',
  z.strictObject({
    entryId: z.string(),
    studentId: z.string(),
    at: z.string(),
    actor: z.strictObject({ sub: z.string(), staffId: z.string().optional(), guardianId: z.string().optional() }),
    role: z.string(),
    what: z.strictObject({ family: z.string(), operation: z.string(), recordIds: z.array(z.string()) }),
    purpose: z.string(),
    disclosure: z.boolean(),
  }),
  "One read or disclosure of a student's health, counseling or special-education records (FERPA's record of access)",
);

/** One lifecycle route of a family of confidential records (functions/http/confidential-routes.ts). */
export function confidentialContract(input: z.ZodType, label: string, op: LifecycleOp): ContractSpec {
  switch (op) {
    case 'create':
      return {
        body: input,
        answers: { 201: json(ConfidentialSummary, `The new ${label} (without its contents)`, { ...HEADERS.location, ...HEADERS.etag }) },
      };
    case 'list':
      return {
        query: ConfidentialListQuery,
        answers: { 200: json(page(ConfidentialView), `A page of the student's ${label}s`) },
        problems: [400, 503],
      };
    case 'read':
      return { answers: { 200: json(ConfidentialView, `The ${label}`, HEADERS.etag) }, problems: [400, 503] };
    case 'update':
      return {
        body: MergePatch,
        ifMatch: 'required',
        answers: { 200: json(ConfidentialSummary, `The ${label} as changed (without its contents)`, HEADERS.etag) },
      };
    case 'delete':
      return { ifMatch: 'optional', answers: { 200: json(ConfidentialSummary, `The ${label}, marked deleted`, HEADERS.etag) } };
    case 'history':
      return {
        query: PageQuery,
        answers: { 200: json(page(ConfidentialVersion), `A page of the ${label}'s versions, newest first`) },
        problems: [400, 503],
      };
    case 'restore':
      return {
        body: RestoreBody,
        bodyRequired: false,
        ifMatch: 'optional',
        answers: { 200: json(ConfidentialSummary, `The ${label} as restored (a new version)`, HEADERS.etag) },
      };
  }
}
