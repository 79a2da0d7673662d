import { Invalid, NotFound } from '../../../domain/errors';
import { completionFor, type MarkLetter } from '../../../domain/gradebook/marks';
import { markRefusalError, type MarkDecision } from '../../../domain/gradebook/posting';
import { keys } from '../../../domain/keys';
import { schoolYearType, termMarkType } from '../../../domain/records/record-types';
import type { Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';

/** What posting and un-posting a section's marks share: the period, its marks and lock, the completions final marks record. */

export interface Period {
  readonly code: string;
  readonly name: string;
  readonly final: boolean;
  readonly startDate: string;
  readonly endDate: string;
}

export type SectionRecord = StoredRecord<Section>;

/** The grading period (or the term, for final marks) a section's marks are for, from its school year's calendar. */
export async function periodOf(services: Services, section: SectionRecord, code: string): Promise<Period> {
  const year = await services.records.get(schoolYearType, { schoolId: section.data.schoolId, schoolYear: section.data.schoolYear });
  const calendar = year?.data;
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
    services.records.queryAll(termMarkType, { partition: pk, sortKeyPrefix: skPrefix, consistent: true }),
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
): TransactionItem[] {
  const completion = completionFor({ letter, final: true }, { courseCode, schoolYear: section.schoolYear, termCode: section.termCode });
  return completion ? [services.schedules.completionRecorded(studentId, completion, at)] : [];
}

export const refused = (decision: MarkDecision): Error => {
  if (decision.allowed) return new Error('not refused');
  if (decision.refusal.code === 'reason-required') {
    return new Invalid([{ field: 'X-Change-Reason', message: 'is required to change a posted mark (it is kept in the history)' }]);
  }
  return markRefusalError(decision.refusal);
};
