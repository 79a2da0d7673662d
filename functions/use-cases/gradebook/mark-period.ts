import { Conflict, Invalid, NotFound } from '../../../domain/errors';
import { completionFor, type MarkLetter } from '../../../domain/gradebook/marks';
import { markRefusalError, type MarkDecision } from '../../../domain/gradebook/posting';
import { keys } from '../../../domain/keys';
import { schoolYearType, type RecordData } from '../../../domain/records/record-types';
import type { SchoolYear } from '../../../domain/schemas/calendar';
import type { Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import { MAX_TRANSACTION_ITEMS, type TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';

/** What posting and un-posting a section's marks share: the period, its marks and lock, chunked commits. */

export interface Period {
  readonly code: string;
  readonly name: string;
  readonly final: boolean;
  readonly startDate: string;
  readonly endDate: string;
}

export type SectionRecord = StoredRecord & { readonly data: RecordData & Section };

/** The grading period (or the term, for final marks) a section's marks are for, from its school year's calendar. */
export async function periodOf(services: Services, section: SectionRecord, code: string): Promise<Period> {
  const year = await services.records.get(schoolYearType, { schoolId: section.data.schoolId, schoolYear: section.data.schoolYear });
  const calendar = year?.data as SchoolYear | undefined;
  const term = calendar?.terms.find((candidate) => candidate.code === section.data.termCode);
  if (term && term.code === code) return { code, name: term.name, final: true, startDate: term.startDate, endDate: term.endDate };
  const period = calendar?.gradingPeriods.find((candidate) => candidate.code === code && candidate.termCode === section.data.termCode);
  if (!period) {
    throw new NotFound(
      `No grading period ${code} in term ${section.data.termCode} of ${section.data.schoolYear}; use a grading period's code, or the term's for final marks.`,
    );
  }
  return { code, name: period.name, final: false, startDate: period.startDate, endDate: period.endDate };
}

export async function marksOfPeriod(services: Services, sectionId: string, gradingPeriod: string) {
  const { pk, skPrefix } = keys.marksOfSectionPeriod(sectionId, gradingPeriod);
  const lockKey = keys.markPeriodLock(sectionId, gradingPeriod);
  const [marks, lock] = await Promise.all([
    services.records.queryAll({ partition: pk, sortKeyPrefix: skPrefix, consistent: true }),
    services.records.rawQuery({ partition: lockKey.pk, sortKeyPrefix: lockKey.sk, limit: 1, consistent: true }),
  ]);
  return { marks, locked: lock.items.some((item) => item.sk === lockKey.sk) };
}

/** The course completion a posted final mark records (scheduling's prerequisites and no-retake checks read it). */
export function completionItem(
  services: Services,
  studentId: string,
  letter: MarkLetter,
  courseCode: string,
  section: Section,
  at: string,
) {
  const completion = completionFor({ letter, final: true }, { courseCode, schoolYear: section.schoolYear, termCode: section.termCode });
  if (!completion) return [];
  const item: TransactionItem = {
    item: {
      Put: {
        TableName: services.transactions.tableName,
        Item: {
          ...keys.courseCompletion(studentId, courseCode, section.schoolYear, section.termCode),
          entity: 'courseCompletion',
          ...completion,
          studentId,
          recordedAt: at,
        },
      },
    },
    onConditionFailed: () => new Conflict('course completion write failed'),
  };
  return [item];
}

export const refused = (decision: MarkDecision): Error => {
  if (decision.allowed) return new Error('not refused');
  if (decision.refusal.code === 'reason-required') {
    return new Invalid([{ field: 'X-Change-Reason', message: 'is required to change a posted mark (it is kept in the history)' }]);
  }
  return markRefusalError(decision.refusal);
};

/**
 * Packs groups of items into transactions of at most 100, never splitting a group: `head` goes in
 * every transaction (a condition check), `tail` in the last one (the period's lock), with the idempotency record.
 */
export async function commitInChunks(
  services: Services,
  groups: readonly TransactionItem[][],
  head: readonly TransactionItem[],
  tail: readonly TransactionItem[],
  idempotency: Parameters<Services['transactions']['transact']>[1],
) {
  const room = MAX_TRANSACTION_ITEMS - tail.length - 1;
  const chunks: TransactionItem[][] = [];
  let chunk: TransactionItem[] = [...head];
  for (const group of groups) {
    if (chunk.length + group.length > room && chunk.length > head.length) {
      chunks.push(chunk);
      chunk = [...head];
    }
    chunk.push(...group);
  }
  chunks.push(chunk);
  for (const [index, items] of chunks.entries()) {
    const last = index === chunks.length - 1;
    const all = last ? [...items, ...tail, ...services.transactions.idempotencyItems(idempotency)] : items;
    if (all.length > 0) await services.transactions.transact(all, last ? idempotency : undefined);
  }
}
