import { Invalid } from '../../../domain/errors';
import { completionFor, type MarkLetter } from '../../../domain/gradebook/marks';
import { markRefusalError, markTransition } from '../../../domain/gradebook/posting';
import { keys } from '../../../domain/keys';
import { courseType, termMarkType, type RecordData } from '../../../domain/records/record-types';
import type { StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';
import { writeOnce, type WriteContext, type Written } from '../write-context';
import { authorizedSection } from './section-gradebook';
import { commitInChunks, marksOfPeriod, periodOf, refused, type SectionRecord } from './mark-period';

export interface UnpostResult {
  readonly sectionId: string;
  readonly gradingPeriod: string;
  readonly final: boolean;
  /** Marks returned to draft. */
  readonly unposted: number;
  /** Course completions withdrawn (final marks only). */
  readonly completionsWithdrawn: number;
}

/**
 * A school or district administrator takes a posted grading period back to draft, with
 * X-Change-Reason (a mark posted too early, or with the wrong scale): each mark returns to draft
 * with the reason in its history, final marks withdraw the course completions they recorded, and
 * the period's lock goes last, so that until the whole change is written every mark still shows
 * as posted, and a retry after an interruption finishes the job. Families no longer see the marks
 * until they are posted again (which tells them again).
 */
export async function unpostMarks(
  services: Services,
  sectionId: string,
  gradingPeriod: string,
  context: WriteContext,
): Promise<Written<UnpostResult>> {
  const section = (await authorizedSection(services, sectionId, context.principal, 'update', 'reportCard')) as SectionRecord;
  const period = await periodOf(services, section, gradingPeriod);
  const [stored, course] = await Promise.all([
    marksOfPeriod(services, sectionId, gradingPeriod),
    services.records.get(courseType, { courseId: section.data.courseId }),
  ]);
  const courseCode = String(course?.data.code ?? '');
  const posted = stored.marks.filter((mark) => mark.data.status === 'posted');
  if (!stored.locked && posted.length === 0) {
    throw markRefusalError({ code: 'not-posted', message: `The marks of ${gradingPeriod} are not posted.` });
  }
  const decision = markTransition('posted', 'unpost', context.principal.roles, context.reason);
  if (!decision.allowed) {
    if (decision.refusal.code === 'reason-required') {
      throw new Invalid([{ field: 'X-Change-Reason', message: 'is required to un-post marks (it is kept in each mark’s history)' }]);
    }
    throw refused(decision);
  }

  const now = services.now();
  const at = now.toISOString();
  const actor = context.principal.sub;
  let completionsWithdrawn = 0;
  const groups: TransactionItem[][] = posted.map((before: StoredRecord) => {
    const data: RecordData = { ...before.data, status: 'draft' };
    const after: StoredRecord = { ...before, version: before.version + 1, data, updatedAt: at, updatedBy: actor };
    const group = services.records.changeItems({ type: termMarkType, action: 'Updated', before, after, actor, reason: context.reason });
    const recorded =
      period.final && completionFor({ letter: data.letter as MarkLetter, final: true }, { courseCode, schoolYear: '', termCode: '' });
    if (recorded) {
      group.push(withdrawCompletion(services, before.id, courseCode, section));
      completionsWithdrawn += 1;
    }
    return group;
  });
  const lockKey = keys.markPeriodLock(sectionId, gradingPeriod);
  const unlock: TransactionItem[] = stored.locked
    ? [
        {
          item: { Delete: { TableName: services.transactions.tableName, Key: lockKey, ConditionExpression: 'attribute_exists(pk)' } },
          onConditionFailed: () =>
            markRefusalError({ code: 'not-posted', message: `The marks of ${gradingPeriod} were un-posted meanwhile.` }),
        },
      ]
    : [];
  const result: UnpostResult = {
    sectionId,
    gradingPeriod,
    final: period.final,
    unposted: stored.locked ? stored.marks.length : posted.length,
    completionsWithdrawn,
  };
  return writeOnce(context, result, now, (idempotency) => commitInChunks(services, groups, [], unlock, idempotency));
}

function withdrawCompletion(services: Services, studentId: string, courseCode: string, section: SectionRecord): TransactionItem {
  return {
    item: {
      Delete: {
        TableName: services.transactions.tableName,
        Key: keys.courseCompletion(studentId, courseCode, section.data.schoolYear, section.data.termCode),
      },
    },
    onConditionFailed: () => new Error('a completion delete has no condition'),
  };
}
