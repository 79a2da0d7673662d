import * as z from 'zod';
import { schoolYearOf } from '../oneroster/realize-schooling';
import { ClockTime, IsoDate, LongText, RecordId, ShortText } from '../schemas/common';

/**
 * Behavior and discipline (issue 23, decision 0153), after Ed-Fi's discipline domain: an incident
 * (DisciplineIncident: date, time, place, behaviors) as each student took part in it
 * (StudentDisciplineIncidentBehaviorAssociation: offender, victim or witness), and the actions
 * taken (DisciplineAction: detention, suspension days in and out of school, with dates). Each is a
 * record of the student it is about, sealed like a counseling note: a student's record names no
 * other student, so what a family reads of it never discloses another child (34 CFR 99.12).
 */
export const BEHAVIORS = [
  'fighting',
  'physical-aggression',
  'bullying',
  'harassment',
  'threat',
  'weapon',
  'drugs',
  'alcohol',
  'tobacco',
  'vandalism',
  'theft',
  'defiance',
  'disruption',
  'inappropriate-language',
  'truancy',
  'technology-misuse',
  'academic-dishonesty',
  'other',
] as const;
export const PLACES = [
  'classroom',
  'hallway',
  'cafeteria',
  'playground',
  'gym',
  'restroom',
  'office',
  'bus',
  'school-event',
  'off-campus',
  'online',
  'other',
] as const;
export const PARTICIPANT_ROLES = ['offender', 'victim', 'witness'] as const;
/** What a school does about an incident; suspensions and expulsions are for administrators (policy: disciplineAction). */
export const DISCIPLINE_ACTIONS = [
  'warning',
  'parent-conference',
  'restorative-conference',
  'detention',
  'in-school-suspension',
  'out-of-school-suspension',
  'expulsion',
  'other',
] as const;
export type DisciplineAction = (typeof DISCIPLINE_ACTIONS)[number];
/** Actions that remove a student from class: recorded in days, decided by a school administrator. */
export const EXCLUSIONS: readonly DisciplineAction[] = ['in-school-suspension', 'out-of-school-suspension', 'expulsion'];

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** A student's part in an incident. Participants of one incident share its `incidentId` (each has a record of their own). */
export const IncidentInput = z.strictObject({
  kind: z.literal('incident'),
  /** Links the records of one incident's participants; a new incident gets one when absent. */
  incidentId: RecordId.optional(),
  date: IsoDate,
  time: ClockTime.optional(),
  place: oneOf(PLACES),
  role: oneOf(PARTICIPANT_ROLES),
  behaviors: z.array(oneOf(BEHAVIORS)).min(1).max(10),
  /** What happened, as the reporter saw it: staff only (families read the facts above, not this). */
  description: z.string().trim().min(1).max(5000),
  injury: z.boolean().optional(),
});

/** What the school did about a student's part in an incident. */
export const ActionInput = z
  .strictObject({
    kind: z.literal('action'),
    action: oneOf(DISCIPLINE_ACTIONS),
    /** The student's incident record the action answers. */
    incidentRecordId: RecordId.optional(),
    startDate: IsoDate,
    endDate: IsoDate.optional(),
    /** School days the student is out of class (suspensions, expulsion); half days allowed. */
    days: z.number().multipleOf(0.5).min(0).max(180).optional(),
    /** Staff only. */
    notes: LongText.optional(),
    decidedBy: ShortText.optional(),
  })
  .refine((action) => action.endDate === undefined || action.endDate >= action.startDate, {
    path: ['endDate'],
    message: 'must not be before startDate',
  })
  .refine((action) => !EXCLUSIONS.includes(action.action) || (action.days ?? 0) > 0, {
    path: ['days'],
    message: 'is required for a suspension or expulsion (school days out of class, more than 0)',
  });

export const BehaviorRecordInput = z.discriminatedUnion('kind', [IncidentInput, ActionInput]);
export type BehaviorRecordInput = z.infer<typeof BehaviorRecordInput>;

/** The calendar date a record is filed under: an incident's date, an action's first day. */
export const behaviorDate = (record: BehaviorRecordInput): string => (record.kind === 'incident' ? record.date : record.startDate);

/** The school year a record counts in (July to June, as the district's years run). */
export const behaviorYear = (record: BehaviorRecordInput): string => schoolYearOf(behaviorDate(record));
