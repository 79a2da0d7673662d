import * as z from 'zod';
import { SchoolYearLabel } from '../../../domain/schemas/common';
import {
  countsDelta,
  countsOf,
  SCHOOL_COUNTERS,
  schoolContribution,
  studentContribution,
  type Counts,
} from '../../../domain/behavior/counts';
import { behaviorYear, BEHAVIORS, DISCIPLINE_ACTIONS, EXCLUSIONS, type BehaviorRecordInput } from '../../../domain/behavior/schemas';
import { keys } from '../../../domain/keys';
import type { Action } from '../../../domain/policy';
import type { Principal } from '../../../domain/principal';
import { BEHAVIOR } from '../../../domain/records/confidential-types';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { childView } from '../confidential/child-view';
import { contentsOf } from '../confidential/confidential-view';
import type { Reader } from '../confidential/record-access';
import type { ExtraWrites } from '../confidential/write-confidential';

export const BehaviorCountsQuery = z.object({
  schoolYear: SchoolYearLabel,
});

const isExclusion = (record: BehaviorRecordInput | undefined) => record?.kind === 'action' && EXCLUSIONS.includes(record.action);

const sum = (a: Counts, b: Counts, sign: 1 | -1): Counts =>
  Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((name) => [name, (a[name] ?? 0) + sign * (b[name] ?? 0)]));

/** Per school year, what the version before takes away and the version after adds (a date moved across years moves both). */
function byYear(
  before: BehaviorRecordInput | undefined,
  after: BehaviorRecordInput | undefined,
  contribution: (record: BehaviorRecordInput) => Counts,
): Map<string, Counts> {
  const years = new Map<string, Counts>();
  for (const [record, sign] of [[before, -1] as const, [after, 1] as const]) {
    if (!record) continue;
    const year = behaviorYear(record);
    years.set(year, sum(years.get(year) ?? {}, contribution(record), sign));
  }
  return new Map([...years].map(([year, counts]) => [year, countsDelta({}, counts)]));
}

/**
 * What a behavior record's write adds to its transaction (decision 0153): the change of the student's
 * and the school's counters of the record's school year, and for a new discipline action the item
 * the notifier tells the family from. A suspension or expulsion, recorded, changed, deleted or
 * restored, also needs the policy's `disciplineAction` grant (a school administrator).
 */
export const behaviorWrites: ExtraWrites = async (services, after, contents, { before, context }) => {
  const next = after.deletedAt ? undefined : (contents as BehaviorRecordInput | undefined);
  const previous = before && !before.deletedAt ? ((await contentsOf(services, BEHAVIOR, before)) as BehaviorRecordInput) : undefined;
  if (isExclusion(previous) || isExclusion(next)) {
    const action: Action = !before ? 'create' : after.deletedAt ? 'delete' : before.deletedAt ? 'restore' : 'update';
    await services.access.authorize(context.principal, action, 'disciplineAction', after.ids, after.data);
  }
  const { studentId, schoolId } = after.data;
  const at = after.updatedAt;
  const items: (TransactionItem | undefined)[] = [];
  for (const [year, delta] of byYear(previous, next, studentContribution))
    items.push(services.behavior.studentCountsAdded(studentId, schoolId, year, delta, at));
  for (const [year, delta] of byYear(previous, next, schoolContribution))
    items.push(services.behavior.schoolCountsAdded(schoolId, year, delta, at));
  if (!before && next?.kind === 'action') {
    const { action, startDate, endDate, days } = next;
    items.push(
      services.behavior.actionNotice(
        {
          studentId,
          recordId: after.id,
          schoolId,
          action,
          startDate,
          ...(endDate ? { endDate } : {}),
          ...(days !== undefined ? { days } : {}),
        },
        at,
      ),
    );
  }
  return items.filter((item): item is TransactionItem => item !== undefined);
};

/** A school's behavior counts of a school year (no student named): the counters the writes keep. */
export async function behaviorCounts(services: Services, schoolId: string, schoolYear: string, principal: Principal) {
  await services.access.authorize(principal, 'list', 'behaviorCounts', { schoolId });
  const [item] = await services.records.getItems([keys.behaviorCounts(schoolId, schoolYear)]);
  const counts = countsOf(SCHOOL_COUNTERS, item);
  return {
    schoolId,
    schoolYear,
    incidents: counts.incidents,
    offenders: counts.offenders,
    victims: counts.victims,
    witnesses: counts.witnesses,
    injuries: counts.injuries,
    daysInSchool: counts.daysInSchool,
    daysOutOfSchool: counts.daysOutOfSchool,
    behaviors: Object.fromEntries(BEHAVIORS.map((behavior) => [behavior, counts[`behavior:${behavior}`]])),
    actions: Object.fromEntries(DISCIPLINE_ACTIONS.map((action) => [action, counts[`action:${action}`]])),
  };
}

/** A parent's view of their child's behavior records: the facts of the child's part and the actions, logged (decision 0153). */
export async function childBehavior(services: Services, reader: Reader, studentId: string) {
  return { studentId, records: await childView(services, reader, studentId, BEHAVIOR) };
}
