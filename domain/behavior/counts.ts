import type { Counts } from '../counts';
import { BEHAVIORS, DISCIPLINE_ACTIONS, type BehaviorRecordInput } from './schemas';

export { countsDelta, type Counts } from '../counts';

/**
 * The counters a behavior record moves, kept in the write's own transaction (ADD of the change from
 * the version before to the version after), so the counts per school and year, and the early-warning
 * list's behavior indicator, are never recomputed by a batch and never drift from the records.
 *
 * Counter names are flat attribute names (`behavior:fighting`, `action:detention`): DynamoDB's ADD
 * cannot create a map and a key inside it in one update.
 */
/** What a school's counters of a year hold, by name: every behavior and action by code, beside the totals. */
export const SCHOOL_COUNTERS = [
  'incidents',
  'offenders',
  'victims',
  'witnesses',
  'injuries',
  'daysInSchool',
  'daysOutOfSchool',
  ...BEHAVIORS.map((behavior) => `behavior:${behavior}`),
  ...DISCIPLINE_ACTIONS.map((action) => `action:${action}`),
] as const;

/** What a student's counters of a year hold: the early-warning list's behavior indicator reads these (no codes). */
export const STUDENT_COUNTERS = ['incidents', 'asOffender', 'actions', 'exclusions', 'daysExcluded'] as const;

const ROLE_COUNTERS = { offender: 'offenders', victim: 'victims', witness: 'witnesses' } as const;

/** A school's counts of one record (undefined: a deleted record, which counts for nothing). */
export function schoolContribution(record: BehaviorRecordInput | undefined): Counts {
  if (!record) return {};
  if (record.kind === 'incident') {
    return {
      incidents: 1,
      [ROLE_COUNTERS[record.role]]: 1,
      ...(record.injury ? { injuries: 1 } : {}),
      // Behaviors are counted as the offenders' (a victim's record names what was done to them).
      ...(record.role === 'offender' ? Object.fromEntries(record.behaviors.map((behavior) => [`behavior:${behavior}`, 1])) : {}),
    };
  }
  const days = record.days ?? 0;
  return {
    [`action:${record.action}`]: 1,
    ...(record.action === 'in-school-suspension' ? { daysInSchool: days } : {}),
    ...(record.action === 'out-of-school-suspension' || record.action === 'expulsion' ? { daysOutOfSchool: days } : {}),
  };
}

/** A student's counts of one record. */
export function studentContribution(record: BehaviorRecordInput | undefined): Counts {
  if (!record) return {};
  if (record.kind === 'incident') return { incidents: 1, ...(record.role === 'offender' ? { asOffender: 1 } : {}) };
  const excluded =
    record.action === 'in-school-suspension' || record.action === 'out-of-school-suspension' || record.action === 'expulsion';
  return { actions: 1, ...(excluded ? { exclusions: 1, daysExcluded: record.days ?? 0 } : {}) };
}

/** The counters as a reader gets them: every name, 0 when nothing moved it. */
export function countsOf<const Names extends readonly string[]>(names: Names, item: Record<string, unknown> | undefined) {
  return Object.fromEntries(names.map((name) => [name, Number(item?.[name] ?? 0)])) as Record<Names[number], number>;
}
